"""Training-time features: scikit-learn's TF-IDF beside the static vectors.

scikit-learn fits the vocabulary and idf; the runtime's `WordTfidf` then reproduces its
transform from the exported terms and idf, without scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from vigile.analysis.comment_model.static import StaticEmbedder
from vigile.analysis.comment_model.text import marked_tokens
from vigile.analysis.comment_model.tfidf import WordTfidf
from vigile.analysis.training.splits import Row
from vigile.analysis.training.style_terms import is_style_term


class Features:
    """[word 1-2-gram TF-IDF | static vector] over negation-marked tokens."""

    def __init__(self, static: StaticEmbedder) -> None:
        self.static = static
        self.vectorizer = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            min_df=2,
            token_pattern=r"\S+",
            sublinear_tf=True,
            max_features=100_000,
            dtype=np.float32,
        )

    def fit(self, rows: Sequence[Row]) -> None:
        self.vectorizer.fit([" ".join(marked_tokens(r.text)) for r in rows])

    def without_style(self, x: sp.csr_matrix) -> sp.csr_matrix:
        """`x` with the style terms' columns zeroed (`style_terms`): a head fitted on it
        gives them weight 0, so it reads the same at run time on the full features."""
        keep = np.ones(x.shape[1], dtype=np.float32)
        for term, column in self.vectorizer.vocabulary_.items():
            if is_style_term(term):
                keep[column] = 0.0
        return sp.csr_matrix(x @ sp.diags(keep))

    def transform_texts(self, texts: Sequence[str]) -> sp.csr_matrix:
        docs = [marked_tokens(t) for t in texts]
        words = self.vectorizer.transform([" ".join(d) for d in docs])
        return sp.hstack([sp.csr_matrix(words), sp.csr_matrix(self.static.embed(docs))]).tocsr()

    def transform(self, rows: Sequence[Row]) -> sp.csr_matrix:
        return self.transform_texts([r.text for r in rows])

    def word_tfidf(self) -> WordTfidf:
        """The fitted TF-IDF as the runtime's scikit-learn-free transform."""
        terms = [""] * len(self.vectorizer.vocabulary_)
        for term, column in self.vectorizer.vocabulary_.items():
            terms[column] = term
        return WordTfidf(terms, self.vectorizer.idf_.astype(np.float32), max_n=2)
