"""The accountability report: a crisis on the demo brand, told by the CLI and the HTTP API.

The demo is analysed under the English example charter, its channels pointed at a
webhook receiver on loopback (Camille's chat at a closed port, so that channel fails).
The Facebook burst was raised 50 minutes ago and nobody acknowledges it; the Mastodon
burst was raised 20 minutes ago and Camille acknowledges it after the first escalation.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from conftest import Cli, free_port, logged_in, loopback_webhook, write_jsonl
from vigile.demo import demo_comments_path
from vigile.domain.model import utc_now
from vigile.incidents.report import AckVerdict
from vigile.store.schema import Alert, Decision
from vigile.web.app import create_app
from vigile.workspace import open_workspace

EXAMPLES = Path(__file__).resolve().parents[1] / "src/vigile/policy/examples"
FACEBOOK = "negative_buzz on facebook:brindille.fr"
MASTODON = "negative_buzz on mastodon:brindille@social.example"


@pytest.fixture(scope="module")
def receiver() -> Iterator[tuple[int, list[str]]]:
    """A webhook on loopback that records the path of every notice it gets."""
    paths: list[str] = []
    with loopback_webhook(lambda path, _: paths.append(path)) as port:
        yield port, paths


def loopback_charter(port: int, *, chat: str) -> str:
    """The English example charter, every channel pointed at the loopback receiver."""
    text = (EXAMPLES / "charter.en.yaml").read_text("utf-8")
    text = re.sub(r"mailto://([\w.-]+)@example\.com", rf"json://127.0.0.1:{port}/email/\1", text)
    return text.replace("json://127.0.0.1:8099/hooks/camille", chat)


@dataclass
class Crisis:
    home: Path
    incidents: dict[str, int]
    received: list[str]
    notified: str


@pytest.fixture(scope="module")
def crisis(tmp_path_factory: pytest.TempPathFactory, receiver: tuple[int, list[str]]) -> Crisis:
    cli = Cli()
    home = tmp_path_factory.mktemp("crisis") / "ws"
    assert cli("demo", home, "--no-serve").exit_code == 0
    port, received = receiver
    closed = free_port()  # nothing listens there: Camille's chat fails, e-mail is next
    (home / "charter.yaml").write_text(
        loopback_charter(port, chat=f"json://127.0.0.1:{closed}/chat"), "utf-8"
    )
    listed = json.loads(cli("incident", "list", "--home", home, "--json").stdout)
    incidents = {i["title"]: i["id"] for i in listed}
    _raised_minutes_ago(home, {incidents[FACEBOOK]: 50, incidents[MASTODON]: 20})
    env = {"VIGILE_NOTIFY_RETRIES": "1"}
    notified = cli("notify", "--home", home, env=env)
    assert notified.exit_code == 0, notified.output
    acked = cli("incident", "ack", str(incidents[MASTODON]), "--by", "camille", "--home", home)
    assert acked.exit_code == 0
    assert cli("notify", "--home", home, env=env).exit_code == 0
    return Crisis(home, incidents, list(received), notified.stdout)


def _raised_minutes_ago(home: Path, minutes_by_incident: dict[int, int]) -> None:
    """Set the clock back: these incidents' alerts were raised minutes ago, the rest days ago."""
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        s.execute(update(Alert).values(created_at=utc_now() - timedelta(days=3)))
        for incident, minutes in minutes_by_incident.items():
            s.execute(
                update(Alert)
                .where(Alert.incident_id == incident)
                .values(created_at=utc_now() - timedelta(minutes=minutes))
            )
    workspace.db.dispose()


