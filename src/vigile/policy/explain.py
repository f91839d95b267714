"""`vigile charter explain`: the charter in plain words, in French or English."""

from __future__ import annotations

from datetime import timedelta

from vigile.domain.charter import Charter, Contact
from vigile.domain.model import Severity
from vigile.i18n import t


def explain(charter: Charter, lang: str) -> list[str]:
    lines = [t("explain.title", lang, organisation=charter.organisation)]
    for severity in Severity:
        rules = [r for r in charter.rules if r.severity is severity]
        steps = charter.escalation.get(severity, ())
        if not rules and not steps:
            continue
        lines.append("")
        lines.append(
            t("explain.level", lang, severity=t(f"severity.{severity.value}", lang).upper())
        )
        for rule in rules:
            text = t(
                "explain.rule",
                lang,
                level=t(f"level.{rule.level}", lang),
                signal=rule.signal,
                at_least=rule.at_least,
                name=rule.name,
            )
            lines.append(
                f"  - {text}" + (f"; {t('explain.incident', lang)}" if rule.open_incident else "")
            )
        if not steps:
            lines.append("  " + t("explain.nobody", lang))
        previous: timedelta | None = None
        for index, step in enumerate(steps):
            who = _who(charter, step.notify, lang)
            how = t("explain.by", lang, channels=", ".join(step.channels)) if step.channels else ""
            if index == 0:
                lines.append("  " + t("explain.first", lang, who=who, how=how))
            elif previous is not None:
                lines.append(
                    "  " + t("explain.next", lang, delay=_delay(previous), who=who, how=how)
                )
            if step.ack_within is None:
                break
            previous = step.ack_within
    lines += _quiet(charter, lang) + _tone(charter, lang) + _posts(charter, lang)
    return lines


def _who(charter: Charter, targets: tuple[str, ...], lang: str) -> str:
    names = []
    for target in targets:
        contacts = charter.resolve(target)
        names += [_name(c) for c in contacts] or [f"({target})"]
    return ", ".join(names) or t("explain.none", lang)


def _name(contact: Contact) -> str:
    return f"{contact.name} ({', '.join(r.value for r in contact.roles)})"


def _delay(delay: timedelta) -> str:
    minutes = int(delay.total_seconds() // 60)
    if minutes % 1440 == 0:
        return f"{minutes // 1440} d"
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"


def _quiet(charter: Charter, lang: str) -> list[str]:
    quiet = charter.quiet_hours
    if quiet is None:
        return []
    return [
        "",
        t(
            "explain.quiet",
            lang,
            start=quiet.start.strftime("%H:%M"),
            end=quiet.end.strftime("%H:%M"),
            timezone=quiet.timezone,
            severity=quiet.unless_at_least.value,
            who=_who(charter, quiet.on_call, lang),
        ),
    ]


def _tone(charter: Charter, lang: str) -> list[str]:
    tone = charter.tone
    if not (tone.address or tone.banned_words or tone.forbidden_styles or tone.forbidden_promises):
        return []
    none = t("explain.none", lang)
    return [
        "",
        t(
            "explain.tone",
            lang,
            address=tone.address or "—",
            banned=", ".join(tone.banned_words) or none,
            styles=", ".join(tone.forbidden_styles) or none,
            promises=", ".join(tone.forbidden_promises) or none,
        ),
    ]


def _posts(charter: Charter, lang: str) -> list[str]:
    """Who approves risky brand posts, and the dates on which posting is sensitive."""
    lines = []
    approvals = charter.approvals
    if approvals.posts_require and approvals.when_risk_at_least <= 1.0:
        who = _who(charter, approvals.posts_require, lang)
        threshold = f"{approvals.when_risk_at_least:g}"
        lines.append(t("explain.approvals", lang, threshold=threshold, who=who))
    if charter.sensitive_dates:
        lines.append(t("explain.sensitive_dates", lang, dates=", ".join(charter.sensitive_dates)))
    return ["", *lines] if lines else []
