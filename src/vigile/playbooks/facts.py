"""The signals a scenario's `when` conditions read, computed from one `ThreadView`.

Comment signals (`toxicity`, `negativity`, `drift`) and cues count the members'
comments (the brand's own replies never count). Thread, page and author signals are
one value per thread; each comes with the reason a CM reads ("TruthPedal wrote 5 of
the 10 hostile comments"). Pure: no I/O, same view, same facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from vigile.domain.playbook import Condition, Reason, ThreadView, ViewComment
from vigile.playbooks.cues import CUES, cues_of

COMMENT_SIGNALS = ("toxicity", "negativity", "drift")
THREAD_SIGNALS = (
    "derailment",
    "pile_on",
    "negative_buzz",
    "troll_signals",
    "hostile_authors",
    "top_author_share",
    "hostile_replies",
    "burst",
)
SIGNALS = (*COMMENT_SIGNALS, *CUES, *THREAD_SIGNALS)
HOSTILE_AT = 0.5  # negativity or toxicity: a clearly negative comment
TOXIC_AT = 0.5
DRIFT_MIN_WORDS = 5  # a short reaction ("🔥🔥", "ok") is far from any post: not drift
BURST_WINDOW = timedelta(minutes=10)
MAX_NAMED = 3


@dataclass(frozen=True, slots=True)
class ThreadFacts:
    members: tuple[ViewComment, ...]
    cues: dict[str, tuple[ViewComment, ...]]
    values: dict[str, float]
    reasons: dict[str, Reason]


def thread_facts(view: ThreadView) -> ThreadFacts:
    """Every signal a condition may name, with the reason behind each thread-level one."""
    members = tuple(c for c in view.comments if not c.brand)
    marks = {c.id: cues_of(c.text) for c in members}
    cues = {cue: tuple(c for c in members if cue in marks[c.id]) for cue in CUES}
    values: dict[str, float] = {}
    reasons: dict[str, Reason] = {}
    for name, (value, reason) in (
        ("derailment", (view.derailment, Reason("derailment", {"value": view.derailment}))),
        ("pile_on", _pile_on(view)),
        ("negative_buzz", _buzz(view)),
        ("troll_signals", _troll(view, members)),
        ("hostile_authors", _hostile_authors(members)),
        ("top_author_share", _top_author(members)),
        ("hostile_replies", _hostile_replies(view, members)),
        ("burst", _burst(members)),
    ):
        values[name] = value
        if reason is not None:
            reasons[name] = reason
    return ThreadFacts(members=members, cues=cues, values=values, reasons=reasons)


def check(condition: Condition, facts: ThreadFacts) -> tuple[bool, Reason | None]:
    """Whether the condition holds, and the reason to show when it holds and says why."""
    if condition.signal in COMMENT_SIGNALS or condition.signal in CUES:
        return _check_comments(condition, facts)
    value = facts.values.get(condition.signal, 0.0)
    held = (condition.at_least is None or value >= condition.at_least) and (
        condition.at_most is None or value <= condition.at_most
    )
    reason = facts.reasons.get(condition.signal) if condition.at_least is not None else None
    return held, reason if held else None


def _check_comments(condition: Condition, facts: ThreadFacts) -> tuple[bool, Reason | None]:
    """At least `comments` members' comments (and `share` of them) show the signal or cue."""
    pool = facts.members
    if condition.signal in CUES:
        found = facts.cues[condition.signal]
        code, values = f"cue_{condition.signal}", {}
    else:
        if condition.signal == "drift":
            pool = tuple(c for c in pool if len(c.text.split()) >= DRIFT_MIN_WORDS)
        at_least = condition.at_least if condition.at_least is not None else HOSTILE_AT
        found = tuple(c for c in pool if c.scores.get(condition.signal, 0.0) >= at_least)
        code, values = "comments_at_least", {"signal": condition.signal, "at_least": at_least}
    share = len(found) / len(pool) if pool else 0.0
    held = bool(found) and len(found) >= condition.comments and share >= condition.share
    reason = Reason(code, {**values, "count": len(found), "authors": _names(found)})
    return held, reason if held else None


