"""Load a charter YAML file into typed rules, with errors that name the line and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from vigile.domain.charter import (
    Approvals,
    Charter,
    Contact,
    EscalationStep,
    QuietHours,
    Retention,
    Role,
    Rule,
    ToneRules,
)
from vigile.domain.errors import ConfigError
from vigile.domain.model import Severity, known_zone
from vigile.policy import yamlfile

DEFAULT_CHARTER_NAME = "charter.yaml"


_DURATION = re.compile(r"^\s*(\d+)\s*(s|min|m|h|d)\s*$")
_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_duration(value: object) -> timedelta:
    """'90s', '15m', '15min', '2h', '1d' or a number of minutes."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(minutes=value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"not a duration: {value!r} (use 15m, 2h, 1d)")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


def _clock(value: object) -> time:
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"not a time of day: {value!r} (use 22:00)") from None


Clock = Annotated[time, BeforeValidator(_clock)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _RuleSpec(_Spec):
    name: str = Field(min_length=1)
    level: str = Field(pattern="^(comment|thread|author|page)$")
    signal: str = Field(min_length=1)
    at_least: float = Field(ge=0.0)
    severity: Severity
    kind: str | None = None
    open_incident: bool = False


class _ContactSpec(_Spec):
    id: str = Field(min_length=1, pattern=r"^[\w.-]+$")
    name: str = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    channels: dict[str, str] = {}


class _StepSpec(_Spec):
    notify: list[str] = Field(min_length=1)
    channels: list[str] = []
    ack_within: Duration | None = None


class _QuietSpec(_Spec):
    start: Clock
    end: Clock
    timezone: str = "UTC"
    unless_at_least: Severity = Severity.CRITICAL
    on_call: list[str] = []

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if known_zone(value) is None:
            raise ValueError(f"unknown time zone {value!r} (use e.g. Europe/Paris)")
        return value


class _ToneSpec(_Spec):
    address: Literal["vous", "tu"] | None = None
    banned_words: list[str] = []
    forbidden_styles: list[str] = []
    forbidden_promises: list[str] = []


class _ApprovalsSpec(_Spec):
    posts_require: list[str] = []
    when_risk_at_least: float = Field(default=1.0, ge=0.0, le=1.0)


class _RetentionSpec(_Spec):
    comments_days: int | None = Field(default=None, ge=1)
    decisions_days: int | None = Field(default=None, ge=1)


class _CharterSpec(_Spec):
    version: int = 1
    organisation: str = "default"
    language: Literal["en", "fr"] = "en"
    contacts: list[_ContactSpec] = []
    rules: list[_RuleSpec]
    escalation: dict[Severity, list[_StepSpec]] = {}
    quiet_hours: _QuietSpec | None = None
    tone: _ToneSpec = _ToneSpec()
    approvals: _ApprovalsSpec = _ApprovalsSpec()
    retention: _RetentionSpec = _RetentionSpec()
    sensitive_dates: list[str] = []

    @model_validator(mode="after")
    def _targets_exist(self) -> _CharterSpec:
        known = {c.id for c in self.contacts} | {r.value for r in Role}
        for severity, steps in self.escalation.items():
            for i, step in enumerate(steps):
                for j, target in enumerate(step.notify):
                    if target not in known:
                        raise _CrossRef(
                            ("escalation", severity.value, i, "notify", j),
                            f"'{target}' is neither a contact id nor a role",
                        )
        if self.quiet_hours:
            for j, target in enumerate(self.quiet_hours.on_call):
                if target not in known:
                    raise _CrossRef(
                        ("quiet_hours", "on_call", j),
                        f"'{target}' is neither a contact id nor a role",
                    )
        names = [r.name for r in self.rules]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise _CrossRef(("rules", i, "name"), f"rule name '{name}' is used twice")
        return self


class _CrossRef(ValueError):
    """A reference error with the exact location, so the message names the line."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def default_charter_text() -> str:
    return resources.files("vigile.policy").joinpath(DEFAULT_CHARTER_NAME).read_text("utf-8")


def load_charter(path: Path | None) -> Charter:
    """Read the workspace charter, or the shipped default when `path` is None."""
    if path is None:
        return parse_charter(default_charter_text(), source="<default charter>")
    return parse_charter(yamlfile.read_text(path), source=str(path))


def parse_charter(text: str, *, source: str) -> Charter:
    """Validate charter YAML; a ConfigError names the source, the line and the field."""
    raw, data = yamlfile.load(text, source=source)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the charter must be a mapping with a 'rules' list")
    try:
        spec = _CharterSpec.model_validate(data)
    except ValidationError as exc:
        loc, message = _located(exc.errors()[0])
        raise ConfigError(yamlfile.where(source, raw, loc) + f": {message}") from exc
    return _charter(spec)


@dataclass(frozen=True, slots=True)
class CharterProblem:
    """One thing wrong in a charter text: its line (1-based), its field (dotted), why."""

    line: int | None
    field: str | None
    message: str


def check_charter(text: str) -> tuple[Charter | None, list[CharterProblem]]:
    """Every problem of a charter text, for an editor (parse_charter stops at the first)."""
    try:
        raw, data = yamlfile.load(text, source="charter")
    except ConfigError as exc:
        mark = getattr(exc.__cause__, "problem_mark", None)
        reason = getattr(exc.__cause__, "problem", None) or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        return None, [CharterProblem(line, None, f"invalid YAML: {reason}")]
    if not isinstance(data, dict):
        return None, [CharterProblem(1, None, "the charter must be a mapping with a 'rules' list")]
    try:
        spec = _CharterSpec.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc, message = _located(error)
            field = ".".join(str(p) for p in loc) or None
            problems.append(CharterProblem(yamlfile.line_of(raw, loc), field, message))
        return None, problems
    return _charter(spec), []


def _located(error: Any) -> tuple[tuple[str | int, ...], str]:
    """Where a validation error is and what it says (a cross-reference names its own place)."""
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, _CrossRef):
        return cause.loc, str(cause)
    return tuple(error["loc"]), str(error["msg"])


def _charter(spec: _CharterSpec) -> Charter:
    return Charter(
        organisation=spec.organisation,
        language=spec.language,
        rules=tuple(
            Rule(
                r.name, r.level, r.signal, r.at_least, r.severity, r.kind or r.name, r.open_incident
            )
            for r in spec.rules
        ),
        contacts=tuple(
            Contact(c.id, c.name, tuple(c.roles), dict(c.channels)) for c in spec.contacts
        ),
        escalation={
            severity: tuple(
                EscalationStep(tuple(s.notify), tuple(s.channels), s.ack_within) for s in steps
            )
            for severity, steps in spec.escalation.items()
        },
        quiet_hours=QuietHours(
            start=spec.quiet_hours.start,
            end=spec.quiet_hours.end,
            timezone=spec.quiet_hours.timezone,
            unless_at_least=spec.quiet_hours.unless_at_least,
            on_call=tuple(spec.quiet_hours.on_call),
        )
        if spec.quiet_hours
        else None,
        tone=ToneRules(
            spec.tone.address,
            tuple(spec.tone.banned_words),
            tuple(spec.tone.forbidden_styles),
            tuple(spec.tone.forbidden_promises),
        ),
        approvals=Approvals(tuple(spec.approvals.posts_require), spec.approvals.when_risk_at_least),
        retention=Retention(spec.retention.comments_days, spec.retention.decisions_days),
        sensitive_dates=tuple(spec.sensitive_dates),
    )
