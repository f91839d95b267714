"""Full-text search over the case library: TF-IDF with accents, case and plurals folded.

A query also looks for the other language's words of a shipped French/English glossary
of customer care (livraison ↔ delivery, remboursement ↔ refund...), so a French query
finds an English case. Small and dependency-free: a library holds hundreds of cases,
not millions, so the index is rebuilt for each query from the stored texts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources

_TOKEN = re.compile(r"\w{2,}")


def tokens(text: str) -> list[str]:
    """Lower-case words without accents or a plural ending ("Livraisons" → livraison)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return [_singular(word) for word in _TOKEN.findall(plain)]


def _singular(word: str) -> str:
    """A rough fold of FR/EN plurals and feminines: deliveries → delivery, retardées →
    retarde."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word[-1] in "sx" and word[-2] not in "su":
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("ee") else word


@cache
def glossary() -> dict[str, frozenset[str]]:
    """Each folded word of the glossary → every word of its French/English group."""
    data = resources.files("vigile.community").joinpath("data/glossary_fr_en.txt")
    groups: dict[str, frozenset[str]] = {}
    for line in data.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words = frozenset(w for w in tokens(line.replace("|", ",")) if len(w) > 2)
            for word in words:
                groups[word] = groups.get(word, frozenset()) | words
    return groups


def expand(query: str) -> set[str]:
    """The query's words and their translations from the glossary."""
    words = set(tokens(query))
    return words.union(*(glossary().get(word, frozenset()) for word in words))


def rank(query: str, documents: Sequence[str], *, limit: int = 10) -> list[tuple[int, float]]:
    """(index, score) of the documents that share a word with the query, best first."""
    wanted = expand(query)
    if not wanted or not documents:
        return []
    bags = [Counter(tokens(doc)) for doc in documents]
    frequency = Counter(word for bag in bags for word in set(bag) if word in wanted)
    idf = {w: math.log((1 + len(bags)) / (1 + frequency[w])) + 1 for w in wanted}
    scores = []
    for index, bag in enumerate(bags):
        size = sum(bag.values()) or 1
        score = sum(bag[w] / size * idf[w] for w in wanted if bag[w])
        if score > 0:
            scores.append((index, score))
    return sorted(scores, key=lambda pair: (-pair[1], pair[0]))[:limit]


_STOP_WORDS = (
    """les des une est pas que qui pour dans sur avec vous nous mais plus tout ete sont
    ont aux par son ses leur cette comme bien fait faire avoir etre the and you for are
    was with this that have not but all they your our from just what will can has"""
    """ its out get been were their there would about"""
)
STOP = frozenset(_STOP_WORDS.split())


def similar(text: str, documents: Sequence[str], *, limit: int = 5) -> list[tuple[int, float]]:
    """(index, cosine) of the documents closest to `text` in TF-IDF space, best first."""
    bags = [Counter(w for w in tokens(doc) if w not in STOP) for doc in documents]
    query = Counter(w for w in tokens(text) if w not in STOP)
    for word in list(query):
        for other in glossary().get(word, frozenset()) - {word}:
            query[other] += query[word]
    frequency = Counter(word for bag in (*bags, query) for word in bag)
    total = len(bags) + 1

    def vector(bag: Counter[str]) -> dict[str, float]:
        return {w: n * (math.log((1 + total) / (1 + frequency[w])) + 1) for w, n in bag.items()}

    wanted = vector(query)
    norm = math.sqrt(sum(v * v for v in wanted.values())) or 1.0
    scores = []
    for index, bag in enumerate(bags):
        doc = vector(bag)
        dot = sum(weight * wanted.get(word, 0.0) for word, weight in doc.items())
        size = math.sqrt(sum(v * v for v in doc.values())) or 1.0
        if dot > 0:
            scores.append((index, dot / (norm * size)))
    return sorted(scores, key=lambda pair: (-pair[1], pair[0]))[:limit]
