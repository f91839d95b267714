"""`vigile-derail`: the trained thread-derailment forecaster (CGA-CMV, logistic regression).

Forecasts, from the comments of a thread so far, the probability that the next reply
derails (on Reddit ChangeMyView: is removed by moderators). Held-out accuracy 0.656, FPR
0.328, ROC-AUC 0.709 (docs/model-derail.md). Most of the signal is in the newest one or two
replies: treat the score as "this exchange is heating up", not as a long-range forecast.

Live text is first put in the shape of the training data (`text.cga_style`: lower-cased,
accents stripped, punctuation split off by spaces as BERT's tokenizer does, `>` as `& gt ;`),
because the CGA conversations were lower-cased and tokenised that way and both the TF-IDF
vocabulary and the lexicon key on it. The post and the comment scorers' scores are not
used: the model carries its own per-comment hostility scorer.

Importing this module costs nothing; the 2 MB model loads on the first forecast (about
0.1-0.3 s) and is cached per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from vigile.analysis.base import Forecast
from vigile.analysis.derail.predictor import DerailModel, Explanation
from vigile.analysis.derail.reasons import reasons_for
from vigile.analysis.derail.text import cga_style
from vigile.analysis.language import SUPPORTED, detect
from vigile.domain.model import ThreadComment

FILES = Path(__file__).resolve().parent / "files"
_NOTHING = Forecast(derailment=0.0, derails=False)  # an empty thread has nothing to forecast


def load_model(folder: Path = FILES) -> DerailModel:
    """The model in `folder`, read once per process (however the folder is spelt)."""
    return _load(folder.resolve())


@cache
def _load(folder: Path) -> DerailModel:
    return DerailModel(folder)


class DerailForecaster:
    name = "vigile-derail"
    version = "1"

    def __init__(self, folder: Path = FILES) -> None:
        self.folder = folder

    @property
    def threshold(self) -> float:
        return load_model(self.folder).threshold

    def forecast(
        self, threads: Sequence[Sequence[ThreadComment]], posts: Sequence[str | None]
    ) -> list[Forecast]:
        """One forecast per thread; an empty thread has nothing to forecast (0, no alert)."""
        if not threads:
            return []
        model = load_model(self.folder)
        filled = [thread for thread in threads if thread]
        explanations = iter(model.explain_batch([[cga_style(c.text) for c in t] for t in filled]))
        return [
            self._one(model, thread, next(explanations)) if thread else _NOTHING
            for thread in threads
        ]

    def _one(
        self, model: DerailModel, thread: Sequence[ThreadComment], explanation: Explanation
    ) -> Forecast:
        refs = [c.id or f"#{i + 1}" for i, c in enumerate(thread)]
        newest = thread[-1]
        english = (newest.lang or _language(newest.text)).lower().startswith("en")
        return Forecast(
            derailment=round(explanation.probability, 4),
            derails=explanation.probability >= model.threshold,
            reasons=reasons_for(model, explanation, refs, wording=english),
        )


@lru_cache(maxsize=65_536)
def _language(text: str) -> str:
    """The newest comment's language (fr or en) when the caller does not give it: word
    reasons are given for English only."""
    return detect([text], candidates=SUPPORTED)[0]
