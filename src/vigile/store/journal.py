"""The one write path for alerts, incidents and decisions; each write appends to the audit log.

The audit log (`decisions`) is a hash chain: every entry hashes its content with the
previous entry's hash, so an edited or deleted entry breaks `verify_chain`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.domain.model import AlertDraft, AlertStatus, IncidentStatus, utc_now
from vigile.store.schema import Alert, Decision, Incident

GENESIS = "0" * 64
SYSTEM = "vigile"


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
    last = session.scalars(select(Decision).order_by(Decision.id.desc()).limit(1)).first()
    prev = last.hash if last else GENESIS
    at = utc_now()
    entry = Decision(
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details,
        prev_hash=prev,
        hash=_digest(prev, at.isoformat(), actor, action, subject_type, subject_id, details),
    )
    session.add(entry)
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


def record_alert(
    session: Session,
    draft: AlertDraft,
    *,
    page_id: int,
    post_id: int | None,
    comment_id: int | None,
) -> Alert | None:
    """Store the alert unless one with the same key exists; open an incident if the rule says."""
    if session.scalars(select(Alert.id).where(Alert.key == draft.key)).first() is not None:
        return None
    alert = Alert(
        key=draft.key,
        kind=draft.kind,
        severity=draft.severity.value,
        rule=draft.rule,
        status=AlertStatus.OPEN.value,
        at=draft.at,
        page_id=page_id,
        post_id=post_id,
        comment_id=comment_id,
        evidence=draft.evidence,
        created_at=utc_now(),
    )
    session.add(alert)
    session.flush()
    append_decision(
        session,
        actor=SYSTEM,
        action="alert.raised",
        subject_type="alert",
        subject_id=alert.id,
        details={"kind": draft.kind, "rule": draft.rule, "severity": draft.severity.value},
    )
    if draft.open_incident:
        alert.incident_id = open_incident(
            session, alert=alert, title=f"{draft.kind} on {draft.page}"
        ).id
    return alert


def open_incident(session: Session, *, alert: Alert, title: str) -> Incident:
    now = utc_now()
    incident = Incident(
        title=title[:300],
        status=IncidentStatus.OPEN.value,
        severity=alert.severity,
        page_id=alert.page_id,
        opened_at=now,
        updated_at=now,
    )
    session.add(incident)
    session.flush()
    append_decision(
        session,
        actor=SYSTEM,
        action="incident.opened",
        subject_type="incident",
        subject_id=incident.id,
        details={"alert": alert.id, "severity": alert.severity},
    )
    return incident


def _digest(prev: str, *parts: Any) -> str:
    payload = json.dumps([prev, *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
