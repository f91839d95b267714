"""`vigile-comments 3`: the fine-tuned encoder behind the `CommentScorer` interface.

Values, each in [0, 1], binary heads calibrated so that 0.5 is the threshold chosen on
tune (toxicity per language): `toxicity`, `negativity` (P(negative), with the positive
mass of a sarcastic comment counted as negative), `complaint` (an unhappy customer who
deserves an answer), `spam` (self-promotion, scams), `ironic`, `pii` (1 when the comment
shows an e-mail, phone, order/account number or postal address: move to private
messages) and `drift` when the post is known (1 - cosine of the encoder's vectors).
Labels `lang`, `sentiment`; flags `toxic`, `complaint`, `spam`, `ironic`, `pii`, `evasion`.

Kept from vigile-comments 2, measured (docs/models.md): the floor under `toxicity` for
listed insults and threats outside quotes, negation and reported speech, and the second
reading of evasive spellings ("c o n n a r d"), the higher toxicity of the two kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.base import TOXIC_AT, CommentScores, calibrate
from vigile.analysis.comment_model.insults import INSULT_FLOOR, insults
from vigile.analysis.comment_model.text import marked_tokens
from vigile.analysis.encoder.model import EncoderModel, EncoderOutput
from vigile.analysis.language import comment_languages
from vigile.analysis.normalise import might_be_evasive, normalise
from vigile.analysis.pii import public_pii
from vigile.domain.model import CommentInput

SENTIMENTS = ("negative", "neutral", "positive")


@cache
def packaged_encoder() -> EncoderModel:
    """The model shipped in `files/`, read once per process."""
    files = resources.files("vigile.analysis.encoder").joinpath("files")
    with resources.as_file(files) as folder:
        return EncoderModel(folder)


@lru_cache(maxsize=4096)
def _post_vector(text: str) -> NDArray[np.float32]:
    """Posts repeat across their comments: their vector is computed once."""
    vector: NDArray[np.float32] = packaged_encoder().run([text]).vectors[0]
    return vector


class EncoderScorer:
    """multilingual-e5-small (6 layers, pruned vocabulary) fine-tuned on every source."""

    name = "vigile-comments"
    version = "3.0"

    def score(self, comments: Sequence[CommentInput]) -> list[CommentScores]:
        if not comments:
            return []
        model = packaged_encoder()
        out = model.run([c.text for c in comments])
        langs = comment_languages(comments)
        evaded = _evasion_toxicity(model, comments, langs)
        return [
            self._one(model, out, i, comment=c, lang=langs[i], evaded=evaded.get(i))
            for i, c in enumerate(comments)
        ]

    def _one(
        self,
        model: EncoderModel,
        out: EncoderOutput,
        i: int,
        *,
        comment: CommentInput,
        lang: str,
        evaded: float | None,
    ) -> CommentScores:
        plain = _toxicity(model, float(out.column("toxic")[i]), comment.text, lang)
        toxicity = max(plain, evaded or 0.0)
        ironic = calibrate(float(out.column("ironic")[i]), model.threshold("ironic"))
        sentiment = _sentiment(out.probs[i], ironic)
        values = {
            "toxicity": toxicity,
            "negativity": float(sentiment[0]),
            "complaint": calibrate(float(out.column("complaint")[i]), model.threshold("complaint")),
            "spam": calibrate(float(out.column("spam")[i]), model.threshold("spam")),
            "ironic": ironic,
            "pii": 1.0 if public_pii(comment.text) else 0.0,
        }
        if comment.post_text:
            post = _post_vector(comment.post_text)
            values["drift"] = float(np.clip(1.0 - float(out.vectors[i] @ post), 0.0, 1.0))
        toxic = toxicity >= TOXIC_AT
        return CommentScores(
            values={k: round(min(max(v, 0.0), 1.0), 4) for k, v in values.items()},
            labels={"lang": lang, "sentiment": SENTIMENTS[int(np.argmax(sentiment))]},
            flags={
                "toxic": toxic,
                "evasion": toxic and plain < TOXIC_AT,
                "complaint": values["complaint"] >= 0.5 and not toxic,
                "spam": values["spam"] >= 0.5,
                "ironic": ironic >= 0.5,
                "pii": values["pii"] >= 0.5,
            },
        )


def _sentiment(probs: NDArray[np.float32], ironic: float) -> NDArray[np.float64]:
    """P(negative, neutral, positive), the positive reading of a sarcastic comment moved
    to negative in proportion to how sure the irony head is ("Stellar job, guys.")."""
    neg, neu, pos = (float(probs[1]), float(probs[2]), float(probs[3]))
    moved = pos * ironic if ironic >= 0.5 else 0.0
    return np.array([neg + moved, neu, pos - moved])


def _toxicity(model: EncoderModel, p: float, text: str, lang: str) -> float:
    """The head's P(toxic) calibrated for `lang`, floored when a listed insult is used."""
    toxicity = calibrate(p, model.threshold("toxic", lang))
    return max(toxicity, INSULT_FLOOR) if insults(text, lang, marked_tokens(text)) else toxicity


def _evasion_toxicity(
    model: EncoderModel, comments: Sequence[CommentInput], langs: Sequence[str]
) -> dict[int, float]:
    """Toxicity of the normalised reading, for comments where normalising changes the text."""
    variants = {
        i: normalise(c.text)
        for i, c in enumerate(comments)
        if might_be_evasive(c.text) and normalise(c.text) != c.text
    }
    if not variants:
        return {}
    out = model.run(list(variants.values())).column("toxic")
    return {
        i: _toxicity(model, float(p), text, langs[i])
        for (i, text), p in zip(variants.items(), out, strict=True)
    }