def _report(cli: Cli, crisis: Crisis, title: str, *args: str) -> str:
    result = cli("incident", "report", str(crisis.incidents[title]), "--home", crisis.home, *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_receivers_got_each_step_once_and_nothing_after_the_acknowledgment(
    crisis: Crisis,
) -> None:
    # both bursts: Camille, then Léo and Inès; only the unacknowledged one reaches legal
    first_two_steps = ["/email/camille", "/email/leo", "/email/ines"]
    assert sorted(crisis.received) == sorted([*first_two_steps, *first_two_steps, "/email/legal"])
    assert "7 notifications sent, 2 failed, 3 escalations" in crisis.notified


def test_unacknowledged_incident_report_shows_each_missed_deadline(
    cli: Cli, crisis: Crisis
) -> None:
    report = _report(cli, crisis, FACEBOOK)
    assert "# Accountability report — incident #" in report
    assert "hash chain verified" in report
    rows = [line for line in report.splitlines() if re.match(r"\| [123] \|", line)]
    assert len(rows) == 3
    # step 1: Camille, chat failed then e-mail delivered; nobody acknowledged within 10 min
    assert "Camille Martin by chat FAILED" in rows[0] and "Camille Martin by email at" in rows[0]
    assert "within 10 min" in rows[0] and "**missed: escalated**" in rows[0]
    assert "Léo Dubois by email at" in rows[1] and "Inès Karim by email at" in rows[1]
    assert "within 30 min" in rows[1] and "**missed: escalated**" in rows[1]
    assert "Legal desk by email at" in rows[2] and "end of the chain" in rows[2]
    assert "Nobody acknowledged this alert." in report
    assert "Notifications: everyone the charter required was told." in report
    log = report[report.index("## Everything done, in order") :]
    order = [
        "raised alert #",
        "could not notify camille by chat",
        "notified camille by email",
        "escalated to step 2 (leo, ines)",
        "notified leo by email",
        "notified ines by email",
        "escalated to step 3 (legal-team)",
        "notified legal-team by email",
    ]
    positions = [log.index(step) for step in order]
    assert positions == sorted(positions)
    assert log.count("escalated to step 2") == 1


def test_acknowledgment_stops_the_chain_and_the_report_says_where(cli: Cli, crisis: Crisis) -> None:
    report = _report(cli, crisis, MASTODON)
    rows = [line for line in report.splitlines() if re.match(r"\| [123] \|", line)]
    assert "**missed: escalated**" in rows[0]
    assert "**met**" in rows[1]
    assert "not sent: acknowledged before it was due" in rows[2] and "Legal" in rows[2]
    assert re.search(r"Acknowledged by camille at .* \(cli\), 2\d min after", report)
    assert "within the deadline of step 2: the chain stopped there" in report
    assert "Time to acknowledge:" in report and "Status: acknowledged" in report


def test_report_in_french_and_as_a_self_contained_html_file(
    cli: Cli, crisis: Crisis, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    _report(cli, crisis, MASTODON, "--lang", "fr", "--output", str(target))
    html = target.read_text("utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="fr">' in html
    assert "Rapport de responsabilité" in html and "non envoyé : réception accusée" in html
    assert "<style>" in html and "<link" not in html and "src=" not in html
    assert "<script" not in html
    markdown = _report(cli, crisis, FACEBOOK, "--lang", "fr")
    assert "Personne n'a accusé réception de cette alerte." in markdown
    assert "dépassé : escalade" in markdown


def test_report_over_http_as_page_and_json(crisis: Crisis) -> None:
    client = logged_in(create_app(open_workspace(crisis.home)))
    mastodon = crisis.incidents[MASTODON]
    data = client.get(f"/api/incidents/{mastodon}/report").json()
    assert data["chain"] == {"verified": True, "broken_at": None} and not data["rehearsal"]
    steps = data["alerts"][0]["steps"]
    assert [s["outcome"] for s in steps] == ["sent", "sent", "stopped"]
    assert [s["ack"] for s in steps] == ["missed", "met", None]
    assert [[p["id"] for p in s["people"]] for s in steps] == [
        ["camille"],
        ["leo", "ines"],
        ["legal-team"],
    ]
    assert data["alerts"][0]["acknowledged"]["by"] == "camille"
    assert steps[0]["ack_within"] == 600
    page = client.get(f"/incidents/{mastodon}/report?lang=en")
    assert page.status_code == 200 and "the chain stopped there" in page.text
    assert page.headers["content-type"].startswith("text/html")
    missing = client.get("/api/incidents/9999/report")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_tampered_decision_log_shows_chain_broken(cli: Cli, crisis: Crisis, tmp_path: Path) -> None:
    home = tmp_path / "copy"
    shutil.copytree(crisis.home, home)
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        s.execute(
            update(Decision)
            .where(Decision.action == "alert.acknowledged")
            .values(actor="someone else")
        )
    workspace.db.dispose()
    result = cli("incident", "report", str(crisis.incidents[MASTODON]), "--home", home)
    assert result.exit_code == 0
    assert re.search(r"chain broken at entry \d+", result.stdout)
    assert "⚠ after the break" in result.stdout
    assert "hash chain verified" not in result.stdout


def test_report_errors_are_clear(cli: Cli, crisis: Crisis) -> None:
    missing = cli("incident", "report", "9999", "--home", crisis.home)
    assert missing.exit_code == 4 and "no incident 9999" in missing.output
    bad = cli("incident", "report", "1", "--format", "pdf", "--home", crisis.home)
    assert bad.exit_code == 2 and "unknown report format 'pdf'" in bad.output


def test_rehearsal_report_shows_the_matrix_and_where_an_ack_stopped_it(
    cli: Cli, tmp_path: Path
) -> None:
    acks = write_jsonl(
        tmp_path / "acks.jsonl",
        [
            {
                "kind": "negative_buzz",
                "page": "mastodon:brindille@social.example",
                "by": "camille",
                "at": "2026-11-10T20:50:00Z",
            }
        ],
    )
    wrong = cli(
        "replay",
        "--input",
        demo_comments_path(),
        "--output",
        tmp_path / "alerts.jsonl",
        "--charter",
        EXAMPLES / "charter.en.yaml",
        "--report",
        tmp_path / "report.txt",
    )
    assert wrong.exit_code == 2 and "must end in .md or .html" in wrong.output
    target = tmp_path / "rehearsal.md"
    result = cli(
        "replay",
        "--input",
        demo_comments_path(),
        "--output",
        tmp_path / "alerts.jsonl",
        "--charter",
        EXAMPLES / "charter.en.yaml",
        "--acks",
        acks,
        "--report",
        target,
    )
    assert result.exit_code == 0, result.output
    report = target.read_text("utf-8")
    assert report.startswith("# Crisis rehearsal") and "dry run: nothing was sent" in report
    sections = report.split("### ")
    facebook = next(s for s in sections if "facebook:brindille.fr" in s and "negative_buzz" in s)
    mastodon = next(s for s in sections if "social.example" in s and "negative_buzz ·" in s)
    names = ["Camille Martin by", "Léo Dubois by", "Inès Karim by", "Legal desk by"]
    positions = [facebook.index(name) for name in names]
    assert positions == sorted(positions) and "(dry run)" in facebook
    assert "Nobody acknowledged this alert." in facebook
    assert "not sent: acknowledged before it was due" in mastodon
    assert (
        "Acknowledged by camille at Nov 10, 2026, 8:50\u202fPM UTC (rehearsal), 13 min" in mastodon
    )
    assert "the chain stopped there" in mastodon


def test_server_keeps_the_last_valid_charter_and_says_why(crisis: Crisis, tmp_path: Path) -> None:
    home = tmp_path / "copy"
    shutil.copytree(crisis.home, home)
    client = logged_in(create_app(open_workspace(home)))
    url = f"/api/incidents/{crisis.incidents[MASTODON]}/report"

    def outcomes() -> list[str]:
        return [s["outcome"] for s in client.get(url).json()["alerts"][0]["steps"]]

    assert outcomes() == ["sent", "sent", "stopped"]
    assert client.get("/api/status").json()["charter_error"] is None
    charter = home / "charter.yaml"
    good = charter.read_text("utf-8")
    charter.write_text(good.replace("ack_within: 10m", "ack_within: soon"), "utf-8")
    line = next(i for i, row in enumerate(charter.read_text().splitlines(), 1) if "soon" in row)
    error = client.get("/api/status").json()["charter_error"]
    assert f"line {line}, field 'escalation.critical.0.ack_within'" in error
    assert outcomes() == ["sent", "sent", "stopped"]  # the previous matrix is still in force
    without_legal = good.replace(
        "      ack_within: 30m\n    - notify: [legal]\n      channels: [email]\n", ""
    )
    assert without_legal != good
    charter.write_text(without_legal, "utf-8")
    assert outcomes() == ["sent", "sent"]
    assert client.get("/api/status").json()["charter_error"] is None


def test_a_step_due_but_never_sent_is_a_gap_and_a_fresh_alert_is_waiting() -> None:
    from vigile.incidents.render import render_markdown
    from vigile.incidents.report import AlertFacts, Notice, Report, StepOutcome, account
    from vigile.policy.charter import load_charter

    charter = load_charter(EXAMPLES / "charter.en.yaml")
    raised = datetime(2026, 11, 11, 17, 0, tzinfo=UTC)  # noon in Toronto: no quiet hours
    alert = AlertFacts(1, "negative_buzz", "critical", "negative_buzz", "x:y", raised, raised)
    first = Notice(raised + timedelta(seconds=5), 0, "camille", "email", sent=True)
    # the dispatcher was down after the first notice: step 2 was due at +10 min, never sent
    late = account(
        charter, alert, notices=[first], acknowledged=None, now=raised + timedelta(minutes=25)
    )
    assert [s.outcome for s in late.steps] == [
        StepOutcome.SENT,
        StepOutcome.MISSING,
        StepOutcome.PENDING,
    ]
    assert [s.index for s in late.gaps] == [1]
    text = render_markdown(Report("Brindille Bikes", raised, (late,), (), chain=None), "en")
    assert "GAP: due but never sent" in text
    assert "1 step(s) required by the charter were not delivered" in text
    fresh = account(
        charter, alert, notices=[first], acknowledged=None, now=raised + timedelta(minutes=3)
    )
    assert fresh.steps[0].ack is AckVerdict.WAITING and fresh.gaps == ()
