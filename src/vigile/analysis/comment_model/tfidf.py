"""Word 1-2-gram TF-IDF over already-cut tokens, without scikit-learn.

Equal (to ~1e-7) to the scikit-learn `TfidfVectorizer(analyzer="word",
token_pattern=r"\\S+", sublinear_tf=True)` it was trained with; re-implementing it keeps
scikit-learn's second of import time and its pickles out of the runtime.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray


class WordTfidf:
    """Vocabulary (term -> column), idf per column, and the longest n-gram."""

    def __init__(self, terms: Sequence[str], idf: NDArray[np.float32], *, max_n: int) -> None:
        self.terms = list(terms)
        self.vocabulary = {t: i for i, t in enumerate(self.terms)}
        self.idf = idf.astype(np.float32)
        self.max_n = max_n

    def transform(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """L2-normalised (1 + log tf) * idf rows, one per token list."""
        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        for doc in docs:
            found = self._counts(doc)
            indices.extend(found.keys())
            counts.extend(found.values())
            indptr.append(len(indices))
        ind = np.asarray(indices, dtype=np.int32)
        tf = 1.0 + np.log(np.asarray(counts, dtype=np.float32))
        m = sp.csr_matrix(
            (tf * self.idf[ind], ind, np.asarray(indptr)), shape=(len(docs), len(self.idf))
        )
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms).astype(np.float32) @ m)

    def _counts(self, doc: Sequence[str]) -> dict[int, int]:
        """Column -> count of the doc's known n-grams, lower-cased as scikit-learn did."""
        tokens = [t.lower() for t in doc]
        grams = list(tokens)
        for n in range(2, self.max_n + 1):
            grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        counts: dict[int, int] = {}
        for gram in grams:
            j = self.vocabulary.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        return counts
