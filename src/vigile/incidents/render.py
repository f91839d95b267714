"""The accountability report as Markdown, self-contained HTML or JSON, in French or English.

Both text formats render one localised view (`report_view`), so they always say the
same thing; only the markup differs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from vigile.dates import format_moment
from vigile.domain.model import iso_z
from vigile.i18n import MESSAGES, describe, t
from vigile.incidents.report import (
    AckVerdict,
    AlertAccount,
    LogEntry,
    Notice,
    Report,
    StepAccount,
    StepOutcome,
)

HIDDEN_EVIDENCE = {"signal", "value", "reasons", "model", "detector", "episode"}
FORMATS = ("md", "html", "json")


def render(report: Report, fmt: str, lang: str) -> str:
    """The report in `fmt` (md, html or json)."""
    if fmt == "html":
        return render_html(report, lang)
    if fmt == "json":
        return json.dumps(report_json(report), ensure_ascii=False, indent=2)
    return render_markdown(report, lang)


When = Callable[[datetime | None], str]


def clock(lang: str, zone: str = "UTC") -> When:
    """How the report shows a moment: the dashboard's one format (`vigile.dates`) in
    `lang` and the time zone `zone` (UTC for a document that leaves the dashboard)."""

    def when(moment: datetime | None) -> str:
        return format_moment(moment, lang=lang, zone=zone) if moment else "—"

    return when


def duration(delay: timedelta) -> str:
    seconds = int(delay.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else ""]
    return " ".join([p for p in parts if p] + ([f"{minutes} min"] if minutes or not days else []))


def report_view(report: Report, lang: str, *, zone: str = "UTC") -> dict[str, Any]:
    """Everything the report says, localised (times in `zone`), as plain strings and lists."""
    when = clock(lang, zone)

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    if report.chain is None:
        chain, chain_ok = tr("report.chain.dry_run"), True
    elif report.chain.verified:
        chain, chain_ok = tr("report.chain.verified"), True
    else:
        chain, chain_ok = tr("report.chain.broken", id=report.chain.broken_at), False
    incident = report.incident
    title = (
        tr("report.title.incident", id=incident.id, title=incident.title)
        if incident
        else tr("report.title.rehearsal")
    )
    return {
        "lang": lang,
        "title": title,
        "meta": [
            (tr("report.organisation"), report.organisation),
            (tr("report.generated"), when(report.generated_at)),
            (tr("report.chain.label"), chain),
        ],
        "chain_ok": chain_ok,
        "summary": _summary(report, lang, when),
        "threads": [f"#{th.id}: {(th.text or '—')[:300]}" for th in report.threads],
        "alerts": [_alert_view(a, report.rehearsal, lang, when) for a in report.alerts],
        "log": [_log_row(e, report, lang, when) for e in report.log],
        "t": tr,
    }


def _summary(report: Report, lang: str, when: When) -> list[str]:
    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    lines = []
    incident = report.incident
    if incident is not None:
        opened = incident.opened_at

        def since(moment: datetime | None) -> str:
            return duration(moment - opened) if moment else tr("report.not_yet")

        pairs = [
            ("report.status", _state_name(incident.status, lang)),
            ("report.severity", tr(f"severity.{incident.severity}")),
            ("report.page", incident.page),
            ("report.opened", when(opened)),
            ("report.time_to_ack", since(incident.acknowledged_at)),
            ("report.time_to_respond", since(incident.responding_at)),
            ("report.resolved", when(incident.resolved_at)),
        ]
        lines += [tr("report.label", label=tr(key), value=value) for key, value in pairs]
    gaps = sum(len(a.gaps) for a in report.alerts)
    lines.append(tr("report.notified_gaps", count=gaps) if gaps else tr("report.notified_ok"))
    if report.others:
        lines.append(tr("report.others", count=report.others))
    return lines


def _state_name(status: object, lang: str) -> str:
    key = f"report.state.{status}"
    return t(key, lang) if key in MESSAGES else str(status)


def _alert_view(account: AlertAccount, rehearsal: bool, lang: str, when: When) -> dict[str, Any]:
    alert = account.alert
    severity = t(f"severity.{alert.severity}", lang)
    facts = [
        (t("report.event_time", lang), when(alert.at)),
        (t("report.raised_at", lang), when(alert.raised_at)),
        (t("report.rule", lang), alert.rule),
        (t("report.page", lang), alert.page),
    ]
    if alert.thread:
        facts.append((t("report.thread", lang), alert.thread))
    if alert.comment:
        facts.append((t("report.comment", lang), alert.comment))
    facts.append((t("report.evidence", lang), _evidence(alert.evidence, lang)))
    return {
        "heading": t("report.alert", lang, id=alert.id, kind=alert.kind, severity=severity),
        "facts": facts,
        "steps": [_step_row(s, account, rehearsal, lang, when) for s in account.steps],
        "no_steps": t("report.no_steps", lang) if not account.steps else "",
        "ack": _ack_lines(account, lang, when),
    }


def _evidence(evidence: dict[str, Any], lang: str) -> str:
    parts = [f"{evidence['signal']} = {evidence['value']}"] if "signal" in evidence else []
    parts += [describe(r, lang) for r in evidence.get("reasons") or []]
    parts += [f"{k} = {v}" for k, v in evidence.items() if k not in HIDDEN_EVIDENCE]
    return "; ".join(parts) or "—"


def _step_row(
    step: StepAccount, account: AlertAccount, rehearsal: bool, lang: str, when: When
) -> dict[str, Any]:
    names = {p.id: p.name for p in step.people}
    if step.outcome in (StepOutcome.SENT, StepOutcome.FAILED):
        done = [_notice(n, names, rehearsal, lang, when) for n in step.notices]
    else:
        done = [t(f"report.outcome.{step.outcome.value}", lang)]
    if step.outcome is StepOutcome.FAILED:
        done.append(t("report.outcome.failed", lang))
    who = ", ".join(f"{p.name} ({p.id})" for p in step.people) or "—"
    if step.quiet_hours:
        who += f" [{t('report.quiet_hours', lang)}]"
    return {
        "step": step.index + 1,
        "due": when(step.due_at),
        "who": who,
        "channels": ", ".join(step.channels) or t("report.any_channel", lang),
        "done": done,
        "ack": _deadline(step, lang, when),
        "verdict": _verdict(step, last=step.index == len(account.steps) - 1, lang=lang),
        "state": _state(step),
    }


def _notice(notice: Notice, names: dict[str, str], rehearsal: bool, lang: str, when: When) -> str:
    key = "planned" if rehearsal else ("sent" if notice.sent else "failed")
    return t(
        f"report.notice.{key}",
        lang,
        contact=names.get(notice.contact, notice.contact),
        channel=notice.channel,
        at=when(notice.at),
        error=notice.error or "",
    )


def _deadline(step: StepAccount, lang: str, when: When) -> str:
    if step.ack_within is None or step.deadline is None:
        return t("report.ack.end", lang)
    delay = duration(step.ack_within)
    return t("report.ack.within", lang, delay=delay, deadline=when(step.deadline))


def _verdict(step: StepAccount, *, last: bool, lang: str) -> str:
    if step.ack is None:
        return ""
    if step.ack is AckVerdict.MISSED and last:
        return t("report.verdict.missed_last", lang)
    return t(f"report.verdict.{step.ack.value}", lang)


def _state(step: StepAccount) -> str:
    """A CSS class: gap (required, not done), late (deadline missed), ok, or quiet."""
    if step.outcome in (StepOutcome.FAILED, StepOutcome.MISSING):
        return "gap"
    if step.ack is AckVerdict.MISSED:
        return "late"
    if step.ack is AckVerdict.MET:
        return "ok"
    return "quiet" if step.outcome is StepOutcome.STOPPED else ""


def _ack_lines(account: AlertAccount, lang: str, when: When) -> list[str]:
    ack = account.acknowledged
    if ack is None:
        return [t("report.not_acked", lang)]
    lines = [
        t(
            "report.acked",
            lang,
            by=ack.by,
            at=when(ack.at),
            via=ack.via or "—",
            delay=duration(ack.at - account.alert.raised_at),
        )
    ]
    step = account.answered_at_step
    if step is not None:
        lines.append(t("report.acked.step", lang, step=step + 1))
    elif any(s.ack is AckVerdict.MISSED for s in account.steps):
        lines.append(t("report.acked.late", lang))
    return lines


def _log_row(entry: LogEntry, report: Report, lang: str, when: When) -> dict[str, Any]:
    trusted = report.chain is None or report.chain.trusts(entry)
    return {
        "id": entry.id,
        "time": when(entry.at),
        "actor": entry.actor,
        "what": describe_entry(entry, lang),
        "trusted": trusted,
    }


def describe_entry(entry: LogEntry, lang: str) -> str:
    """One decision-log entry in words; an action without a sentence is shown as is."""
    details = entry.details
    values: dict[str, object] = {**details, "id": entry.subject_id}
    if "step" in details:
        values["step"] = int(details["step"]) + 1
    if entry.action == "incident.status":
        values |= {
            "old": _state_name(details.get("from"), lang),
            "new": _state_name(details.get("to"), lang),
        }
    if entry.action == "alert.raised" and f"severity.{details.get('severity')}" in MESSAGES:
        values["severity"] = t(f"severity.{details['severity']}", lang)
    if entry.action == "alert.escalated":
        values["to"] = ", ".join(str(x) for x in details.get("to", []))
    key = f"report.log.{entry.action}"
    try:
        return t(key, lang, **values)
    except KeyError:
        subject = f"{entry.subject_type} {entry.subject_id}"
        return t("report.log.other", lang, action=entry.action, subject=subject)


def render_markdown(report: Report, lang: str) -> str:
    view = report_view(report, lang)
    tr = view["t"]
    lines = [f"# {view['title']}", ""]
    lines += [
        f"- {tr('report.label', label=f'**{label}**', value=value)}"
        for label, value in view["meta"]
    ]
    lines += ["", f"## {tr('report.summary')}", ""] + [f"- {line}" for line in view["summary"]]
    lines += ["", f"## {tr('report.happened')}", ""]
    if view["threads"]:
        lines += [f"**{tr('report.threads')}**", ""] + [f"- {_md(x)}" for x in view["threads"]]
        lines.append("")
    for alert in view["alerts"]:
        lines += _markdown_alert(alert, tr)
    lines += [f"## {tr('report.done')}", ""]
    lines += _md_table(
        [tr("report.col.time"), tr("report.col.actor"), tr("report.col.what")],
        [[row["time"], row["actor"], row["what"] + _untrusted(row, tr)] for row in view["log"]],
    )
    return "\n".join(lines) + "\n"


def _markdown_alert(alert: dict[str, Any], tr: Any) -> list[str]:
    lines = [f"### {alert['heading']}", ""]
    lines += [
        f"- {tr('report.label', label=label, value=_md(value))}" for label, value in alert["facts"]
    ]
    lines += ["", f"**{tr('report.required_done')}**", ""]
    if alert["no_steps"]:
        lines += [alert["no_steps"], ""]
    else:
        headers = ["step", "due", "who", "channels", "done", "ack"]
        lines += _md_table(
            [tr(f"report.col.{h}") for h in headers],
            [
                [
                    str(r["step"]),
                    r["due"],
                    r["who"],
                    r["channels"],
                    "\n".join(r["done"]),
                    r["ack"] + (f" — **{r['verdict']}**" if r["verdict"] else ""),
                ]
                for r in alert["steps"]
            ],
        )
    return [*lines, *alert["ack"], ""]


def _untrusted(row: dict[str, Any], tr: Any) -> str:
    return "" if row["trusted"] else f" ⚠ {tr('report.untrusted')}"


def _md(text: str) -> str:
    """A table cell: no raw HTML from comments or notes, one line break per line."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")
    return escaped.replace("\n", "<br>")


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return [*out, ""]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("vigile.incidents", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report, lang: str) -> str:
    """One self-contained page: inline style, no script, no external asset."""
    return _environment().get_template("report.html").render(**report_view(report, lang))


def report_json(report: Report) -> dict[str, Any]:
    """The typed report as JSON: times in ISO 8601 UTC, durations in seconds."""
    data: dict[str, Any] = _jsonable(asdict(report))
    return data | {"rehearsal": report.rehearsal}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
