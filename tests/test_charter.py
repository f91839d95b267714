"""Charter loading and the pure policy engine."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from conftest import Cli
from vigile.domain.model import Severity, Signal
from vigile.policy.charter import load_charter, parse_charter
from vigile.policy.engine import evaluate


def test_default_charter_is_valid(cli: Cli, sqlite_home: Path) -> None:
    result = cli("charter", "check", sqlite_home / "charter.yaml")
    assert result.exit_code == 0
    assert "valid charter, 6 rules" in result.output


def test_invalid_charter_names_line_and_field(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text(
        "version: 1\nrules:\n  - name: r1\n    level: comment\n    signal: toxicity\n"
        "    at_least: 0.8\n    severity: warning\n  - name: r2\n    level: galaxy\n"
        "    signal: toxicity\n    at_least: 0.5\n    severity: high\n"
    )
    result = cli("charter", "check", bad)
    assert result.exit_code == 2
    assert "line 9" in result.output and "field 'rules.1.level'" in result.output
    bad.write_text("rules: [\n  - oops: {\n")
    result = cli("charter", "check", bad)
    assert result.exit_code == 2 and "invalid YAML" in result.output and "line " in result.output


def test_engine_is_pure_and_deduplicates_by_key() -> None:
    charter = load_charter(None)
    at = datetime(2026, 11, 10, 12, tzinfo=UTC)
    signals = [
        Signal(level="comment", name="toxicity", value=0.9, at=at, page="x:y", comment="7"),
        Signal(level="comment", name="toxicity", value=0.2, at=at, page="x:y", comment="8"),
        Signal(level="thread", name="derailment", value=0.75, at=at, page="x:y", thread="3"),
        Signal(level="thread", name="derailment", value=0.8, at=at, page="x:y", thread="3"),
    ]
    drafts = evaluate(charter, signals)
    assert [d.kind for d in drafts] == ["toxic_comment", "thread_derailment", "thread_derailment"]
    assert drafts[1].key == drafts[2].key
    assert drafts[1].severity is Severity.HIGH
    assert evaluate(charter, signals) == drafts


def test_custom_rule_threshold_changes_the_decision_not_the_score() -> None:
    charter = parse_charter(
        "rules:\n  - {name: strict, level: comment, signal: toxicity,"
        " at_least: 0.1, severity: info}\n",
        source="inline",
    )
    at = datetime(2026, 11, 10, tzinfo=UTC)
    drafts = evaluate(
        charter, [Signal(level="comment", name="toxicity", value=0.2, at=at, page="p", comment="1")]
    )
    assert len(drafts) == 1 and drafts[0].evidence["value"] == 0.2
