"""Moderation of the peer-help commons with Vigile's own scorers.

Every request and answer passes one gate before other organisations can read it: the
comment scorer's toxicity decision on the author's own words, and the personal-data
finder re-run on everything that would be published (plus the originals the anonymiser
replaced, which must not be found again). What fails is *held*: stored, shown to its
author with the reasons so they can fix it, and queued for the workspace's moderators
(the admins of the `default` organisation, the one that runs the server). Anyone may
report a published item; reported and held items wait in the queue until a moderator
approves or removes them. Every decision goes to the decision log (ids only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.analysis.base import CommentScorer, is_toxic
from vigile.community.anonymise import residual_pii
from vigile.domain.errors import InputError, InvalidTransition, NotFound
from vigile.domain.model import CommentInput
from vigile.i18n import t
from vigile.store.comments import DEFAULT_ORGANISATION
from vigile.store.journal import append_decision
from vigile.store.schema import (
    HelpAnswerRow,
    HelpRequestRow,
    Membership,
    Organisation,
    PeerReport,
)

PUBLISHED, HELD, REMOVED = "published", "held", "removed"
SUBJECTS: Final = ("request", "answer")
MAX_REASON = 500

Item = HelpRequestRow | HelpAnswerRow


@dataclass(frozen=True)
class Screen:
    """The commons' gate: a comment scorer for toxicity, the finder for personal data."""

    scorer: CommentScorer
    brands: tuple[str, ...] = ()

    def reasons(
        self, own_words: str, published: Iterable[str], *, lang: str, known: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        """Why the item must be held ([] when it may be published).

        `own_words` is what the author wrote (scored for toxicity: quoted thread excerpts
        are expected to be rude, that is why help is asked); `published` is every text that
        would be shown, checked for personal data; `known` are originals the anonymiser
        replaced, which must not appear again."""
        found: list[dict[str, Any]] = []
        if own_words.strip():
            scores = self.scorer.score([CommentInput(text=own_words, lang=lang)])[0]
            if is_toxic(scores):
                toxicity = round(scores.values.get("toxicity", 0.0), 2)
                found.append({"code": "toxic", "score": toxicity, "model": self.scorer.name})
        seen: set[tuple[str, str]] = set()
        for text in published:
            for span in residual_pii(text, brands=self.brands):
                seen.add((span.kind, span.text))
            for original in _known_in(text, known):
                seen.add(("known", original))
        found.extend({"code": "pii", "kind": kind, "text": text} for kind, text in sorted(seen))
        return found


def _known_in(text: str, known: Sequence[str]) -> list[str]:
    folded = text.casefold()
    return [
        original
        for original in known
        if len(original) >= 3
        and re.search(rf"(?<!\w){re.escape(original.casefold())}(?!\w)", folded)
    ]


def judge(item: Item, reasons: list[dict[str, Any]]) -> None:
    """Publish a clean item, hold one with reasons."""
    item.moderation = HELD if reasons else PUBLISHED
    item.held_reasons = reasons or None


def describe(reason: dict[str, Any], lang: str) -> str:
    """One hold reason in words, for the item's author."""
    if reason.get("code") == "toxic":
        return t("peer.held.toxic", lang, score=reason.get("score", ""))
    if reason.get("code") == "pii":
        kind = t(f"peer.pii.{reason.get('kind')}", lang)
        return t("peer.held.pii", lang, kind=kind, text=reason.get("text", ""))
    if reason.get("code") == "reported":
        return t("peer.held.reported", lang, count=reason.get("count", 0))
    return str(reason.get("code", ""))


def is_moderator(session: Session, user_id: int) -> bool:
    """An admin of the organisation that runs the server (`default`)."""
    found = session.scalar(
        select(Membership.id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(
            Membership.user_id == user_id,
            Membership.role == "admin",
            Organisation.slug == DEFAULT_ORGANISATION,
        )
    )
    return found is not None


def item(session: Session, subject: str, item_id: int, *, lang: str) -> Item:
    row: Item | None = (
        session.get(HelpRequestRow, item_id)
        if subject == "request"
        else session.get(HelpAnswerRow, item_id)
    )
    if row is None or subject not in SUBJECTS:
        key = "peer.not_found" if subject == "request" else "peer.answer_not_found"
        raise NotFound(t(key, lang, id=item_id))
    return row


def report(
    session: Session,
    subject: str,
    item_id: int,
    *,
    user_id: int,
    reason: str,
    actor: str,
    now: datetime,
    lang: str,
) -> None:
    """Flag an item for the moderators (once per user and item); it stays published."""
    text = reason.strip()
    if not text:
        raise InputError(t("peer.report_reason", lang), field="reason")
    item(session, subject, item_id, lang=lang)
    already = session.scalar(
        select(PeerReport.id).where(
            PeerReport.subject_type == subject,
            PeerReport.subject_id == item_id,
            PeerReport.user_id == user_id,
        )
    )
    if already is not None:
        return
    session.add(
        PeerReport(
            subject_type=subject,
            subject_id=item_id,
            user_id=user_id,
            reason=text[:MAX_REASON],
            created_at=now,
            resolved=False,
        )
    )
    session.flush()
    log(session, "help.reported", subject, item_id, actor=actor)


@dataclass(frozen=True)
class Queued:
    subject: str
    row: Item
    reports: tuple[str, ...]


def queue(session: Session) -> list[Queued]:
    """Held items and published items with open reports, oldest first."""
    reports: dict[tuple[str, int], list[str]] = {}
    for row in session.scalars(
        select(PeerReport).where(PeerReport.resolved.is_(False)).order_by(PeerReport.id)
    ):
        reports.setdefault((row.subject_type, row.subject_id), []).append(row.reason)
    found: list[Queued] = []
    tables: tuple[tuple[str, type[HelpRequestRow] | type[HelpAnswerRow]], ...] = (
        ("request", HelpRequestRow),
        ("answer", HelpAnswerRow),
    )
    for subject, table in tables:
        reported = [i for s, i in reports if s == subject]
        rows: list[Item] = list(
            session.scalars(
                select(table)
                .where((table.moderation == HELD) | table.id.in_(reported))
                .where(table.moderation != REMOVED)
                .order_by(table.id)
            )
        )
        found.extend(Queued(subject, r, tuple(reports.get((subject, r.id), ()))) for r in rows)
    return sorted(found, key=lambda q: q.row.created_at)


def decide(
    session: Session, subject: str, item_id: int, *, decision: str, actor: str, lang: str
) -> Item:
    """A moderator publishes (`approve`) or takes down (`remove`) an item; reports close."""
    if decision not in ("approve", "remove"):
        raise InputError(t("peer.bad_decision", lang), field="decision")
    row = item(session, subject, item_id, lang=lang)
    if row.moderation == REMOVED:
        raise InvalidTransition(t("peer.already_removed", lang, id=item_id))
    row.moderation = PUBLISHED if decision == "approve" else REMOVED
    for flag in session.scalars(
        select(PeerReport).where(
            PeerReport.subject_type == subject, PeerReport.subject_id == item_id
        )
    ):
        flag.resolved = True
    log(
        session,
        f"help.{'approved' if decision == 'approve' else 'removed'}",
        subject,
        item_id,
        actor=actor,
    )
    return row


def log(session: Session, action: str, subject: str, item_id: int, *, actor: str) -> None:
    append_decision(
        session,
        actor=actor,
        action=action,
        subject_type="help_request" if subject == "request" else "help_answer",
        subject_id=item_id,
        details={},
    )
