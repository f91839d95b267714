"""A transparent lexicon baseline: toxicity, negativity, drift and language, FR and EN.

It is the floor the trained models must beat, and what runs when they are absent.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from vigile.analysis.base import CommentScores
from vigile.analysis.language import detect
from vigile.analysis.normalise import words
from vigile.domain.model import CommentInput

_INSULTS = frozenset(
    [
        "idiot",
        "idiots",
        "imbecile",
        "imbeciles",
        "abruti",
        "abrutis",
        "connard",
        "connards",
        "connasse",
        "con",
        "cons",
        "cretin",
        "cretins",
        "debile",
        "debiles",
        "salope",
        "salaud",
        "salauds",
        "ordure",
        "ordures",
        "encule",
        "encules",
        "batard",
        "batards",
        "merde",
        "merdique",
        "pourri",
        "pourris",
        "minable",
        "minables",
        "nul",
        "nuls",
        "clown",
        "clowns",
        "guignol",
        "guignols",
        "tocard",
        "tocards",
        "boloss",
        "bouffon",
        "bouffons",
        "degage",
        "ferme",
        "crevez",
        "creve",
        "stupid",
        "idiot",
        "moron",
        "morons",
        "dumb",
        "dumbass",
        "loser",
        "losers",
        "trash",
        "garbage",
        "scum",
        "pathetic",
        "shut",
        "stfu",
        "fuck",
        "fucking",
        "fucked",
        "fuckers",
        "shit",
        "shitty",
        "bitch",
        "bastard",
        "bastards",
        "asshole",
        "assholes",
        "clown",
        "clowns",
        "jerk",
        "jerks",
        "retard",
        "retarded",
        "crap",
        "sucks",
        "liar",
        "liars",
        "disgusting",
    ]
)
_NEGATIVE = frozenset(
    [
        "decu",
        "decue",
        "decus",
        "decevant",
        "decevante",
        "probleme",
        "problemes",
        "panne",
        "retard",
        "retards",
        "attente",
        "toujours",
        "jamais",
        "rembourse",
        "remboursement",
        "arnaque",
        "honte",
        "honteux",
        "scandale",
        "inadmissible",
        "inacceptable",
        "mauvais",
        "mauvaise",
        "pire",
        "casse",
        "cassee",
        "defectueux",
        "colere",
        "marre",
        "nul",
        "lent",
        "lente",
        "perdu",
        "perdue",
        "annule",
        "annulee",
        "plainte",
        "mecontent",
        "mecontente",
        "triste",
        "dommage",
        "helas",
        "disappointed",
        "disappointing",
        "problem",
        "problems",
        "broken",
        "delay",
        "delayed",
        "late",
        "waiting",
        "never",
        "refund",
        "scam",
        "shame",
        "shameful",
        "unacceptable",
        "bad",
        "worse",
        "worst",
        "angry",
        "annoyed",
        "slow",
        "lost",
        "cancelled",
        "canceled",
        "complaint",
        "unhappy",
        "sad",
        "terrible",
        "awful",
        "horrible",
        "poor",
        "useless",
        "fail",
        "failed",
        "failure",
        "ridiculous",
    ]
)
_POSITIVE = frozenset(
    [
        "merci",
        "bravo",
        "super",
        "genial",
        "excellent",
        "parfait",
        "top",
        "adore",
        "aime",
        "magnifique",
        "beau",
        "belle",
        "content",
        "contente",
        "ravi",
        "ravie",
        "felicitations",
        "cool",
        "love",
        "great",
        "thanks",
        "thank",
        "awesome",
        "amazing",
        "perfect",
        "beautiful",
        "happy",
        "glad",
        "congrats",
        "congratulations",
        "nice",
        "wonderful",
        "best",
    ]
)
_STOPWORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "de",
        "du",
        "et",
        "ou",
        "a",
        "au",
        "aux",
        "en",
        "dans",
        "pour",
        "par",
        "sur",
        "avec",
        "ce",
        "cet",
        "cette",
        "ces",
        "je",
        "tu",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "ils",
        "elles",
        "que",
        "qui",
        "quoi",
        "est",
        "sont",
        "pas",
        "ne",
        "plus",
        "se",
        "sa",
        "son",
        "ses",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "this",
        "that",
        "these",
        "those",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "not",
        "no",
        "but",
        "so",
        "at",
        "by",
        "from",
        "as",
        "my",
        "your",
        "our",
        "their",
        "me",
    ]
)


class BaselineScorer:
    """Counts lexicon hits after normalisation; drift is bag-of-words distance to the post."""

    name = "baseline-lexicon"
    version = "1"
    toxic_threshold = 0.5

    def score(self, comments: Sequence[CommentInput]) -> list[CommentScores]:
        langs = detect([c.text for c in comments])
        return [self._one(c, lang) for c, lang in zip(comments, langs, strict=True)]

    def _one(self, comment: CommentInput, lang: str) -> CommentScores:
        tokens = words(comment.text)
        toxicity = _saturate(sum(t in _INSULTS for t in tokens), scale=1.2)
        negative_hits = sum(t in _NEGATIVE for t in tokens) + 0.5 * sum(
            t in _INSULTS for t in tokens
        )
        positive_hits = sum(t in _POSITIVE for t in tokens)
        negativity = _saturate(negative_hits, scale=1.5) * (1.0 - 0.5 * _saturate(positive_hits))
        values = {"toxicity": toxicity, "negativity": negativity}
        if comment.post_text:
            values["drift"] = 1.0 - _cosine(_bag(tokens), _bag(words(comment.post_text)))
        sentiment = _sentiment(negativity, _saturate(positive_hits, scale=1.5))
        return CommentScores(
            values={k: round(v, 4) for k, v in values.items()},
            labels={"lang": comment.lang or lang, "sentiment": sentiment},
            flags={"toxic": toxicity >= self.toxic_threshold},
        )


def _saturate(hits: float, *, scale: float = 1.0) -> float:
    return 1.0 - math.exp(-hits / scale) if hits > 0 else 0.0


def _sentiment(negativity: float, positivity: float) -> str:
    if negativity >= 0.4 and negativity >= positivity:
        return "negative"
    if positivity >= 0.4:
        return "positive"
    return "neutral"


def _bag(tokens: list[str]) -> Counter[str]:
    return Counter(t for t in tokens if t not in _STOPWORDS and len(t) > 2)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[t] * b[t] for t in a.keys() & b.keys())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
