"""The one write path for alerts, incidents and decisions; each write appends to the audit log.

The audit log (`decisions`) is a hash chain: every entry hashes its content with the
previous entry's hash, so an edited or deleted entry breaks `verify_chain`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from vigile.domain.errors import InvalidTransition, NotFound
from vigile.domain.model import AlertDraft, AlertStatus, IncidentStatus, utc_now
from vigile.store.db import write_lock
from vigile.store.schema import Alert, Decision, Incident, Notification

GENESIS = "0" * 64
SYSTEM = "vigile"


class _Chain:
    """Appends audit entries in order, reading the previous hash once per write path call."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # other writers must not fork the chain: lock before reading the last hash
        write_lock(session, "audit")
        last = session.scalars(select(Decision.hash).order_by(Decision.id.desc()).limit(1)).first()
        self.prev = last or GENESIS

    def row(
        self,
        *,
        actor: str,
        action: str,
        subject_type: str,
        subject_id: int | None,
        details: dict[str, Any],
    ) -> dict[str, Any]:
        """The next entry's columns, chained to the one before (for bulk inserts)."""
        at = utc_now()
        digest = _digest(
            self.prev, at.isoformat(), actor, action, subject_type, subject_id, details
        )
        entry = {
            "at": at,
            "actor": actor,
            "action": action,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "details": details,
            "prev_hash": self.prev,
            "hash": digest,
        }
        self.prev = digest
        return entry

    def append(
        self,
        *,
        actor: str,
        action: str,
        subject_type: str,
        subject_id: int | None,
        details: dict[str, Any],
    ) -> Decision:
        entry = Decision(
            **self.row(
                actor=actor,
                action=action,
                subject_type=subject_type,
                subject_id=subject_id,
                details=details,
            )
        )
        self.session.add(entry)
        return entry


def append_decision(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: int | None,
    details: dict[str, Any],
) -> Decision:
    """Append one audit entry chained to the previous one."""
    entry = _Chain(session).append(
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details,
    )
    session.flush()
    return entry


def verify_chain(session: Session) -> int | None:
    """Id of the first entry whose hash does not match, or None when the chain is intact."""
    prev = GENESIS
    for entry in session.scalars(select(Decision).order_by(Decision.id)):
        expected = _digest(
            prev,
            entry.at.isoformat(),
            entry.actor,
            entry.action,
            entry.subject_type,
            entry.subject_id,
            entry.details,
        )
        if entry.prev_hash != prev or entry.hash != expected:
            return entry.id
        prev = entry.hash
    return None


@dataclass(frozen=True, slots=True)
class AlertTarget:
    """Where an alert points in the store."""

    page_id: int
    post_id: int | None
    comment_id: int | None


def record_alerts(session: Session, items: Sequence[tuple[AlertDraft, AlertTarget]]) -> list[Alert]:
    """Store each alert unless one with its key exists; open incidents where the rule says.

    Every stored alert and opened incident appends to the audit log, in order.
    """
    ids = record_alert_ids(session, items)
    if not ids:
        return []
    found = {a.id: a for a in session.scalars(select(Alert).where(Alert.id.in_(ids)))}
    return [found[i] for i in ids]


def record_alert_ids(
    session: Session, items: Sequence[tuple[AlertDraft, AlertTarget]]
) -> list[int]:
    """`record_alerts` in bulk, for the analysis: one INSERT for the new alerts and one for
    their audit entries (incidents, rare, one by one); returns the new alerts' ids."""
    keys = {draft.key for draft, _ in items}
    taken = set(session.scalars(select(Alert.key).where(Alert.key.in_(keys)))) if keys else set()
    fresh: list[tuple[AlertDraft, AlertTarget]] = []
    for draft, target in items:
        if draft.key not in taken:
            taken.add(draft.key)
            fresh.append((draft, target))
    if not fresh:
        return []
    now = utc_now()
    alerts = cast(Table, Alert.__table__)
    rows = [_alert_row(draft, target, now) for draft, target in fresh]
    # one executemany, then the ids by key (unique): an ordered RETURNING is one
    # statement per row on SQLite
    session.execute(insert(alerts), rows)
    by_key = dict(
        session.execute(
            select(Alert.key, Alert.id).where(Alert.key.in_([d.key for d, _ in fresh]))
        ).all()
    )
    ids = [by_key[draft.key] for draft, _ in fresh]
    chain = _Chain(session)
    entries: list[dict[str, Any]] = []
    incidents: list[dict[str, Any]] = []
    for alert_id, (draft, target) in zip(ids, fresh, strict=True):
        entries.append(
            chain.row(
                actor=SYSTEM,
                action="alert.raised",
                subject_type="alert",
                subject_id=alert_id,
                details={"kind": draft.kind, "rule": draft.rule, "severity": draft.severity.value},
            )
        )
        if draft.open_incident:
            incident = _new_incident(
                session, title=f"{draft.kind} on {draft.page}", severity=draft.severity.value,
                page_id=target.page_id,
            )  # fmt: skip
            incidents.append({"id": alert_id, "incident_id": incident})
            entries.append(
                chain.row(
                    actor=SYSTEM,
                    action="incident.opened",
                    subject_type="incident",
                    subject_id=incident,
                    details={"alert": alert_id, "severity": draft.severity.value},
                )
            )
    session.execute(insert(cast(Table, Decision.__table__)), entries)
    if incidents:
        session.execute(update(Alert), incidents)
    return ids


