"""Escalation through real receivers on loopback: an SMTP server and an HTTP webhook."""

from __future__ import annotations

import email
import itertools
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import Cli, free_port, loopback_webhook, write_jsonl
from vigile.domain.charter import CharterSet
from vigile.incidents.escalate import Delivery, dispatch
from vigile.policy.charter import load_charter
from vigile.policy.notify.base import AppriseNotifier
from vigile.store.journal import verify_chain
from vigile.store.schema import Alert, Decision, Notification
from vigile.web.app import create_app
from vigile.workspace import open_workspace


@pytest.fixture
def webhook() -> Iterator[tuple[int, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    with loopback_webhook(lambda _, body: received.append(json.loads(body))) as port:
        yield port, received


def _charter(smtp_port: int, chat_port: int) -> str:
    def mail(to: str) -> str:
        return f"mailto://127.0.0.1:{smtp_port}?from=vigile@example.com&to={to}&mode=insecure"

    return f"""
version: 1
organisation: Test brand
language: en
contacts:
  - id: camille
    name: Camille
    roles: [cm]
    channels:
      chat: "json://127.0.0.1:{chat_port}/hook"
      email: "{mail("camille@example.com")}"
  - {{id: leo, name: Leo, roles: [comms_lead], channels: {{email: "{mail("leo@example.com")}"}}}}
rules:
  - {{name: toxic_comment, level: comment, signal: toxicity, at_least: 0.5, severity: high}}
escalation:
  high:
    - {{notify: [camille], channels: [chat, email], ack_within: 15m}}
    - {{notify: [comms_lead], channels: [email]}}
"""


@pytest.fixture
def alerted(cli: Cli, sqlite_home: Path, tmp_path: Path) -> Path:
    rows = [
        {
            "id": "x1",
            "text": "You stupid idiot, shut up",
            "page": "facebook:brand",
            "post": "New bike",
            "created_at": "2026-11-10T10:00:00Z",
        }
    ]
    cli("import", write_jsonl(tmp_path / "c.jsonl", rows), "--home", sqlite_home)
    return sqlite_home


def _text_of(raw: bytes) -> str:
    message = email.message_from_bytes(raw)
    parts = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _delivery(home: Path) -> Delivery:
    workspace = open_workspace(home)
    return Delivery(
        notifier=AppriseNotifier(),
        base_url="http://vigile.test",
        secret=workspace.secret(),
        retries=2,
        backoff_s=0.0,
    )


def _setup(cli: Cli, home: Path, smtp_port: int, chat_port: int) -> tuple[Any, Alert]:
    (home / "charter.yaml").write_text(_charter(smtp_port, chat_port))
    assert cli("analyze", "--home", home).exit_code == 0
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        alert = s.scalars(select(Alert)).one()
    return workspace, alert


def test_matrix_order_and_escalation_without_acknowledgment(
    cli: Cli, alerted: Path, smtp: Any, webhook: Any
) -> None:
    (smtp_port, box), (chat_port, hooks) = smtp, webhook
    workspace, alert = _setup(cli, alerted, smtp_port, chat_port)
    charter = load_charter(alerted / "charter.yaml")
    delivery = _delivery(alerted)
    first = dispatch(
        workspace.db, CharterSet(charter), delivery, now=alert.created_at + timedelta(minutes=1)
    )
    assert (first.sent, first.escalations) == (1, 0)
    assert len(hooks) == 1 and "toxic_comment" in hooks[0]["title"] and not box.messages
    assert (
        dispatch(
            workspace.db, CharterSet(charter), delivery, now=alert.created_at + timedelta(minutes=2)
        ).sent
        == 0
    )
    later = dispatch(
        workspace.db, CharterSet(charter), delivery, now=alert.created_at + timedelta(minutes=16)
    )
    assert (later.sent, later.escalations) == (1, 1)
    assert [m.rcpt_tos for m in box.messages] == [["leo@example.com"]]
    with workspace.db.session() as s:
        actions = list(s.scalars(select(Decision.action).order_by(Decision.id)))
        assert actions == [
            "alert.raised",
            "notification.sent",
            "alert.escalated",
            "notification.sent",
        ]
        assert verify_chain(s) is None


def test_failed_channel_falls_back_to_the_next_and_ack_stops_escalation(
    cli: Cli, alerted: Path, smtp: Any
) -> None:
    smtp_port, box = smtp
    closed = free_port()  # nothing listens there: the chat channel fails
    workspace, alert = _setup(cli, alerted, smtp_port, closed)
    charter = load_charter(alerted / "charter.yaml")
    delivery = _delivery(alerted)
    summary = dispatch(
        workspace.db, CharterSet(charter), delivery, now=alert.created_at + timedelta(minutes=1)
    )
    assert (summary.sent, summary.failed) == (1, 1)
    assert [m.rcpt_tos for m in box.messages] == [["camille@example.com"]]
    with workspace.db.session() as s:
        rows = [
            (n.channel, n.status, n.attempts)
            for n in s.scalars(select(Notification).order_by(Notification.id))
        ]
    assert rows == [("chat", "failed", 2), ("email", "sent", 2)]

    body = _text_of(box.messages[0].content)
    assert "Why:" in body and "Where: facebook:brand" in body
    link = re.search(r"http://vigile\.test(/ack/\d+\?contact=camille&sig=[0-9a-f]+)", body)
    assert link, body
    client = TestClient(create_app(open_workspace(alerted)))
    page = client.get(link.group(1))
    assert page.status_code == 200 and "I am on it" in page.text
    forged = client.post(f"/ack/{alert.id}", data={"contact": "camille", "sig": "0" * 32})
    assert forged.status_code == 403
    sig = re.search(r"sig=([0-9a-f]+)", link.group(1))
    assert sig
    done = client.post(f"/ack/{alert.id}", data={"contact": "camille", "sig": sig.group(1)})
    assert done.status_code == 200 and "Acknowledged by camille" in done.text

    later = dispatch(
        workspace.db, CharterSet(charter), delivery, now=alert.created_at + timedelta(hours=1)
    )
    assert later.sent == 0 and len(box.messages) == 1
    with workspace.db.session() as s:
        acked = s.scalars(select(Decision).where(Decision.action == "alert.acknowledged")).one()
        assert acked.actor == "camille" and acked.details == {"via": "signed link"}


def test_ack_from_the_cli_is_logged(cli: Cli, alerted: Path) -> None:
    cli("analyze", "--home", alerted)
    listed = cli("alert", "list", "--home", alerted, "--json")
    alert_id = json.loads(listed.stdout)[0]["id"]
    result = cli("alert", "ack", str(alert_id), "--by", "Camille", "--home", alerted)
    assert result.exit_code == 0 and "acknowledged by Camille" in result.output
    missing = cli("alert", "ack", "9999", "--home", alerted)
    assert missing.exit_code == 4 and "no alert 9999" in missing.output


def test_incident_lifecycle_notes_and_decision_log_export(
    cli: Cli, sqlite_home: Path, tmp_path: Path
) -> None:
    from vigile.demo import demo_comments_path

    cli("import", demo_comments_path(), "--home", sqlite_home)
    cli("analyze", "--home", sqlite_home)
    incidents = json.loads(cli("incident", "list", "--home", sqlite_home, "--json").stdout)
    assert incidents and incidents[0]["status"] == "open"
    first = str(incidents[0]["id"])
    assert cli("incident", "ack", first, "--by", "Camille", "--home", sqlite_home).exit_code == 0
    moved = cli("incident", "status", first, "responding", "--by", "Camille", "--home", sqlite_home)
    assert moved.exit_code == 0 and "now responding" in moved.output
    back = cli("incident", "status", first, "acknowledged", "--home", sqlite_home)
    assert back.exit_code == 2 and "cannot become acknowledged" in back.output
    assert (
        cli(
            "incident",
            "note",
            first,
            "Posted the holding statement",
            "--by",
            "Camille",
            "--home",
            sqlite_home,
        ).exit_code
        == 0
    )
    for status in ("monitoring", "resolved", "responding"):  # a flare-up reopens the response
        assert cli("incident", "status", first, status, "--home", sqlite_home).exit_code == 0
    target = tmp_path / "log.jsonl"
    assert cli("decisions", "export", "-o", target, "--home", sqlite_home).exit_code == 0
    log = [json.loads(line) for line in target.read_text().splitlines()]
    actions = [
        e["action"]
        for e in log
        if e["subject_type"] == "incident" and str(e["subject_id"]) == first
    ]
    assert actions[:3] == ["incident.opened", "incident.status", "incident.status"]
    assert "incident.note" in actions
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(log))
    assert cli("decisions", "verify", "--home", sqlite_home).exit_code == 0
    workspace = open_workspace(sqlite_home)
    with workspace.db.session() as s:
        s.execute(Decision.__table__.update().where(Decision.id == 2).values(actor="someone else"))
    broken = cli("decisions", "verify", "--home", sqlite_home)
    assert broken.exit_code == 1 and "entry 2" in broken.output


def test_replayed_crisis_follows_the_matrix_and_stops_on_acknowledgment(
    cli: Cli, tmp_path: Path
) -> None:
    from vigile.demo import demo_comments_path

    examples = Path(__file__).resolve().parents[1] / "src/vigile/policy/examples"
    acks = write_jsonl(
        tmp_path / "acks.jsonl",
        [
            {
                "kind": "negative_buzz",
                "page": "mastodon:brindille@social.example",
                "by": "camille",
                "at": "2026-11-10T20:50:00Z",
            },
        ],
    )
    target = tmp_path / "notices.jsonl"
    result = cli(
        "replay",
        "--input",
        demo_comments_path(),
        "--output",
        tmp_path / "alerts.jsonl",
        "--charter",
        examples / "charter.en.yaml",
        "--notifications",
        target,
        "--acks",
        acks,
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in target.read_text().splitlines()]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)

    def chain(page: str) -> list[tuple[str, int | None, str]]:
        return [
            (e["event"], e.get("step"), e.get("to") or e.get("by"))
            for e in events
            if e["alert"]["kind"] == "negative_buzz" and e["alert"]["page"] == page
        ]

    # nobody acknowledges on Facebook: CM, then comms lead and manager after 10 min, then legal
    assert chain("facebook:brindille.fr") == [
        ("notify", 0, "camille"),
        ("notify", 1, "leo"),
        ("notify", 1, "ines"),
        ("notify", 2, "legal-team"),
    ]
    facebook = [
        e
        for e in events
        if e["alert"]["kind"] == "negative_buzz" and e["alert"]["page"] == "facebook:brindille.fr"
    ]
    raised = facebook[0]["alert"]["at"]
    assert facebook[0]["at"] == raised
    assert facebook[1]["at"] > raised and facebook[3]["at"] > facebook[1]["at"]
    # the Mastodon burst (20:31) is acknowledged at 20:50: after the first escalation (+10 min),
    # before the second (+40 min), which is therefore never sent
    assert chain("mastodon:brindille@social.example") == [
        ("notify", 0, "camille"),
        ("notify", 1, "leo"),
        ("notify", 1, "ines"),
        ("acknowledged", None, "camille"),
    ]


def test_alerts_older_than_the_chain_and_a_day_are_not_read_again(
    cli: Cli, alerted: Path, smtp: Any, webhook: Any
) -> None:
    (smtp_port, box), (chat_port, hooks) = smtp, webhook
    workspace, alert = _setup(cli, alerted, smtp_port, chat_port)
    charter = load_charter(alerted / "charter.yaml")
    late = dispatch(
        workspace.db,
        CharterSet(charter),
        _delivery(alerted),
        now=alert.created_at + timedelta(days=2),
    )
    assert late.sent == 0 and not hooks and not box.messages
