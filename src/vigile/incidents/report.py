"""The accountability report: what happened, what the charter required, what was done.

A CM shows it to say "I did what the charter said, on time", or to find where the gap
was. What was done is read from the hash-chained decision log (and the report says
whether the chain verifies); what was required is the escalation plan of the charter
for each alert's severity, on the clock that started when Vigile raised the alert.
The same accounting serves a rehearsal (`vigile replay --report`), where the notices
come from the dry-run timeline instead of the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from vigile.domain.charter import Charter
from vigile.domain.errors import NotFound
from vigile.domain.model import Severity, as_utc
from vigile.policy.escalation import PlannedStep, plan
from vigile.store.journal import verify_chain
from vigile.store.schema import Alert, Comment, Decision, Incident, Page, Post
from vigile.store.thread_actions import REPLY_ACTIONS


class StepOutcome(StrEnum):
    """What became of one step of the matrix."""

    SENT = "sent"  # at least one channel delivered
    FAILED = "failed"  # every channel tried failed: a gap
    STOPPED = "stopped"  # an acknowledgment came before it was due: not needed
    PENDING = "pending"  # not due yet
    MISSING = "missing"  # due, never attempted: a gap


class AckVerdict(StrEnum):
    """Whether the people of a step acknowledged within its deadline."""

    MET = "met"
    MISSED = "missed"  # nobody acknowledged in time: the next step was due
    WAITING = "waiting"  # the deadline has not passed yet


@dataclass(frozen=True, slots=True)
class Notice:
    """One attempt to tell one contact on one channel (a planned notice in a rehearsal)."""

    at: datetime
    step: int
    contact: str
    channel: str
    sent: bool
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Acknowledgment:
    by: str
    at: datetime
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class StepAccount:
    """One step of the matrix: required (who, how, when) next to what was done."""

    index: int
    people: tuple[Person, ...]
    channels: tuple[str, ...]
    due_at: datetime
    ack_within: timedelta | None
    quiet_hours: bool
    notices: tuple[Notice, ...]
    outcome: StepOutcome
    ack: AckVerdict | None

    @property
    def deadline(self) -> datetime | None:
        return self.due_at + self.ack_within if self.ack_within is not None else None


@dataclass(frozen=True, slots=True)
class AlertFacts:
    """What happened: the alert, its evidence, and when the matrix's clock started."""

    id: int
    kind: str
    severity: str
    rule: str
    page: str
    at: datetime  # event time of the signal
    raised_at: datetime  # when Vigile raised it: the escalation deadlines count from here
    thread: str | None = None
    comment: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlertAccount:
    alert: AlertFacts
    steps: tuple[StepAccount, ...]
    acknowledged: Acknowledgment | None

    @property
    def gaps(self) -> tuple[StepAccount, ...]:
        """Steps the matrix required that nobody was told about."""
        return tuple(
            s for s in self.steps if s.outcome in (StepOutcome.FAILED, StepOutcome.MISSING)
        )

    @property
    def answered_at_step(self) -> int | None:
        """The step whose people acknowledged within its deadline, if any."""
        return next((s.index for s in self.steps if s.ack is AckVerdict.MET), None)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One thing done, as the decision log (or the rehearsal) records it."""

    id: int | None
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: int | None
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ChainCheck:
    verified: bool
    broken_at: int | None = None

    def trusts(self, entry: LogEntry) -> bool:
        """Entries from the first mismatch on cannot be trusted."""
        return self.broken_at is None or entry.id is None or entry.id < self.broken_at


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    id: int
    title: str
    status: str
    severity: str
    page: str
    opened_at: datetime
    acknowledged_at: datetime | None
    responding_at: datetime | None
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class ThreadRef:
    id: int
    text: str | None


@dataclass(frozen=True, slots=True)
class Report:
    organisation: str
    generated_at: datetime
    alerts: tuple[AlertAccount, ...]
    log: tuple[LogEntry, ...]
    chain: ChainCheck | None  # None in a rehearsal: nothing was logged
    incident: IncidentFacts | None = None
    threads: tuple[ThreadRef, ...] = ()
    others: int = 0  # alerts of a rehearsal that the matrix does not escalate

    @property
    def rehearsal(self) -> bool:
        return self.chain is None


def account(
    charter: Charter,
    alert: AlertFacts,
    *,
    notices: Sequence[Notice],
    acknowledged: Acknowledgment | None,
    now: datetime,
) -> AlertAccount:
    """Set the charter's plan for this alert next to what was done. Pure."""
    severity = Severity(alert.severity)
    rules = charter.escalation.get(severity, ())
    ack_at = as_utc(acknowledged.at) if acknowledged else None
    steps = tuple(
        _step_account(
            step,
            within=rules[step.index].ack_within,
            notices=tuple(n for n in notices if n.step == step.index),
            ack_at=ack_at,
            now=as_utc(now),
        )
        for step in plan(charter, severity, alert.raised_at)
    )
    return AlertAccount(alert, steps, acknowledged)


def _step_account(
    step: PlannedStep,
    *,
    within: timedelta | None,
    notices: tuple[Notice, ...],
    ack_at: datetime | None,
    now: datetime,
) -> StepAccount:
    if notices:
        outcome = StepOutcome.SENT if any(n.sent for n in notices) else StepOutcome.FAILED
    elif ack_at is not None and step.index > 0 and step.send_at >= ack_at:
        outcome = StepOutcome.STOPPED  # the same rule as escalation.due
    elif step.send_at > now:
        outcome = StepOutcome.PENDING
    else:
        outcome = StepOutcome.MISSING
    verdict = None
    if within is not None and outcome not in (StepOutcome.STOPPED, StepOutcome.PENDING):
        deadline = step.send_at + within
        if ack_at is not None and ack_at <= deadline:
            verdict = AckVerdict.MET
        elif ack_at is None and now < deadline:
            verdict = AckVerdict.WAITING
        else:
            verdict = AckVerdict.MISSED
    return StepAccount(
        index=step.index,
        people=tuple(Person(c.id, c.name) for c in step.contacts),
        channels=tuple(step.channels),
        due_at=step.send_at,
        ack_within=within,
        quiet_hours=step.quiet_hours,
        notices=notices,
        outcome=outcome,
        ack=verdict,
    )


