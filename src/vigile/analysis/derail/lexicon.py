"""Hand-built conversation-dynamics features, shared by training and inference.

Ported unchanged from the derail-lab experiments: the model's coefficients were fitted on
exactly these 66 numbers, so any edit here needs a retrained model. Text is expected in
CGA style (see `text.py`): lower-cased, punctuation split off.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

WORD = re.compile(r"[a-z0-9']+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SECOND = _words("you your you're youre yours yourself u ur you've you'd you'll")
FIRST = _words("i me my i'm im mine myself i've i'd")
NEG = _words(
    "not no never nothing nobody none neither nor isn't don't doesn't didn't can't won't "
    "aren't wasn't weren't shouldn't wouldn't couldn't cannot"
)
HEDGE = _words(
    "perhaps maybe might possibly probably seems seem suppose guess somewhat likely "
    "unlikely arguably generally often sometimes could"
)
HEDGE2 = ("i think", "i believe", "i feel", "in my opinion", "it seems", "i guess", "i'd say",
          "kind of", "sort of")  # fmt: skip
POLITE = _words("please thanks thank appreciate sorry welcome agree fair interesting ∆ delta")
POLITE2 = ("good point", "fair point", "thank you", "you're right", "that's fair", "i see",
           "i agree", "great point", "makes sense")  # fmt: skip
DIRECT = _words(
    "wrong nonsense ridiculous absurd clearly obviously literally actually lie lying liar "
    "bullshit bs ignorant dishonest strawman troll seriously pathetic delusional hypocrite "
    "hypocritical insane joke"
)
DIRECT2 = ("you don't", "you didn't", "you can't", "you are", "you're not", "do you even",
           "did you even", "you have no", "nobody said", "no one said", "that's not what",
           "you just", "learn to", "read my", "how about you", "what are you", "you clearly",
           "you obviously", "your argument", "you seem")  # fmt: skip
SWEAR = _words(
    "fuck fucking fucked shit shitty damn idiot idiots idiotic stupid moron morons dumb crap "
    "ass asshole bitch retard retarded hell wtf stfu bullshit dick jerk loser pathetic cunt "
    "douche fool foolish garbage trash"
)
PER_COMMENT = ("loglen", "you", "i", "neg", "hedge", "polite", "direct", "swear", "qmark",
               "excl", "quote", "edit", "link", "you_direct")  # fmt: skip
GLOBAL = ("log_n", "len_growth", "len_step", "mean_len", "jac_last_prev", "mean_jac", "n_odd",
          "any_swear", "you_trend", "direct_trend")  # fmt: skip
FEATURE_NAMES = (
    tuple(f"{part}_{base}" for part in ("last", "prev", "mean", "max") for base in PER_COMMENT)
    + GLOBAL
)

Vector = NDArray[np.float64]


@lru_cache(maxsize=65_536)
def comment_feats(text: str) -> tuple[list[float], set[str]]:
    """The 14 per-comment rates and flags, and the comment's word set (for overlaps).

    Cached: a comment slides through up to ten thread windows; callers must not mutate
    the result."""
    t = " ".join(text.lower().split())
    w = WORD.findall(t)
    words = set(w)
    n = max(len(w), 1)
    pad = f" {t} "
    hits = list(filter(_LISTED.__contains__, w))  # the few words any list has, in order
    second = sum(map(SECOND.__contains__, hits))
    direct = sum(map(DIRECT.__contains__, hits)) + _phrases(pad, DIRECT2, words)
    feats = [
        math.log1p(len(w)),
        second / n,
        sum(map(FIRST.__contains__, hits)) / n,
        sum(map(NEG.__contains__, hits)) / n,
        (sum(map(HEDGE.__contains__, hits)) + _phrases(pad, HEDGE2, words)) / n,
        (sum(map(POLITE.__contains__, hits)) + _phrases(pad, POLITE2, words)) / n,
        direct / n,
        float(any(map(SWEAR.__contains__, hits))),
        t.count("?") / n,
        t.count("!") / n,
        float(t.startswith(">") or " > " in pad or t.count('"') >= 2),
        float("edit" in words),
        float("wiki _ link" in t or "http" in t),
        float(second > 0 and direct > 0),
    ]
    return feats, words


def _phrases(padded: str, phrases: tuple[str, ...], words: set[str]) -> int:
    """Occurrences of the phrases in the padded text. A phrase is words of `WORD`'s
    alphabet between single spaces, so it can only occur if its first word is in `words`."""
    return sum([padded.count(p) for first, p in _PADDED[phrases] if first in words])


_LISTED = SECOND | FIRST | NEG | HEDGE | POLITE | DIRECT | SWEAR
# each phrase's first word, and the phrase as searched for (space on each side), built once
_PADDED: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {
    phrases: tuple((p.split()[0], f" {p} ") for p in phrases)
    for phrases in (HEDGE2, POLITE2, DIRECT2)
}


def thread_feats(comments: list[str]) -> Vector:
    """Fixed-length dynamics vector (66 values, `FEATURE_NAMES`) of a thread, oldest first."""
    per = [comment_feats(c) for c in (comments or [""])]
    return thread_feats_of(per)


def thread_feats_of(per: list[tuple[list[float], set[str]]]) -> Vector:
    """`thread_feats` from per-comment features already computed (reasons reuse them)."""
    return np.asarray(thread_feats_list(per), dtype=np.float64)


def thread_feats_list(per: list[tuple[list[float], set[str]]]) -> list[float]:
    """`thread_feats_of` as a list."""
    last, last_words = per[-1]
    prev, prev_words = per[-2] if len(per) > 1 else ([0.0] * len(PER_COMMENT), set())
    columns = list(zip(*(p[0] for p in per), strict=True))
    mean = [_sequential_sum(c) / len(per) for c in columns]
    top = [max(c) for c in columns]
    lens = [p[0][0] for p in per]
    overlaps = [_jaccard(per[i][1], per[i - 1][1]) for i in range(1, len(per))]
    glob = [
        math.log(len(per)),
        lens[-1] - lens[0],
        lens[-1] - (lens[-2] if len(lens) > 1 else lens[-1]),
        numpy_sum(lens) / len(lens),
        _jaccard(last_words, prev_words) if len(per) > 1 else 0.0,
        numpy_sum(overlaps) / len(overlaps) if overlaps else 0.0,
        float(len(per) % 2),
        float(any(p[0][7] for p in per)),
        last[1] - mean[1],
        last[6] - mean[6],
    ]
    return last + prev + mean + top + glob


def thread_feats_batch(
    threads: Sequence[Sequence[list[float]]], overlaps: Sequence[Sequence[float]]
) -> Vector:
    """`thread_feats_of` of many threads at once, one row each, to the last bit.

    `threads` hold each comment's 14 features (`comment_feats`), `overlaps` the Jaccard
    overlap of each comment with the one before it. The per-comment columns' last, previous,
    mean and max come from one zero-padded array (numpy sums it along the comments in order,
    as `_sequential_sum` does); the few pairwise means numpy would take stay in Python."""
    sizes = np.array([len(t) for t in threads], dtype=np.int64)
    every = np.arange(len(threads))
    padded = np.zeros((len(threads), int(sizes.max()), len(PER_COMMENT)))
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    positions = np.arange(len(starts)) - starts
    padded[np.repeat(every, sizes), positions] = [feats for thread in threads for feats in thread]
    last = padded[every, sizes - 1]
    before = padded[every, np.maximum(sizes - 2, 0)]
    prev = np.where((sizes > 1)[:, None], before, 0.0)
    mean = padded.sum(axis=1) / sizes[:, None]
    present = (np.arange(padded.shape[1]) < sizes[:, None])[:, :, None]
    top = np.where(present, padded, -np.inf).max(axis=1)
    mean_len = mean[:, 0].copy()  # numpy's mean is this left-to-right sum under 8 comments
    for i in np.flatnonzero(sizes >= 8).tolist():
        mean_len[i] = numpy_sum([feats[0] for feats in threads[i]]) / len(threads[i])
    glob = np.column_stack(
        [
            [math.log(n) for n in sizes.tolist()],
            last[:, 0] - padded[:, 0, 0],
            last[:, 0] - np.where(sizes > 1, before[:, 0], last[:, 0]),
            mean_len,
            [pairs[-1] if pairs else 0.0 for pairs in overlaps],
            [numpy_sum(pairs) / len(pairs) if pairs else 0.0 for pairs in overlaps],
            sizes % 2,
            (padded[:, :, 7] != 0).any(axis=1),
            last[:, 1] - mean[:, 1],
            last[:, 6] - mean[:, 6],
        ]
    ).astype(np.float64)
    return np.concatenate([last, prev, mean, top, glob], axis=1)


def jaccard(a: set[str], b: set[str]) -> float:
    """Overlap of two comments' word sets (`_jaccard` without building the union)."""
    common = len(a & b)
    return common / max(len(a) + len(b) - common, 1)


def _sequential_sum(values: tuple[float, ...]) -> float:
    """Left-to-right sum: numpy's column sums (axis 0) in the same order, to the last bit."""
    total = values[0]
    for value in values[1:]:
        total += value
    return total


def numpy_sum(values: Sequence[float]) -> float:
    """`np.sum(values)` to the last bit, without building an array: numpy adds a float64
    vector pairwise, in blocks of eight partial sums (plain left to right under eight),
    onto an initial 0.0."""
    if len(values) > 128:
        return float(np.sum(np.asarray(values, dtype=np.float64)))
    return 0.0 + _pairwise(values, 0, len(values))


def _pairwise(values: Sequence[float], start: int, n: int) -> float:
    if n < 8:
        total = 0.0
        for value in values[start : start + n]:
            total += value
        return total
    r = list(values[start : start + 8])
    end = start + n - n % 8
    for block in range(start + 8, end, 8):
        for j in range(8):
            r[j] += values[block + j]
    total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for value in values[end : start + n]:
        total += value
    return total


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)
