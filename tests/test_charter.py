"""Charter loading and the pure policy engine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import Cli
from vigile.domain.errors import ConfigError
from vigile.domain.model import Severity, Signal
from vigile.policy.charter import load_charter, parse_charter
from vigile.policy.engine import evaluate
from vigile.policy.escalation import due, plan


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


EXAMPLES = Path(__file__).resolve().parents[1] / "src/vigile/policy/examples"


def test_example_charters_are_valid_and_explained_in_both_languages(cli: Cli) -> None:
    for name in ("charter.en.yaml", "charter.fr.yaml"):
        assert cli("charter", "check", EXAMPLES / name).exit_code == 0
    fr = cli("charter", "explain", EXAMPLES / "charter.fr.yaml").output
    assert "→ prévenir Camille Martin (cm) par chat, email" in fr
    assert "sans accusé de réception sous 15 min → prévenir Léo Dubois (comms_lead) par email" in fr
    assert "Heures calmes 22:00–07:00 (Europe/Paris)" in fr
    en = cli("charter", "explain", EXAMPLES / "charter.fr.yaml", "--lang", "en").output
    assert (
        "if not acknowledged within 10 min → notify Léo Dubois (comms_lead), Inès Karim (manager)"
        in en
    )
    assert "reaches 0.5 needs the approval of Léo Dubois (comms_lead)" in en
    assert "doit être approuvé par Léo Dubois (comms_lead)" in fr
    assert "Sensitive dates (posts within a day are flagged): " in en


def test_unknown_escalation_target_names_its_line(cli: Cli, tmp_path: Path) -> None:
    text = (EXAMPLES / "charter.en.yaml").read_text()
    bad = tmp_path / "c.yaml"
    bad.write_text(
        text.replace(
            "    - notify: [comms_lead]\n      channels: [email]\n  critical:",
            "    - notify: [nobody]\n      channels: [email]\n  critical:",
        )
    )
    result = cli("charter", "check", bad)
    assert result.exit_code == 2
    line = next(i for i, row in enumerate(bad.read_text().splitlines(), 1) if "[nobody]" in row)
    assert f"line {line}, field 'escalation.high.1.notify.0'" in result.output
    assert "'nobody' is neither a contact id nor a role" in result.output


def test_bad_duration_and_time_zone_are_named(tmp_path: Path) -> None:
    text = (EXAMPLES / "charter.en.yaml").read_text()
    with pytest.raises(ConfigError, match=r"field 'escalation.high.0.ack_within'.*not a duration"):
        parse_charter(text.replace("ack_within: 15m", "ack_within: soon"), source="c")
    with pytest.raises(ConfigError, match=r"field 'quiet_hours.timezone'.*unknown time zone"):
        parse_charter(text.replace("America/Toronto", "Mars/Olympus"), source="c")


def test_escalation_plan_stops_once_acknowledged() -> None:
    charter = load_charter(EXAMPLES / "charter.en.yaml")
    raised = datetime(2026, 11, 11, 17, 0, tzinfo=UTC)  # 12:00 in Toronto: not quiet hours
    steps = plan(charter, Severity.CRITICAL, raised)
    assert [s.send_at - raised for s in steps] == [
        timedelta(0),
        timedelta(minutes=10),
        timedelta(minutes=40),
    ]
    assert [c.id for c in steps[1].contacts] == ["leo", "ines"]
    assert [
        s.index for s in due(steps, now=raised + timedelta(minutes=5), acknowledged_at=None)
    ] == [0]
    assert [
        s.index for s in due(steps, now=raised + timedelta(minutes=50), acknowledged_at=None)
    ] == [0, 1, 2]
    acked = raised + timedelta(minutes=12)
    assert [
        s.index for s in due(steps, now=raised + timedelta(hours=2), acknowledged_at=acked)
    ] == [0, 1]


def test_quiet_hours_send_the_first_notice_to_on_call() -> None:
    charter = load_charter(EXAMPLES / "charter.en.yaml")
    night = datetime(2026, 11, 12, 4, 30, tzinfo=UTC)  # 23:30 in Toronto
    high = plan(charter, Severity.HIGH, night)
    assert high[0].quiet_hours and [c.id for c in high[0].contacts] == ["sam"]
    critical = plan(charter, Severity.CRITICAL, night)
    assert not critical[0].quiet_hours and [c.id for c in critical[0].contacts] == ["camille"]
