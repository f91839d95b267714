"""The company charter as typed rules: thresholds and severities live here, not in models."""

from __future__ import annotations

from dataclasses import dataclass

from vigile.domain.model import Severity

LEVELS = ("comment", "thread", "author", "page")


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
class Charter:
    organisation: str
    rules: tuple[Rule, ...]