def build_incident_report(
    session: Session, incident_id: int, charter: Charter, *, now: datetime
) -> Report:
    """The report of one incident, from the store and its decision log."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id}")
    page = session.get_one(Page, incident.page_id)
    where = f"{page.network}:{page.handle}"
    alerts = list(
        session.scalars(
            select(Alert).where(Alert.incident_id == incident_id).order_by(Alert.at, Alert.id)
        )
    )
    threads = _threads(session, alerts)
    log = _log(session, incident_id, [a.id for a in alerts], [th.id for th in threads])
    broken = verify_chain(session)
    accounts = tuple(
        account(
            charter,
            _facts(session, alert, where),
            notices=_notices(log, alert.id),
            acknowledged=_acknowledgment(log, alert.id),
            now=now,
        )
        for alert in alerts
    )
    return Report(
        organisation=charter.organisation,
        generated_at=as_utc(now),
        alerts=accounts,
        log=log,
        chain=ChainCheck(verified=broken is None, broken_at=broken),
        incident=_incident_facts(incident, where, log, {a.id for a in alerts}),
        threads=threads,
    )


def _log(
    session: Session, incident_id: int, alert_ids: list[int], thread_ids: list[int]
) -> tuple[LogEntry, ...]:
    """The incident's entries, its alerts', and what was done on its threads: their own
    alerts (raised, acknowledged) and the replies sent under their comments."""
    on_threads = select(Alert.id).where(Alert.post_id.in_(thread_ids))
    in_threads = select(Comment.id).where(Comment.post_id.in_(thread_ids))
    about = or_(
        and_(Decision.subject_type == "incident", Decision.subject_id == incident_id),
        and_(Decision.subject_type == "alert", Decision.subject_id.in_(alert_ids)),
        and_(Decision.subject_type == "alert", Decision.subject_id.in_(on_threads)),
        and_(
            Decision.subject_type == "comment",
            Decision.action.in_(REPLY_ACTIONS),
            Decision.subject_id.in_(in_threads),
        ),
    )
    return tuple(
        LogEntry(d.id, d.at, d.actor, d.action, d.subject_type, d.subject_id, dict(d.details))
        for d in session.scalars(select(Decision).where(about).order_by(Decision.id))
    )


def _notices(log: Sequence[LogEntry], alert_id: int) -> tuple[Notice, ...]:
    return tuple(
        Notice(
            at=e.at,
            step=int(e.details.get("step", 0)),
            contact=str(e.details.get("contact", "")),
            channel=str(e.details.get("channel", "")),
            sent=e.action == "notification.sent",
            error=e.details.get("error"),
        )
        for e in log
        if e.subject_type == "alert"
        and e.subject_id == alert_id
        and e.action in ("notification.sent", "notification.failed")
    )


def _acknowledgment(log: Sequence[LogEntry], alert_id: int) -> Acknowledgment | None:
    return next(
        (
            Acknowledgment(e.actor, e.at, e.details.get("via"))
            for e in log
            if e.subject_type == "alert"
            and e.subject_id == alert_id
            and e.action == "alert.acknowledged"
        ),
        None,
    )


def _facts(session: Session, alert: Alert, page: str) -> AlertFacts:
    post = session.get(Post, alert.post_id) if alert.post_id else None
    comment = session.get(Comment, alert.comment_id) if alert.comment_id else None
    return AlertFacts(
        id=alert.id,
        kind=alert.kind,
        severity=alert.severity,
        rule=alert.rule,
        page=page,
        at=alert.at,
        raised_at=alert.created_at,
        thread=post.external_id if post else None,
        comment=comment.external_id if comment else None,
        evidence=dict(alert.evidence),
    )


def _incident_facts(
    incident: Incident, page: str, log: Sequence[LogEntry], alert_ids: set[int]
) -> IncidentFacts:
    def first(status: str) -> datetime | None:
        return next(
            (e.at for e in log if e.action == "incident.status" and e.details.get("to") == status),
            None,
        )

    acknowledged = [
        e.at for e in log if e.action == "alert.acknowledged" and e.subject_id in alert_ids
    ]
    if (moved := first("acknowledged")) is not None:
        acknowledged.append(moved)
    return IncidentFacts(
        id=incident.id,
        title=incident.title,
        status=incident.status,
        severity=incident.severity,
        page=page,
        opened_at=incident.opened_at,
        acknowledged_at=min(acknowledged, default=None),
        responding_at=first("responding"),
        resolved_at=first("resolved") if incident.status == "resolved" else None,
    )


def _threads(session: Session, alerts: Sequence[Alert]) -> tuple[ThreadRef, ...]:
    """The threads the alerts point at, or where the comment that triggered them was."""
    post_ids = {a.post_id for a in alerts if a.post_id is not None}
    triggers = {str(a.evidence["trigger"]) for a in alerts if a.evidence.get("trigger")}
    if triggers:
        found = session.scalars(select(Comment.post_id).where(Comment.external_id.in_(triggers)))
        post_ids |= {post_id for post_id in found if post_id is not None}
    posts = session.scalars(select(Post).where(Post.id.in_(post_ids)).order_by(Post.id))
    return tuple(ThreadRef(p.id, p.text) for p in posts)
