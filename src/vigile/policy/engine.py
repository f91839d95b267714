"""Pure policy engine: signals in, alert drafts out. Deterministic, no I/O, no clock."""

from __future__ import annotations

from collections.abc import Iterable

from vigile.domain.charter import Charter, Rule
from vigile.domain.model import AlertDraft, Signal


def evaluate(charter: Charter, signals: Iterable[Signal]) -> list[AlertDraft]:
    """Every rule that a signal meets becomes one alert draft, keyed for deduplication."""
    drafts: list[AlertDraft] = []
    for signal in signals:
        for rule in charter.rules:
            if _matches(rule, signal):
                drafts.append(_draft(rule, signal))
    return drafts


def _matches(rule: Rule, signal: Signal) -> bool:
    return (
        rule.level == signal.level and rule.signal == signal.name and signal.value >= rule.at_least
    )


def _draft(rule: Rule, signal: Signal) -> AlertDraft:
    subject = signal.comment or signal.thread or signal.page
    episode = signal.evidence.get("episode", "")
    key = f"{rule.name}|{signal.level}|{subject}|{episode}"
    return AlertDraft(
        key=key,
        kind=rule.kind,
        severity=rule.severity,
        rule=rule.name,
        at=signal.at,
        page=signal.page,
        thread=signal.thread,
        comment=signal.comment,
        evidence={"signal": signal.name, "value": round(signal.value, 4), **signal.evidence},
        open_incident=rule.open_incident,
    )
