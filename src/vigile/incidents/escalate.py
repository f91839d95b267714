"""Send what the escalation matrix says is due, record every attempt, stop on acknowledgment.

Runs on a clock: the wall clock when live (`vigile notify`), the event time of the
stream in a replay. A channel that fails after its retries is recorded and the next
channel of the step is tried; each (alert, step, contact) is told at most once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.dates import format_moment
from vigile.domain.charter import Charter, CharterSet, Contact
from vigile.domain.model import Severity
from vigile.i18n import describe, t
from vigile.incidents.links import ack_url
from vigile.policy.escalation import PlannedStep, due, plan
from vigile.policy.notify.base import Notifier, NotifyError
from vigile.store.db import Database
from vigile.store.journal import append_decision, record_notification
from vigile.store.schema import Alert, Notification, Organisation, Page, Post

log = logging.getLogger(__name__)
GRACE = timedelta(days=1)


@dataclass(frozen=True)
class Delivery:
    """How to deliver: retries per channel with exponential backoff, links back to Vigile."""

    notifier: Notifier
    base_url: str
    secret: str
    retries: int = 3
    backoff_s: float = 0.5
    sleep: Callable[[float], None] = time.sleep


@dataclass
class DispatchSummary:
    sent: int = 0
    failed: int = 0
    escalations: int = 0


def dispatch(
    db: Database, charters: CharterSet, delivery: Delivery, *, now: datetime
) -> DispatchSummary:
    """Tell everyone the matrix says is due at `now`; safe to call as often as wanted.

    Each alert follows the charter of its page's organisation (its own, else the default).
    Only alerts young enough for a step to still be due are read (the longest chain plus a
    day of grace for a dispatcher that was down), so a tick does not grow with history.
    """
    summary = DispatchSummary()
    with db.session() as session:
        organisations = session.execute(
            select(Organisation.id, Organisation.slug).order_by(Organisation.id)
        ).all()
        for organisation_id, slug in organisations:
            charter = charters.for_org(slug)
            for alert in _young_alerts(session, charter, organisation_id, now=now):
                steps = due(
                    plan(charter, Severity(alert.severity), alert.created_at),
                    now=now,
                    acknowledged_at=alert.acknowledged_at,
                )
                for step in steps:
                    _send_step(session, charter, delivery, alert, step, summary)
    return summary


def _young_alerts(
    session: Session, charter: Charter, organisation_id: int, *, now: datetime
) -> list[Alert]:
    """The organisation's alerts that a step of its charter may still be due for."""
    oldest = now - _longest_chain(charter) - GRACE
    return list(
        session.scalars(
            select(Alert)
            .join(Page, Page.id == Alert.page_id)
            .where(
                Page.organisation_id == organisation_id,
                Alert.severity.in_([s.value for s in charter.escalation]),
                Alert.created_at >= oldest,
            )
            .order_by(Alert.id)
        )
    )


def _longest_chain(charter: Charter) -> timedelta:
    return max(
        (
            sum((s.ack_within or timedelta(0) for s in steps), timedelta(0))
            for steps in charter.escalation.values()
        ),
        default=timedelta(0),
    )


def _send_step(
    session: Session,
    charter: Charter,
    delivery: Delivery,
    alert: Alert,
    step: PlannedStep,
    summary: DispatchSummary,
) -> None:
    told = set(
        session.scalars(
            select(Notification.contact).where(
                Notification.alert_id == alert.id,
                Notification.step == step.index,
                Notification.status == "sent",
            )
        )
    )
    tried = set(
        session.execute(
            select(Notification.contact, Notification.channel).where(
                Notification.alert_id == alert.id, Notification.step == step.index
            )
        )
    )
    announced = step.index == 0 or bool(told) or bool(tried)
    for contact in step.contacts:
        if contact.id in told:
            continue
        channels = [c for c in (step.channels or tuple(contact.channels)) if c in contact.channels]
        untried = [c for c in channels if (contact.id, c) not in tried]
        if not untried:
            continue
        if not announced:  # once per step, however many people it tells
            announced = True
            summary.escalations += 1
            append_decision(
                session,
                actor="vigile",
                action="alert.escalated",
                subject_type="alert",
                subject_id=alert.id,
                details={"step": step.index, "to": [c.id for c in step.contacts]},
            )
        title, body = message(session, charter, delivery, alert, contact)
        for channel in untried:
            error = _deliver(delivery, contact.channels[channel], title, body)
            record_notification(
                session,
                alert_id=alert.id,
                step=step.index,
                contact=contact.id,
                channel=channel,
                delivered=error is None,
                attempts=delivery.retries,
                error=error,
            )
            if error is None:
                summary.sent += 1
                break
            summary.failed += 1


def _deliver(delivery: Delivery, url: str, title: str, body: str) -> str | None:
    """None when delivered; the last error otherwise (after retries with backoff)."""
    error = "not attempted"
    for attempt in range(delivery.retries):
        try:
            delivery.notifier.send(url, title=title, body=body)
            return None
        except NotifyError as exc:
            error = exc.message
            log.warning("notification attempt %d failed: %s", attempt + 1, error)
            if attempt + 1 < delivery.retries:
                delivery.sleep(delivery.backoff_s * 2**attempt)
    return error


def message(
    session: Session, charter: Charter, delivery: Delivery, alert: Alert, contact: Contact
) -> tuple[str, str]:
    """Title and body in the charter's language: what, where, why, and the link to acknowledge."""
    lang = charter.language
    page = session.get_one(Page, alert.page_id)
    post = session.get(Post, alert.post_id) if alert.post_id else None
    severity = t(f"severity.{alert.severity}", lang)
    where = f"{page.network}:{page.handle}"
    title = t("notify.title", lang, severity=severity.upper(), kind=alert.kind, where=where)
    reasons = alert.evidence.get("reasons") or []
    why = "; ".join(describe(r, lang) for r in reasons) if reasons else _evidence_line(alert)
    lines = [
        t(
            "notify.what",
            lang,
            kind=alert.kind,
            severity=severity,
            at=format_moment(alert.at, lang=lang, zone=_zone(charter)),
        ),
        t("notify.where", lang, where=where),
    ]
    if post is not None and post.text:
        lines.append(t("notify.post", lang, post=post.text[:160]))
    lines.append(t("notify.why", lang, why=why))
    lines.append(
        t("notify.ack", lang, url=ack_url(delivery.base_url, delivery.secret, alert.id, contact.id))
    )
    return title, "\n".join(lines)


def _zone(charter: Charter) -> str:
    """The charter's own time zone (its quiet hours'), else UTC."""
    return charter.quiet_hours.timezone if charter.quiet_hours else "UTC"


def _evidence_line(alert: Alert) -> str:
    keep = {k: v for k, v in alert.evidence.items() if k not in {"model", "detector", "episode"}}
    return ", ".join(f"{k}={v}" for k, v in keep.items())
