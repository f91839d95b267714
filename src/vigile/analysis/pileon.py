"""Pile-on / contagion in a thread: negative replies converging on one negative comment.

The instigator is a negative or toxic comment; every later negative reply in its reply
subtree counts as joining in. A pile-on starts when, within the window, at least
`min_replies` such replies arrive and they make at least half of the thread's traffic
(growing faster than the thread). State is a bounded JSON-able dict: per comment the
work is constant, amortised over the evictions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from vigile.domain.model import as_utc

WINDOW = timedelta(minutes=30)
MAX_TRACKED_COMMENTS = 500
MAX_CANDIDATES = 30


@dataclass(frozen=True, slots=True)
class ThreadEvent:
    comment: str
    parent: str | None
    author: str | None
    at: datetime
    negative: bool


@dataclass(frozen=True, slots=True)
class PileOn:
    instigator: str
    instigator_author: str | None
    replies: int
    share: float
    at: datetime


class PileOnDetector:
    name = "pileon-window"
    version = "1"

    def __init__(self, *, min_replies: int = 5, min_share: float = 0.5) -> None:
        self.min_replies = min_replies
        self.min_share = min_share

    def update(self, state: dict[str, Any], event: ThreadEvent) -> PileOn | None:
        """Add one comment (event order); returns the pile-on when one starts. Mutates state."""
        stamp = as_utc(event.at).timestamp()
        horizon = stamp - WINDOW.total_seconds()
        times = [t for t in state.get("times", []) if t >= horizon] + [stamp]
        state["times"] = times
        roots: dict[str, str] = state.setdefault("root_of", {})
        candidates: dict[str, dict[str, Any]] = state.setdefault("candidates", {})
        root = roots.get(event.parent or "", "") or None
        if event.parent in candidates:
            root = event.parent
        joined: PileOn | None = None
        if event.negative and root in candidates:
            candidate = candidates[root]
            candidate["replies"] = [t for t in candidate["replies"] if t >= horizon] + [stamp]
            joined = self._check(root, candidate, len(times), event.at)
        elif event.negative and root is None:
            candidates[event.comment] = {"author": event.author, "replies": [], "reported": False}
            root = event.comment
            while len(candidates) > MAX_CANDIDATES:
                del candidates[next(iter(candidates))]
        roots[event.comment] = root or ""
        while len(roots) > MAX_TRACKED_COMMENTS:
            del roots[next(iter(roots))]
        return joined

    def _check(
        self, root: str, candidate: dict[str, Any], traffic: int, at: datetime
    ) -> PileOn | None:
        replies = len(candidate["replies"])
        share = replies / traffic
        if candidate["reported"] or replies < self.min_replies or share < self.min_share:
            return None
        candidate["reported"] = True
        return PileOn(
            instigator=root,
            instigator_author=candidate["author"],
            replies=replies,
            share=round(share, 3),
            at=as_utc(at),
        )