def _alert_row(draft: AlertDraft, target: AlertTarget, now: datetime) -> dict[str, Any]:
    return {
        "key": draft.key,
        "kind": draft.kind,
        "severity": draft.severity.value,
        "rule": draft.rule,
        "status": AlertStatus.OPEN.value,
        "at": draft.at,
        "page_id": target.page_id,
        "post_id": target.post_id,
        "comment_id": target.comment_id,
        "incident_id": None,
        "evidence": draft.evidence,
        "created_at": now,
        "acknowledged_at": None,
        "acknowledged_by": None,
    }


def _new_incident(session: Session, *, title: str, severity: str, page_id: int) -> int:
    now = utc_now()
    incident = Incident(
        title=title[:300],
        status=IncidentStatus.OPEN.value,
        severity=severity,
        page_id=page_id,
        opened_at=now,
        updated_at=now,
    )
    session.add(incident)
    session.flush()
    return incident.id


def _digest(prev: str, *parts: Any) -> str:
    payload = json.dumps([prev, *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def acknowledge_alert(session: Session, alert_id: int, *, actor: str, via: str) -> Alert:
    """Mark the alert acknowledged (once) and log who did it and how; stops its escalation."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"no alert {alert_id}")
    if alert.acknowledged_at is None:
        alert.acknowledged_at = utc_now()
        alert.acknowledged_by = actor[:200]
        alert.status = AlertStatus.ACKNOWLEDGED.value
        append_decision(
            session,
            actor=actor,
            action="alert.acknowledged",
            subject_type="alert",
            subject_id=alert.id,
            details={"via": via},
        )
    return alert


def acknowledge_incident(session: Session, incident_id: int, *, actor: str, via: str) -> Incident:
    """Acknowledge an open incident and every alert linked to it."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id}")
    if incident.status == IncidentStatus.OPEN.value:
        set_incident_status(session, incident_id, IncidentStatus.ACKNOWLEDGED, actor=actor, via=via)
    return incident


def record_notification(
    session: Session,
    *,
    alert_id: int,
    step: int,
    contact: str,
    channel: str,
    delivered: bool,
    attempts: int,
    error: str | None,
) -> Notification:
    """Store one delivery attempt and append it to the audit log."""
    notification = Notification(
        alert_id=alert_id,
        step=step,
        contact=contact,
        channel=channel,
        status="sent" if delivered else "failed",
        attempts=attempts,
        error=error,
        at=utc_now(),
    )
    session.add(notification)
    session.flush()
    append_decision(
        session,
        actor=SYSTEM,
        action="notification.sent" if delivered else "notification.failed",
        subject_type="alert",
        subject_id=alert_id,
        details={"step": step, "contact": contact, "channel": channel, "attempts": attempts}
        | ({"error": error} if error else {}),
    )
    return notification


def set_incident_status(
    session: Session, incident_id: int, status: IncidentStatus, *, actor: str, via: str = "cli"
) -> Incident:
    """Move an incident along its lifecycle; a move the lifecycle forbids is refused."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id}")
    current = IncidentStatus(incident.status)
    if not current.can_become(status):
        raise InvalidTransition(
            f"incident {incident_id} is {current.value}: it cannot become {status.value}"
        )
    incident.status = status.value
    incident.updated_at = utc_now()
    append_decision(
        session,
        actor=actor,
        action="incident.status",
        subject_type="incident",
        subject_id=incident.id,
        details={"from": current.value, "to": status.value, "via": via},
    )
    if status is IncidentStatus.ACKNOWLEDGED:
        for alert_id in session.scalars(select(Alert.id).where(Alert.incident_id == incident_id)):
            acknowledge_alert(session, alert_id, actor=actor, via=via)
    return incident


def add_incident_note(session: Session, incident_id: int, text: str, *, actor: str) -> Decision:
    """Notes are audit entries: they can be added, never edited."""
    if session.get(Incident, incident_id) is None:
        raise NotFound(f"no incident {incident_id}")
    return append_decision(
        session,
        actor=actor,
        action="incident.note",
        subject_type="incident",
        subject_id=incident_id,
        details={"text": text[:5000]},
    )
