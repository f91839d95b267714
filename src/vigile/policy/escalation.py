"""Escalation plans: who is told when, under the charter, for a given clock. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from vigile.domain.charter import Charter, Contact
from vigile.domain.model import Severity, as_utc


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """Step `index` of the matrix: tell `contacts` at `send_at` unless acknowledged before."""

    index: int
    contacts: tuple[Contact, ...]
    channels: tuple[str, ...]
    send_at: datetime
    quiet_hours: bool = False


def plan(charter: Charter, severity: Severity, raised_at: datetime) -> list[PlannedStep]:
    """The whole chain for an alert raised at `raised_at`; a step without a deadline ends it."""
    steps = charter.escalation.get(severity, ())
    quiet = in_quiet_hours(charter, severity, raised_at)
    planned: list[PlannedStep] = []
    send_at = as_utc(raised_at)
    for index, step in enumerate(steps):
        targets = (
            charter.quiet_hours.on_call
            if quiet and index == 0 and charter.quiet_hours
            else step.notify
        )
        planned.append(
            PlannedStep(
                index=index,
                contacts=_contacts(charter, targets),
                channels=step.channels,
                send_at=send_at,
                quiet_hours=quiet and index == 0,
            )
        )
        if step.ack_within is None:
            break
        send_at = send_at + step.ack_within
    return planned


def due(
    planned: list[PlannedStep], *, now: datetime, acknowledged_at: datetime | None
) -> list[PlannedStep]:
    """Steps whose time has come and that no acknowledgment made unnecessary."""
    now = as_utc(now)
    return [
        step
        for step in planned
        if step.send_at <= now
        and (step.index == 0 or acknowledged_at is None or step.send_at < as_utc(acknowledged_at))
    ]


def in_quiet_hours(charter: Charter, severity: Severity, at: datetime) -> bool:
    quiet = charter.quiet_hours
    if quiet is None or severity.rank >= quiet.unless_at_least.rank:
        return False
    local = as_utc(at).astimezone(ZoneInfo(quiet.timezone)).time()
    return _between(local, quiet.start, quiet.end)


def _between(moment: time, start: time, end: time) -> bool:
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def _contacts(charter: Charter, targets: tuple[str, ...]) -> tuple[Contact, ...]:
    seen: dict[str, Contact] = {}
    for target in targets:
        for contact in charter.resolve(target):
            seen.setdefault(contact.id, contact)
    return tuple(seen.values())
