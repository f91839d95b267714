"""The trained derailment forecaster (`derail`): contract details, behaviour, reasons, eval."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from itertools import islice

import pytest

from conftest import SHARED_DATA, Cli
from derail_reference import Reference
from vigile.analysis.base import Forecast, Reason, ThreadForecaster
from vigile.analysis.derail.forecaster import FILES, DerailForecaster, load_model
from vigile.analysis.derail.lexicon import DIRECT2, HEDGE2, POLITE2, WORD
from vigile.analysis.derail.reasons import CODES
from vigile.analysis.derail.text import cga_style
from vigile.analysis.registry import load_forecaster
from vigile.domain.model import ThreadComment

needs_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="../shared/data is absent (fresh clone)"
)

POLITE = [
    "I think your point about rent control is interesting, thanks for laying it out.",
    "Thanks! I agree it's complicated. Maybe there is a middle ground on new buildings.",
    "That's fair, good point about new buildings. I see where you're coming from.",
]
HOSTILE = [
    "Your argument about rent control is wrong.",
    "No, YOU are wrong. You clearly didn't even read my post. Learn to read.",
    "You're a pathetic idiot and a liar. Nobody said that, stop lying you moron!!",
]


def thread(texts: list[str]) -> list[ThreadComment]:
    return [ThreadComment(text=t, id=f"c{i}") for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def forecaster() -> DerailForecaster:
    return DerailForecaster()


def test_registered_under_derail_and_implements_the_protocol() -> None:
    loaded = load_forecaster("derail")
    assert isinstance(loaded, ThreadForecaster)
    assert (loaded.name, loaded.version) == ("vigile-derail", "1")


def test_probabilities_in_range_and_deterministic(forecaster: DerailForecaster) -> None:
    threads = [thread(POLITE), thread(HOSTILE), thread(["😡"]), thread(["x" * 5000] * 20), []]
    first = forecaster.forecast(threads, [None] * len(threads))
    assert all(0.0 <= f.derailment <= 1.0 for f in first)
    assert all(f.derails == (f.derailment >= forecaster.threshold) for f in first[:-1])
    assert first[-1].derailment == 0.0 and not first[-1].derails
    assert DerailForecaster().forecast(threads, [None] * len(threads)) == first


def test_hostile_escalation_scores_above_a_polite_exchange(forecaster: DerailForecaster) -> None:
    polite, hostile = forecaster.forecast([thread(POLITE), thread(HOSTILE)], [None, None])
    assert hostile.derailment > polite.derailment + 0.3
    assert hostile.derails and not polite.derails


def test_reasons_are_few_known_codes_naming_comments(forecaster: DerailForecaster) -> None:
    (hostile,) = forecaster.forecast([thread(HOSTILE)], [None])
    assert 1 <= len(hostile.reasons) <= 3
    assert all(isinstance(r, Reason) and r.code in CODES for r in hostile.reasons)
    by_code = {r.code: r.values for r in hostile.reasons}
    assert by_code["hostile_comment"]["comment"] == "c2"
    assert 0.5 < float(by_code["hostile_comment"]["hostility"]) <= 1.0
    for values in by_code.values():
        assert all(isinstance(v, str | int | float) for v in values.values())


def test_french_threads_get_no_word_reasons(forecaster: DerailForecaster) -> None:
    french = thread(
        [
            "Votre nouveau vélo est super, j'en ai commandé deux le 21 et le 22.",
            "Super ? Franchement c'est n'importe quoi, vous racontez des salades.",
            "Mais t'es qui pour dire ça ? Tu sais même pas lire, t'es ridicule.",
        ]
    )
    (forecast,) = forecaster.forecast([french], [None])
    assert "heated_wording" not in {r.code for r in forecast.reasons}
    (english,) = forecaster.forecast([thread(HOSTILE)], [None])
    wording = [r.values["terms"] for r in english.reasons if r.code == "heated_wording"]
    assert all(re.search(r"[a-z]", term) for term in wording for term in term.split(", "))


def test_unnamed_comments_are_named_by_position(forecaster: DerailForecaster) -> None:
    (hostile,) = forecaster.forecast([[ThreadComment(text=t) for t in HOSTILE]], [None])
    refs = {r.values.get("comment") for r in hostile.reasons} - {None}
    assert refs and all(re.fullmatch(r"#[1-3]", str(ref)) for ref in refs)


def test_live_text_takes_the_shape_of_the_training_text() -> None:
    live = 'Hi @Bob!! You CLEARLY didn\'t read it... "naïve" (see https://x.org/a_b) > quote'
    shaped = (
        'hi @ bob!! you clearly didn\'t read it... " naive " '
        "( see https : / / x. org / a _ b ) & gt ; quote"
    )
    assert cga_style(live) == shaped
    assert cga_style(shaped) == shaped


@needs_data
def test_eval_threads_with_the_derail_forecaster(cli: Cli) -> None:
    data = SHARED_DATA / "threads/cga_cmv_valid.jsonl"
    result = cli("eval", "threads", "--data", data, "--forecaster", "derail")
    assert result.exit_code == 0, result.output
    assert "vigile-derail@1" in result.output and "n=1368" in result.output
    assert re.search(r"accuracy \d\.\d{3}", result.output)
    assert re.search(r"models loaded in \d+\.\d s before the clock", result.output)


def test_a_batch_of_empty_threads_forecasts_nothing(forecaster: DerailForecaster) -> None:
    assert forecaster.forecast([[], []], [None, None]) == [Forecast(0.0, False)] * 2


def test_the_model_is_loaded_once_however_its_folder_is_named() -> None:
    assert load_model() is load_model(FILES) is load_model(FILES / ".." / FILES.name)


def test_a_declared_language_decides_whether_words_are_cited(
    forecaster: DerailForecaster,
) -> None:
    english = [ThreadComment(text="Watch this group!")]
    detected, french, declared_en = forecaster.forecast(
        [english, [replace(english[0], lang="fr")], [replace(english[0], lang="en")]],
        [None] * 3,
    )
    assert "heated_wording" in {r.code for r in detected.reasons}
    assert "heated_wording" not in {r.code for r in french.reasons}
    assert declared_en == detected
    assert french.derailment == detected.derailment


def test_phrases_only_hold_lexicon_words() -> None:
    """The lexicon skips a phrase whose first word is absent: only sound for such phrases."""
    assert all(WORD.fullmatch(p.replace(" ", "")) for p in HEDGE2 + POLITE2 + DIRECT2)


MIXED = [
    POLITE,
    HOSTILE,
    ["😡"],
    ["first comment here", "!!!", "here again", "", "   ", "k"],
    ["I do think", "you are", "wrong", "you are wrong, you!"],  # bigrams across the joins
    ["> quoted text & more <b>", "See https://x.org/a_b?c=1 (edit: typo)", "日本語 ok 好"],
    ["Votre vélo est super.", "Mais t'es qui pour dire ça ? T'es ridicule.", "Watch this group!"],
    ["x " * 3000, "you " * 500 + "idiot", "I think, maybe, you're right. Thanks!"] * 4,
]


def assert_like_the_reference(forecaster: DerailForecaster, threads: list[list[ThreadComment]]):
    """The batched forecaster gives the plain reference's forecasts (same rounded risk, flag
    and reasons) and probabilities within 1e-9, for the whole batch at once."""
    reference = Reference(load_model())
    assert forecaster.forecast(threads, [None] * len(threads)) == [
        reference.forecast(t) for t in threads
    ]
    fast = load_model().explain_batch([[cga_style(c.text) for c in t] for t in threads])
    plain = [reference.explain([cga_style(c.text) for c in t]) for t in threads]
    assert all(abs(a.probability - b.probability) <= 1e-9 for a, b in zip(fast, plain, strict=True))


def test_batched_forecasts_equal_the_plain_reference(forecaster: DerailForecaster) -> None:
    threads = [thread(texts) for texts in MIXED]
    threads += [thread(MIXED[6][: i + 1]) for i in range(len(MIXED[6]))]  # sliding prefixes
    threads += [[replace(c, lang="en") for c in thread(MIXED[5])], []]
    assert_like_the_reference(forecaster, threads)


@needs_data
def test_batched_forecasts_equal_the_plain_reference_on_real_threads(
    forecaster: DerailForecaster,
) -> None:
    def rows(name: str, n: int) -> list[dict[str, object]]:
        with (SHARED_DATA / name).open(encoding="utf-8") as lines:
            return [json.loads(line) for line in islice(lines, n)]

    cga = [[c["text"] for c in r["comments"]] for r in rows("threads/cga_cmv_valid.jsonl", 200)]
    chat = [[c["text"] for c in r["comments"]] for r in rows("threads/toxichat_dev.jsonl", 12)]
    longest = max(cga, key=len)  # its windows of ten, as a stream forecasts them
    windows = [longest[max(0, k - 10) : k] for k in range(1, len(longest) + 1)]
    french = [r["text"] for r in rows("comments/xlmt_sentiment_fr_val.jsonl", 40)]
    threads = [thread(t) for t in cga[:24] + chat + windows]
    threads += [thread(french[i : i + 4]) for i in range(0, 40, 4)]
    assert len(threads) >= 40 and max(len(t) for t in threads) >= 10
    assert_like_the_reference(forecaster, threads)
