"""Findings in words, in French or English: what is wrong and how to fix it."""

from __future__ import annotations

from typing import Any

from vigile.domain.checks import CheckResult, Finding
from vigile.i18n import MESSAGES, t


def explain(finding: Finding, lang: str) -> tuple[str, str]:
    """The message and the suggested fix of a finding (labels translated)."""
    values: dict[str, Any] = {
        k: t(f"check.label.{v}", lang) if f"check.label.{v}" in MESSAGES else v
        for k, v in finding.values.items()
    }
    message = t(f"check.{finding.code}", lang, **values)
    fix = t(f"check.{finding.code}.fix", lang, **values)
    if finding.suggestion and "text" in values:
        fix = f"{fix} ({values['text']} → {finding.suggestion})"
    return message, fix


def as_dict(result: CheckResult, lang: str) -> dict[str, Any]:
    """The result as JSON-ready data, each finding with its message and fix in `lang`."""
    findings = []
    for f in result.findings:
        message, fix = explain(f, lang)
        findings.append(
            {
                "code": f.code,
                "severity": f.severity.value,
                "span": list(f.span) if f.span else None,
                "values": f.values,
                "suggestion": f.suggestion,
                "weight": f.weight,
                "message": message,
                "fix": fix,
            }
        )
    return {
        "kind": result.kind,
        "ok": result.ok,
        "lang": result.lang,
        "risk": result.risk,
        "scores": result.scores,
        "findings": findings,
        "approvals": [{"target": a.target, "names": list(a.names)} for a in result.approvals],
    }
