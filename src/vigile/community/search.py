"""Full-text search over the case library: TF-IDF with accents and case folded.

Small and dependency-free: a library holds hundreds of cases, not millions, so the
index is rebuilt for each query from the stored texts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

_TOKEN = re.compile(r"\w{2,}")


def tokens(text: str) -> list[str]:
    """Lower-case words without accents ("Livraisons" and "livraison" stay apart)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _TOKEN.findall(plain)


def rank(query: str, documents: Sequence[str], *, limit: int = 10) -> list[tuple[int, float]]:
    """(index, score) of the documents that share a word with the query, best first."""
    wanted = set(tokens(query))
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