def _names(comments: tuple[ViewComment, ...] | list[ViewComment]) -> str:
    names = list(dict.fromkeys(c.author or "?" for c in comments))
    more = len(names) - MAX_NAMED
    return ", ".join(names[:MAX_NAMED]) + (f" +{more}" if more > 0 else "")


def is_hostile(comment: ViewComment) -> bool:
    """Clearly negative or toxic: what counts as hostility in a thread."""
    scores = comment.scores
    return max(scores.get("negativity", 0.0), scores.get("toxicity", 0.0)) >= HOSTILE_AT


def _pile_on(view: ThreadView) -> tuple[float, Reason | None]:
    if not view.pile_ons:
        return 0.0, None
    onset = max(view.pile_ons, key=lambda e: e.get("negative_replies_30_min", 0))
    root = next((c for c in view.comments if c.id == onset.get("instigator")), None)
    toxic = root is not None and root.scores.get("toxicity", 0.0) >= TOXIC_AT
    return 1.0, Reason(
        "pile_on_toxic" if toxic else "pile_on",
        {
            "replies": onset.get("negative_replies_30_min", 0),
            "author": onset.get("instigator_author") or "?",
            "share": float(onset.get("share_of_thread_traffic", 0.0)),
        },
    )


def _buzz(view: ThreadView) -> tuple[float, Reason | None]:
    if not view.buzz:
        return 0.0, None
    burst = view.buzz[0]
    return 1.0, Reason(
        "negative_buzz",
        {"count": burst.get("negative_last_hour", 0), "expected": burst.get("expected_per_hour")},
    )


def _troll(view: ThreadView, members: tuple[ViewComment, ...]) -> tuple[float, Reason | None]:
    """The strongest troll signal among authors who were hostile in *this* thread."""
    hostile = {c.author for c in members if c.author and is_hostile(c)}
    scored = [(a["score"], h, a) for h, a in view.authors.items() if h in hostile and a["score"]]
    if not scored:
        return 0.0, None
    score, handle, author = max(scored, key=lambda x: (x[0], x[1]))
    return float(score), Reason("troll_signals", {"author": handle, **author["features"]})


def _hostile_authors(members: tuple[ViewComment, ...]) -> tuple[float, Reason | None]:
    authors = {c.author for c in members if is_hostile(c)}
    return float(len(authors)), Reason("hostile_authors", {"count": len(authors)})


def _top_author(members: tuple[ViewComment, ...]) -> tuple[float, Reason | None]:
    hostile = [c.author or "?" for c in members if is_hostile(c)]
    if len(hostile) < 3:
        return 0.0, None
    author, count = Counter(hostile).most_common(1)[0]
    return count / len(hostile), Reason(
        "top_author_share", {"author": author, "count": count, "total": len(hostile)}
    )


def _hostile_replies(
    view: ThreadView, members: tuple[ViewComment, ...]
) -> tuple[float, Reason | None]:
    """Toxic replies to another member's comment, for the author who sent the most."""
    by_id = {c.id: c for c in view.comments}
    counts: Counter[str] = Counter()
    for c in members:
        parent = by_id.get(c.parent or "")
        if (
            parent is not None
            and not parent.brand
            and parent.author != c.author
            and c.scores.get("toxicity", 0.0) >= TOXIC_AT
        ):
            counts[c.author or "?"] += 1
    if not counts:
        return 0.0, None
    author, count = counts.most_common(1)[0]
    return float(count), Reason("hostile_replies", {"author": author, "count": count})


def _burst(members: tuple[ViewComment, ...]) -> tuple[float, Reason | None]:
    """Most comments one author posted within 10 minutes in this thread."""
    times: dict[str, list[float]] = {}
    for c in members:
        if c.author:
            times.setdefault(c.author, []).append(c.created_at.timestamp())
    best, who = 0, ""
    window = BURST_WINDOW.total_seconds()
    for author, stamps in times.items():
        stamps.sort()
        start = 0
        for end, stamp in enumerate(stamps):
            while stamp - stamps[start] > window:
                start += 1
            if end - start + 1 > best:
                best, who = end - start + 1, author
    return float(best), Reason("burst", {"author": who, "count": best}) if best else None
