"""The escalation timeline of a replayed stream: who would be told when, and when it stops.

A dry run of the matrix in event time, for rehearsing a crisis: every alert's plan is
unrolled, and an acknowledgment (from a scripted list) stops the steps after it. Nothing
is sent; `vigile notify` sends for real.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from vigile.domain.charter import Charter
from vigile.domain.errors import InputError
from vigile.domain.model import Severity, iso_z
from vigile.pipeline.rows import parse_time
from vigile.policy.escalation import due, plan

FAR_FUTURE = datetime.max.replace(year=9000)


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
    for step in due(
        steps, now=FAR_FUTURE.replace(tzinfo=raised.tzinfo), acknowledged_at=ack.at if ack else None
    ):
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
