"""The escalation timeline of a replayed stream: who would be told when, and when it stops.

A dry run of the matrix in event time, for rehearsing a crisis: every alert's plan is
unrolled, and an acknowledgment (from a scripted list) stops the steps after it. Nothing
is sent; `vigile notify` sends for real.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vigile.domain.charter import Charter
from vigile.domain.errors import InputError
from vigile.domain.model import Severity, iso_z, utc_now
from vigile.incidents.report import (
    Acknowledgment,
    AlertFacts,
    LogEntry,
    Notice,
    Report,
    account,
)
from vigile.pipeline.rows import parse_time
from vigile.policy.escalation import due, plan

FAR_FUTURE = datetime.max.replace(year=9000, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Ack:
    """`by` acknowledged the first `kind` alert on `page` raised at or before `at`."""

    kind: str
    page: str
    by: str
    at: datetime


def read_acks(path: Path) -> list[Ack]:
    acks = []
    for line, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON ({exc.msg})", line=line) from None
        for name in ("kind", "page", "by", "at"):
            if not isinstance(data.get(name), str):
                raise InputError("missing or not a string", line=line, field=name)
        at = parse_time(data["at"], line=line)
        assert at is not None
        acks.append(Ack(data["kind"], data["page"], data["by"], at))
    return acks


def timeline(
    charter: Charter, alerts: Sequence[dict[str, Any]], acks: Sequence[Ack]
) -> list[dict[str, Any]]:
    """Notices and acknowledgments in event order."""
    events = [event for alert in alerts for event in _alert_events(charter, alert, acks)]
    return sorted(events, key=lambda e: (e["at"], e["alert"]["id"], e.get("step", 99)))


def _alert_events(
    charter: Charter, alert: dict[str, Any], acks: Sequence[Ack]
) -> Iterator[dict[str, Any]]:
    raised = parse_time(alert["at"])
    assert raised is not None
    ack = next(
        (
            a
            for a in sorted(acks, key=lambda a: a.at)
            if a.kind == alert["kind"] and a.page == alert["page"] and a.at >= raised
        ),
        None,
    )
    summary = {k: alert[k] for k in ("id", "kind", "severity", "page", "at")}
    steps = plan(charter, Severity(alert["severity"]), raised)
    for step in due(steps, now=FAR_FUTURE, acknowledged_at=ack.at if ack else None):
        for contact in step.contacts:
            yield {
                "at": iso_z(step.send_at),
                "event": "notify",
                "alert": summary,
                "step": step.index,
                "to": contact.id,
                "channels": list(step.channels or contact.channels),
                "quiet_hours": step.quiet_hours,
            }
    if ack is not None:
        yield {"at": iso_z(ack.at), "event": "acknowledged", "alert": summary, "by": ack.by}


def rehearsal_report(
    charter: Charter, alerts: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]]
) -> Report:
    """The timeline as an accountability report: required next to what the dry run did."""
    escalated = [a for a in alerts if charter.escalation.get(Severity(a["severity"]))]
    accounts, log = [], []
    for alert in escalated:
        mine = [e for e in events if e["alert"]["id"] == alert["id"]]
        facts = _facts(alert)
        notices = [
            Notice(
                at=_time(e["at"]),
                step=e["step"],
                contact=e["to"],
                channel=", ".join(e["channels"]),
                sent=True,
            )
            for e in mine
            if e["event"] == "notify"
        ]
        ack = next(
            (
                Acknowledgment(e["by"], _time(e["at"]), "rehearsal")
                for e in mine
                if e["event"] == "acknowledged"
            ),
            None,
        )
        accounts.append(account(charter, facts, notices=notices, acknowledged=ack, now=FAR_FUTURE))
        log += _rehearsal_log(facts, notices, ack)
    return Report(
        organisation=charter.organisation,
        generated_at=utc_now(),
        alerts=tuple(accounts),
        log=tuple(sorted(log, key=lambda e: e.at)),
        chain=None,
        others=len(alerts) - len(escalated),
    )


def _time(value: str) -> datetime:
    moment = parse_time(value)
    assert moment is not None
    return moment


def _facts(alert: dict[str, Any]) -> AlertFacts:
    raised = _time(alert["at"])
    return AlertFacts(
        id=alert["id"],
        kind=alert["kind"],
        severity=alert["severity"],
        rule=alert.get("rule", alert["kind"]),
        page=alert["page"],
        at=raised,
        raised_at=raised,  # in a rehearsal the clock starts at the event
        thread=alert.get("thread"),
        comment=alert.get("comment"),
        evidence=dict(alert.get("evidence") or {}),
    )


def _rehearsal_log(
    facts: AlertFacts, notices: Sequence[Notice], ack: Acknowledgment | None
) -> list[LogEntry]:
    def entry(at: datetime, actor: str, action: str, details: dict[str, Any]) -> LogEntry:
        return LogEntry(None, at, actor, action, "alert", facts.id, details)

    log = [
        entry(
            facts.raised_at,
            "vigile",
            "alert.raised",
            {"kind": facts.kind, "rule": facts.rule, "severity": facts.severity},
        )
    ]
    for notice in notices:
        if notice.step > 0 and notice is next(n for n in notices if n.step == notice.step):
            to = [n.contact for n in notices if n.step == notice.step]
            escalated = {"step": notice.step, "to": to}
            log.append(entry(notice.at, "vigile", "alert.escalated", escalated))
        details = {"step": notice.step, "contact": notice.contact, "channel": notice.channel}
        log.append(entry(notice.at, "vigile", "notification.planned", details))
    if ack is not None:
        log.append(entry(ack.at, ack.by, "alert.acknowledged", {"via": ack.via}))
    return log
