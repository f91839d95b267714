"""Reasons for a derailment score: the few feature groups that pushed the logit up most.

Every input of the model is additive in the logit, so each group's share is exact: the sum
of its dynamics features' `coefficient × standardised value` (relative to an average
training thread) or, for wording, the TF-IDF blocks' logit. The codes are few and stable
because the interface renders them through i18n:

* `hostile_comment` {comment, hostility}: the per-comment hostility scorer's summaries;
* `heated_wording` {terms}: the word n-grams of the last, previous and whole thread;
* `direct_disagreement` {comment}: "you're wrong", "clearly", "nobody said"...;
* `second_person` {comment}: replies aimed at "you";
* `swearing` {comment}: a swear word in the thread;
* `rising_length` {first_words, last_words}: the newest reply much longer than the first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from vigile.analysis.base import Reason
from vigile.analysis.derail.lexicon import FEATURE_NAMES, numpy_sum
from vigile.analysis.derail.predictor import DerailModel, Explanation

CODES = (
    "hostile_comment",
    "heated_wording",
    "direct_disagreement",
    "second_person",
    "swearing",
    "rising_length",
)
MAX_REASONS = 3
MIN_SHARE = 0.1  # logit units: smaller pushes are noise, not an explanation
_HOSTILITY = ("hostility_last", "hostility_prev", "hostility_max", "hostility_mean",
              "hostility_first")  # fmt: skip
_NAMES = (*FEATURE_NAMES, *_HOSTILITY)
_GROUPS = {
    "hostile_comment": _HOSTILITY,
    "direct_disagreement": tuple(
        n for n in _NAMES if n.endswith(("_direct", "_you_direct")) or n == "direct_trend"
    ),
    "second_person": tuple(n for n in _NAMES if n.endswith("_you") or n == "you_trend"),
    "swearing": tuple(n for n in _NAMES if n.endswith("_swear")),
    "rising_length": ("last_loglen", "len_growth", "len_step"),
}
_INDEX = {code: [_NAMES.index(n) for n in names] for code, names in _GROUPS.items()}
# per-comment lexicon columns (see lexicon.PER_COMMENT) that say which comment to name
_LOGLEN, _YOU, _DIRECT, _SWEAR = 0, 1, 6, 7


def reasons_for(
    model: DerailModel, explanation: Explanation, refs: Sequence[str], *, wording: bool = True
) -> tuple[Reason, ...]:
    """Up to three reasons, strongest first; `refs` name the comments (id or `#n`).

    `wording=False` leaves out the word n-grams: their vocabulary is English Reddit's, so on
    a French thread the words it would cite explain nothing."""
    # each group's share summed as numpy would sum the group's values, to the last bit
    dynamics = explanation.dynamics.tolist()
    shares = {code: numpy_sum([dynamics[i] for i in idx]) for code, idx in _INDEX.items()}
    shares["heated_wording"] = float(explanation.term_shares.sum()) if wording else 0.0
    ranked = sorted((code for code in CODES if shares[code] >= MIN_SHARE), key=lambda c: -shares[c])
    return tuple(_BUILDERS[code](model, explanation, refs) for code in ranked[:MAX_REASONS])


def _hostile(model: DerailModel, ex: Explanation, refs: Sequence[str]) -> Reason:
    worst = _latest_argmax(ex.hostility)
    value = 1.0 / (1.0 + math.exp(-ex.hostility[worst]))
    return Reason("hostile_comment", {"comment": refs[worst], "hostility": round(value, 2)})


def _wording(model: DerailModel, ex: Explanation, refs: Sequence[str]) -> Reason:
    # each term's shares summed in order (bincount adds in order, as a running sum would)
    ids, where = np.unique(ex.term_ids, return_inverse=True)
    totals = np.bincount(where, weights=ex.term_shares, minlength=len(ids))
    # numbers ("22") push the logit too, but they are not wording a person can act on
    keep = (totals > 0) & model.worded[ids]
    ids, totals = ids[keep], totals[keep]
    top = ids[np.lexsort((ids, -totals))[:3]].tolist()
    return Reason("heated_wording", {"terms": ", ".join(model.term(i) for i in top)})


def _lexical(code: str, column: int) -> Callable[[DerailModel, Explanation, Sequence[str]], Reason]:
    def build(model: DerailModel, ex: Explanation, refs: Sequence[str]) -> Reason:
        return Reason(code, {"comment": refs[_latest_argmax([f[column] for f in ex.lexicon])]})

    return build


def _length(model: DerailModel, ex: Explanation, refs: Sequence[str]) -> Reason:
    first, last = (round(math.expm1(ex.lexicon[i][_LOGLEN])) for i in (0, -1))
    return Reason("rising_length", {"first_words": first, "last_words": last})


def _latest_argmax(values: Sequence[float]) -> int:
    """Index of the largest value; the most recent one on ties (it matters most)."""
    flipped = list(values)[::-1]
    return len(values) - 1 - flipped.index(max(flipped))


_BUILDERS = {
    "hostile_comment": _hostile,
    "heated_wording": _wording,
    "direct_disagreement": _lexical("direct_disagreement", _DIRECT),
    "second_person": _lexical("second_person", _YOU),
    "swearing": _lexical("swearing", _SWEAR),
    "rising_length": _length,
}
