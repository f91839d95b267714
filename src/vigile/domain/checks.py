"""What the reply and post checks report: findings with a reason code, a span and a fix.

A finding is data, not a sentence: `code` names a message (`check.<code>`) and its fix
(`check.<code>.fix`), rendered in French or English from `values`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class FindingSeverity(StrEnum):
    """`block` fails the check; `warn` asks for a second look; `note` only informs."""

    NOTE = "note"
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a text: where (`span`, character offsets; None for the whole text)."""

    code: str
    severity: FindingSeverity
    span: tuple[int, int] | None = None
    values: dict[str, str | int | float] = field(default_factory=dict)
    suggestion: str | None = None  # a concrete replacement when one exists
    weight: float = 0.0  # contribution to a post's risk score


@dataclass(frozen=True, slots=True)
class ApprovalNeed:
    """Someone the charter says must approve: a contact id or role and who holds it."""

    target: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of a check: `ok` is False when a blocking finding or an approval stands."""

    kind: str  # "reply" or "post"
    lang: str
    ok: bool
    risk: float
    findings: tuple[Finding, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    approvals: tuple[ApprovalNeed, ...] = ()

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings}


@dataclass(frozen=True, slots=True)
class PastIncident:
    """The text of a thread that once raised an alert or an incident, for similarity."""

    ref: str
    text: str


@dataclass(frozen=True, slots=True)
class PastCase:
    """A case study of the library close to a post, with what its authors would change."""

    ref: str
    title: str
    tags: str
    change: str
    similarity: float  # the fused similarity of community.semantic, in [0, 1]


@dataclass(frozen=True, slots=True)
class PostContext:
    """What the store knows when a post is checked: open incidents and the page's history."""

    at: datetime | None = None
    network: str | None = None
    open_incidents: tuple[str, ...] = ()  # titles of incidents still open on the page
    past_incidents: tuple[PastIncident, ...] = ()
    past_cases: tuple[PastCase, ...] = ()  # the closest case studies, best first
