"""`vigile-derail` written plainly, one thread at a time: the reference the batched path of
`vigile.analysis.derail` must match (same probabilities, flags and reasons).

This is the forecaster as it was before it was batched and vectorised: regex text shaping,
`Counter` term counts (string bigrams), per-thread numpy calls. Only the model's arrays and
the reasons' message builders are taken from the package.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from vigile.analysis.base import Forecast, Reason
from vigile.analysis.derail import lexicon
from vigile.analysis.derail.predictor import DerailModel, Explanation
from vigile.analysis.derail.reasons import _INDEX, CODES, MAX_REASONS, MIN_SHARE
from vigile.analysis.derail.text import _CJK, _CLEAN_UP, _COMBINING, _CONTROL
from vigile.analysis.language import SUPPORTED, detect
from vigile.domain.model import ThreadComment

TOKEN = re.compile(r"(?u)\b\w\w+\b")
SYMBOL = re.compile(r"[^\w\s]|_")


def shape(text: str) -> str:
    """CGA style (see `derail.text`), one regex callback per mark."""
    text = _CONTROL.sub("", text).replace(">", "&gt;").replace("<", "&lt;")
    text = text.lower()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    text = SYMBOL.sub(_split, text)
    text = _CJK.sub(r" \1 ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for before, after in _CLEAN_UP:
        text = text.replace(before, after)
    return text


def _split(match: re.Match[str]) -> str:
    char = match.group(0)
    if char.isascii() or unicodedata.category(char).startswith("P"):
        return f" {char} "
    return char


def comment_feats(text: str) -> tuple[list[float], set[str]]:
    t = " ".join(text.lower().split())
    w = lexicon.WORD.findall(t)
    n = max(len(w), 1)
    pad = f" {t} "

    def count(words: frozenset[str]) -> int:
        return sum(x in words for x in w)

    def phrases(found: tuple[str, ...]) -> int:
        return sum(pad.count(f" {p} ") for p in found)

    second, direct = count(lexicon.SECOND), count(lexicon.DIRECT) + phrases(lexicon.DIRECT2)
    feats = [
        math.log1p(len(w)),
        second / n,
        count(lexicon.FIRST) / n,
        count(lexicon.NEG) / n,
        (count(lexicon.HEDGE) + phrases(lexicon.HEDGE2)) / n,
        (count(lexicon.POLITE) + phrases(lexicon.POLITE2)) / n,
        direct / n,
        float(count(lexicon.SWEAR) > 0),
        t.count("?") / n,
        t.count("!") / n,
        float(t.startswith(">") or " > " in pad or t.count('"') >= 2),
        float("edit" in w),
        float("wiki _ link" in t or "http" in t),
        float(second > 0 and direct > 0),
    ]
    return feats, set(w)


def thread_feats(per: list[tuple[list[float], set[str]]]) -> list[float]:
    rows = np.array([feats for feats, _ in per])
    last = rows[-1].tolist()
    prev = rows[-2].tolist() if len(per) > 1 else [0.0] * rows.shape[1]
    mean = (rows.sum(axis=0) / len(per)).tolist()
    overlaps = [len(a & b) / max(len(a | b), 1) for (_, a), (_, b) in pairwise(per)]
    lens = [feats[0] for feats, _ in per]
    glob = [
        math.log(len(per)),
        lens[-1] - lens[0],
        lens[-1] - (lens[-2] if len(per) > 1 else lens[-1]),
        float(np.mean(lens)),
        overlaps[-1] if overlaps else 0.0,
        float(np.mean(overlaps)) if overlaps else 0.0,
        float(len(per) % 2),
        float(rows[:, 7].any()),
        last[1] - mean[1],
        last[6] - mean[6],
    ]
    return last + prev + mean + rows.max(axis=0).tolist() + [float(x) for x in glob]


class Reference:
    """The model's arithmetic per thread, from the term strings up."""

    def __init__(self, model: DerailModel) -> None:
        self.model = model
        self.blocks = [*model.blocks, model.aux_block]
        self.ids = {term: i for i, term in enumerate(model.vocabulary.terms)}
        self.columns = [{term: i for i, term in enumerate(b.terms)} for b in self.blocks]

    def counts(self, text: str) -> tuple[Counter[str], list[str]]:
        """Known unigrams then known bigrams, each in order of first occurrence."""
        tokens = TOKEN.findall(text.lower())
        tf = Counter(tokens)
        tf.update(f"{a} {b}" for a, b in pairwise(tokens))
        return Counter({t: c for t, c in tf.items() if t in self.ids}), tokens

    def block(self, k: int, tf: Counter[str]) -> tuple[list[int], np.ndarray, float]:
        found = [(term, count) for term, count in tf.items() if term in self.columns[k]]
        if not found:
            return [], np.zeros(0), 0.0
        block = self.blocks[k]
        columns = np.array([self.columns[k][term] for term, _ in found])
        weights = 1.0 + np.log(np.array([float(count) for _, count in found]))
        scaled = weights * block.idf[columns]
        norm = float(np.sqrt(np.dot(scaled, scaled)))
        wid = block.wid[columns]
        ids = [self.ids[term] for term, _ in found]
        return ids, weights * wid / norm, float(np.dot(weights, wid) / norm)

    def explain(self, comments: list[str]) -> Explanation:
        comments = comments or [""]
        analysed = [self.counts(c) for c in comments]
        joined: Counter[str] = Counter()
        for tf, _ in analysed:
            joined.update(tf)
        for (_, a), (_, b) in pairwise(analysed):
            if a and b and f"{a[-1]} {b[0]}" in self.ids:
                joined[f"{a[-1]} {b[0]}"] += 1
        joined = Counter(dict(sorted(joined.items(), key=lambda item: self.ids[item[0]])))
        total, ids, shares = 0.0, [], []
        for k, block in enumerate(self.model.blocks):
            if block.view == "prev" and len(comments) < 2:
                continue
            tf = {"last": analysed[-1][0], "prev": analysed[-2:][0][0]}.get(block.view, joined)
            block_ids, block_shares, score = self.block(k, tf)
            total += score
            ids += block_ids
            shares.append(block_shares)
        aux = len(self.model.blocks)
        hostility = [self.model.aux_intercept + self.block(aux, tf)[2] for tf, _ in analysed]
        per = [comment_feats(c) for c in comments]
        prev = hostility[-2] if len(hostility) > 1 else 0.0
        summary = [hostility[-1], prev, max(hostility), float(np.mean(hostility)), hostility[0]]
        raw = np.array(thread_feats(per) + summary)
        m = self.model
        dynamics = np.clip((raw - m.dyn_mean) / m.dyn_scale, -5, 5) * m.dyn_weight
        logit = m.intercept + total + float(np.dot(dynamics, m.dyn_coef))
        return Explanation(
            probability=1.0 / (1.0 + math.exp(-logit)) if logit > -500 else 0.0,
            logit=logit,
            term_ids=np.array(ids, dtype=np.int64),
            term_shares=np.concatenate(shares),
            dynamics=dynamics * m.dyn_coef,
            hostility=hostility,
            lexicon=[feats for feats, _ in per],
        )

    def forecast(self, thread: Sequence[ThreadComment]) -> Forecast:
        if not thread:
            return Forecast(derailment=0.0, derails=False)
        ex = self.explain([shape(c.text) for c in thread])
        refs = [c.id or f"#{i + 1}" for i, c in enumerate(thread)]
        lang = thread[-1].lang or detect([thread[-1].text], candidates=SUPPORTED)[0]
        shares = {code: float(ex.dynamics[idx].sum()) for code, idx in _INDEX.items()}
        english = lang.lower().startswith("en")
        shares["heated_wording"] = float(ex.term_shares.sum()) if english else 0.0
        ranked = sorted((c for c in CODES if shares[c] >= MIN_SHARE), key=lambda c: -shares[c])
        reasons = tuple(self.reason(code, ex, refs) for code in ranked[:MAX_REASONS])
        return Forecast(round(ex.probability, 4), ex.probability >= self.model.threshold, reasons)

    def reason(self, code: str, ex: Explanation, refs: list[str]) -> Reason:
        if code == "hostile_comment":
            worst = latest_argmax(ex.hostility)
            value = round(1.0 / (1.0 + math.exp(-ex.hostility[worst])), 2)
            return Reason(code, {"comment": refs[worst], "hostility": value})
        if code == "heated_wording":
            ids, where = np.unique(ex.term_ids, return_inverse=True)
            totals = np.bincount(where, weights=ex.term_shares, minlength=len(ids))
            keep = (totals > 0) & self.model.worded[ids]
            ids, totals = ids[keep], totals[keep]
            top = ids[np.lexsort((ids, -totals))[:3]].tolist()
            return Reason(code, {"terms": ", ".join(self.model.term(i) for i in top)})
        if code == "rising_length":
            first, last = (round(math.expm1(ex.lexicon[i][0])) for i in (0, -1))
            return Reason(code, {"first_words": first, "last_words": last})
        column = {"direct_disagreement": 6, "second_person": 1, "swearing": 7}[code]
        return Reason(code, {"comment": refs[latest_argmax([f[column] for f in ex.lexicon])]})


def latest_argmax(values: Sequence[float]) -> int:
    flipped = np.asarray(values, dtype=np.float64)[::-1]
    return len(values) - 1 - int(np.argmax(flipped))
