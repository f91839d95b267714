"""Train the shipped derailment model (`derail_v1` + `aux_hostility`) from ../shared/data.

    from vigile.analysis.training.derail import train_derail_model
    metrics = train_derail_model(Path("../shared/data"), Path("out"))   # about 2 min, 2 cores

Which data feeds what:
* train + tune (fit, 1,106 conversations) and test (scored once, 262 conversations): the
  pair-aware 60/20/20 split of `threads/cga_cmv_valid.jsonl` (see `cga.py`). The model was
  chosen by grouped CV on train+tune in derail-lab; here it is simply refitted on both.
* the hostility scorer (`hostility.py`): `comments/tweeteval_offensive_en_train.jsonl`,
  `comments/context_toxicity_en.jsonl`, `threads/toxichat_train.jsonl`; validated on
  `comments/tweeteval_offensive_en_val.jsonl` and `threads/toxichat_dev.jsonl`.
* `cv5_all`: 5-fold grouped CV over all 1,368 conversations (shuffled with `seed`), a
  second estimate with its spread. The shipped files are the train+tune fit.

Config `w_last+prev+ctx+dynh`: TF-IDF word 1-2-grams (min_df 2, sublinear, ≤ 50k terms)
of the last comment, the previous one and the whole context, plus the 71 dynamics features
standardised, clipped to ±5 and weighted 0.1; LR(C=1). CGA text is already in the shape
`derail.text.cga_style` gives live text, so it is read unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.derail.lexicon import comment_feats
from vigile.analysis.derail.model import HostilityScorer, dynamics_vector
from vigile.analysis.derail.predictor import MODEL_STEM
from vigile.analysis.training.cga import Conversation, cga_groups, load_cga, split_of_groups
from vigile.analysis.training.hostility import AUX_STEM, train_hostility, word_block, write_model

CONFIG = "w_last+prev+ctx+dynh"
VIEWS = ("last", "prev", "ctx")
DYN_WEIGHT = 0.1
THRESHOLD = 0.5


def train_derail_model(data_dir: Path, out_dir: Path, *, seed: int = 0) -> dict[str, object]:
    """Write `aux_hostility.*` and `derail_v1.*` to `out_dir`; return the test metrics."""
    from sklearn.model_selection import StratifiedGroupKFold

    hostility_aucs = train_hostility(data_dir, out_dir)
    scorer = HostilityScorer(out_dir / AUX_STEM)
    conversations = load_cga(data_dir / "threads")
    labels = np.array([c.label for c in conversations])
    groups = cga_groups(conversations)
    split = split_of_groups(groups, conversations)
    dyn = np.asarray([_dynamics(c, scorer) for c in conversations])
    fit_idx = np.array([i for i, s in enumerate(split) if s != "test"])
    test_idx = np.array([i for i, s in enumerate(split) if s == "test"])
    model = _Fitted(conversations, dyn).fit(fit_idx)
    test = metrics(labels[test_idx], model.proba(test_idx))
    model.export(out_dir / MODEL_STEM, test)
    folds = StratifiedGroupKFold(5, shuffle=True, random_state=seed)
    per_fold = [
        metrics(labels[b], _Fitted(conversations, dyn).fit(a).proba(b))
        for a, b in folds.split(conversations, labels, groups)
    ]
    cv = {k: [float(np.mean([f[k] for f in per_fold])), float(np.std([f[k] for f in per_fold]))]
          for k in per_fold[0]}  # fmt: skip
    sizes = {"train+tune": len(fit_idx), "test": len(test_idx), "groups": int(groups.max() + 1)}
    return {"config": CONFIG, "n": sizes, "test": test, "cv5_all": cv, "hostility": hostility_aucs}


def _dynamics(conversation: Conversation, scorer: HostilityScorer) -> NDArray[np.float64]:
    texts = conversation.comments or [""]
    return dynamics_vector([comment_feats(t) for t in texts], scorer.logits(texts))


def view(conversations: list[Conversation], which: str) -> list[str]:
    if which == "last":
        return [c.comments[-1] for c in conversations]
    if which == "prev":
        return [c.comments[-2] if len(c.comments) > 1 else "" for c in conversations]
    return [" ".join(c.comments) for c in conversations]


def metrics(y: NDArray[Any], p: NDArray[np.float64]) -> dict[str, float]:
    """Accuracy, F1, FPR, TPR at the threshold, and ROC-AUC."""
    from sklearn.metrics import f1_score, roc_auc_score

    yhat = (p >= THRESHOLD).astype(int)
    neg = y == 0
    return {
        "acc": float(np.mean(yhat == y)),
        "f1": float(f1_score(y, yhat)),
        "fpr": float(np.mean(yhat[neg] == 1)),
        "tpr": float(np.mean(yhat[~neg] == 1)),
        "auc": float(roc_auc_score(y, p)),
    }


class _Fitted:
    """Vectorisers, scaler and LR fitted on some conversations; able to export itself."""

    def __init__(self, conversations: list[Conversation], dyn: NDArray[np.float64]) -> None:
        self.conversations = conversations
        self.dyn = dyn
        self.vectorisers: list[Any] = []
        self.scaler: Any = None
        self.clf: Any = None

    def _matrix(self, idx: NDArray[np.int64], fit: bool) -> Any:
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import StandardScaler

        subset = [self.conversations[i] for i in idx]
        if fit:
            self.vectorisers = [
                TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)
                for _ in VIEWS
            ]
            self.scaler = StandardScaler().fit(self.dyn[idx])
        mats = [
            vec.fit_transform(view(subset, w)) if fit else vec.transform(view(subset, w))
            for vec, w in zip(self.vectorisers, VIEWS, strict=True)
        ]
        z = np.clip(self.scaler.transform(self.dyn[idx]), -5, 5) * DYN_WEIGHT
        return sp.hstack([*mats, sp.csr_matrix(z)]).tocsr()

    def fit(self, idx: NDArray[np.int64]) -> _Fitted:
        from sklearn.linear_model import LogisticRegression

        x = self._matrix(idx, fit=True)
        y = [self.conversations[i].label for i in idx]
        self.clf = LogisticRegression(C=1.0, max_iter=3000).fit(x, y)
        return self

    def proba(self, idx: NDArray[np.int64]) -> NDArray[np.float64]:
        return np.asarray(self.clf.predict_proba(self._matrix(idx, fit=False))[:, 1])

    def export(self, stem: Path, test: dict[str, float]) -> None:
        coef = self.clf.coef_[0]
        arrays: dict[str, Any] = {}
        blocks = []
        offset = 0
        for i, (vec, which) in enumerate(zip(self.vectorisers, VIEWS, strict=True)):
            n = len(vec.vocabulary_)
            arrays[f"idf{i}"] = vec.idf_.astype(np.float32)
            arrays[f"coef{i}"] = coef[offset : offset + n].astype(np.float32)
            blocks.append(word_block(which, vec.vocabulary_))
            offset += n
        arrays |= {"dyn_mean": self.scaler.mean_, "dyn_scale": self.scaler.scale_,
                   "dyn_coef": coef[offset:].astype(np.float64)}  # fmt: skip
        meta = {"config": CONFIG, "intercept": float(self.clf.intercept_[0]),
                "threshold": THRESHOLD, "dyn_weight": DYN_WEIGHT, "aux": AUX_STEM,
                "blocks": blocks,
                "trained_on": "CGA-CMV cga_cmv_valid.jsonl train+tune split "
                "(vigile.analysis.training.cga)",
                "test_metrics": test}  # fmt: skip
        write_model(stem, arrays, meta)
