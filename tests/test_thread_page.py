"""The thread page's actions through the ASGI client: acknowledge, check, send, report."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import Cli, logged_in
from mastodon_replay import BASE, HOST, NOW, fixture, mastodon_api
from vigile.demo import build_demo
from vigile.store.journal import verify_chain
from vigile.store.schema import Alert, Comment, Decision
from vigile.web.app import create_app
from vigile.web.highlight import highlight
from vigile.workspace import open_workspace

BAD_FR = "Bien sûr… vous auriez dû lire la notice"
GOOD_FR = "Merci pour votre patience : nous vous écrivons en privé aujourd'hui avec une solution."


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "ws"
    build_demo(folder).db.dispose()
    return folder


@pytest.fixture
def demo(built_demo: Path, tmp_path: Path) -> Path:
    """A fresh copy of the analysed demo for each test (the tests acknowledge and send)."""
    return Path(shutil.copytree(built_demo, tmp_path / "demo"))


def client(home: Path, role: str = "cm") -> TestClient:
    return logged_in(create_app(open_workspace(home)), role=role)


def top_thread(web: TestClient) -> int:
    return int(web.get("/api/threads").json()[0]["post_id"])


def decisions(home: Path, action: str) -> list[Decision]:
    with open_workspace(home).db.session() as session:
        rows = list(session.scalars(select(Decision).where(Decision.action == action)))
        assert verify_chain(session) is None
        session.expunge_all()
    return rows


def test_the_page_shows_alerts_scenario_draft_and_the_incident_link(demo: Path) -> None:
    web = client(demo)
    thread = top_thread(web)
    draft = web.post(f"/api/threads/{thread}/drafts").json()
    html = web.get(f"/threads/{thread}").text
    assert re.search(rf'action="/threads/{thread}/alerts/\d+/ack"', html)
    assert 'data-scenario="pile_on"' in html
    assert re.search(r'href="/incidents/\d+/report"', html)
    box = re.search(r'<textarea id="reply-text"[^>]*>([^<]*)</textarea>', html)
    assert box is not None and box.group(1).startswith(draft["text"][:30].replace("'", "&#39;"))
    assert f'name="comment" value="{draft["comment"]}"' in html
    assert "not connected for replies" in html  # the demo has no connection: Send copies


def test_a_viewer_sees_no_action_and_cannot_acknowledge_or_send(demo: Path) -> None:
    web = client(demo, role="viewer")
    thread = top_thread(web)
    html = web.get(f"/threads/{thread}").text
    alert = re.search(r'data-alert="(\d+)" data-status="open"', html)
    assert alert is not None
    assert "/ack" not in html and f"/threads/{thread}/send" not in html
    assert web.post(f"/threads/{thread}/alerts/{alert.group(1)}/ack").status_code == 403
    assert web.post(f"/threads/{thread}/send", data={"text": GOOD_FR}).status_code == 403
    checked = web.post(f"/threads/{thread}/check", data={"text": GOOD_FR})
    assert checked.status_code == 200 and 'data-ok="true"' in checked.text


def test_acknowledging_from_the_thread_logs_who_and_returns_to_the_thread(demo: Path) -> None:
    web = client(demo)
    thread = top_thread(web)
    alert = int(
        re.findall(r'data-alert="(\d+)" data-status="open"', web.get(f"/threads/{thread}").text)[0]
    )
    done = web.post(f"/threads/{thread}/alerts/{alert}/ack", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/threads/{thread}#alerts"
    assert f'data-alert="{alert}" data-status="acknowledged"' in web.get(f"/threads/{thread}").text
    (entry,) = decisions(demo, "alert.acknowledged")
    assert entry.subject_id == alert and entry.actor.startswith("cm-")
    assert entry.details == {"via": "dashboard"}


def test_only_the_threads_own_alerts_can_be_acknowledged_there(demo: Path) -> None:
    web = client(demo)
    thread = top_thread(web)
    with open_workspace(demo).db.session() as session:
        elsewhere = session.scalars(
            select(Alert.id).where(Alert.post_id.is_not(None), Alert.post_id != thread)
        ).first()
    assert elsewhere is not None
    assert web.post(f"/threads/{thread}/alerts/{elsewhere}/ack").status_code == 404
    assert web.post("/threads/999999/alerts/1/ack").status_code == 404
    assert decisions(demo, "alert.acknowledged") == []


def test_the_check_marks_the_findings_in_the_page_language(demo: Path) -> None:
    web = client(demo)
    thread = top_thread(web)
    bad = web.post(f"/threads/{thread}/check?lang=fr", data={"text": BAD_FR}).text
    assert 'data-ok="false"' in bad and "à retravailler" in bad
    assert "<mark" in bad and "vous auriez dû lire<sup>" in bad
    assert 'data-code="blame"' in bad and "Correction :" in bad
    assert f">{BAD_FR}</textarea>" in bad  # the text stays in the box to be reworked
    good = web.post(f"/threads/{thread}/check?lang=en", data={"text": GOOD_FR}).text
    assert 'data-ok="true"' in good and "ready to send" in good and "<mark" not in good
    assert web.post(f"/threads/{thread}/check", data={"text": ""}).status_code == 422


def test_sending_without_a_connection_records_the_copy_and_the_report_shows_it(
    demo: Path,
) -> None:
    web = client(demo)
    thread = top_thread(web)
    page = web.get(f"/threads/{thread}").text
    comment = re.search(r'name="comment" value="([^"]+)"', page)
    incident = re.search(r'href="/incidents/(\d+)/report"', page)
    assert comment is not None and incident is not None
    form = {"text": GOOD_FR, "comment": comment.group(1)}
    sent = web.post(f"/threads/{thread}/send", data=form, follow_redirects=False)
    assert sent.status_code == 303
    shown = web.get(sent.headers["location"]).text
    assert 'data-sent="reply_copied"' in shown and "Paste this text on the network" in shown
    assert re.search(r'<textarea id="copy-text" readonly rows="4">[^<]*écrivons en privé', shown)
    (entry,) = decisions(demo, "reply_copied")
    assert entry.actor.startswith("cm-") and entry.details["text"] == GOOD_FR
    assert entry.details["override"] is False and entry.subject_type == "comment"
    with open_workspace(demo).db.session() as session:
        target = session.get(Comment, entry.subject_id)
        assert target is not None and target.external_id == comment.group(1)
    report = web.get(f"/incidents/{incident.group(1)}/report?lang=fr").text
    assert "réponse copiée sur le réseau" in report and "écrivons en privé" in report
    log = web.get(f"/api/incidents/{incident.group(1)}/report").json()["log"]
    assert any(e["action"] == "reply_copied" and e["actor"] == entry.actor for e in log)


def test_a_blocked_reply_is_not_sent_unless_overridden_and_the_override_is_logged(
    demo: Path,
) -> None:
    web = client(demo)
    thread = top_thread(web)
    refused = web.post(f"/threads/{thread}/send", data={"text": BAD_FR})
    assert refused.status_code == 409
    assert 'name="override"' in refused.text and 'data-code="blame"' in refused.text
    assert decisions(demo, "reply_copied") == []
    forced = web.post(f"/threads/{thread}/send", data={"text": BAD_FR, "override": "true"})
    assert forced.status_code == 200 and "sent despite the reply check" in forced.text
    (entry,) = decisions(demo, "reply_copied")
    assert entry.details["override"] is True and entry.details["reasons"]


def test_forms_need_the_csrf_token(demo: Path) -> None:
    web = client(demo)
    thread = top_thread(web)
    del web.headers["X-CSRF-Token"]
    assert web.post(f"/threads/{thread}/send", data={"text": GOOD_FR}).status_code == 403
    assert decisions(demo, "reply_copied") == []


def test_another_organisations_thread_is_not_found(demo: Path) -> None:
    with open_workspace(demo).db.session() as session:
        from vigile.store.accounts import add_organisation

        add_organisation(session, "Other brand")
    web = logged_in(create_app(open_workspace(demo)), role="admin", organisation="other-brand")
    thread = top_thread(client(demo))
    assert web.get(f"/threads/{thread}").status_code == 404
    assert web.post(f"/threads/{thread}/check", data={"text": GOOD_FR}).status_code == 404
    assert web.post(f"/threads/{thread}/send", data={"text": GOOD_FR}).status_code == 404
    assert web.post(f"/threads/{thread}/alerts/1/ack").status_code == 404


def test_a_connected_page_publishes_through_its_connector(
    cli: Cli, sqlite_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vigile.cli_connect.now", lambda: NOW)
    monkeypatch.setenv("VIGILE_MASTODON_TOKEN", "token-xyz")
    cli("connect", "mastodon", "--instance", BASE, "--account", "brindille", "--home", sqlite_home)
    with mastodon_api():
        assert cli("sync", "--home", sqlite_home).exit_code == 0
    assert cli("analyze", "--home", sqlite_home).exit_code == 0
    with open_workspace(sqlite_home).db.session() as session:
        thread = session.scalar(
            select(Comment.post_id).where(Comment.external_id == f"{HOST}/113500000000000103")
        )
    web = client(sqlite_home)
    assert "Publish checks the reply" in web.get(f"/threads/{thread}").text
    form = {"text": GOOD_FR, "comment": f"{HOST}/113500000000000103"}
    with mastodon_api() as api:
        route = api.post("/api/v1/statuses").respond(json=fixture("status_posted.json"))
        sent = web.post(f"/threads/{thread}/send", data=form)
        assert route.called
    assert "in_reply_to_id=113500000000000103" in route.calls.last.request.content.decode()
    assert 'data-sent="reply_published"' in sent.text
    (entry,) = decisions(sqlite_home, "reply_published")
    assert entry.details["text"] == GOOD_FR and entry.actor.startswith("cm-")


def test_highlight_cuts_overlapping_and_outlying_spans() -> None:
    segments = highlight("abcdef", [[1, 4], [3, 5], None, [9, 12], [2, 2]])
    assert [(s.text, s.findings) for s in segments] == [
        ("a", ()),
        ("bc", (1,)),
        ("d", (1, 2)),
        ("e", (2,)),
        ("f", ()),
    ]
    assert highlight("", [[0, 3]]) == []
