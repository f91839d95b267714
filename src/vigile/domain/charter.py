"""The company charter as typed rules: who is told what, when, and how the brand speaks.

Thresholds and severities live here, not in models: a score is not a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from enum import StrEnum

from vigile.domain.model import Severity

LEVELS = ("comment", "thread", "author", "page")
# the organisation that runs the server: its charter is the workspace default
DEFAULT_ORGANISATION = "default"


class Role(StrEnum):
    CM = "cm"
    MANAGER = "manager"
    COMMS_LEAD = "comms_lead"
    LEGAL = "legal"
    CUSTOMER_CARE = "customer_care"
    ON_CALL = "on_call"


@dataclass(frozen=True, slots=True)
class Rule:
    """When `signal` at `level` reaches `at_least`, raise an alert of `kind`."""

    name: str
    level: str
    signal: str
    at_least: float
    severity: Severity
    kind: str
    open_incident: bool = False


@dataclass(frozen=True, slots=True)
class Contact:
    """A person and the channels that reach them (apprise URLs by channel name)."""

    id: str
    name: str
    roles: tuple[Role, ...]
    channels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EscalationStep:
    """Tell `notify` (contact ids or roles); if nobody acknowledges within `ack_within`, go on."""

    notify: tuple[str, ...]
    channels: tuple[str, ...] = ()
    ack_within: timedelta | None = None


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Between `start` and `end` (local time), alerts below `unless_at_least` go to on-call."""

    start: time
    end: time
    timezone: str
    unless_at_least: Severity
    on_call: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ToneRules:
    address: str | None = None  # "vous" or "tu"
    banned_words: tuple[str, ...] = ()
    forbidden_styles: tuple[str, ...] = ()
    forbidden_promises: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Approvals:
    posts_require: tuple[str, ...] = ()
    when_risk_at_least: float = 1.0


@dataclass(frozen=True, slots=True)
class Retention:
    comments_days: int | None = None
    decisions_days: int | None = None


@dataclass(frozen=True, slots=True)
class Charter:
    organisation: str
    rules: tuple[Rule, ...]
    language: str = "en"
    contacts: tuple[Contact, ...] = ()
    escalation: dict[Severity, tuple[EscalationStep, ...]] = field(default_factory=dict)
    quiet_hours: QuietHours | None = None
    tone: ToneRules = field(default_factory=ToneRules)
    approvals: Approvals = field(default_factory=Approvals)
    retention: Retention = field(default_factory=Retention)
    sensitive_dates: tuple[str, ...] = ()

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def resolve(self, target: str) -> tuple[Contact, ...]:
        """A contact id, or every contact holding that role."""
        found = self.contact(target)
        if found is not None:
            return (found,)
        return tuple(c for c in self.contacts if target in c.roles)


@dataclass(frozen=True, slots=True)
class CharterSet:
    """The workspace's default charter and the organisations' own ones (by slug): an
    organisation without a charter of its own inherits the default."""

    default: Charter
    own: dict[str, Charter] = field(default_factory=dict)

    def for_org(self, slug: str) -> Charter:
        return self.own.get(slug, self.default)
