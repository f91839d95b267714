"""The alerts page, the incident room, the page view and the charter editor, through HTTP.

One demo workspace (the Brindille brand) per module, plus an empty second organisation
whose users must never reach Brindille's data; each test acts on its own alert or
incident so that the order of the tests does not matter.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import logged_in
from vigile.demo import DEMO_ORGANISATION, build_demo
from vigile.domain.model import AlertDraft, Severity, utc_now
from vigile.store.accounts import add_organisation
from vigile.store.journal import AlertTarget, record_alerts, verify_chain
from vigile.store.schema import Alert, Decision, Incident, Organisation, Page
from vigile.web.app import create_app
from vigile.workspace import open_workspace

OTHER = "Other brand"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    home = tmp_path_factory.mktemp("rooms") / "ws"
    build_demo(home).db.dispose()
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        add_organisation(s, OTHER)
    yield create_app(workspace)
    workspace.db.dispose()


def client(app: FastAPI, role: str = "cm", organisation: str = DEMO_ORGANISATION) -> TestClient:
    return logged_in(app, role=role, organisation=organisation)


def incidents(app: FastAPI) -> list[int]:
    with app.state.workspace.db.session() as s:
        return list(s.scalars(select(Incident.id).order_by(Incident.id)))


def fresh_incident(app: FastAPI, *, alerts: int = 2) -> int:
    """A new open incident on a Brindille page with `alerts` open alerts, for one test."""
    with app.state.workspace.db.session() as s:
        page = s.scalars(
            select(Page).join(Organisation).where(Organisation.name == DEMO_ORGANISATION)
        ).first()
        assert page is not None
        target = AlertTarget(page_id=page.id, post_id=None, comment_id=None)
        drafts = [
            AlertDraft(
                key=f"test:{uuid.uuid4().hex}",
                kind="negative_buzz",
                severity=Severity.CRITICAL,
                rule="negative_buzz",
                at=utc_now(),
                page=f"{page.network}:{page.handle}",
                thread=None,
                comment=None,
                evidence={"signal": "negative_buzz", "value": 1.0},
                open_incident=i == 0,
            )
            for i in range(alerts)
        ]
        stored = record_alerts(s, [(d, target) for d in drafts])
        incident = stored[0].incident_id
        assert incident is not None
        for alert in stored[1:]:
            alert.incident_id = incident
        return incident


def open_alerts(app: FastAPI) -> list[int]:
    with app.state.workspace.db.session() as s:
        query = select(Alert.id).where(Alert.status == "open").order_by(Alert.id)
        return list(s.scalars(query))


def report(cm: TestClient, incident: int) -> dict[str, Any]:
    response = cm.get(f"/api/incidents/{incident}/report")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


# ---- alerts page ---------------------------------------------------------------------------


def test_alerts_page_filters_by_status_kind_and_page(app: FastAPI) -> None:
    viewer = client(app, role="viewer")
    every = viewer.get("/api/alerts?limit=1000").json()
    html = viewer.get("/alerts?lang=en").text
    assert f"Alerts 1–{min(len(every), 50)} of {len(every)}" in html
    kind = every[0]["kind"]
    shown = viewer.get("/alerts", params={"kind": kind}).text
    rows = re.findall(r'data-alert="(\d+)"', shown)
    assert sorted(map(int, rows)) == sorted(a["id"] for a in every if a["kind"] == kind)
    pages = re.findall(r'<option value="(\d+)"[^>]*>([^<]+:[^<]+)</option>', html)
    assert pages, "the page filter lists the organisation's pages"
    page_id, page_name = pages[0]
    by_page = viewer.get("/alerts", params={"page": page_id}).text
    ids = {int(x) for x in re.findall(r'data-alert="(\d+)"', by_page)}
    assert ids == {a["id"] for a in every if a["page"] == page_name}
    statuses = viewer.get("/alerts", params={"status": "acknowledged"}).text
    assert {int(x) for x in re.findall(r'data-alert="(\d+)"', statuses)} == {
        a["id"] for a in every if a["status"] == "acknowledged"
    }
    # a viewer reads but gets no button
    assert 'action="/alerts/' not in html


def test_alerts_page_pages_through_results(app: FastAPI) -> None:
    viewer = client(app, role="viewer")
    total = len(viewer.get("/api/alerts?limit=1000").json())
    first = viewer.get("/alerts").text
    if total <= 50:
        assert 'rel="next"' not in first
        assert "data-alert" not in viewer.get("/alerts?offset=50").text
    else:
        assert 'rel="next"' in first


def test_a_cm_acknowledges_from_the_alerts_page_and_comes_back_to_it(app: FastAPI) -> None:
    cm = client(app)
    alert = open_alerts(app)[-1]
    page = cm.get("/alerts?status=open").text
    assert f'action="/alerts/{alert}/ack"' in page
    back = "/alerts?status=open&kind=&page=&offset=0"
    assert f'value="{back.replace("&", "&amp;")}"' in page
    done = cm.post(f"/alerts/{alert}/ack", data={"next": back}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == back
    assert alert not in open_alerts(app)
    # another host is never a place to go back to
    other = open_alerts(app)[-1]
    away = cm.post(f"/alerts/{other}/ack", data={"next": "//evil.example/"}, follow_redirects=False)
    assert away.headers["location"] == "/"


def test_acknowledging_needs_the_csrf_token_and_the_cm_role(app: FastAPI) -> None:
    alert = open_alerts(app)[0]
    cm = client(app)
    del cm.headers["X-CSRF-Token"]
    refused = cm.post(f"/alerts/{alert}/ack?lang=en", data={"next": "/alerts"})
    assert refused.status_code == 403 and "did not come from Vigile" in refused.text
    forged = cm.post(f"/alerts/{alert}/ack", data={"next": "/alerts", "csrf_token": "forged"})
    assert forged.status_code == 403
    viewer = client(app, role="viewer")
    assert viewer.post(f"/alerts/{alert}/ack").status_code == 403
    assert viewer.post(f"/api/alerts/{alert}/ack").status_code == 403
    assert alert in open_alerts(app)


# ---- incident room -------------------------------------------------------------------------


def test_incident_list_and_room_show_alerts_timeline_and_verified_log(app: FastAPI) -> None:
    viewer = client(app, role="viewer")
    listed = viewer.get("/api/incidents").json()
    assert [i["id"] for i in listed] == sorted(incidents(app), reverse=True)
    assert all(i["page"] and i["open_alerts"] >= 0 for i in listed)
    html = viewer.get("/incidents?lang=en").text
    assert all(f'href="/incidents/{i["id"]}"' in html for i in listed)
    incident = listed[-1]["id"]
    room = viewer.get(f"/incidents/{incident}?lang=fr").text
    assert "Chronologie" in room and "Journal des décisions" in room
    assert 'data-chain="verified"' in room
    assert f'href="/incidents/{incident}/report"' in room
    assert "Cas similaires" in room
    for alert in report(viewer, incident)["alerts"]:
        assert f'data-alert="{alert["alert"]["id"]}"' in room
    # a viewer reads the room but has no form to act with
    assert f'action="/incidents/{incident}/notes"' not in room


def test_notes_and_status_changes_land_in_the_report(app: FastAPI) -> None:
    cm = client(app)
    incident = fresh_incident(app)
    added = cm.post(f"/incidents/{incident}/notes", data={"text": "Called the customer back"})
    assert added.status_code == 200  # followed back to the room
    assert "Called the customer back" in added.text
    api = cm.post(f"/api/incidents/{incident}/notes", json={"text": "Reply posted"})
    assert api.status_code == 201 and api.json()["actor"].startswith("cm-")
    moved = cm.post(f"/api/incidents/{incident}/status", json={"status": "responding"})
    assert moved.status_code == 200 and moved.json()["status"] == "responding"
    form = cm.post(f"/incidents/{incident}/status", data={"status": "monitoring"})
    assert form.status_code == 200
    data = report(cm, incident)
    notes = [e["details"]["text"] for e in data["log"] if e["action"] == "incident.note"]
    assert notes == ["Called the customer back", "Reply posted"]
    moves = [e["details"]["to"] for e in data["log"] if e["action"] == "incident.status"]
    assert moves[-2:] == ["responding", "monitoring"]
    assert data["incident"]["status"] == "monitoring" and data["incident"]["responding_at"]
    assert data["chain"]["verified"] is True


def test_a_move_the_lifecycle_forbids_is_refused_and_changes_nothing(app: FastAPI) -> None:
    cm = client(app)
    incident = fresh_incident(app, alerts=1)
    assert (
        cm.post(f"/api/incidents/{incident}/status", json={"status": "resolved"}).status_code == 200
    )
    refused = cm.post(f"/api/incidents/{incident}/status", json={"status": "acknowledged"})
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"
    page = cm.post(f"/incidents/{incident}/status?lang=en", data={"status": "acknowledged"})
    assert page.status_code == 409 and "cannot move to &#39;acknowledged&#39;" in page.text
    unknown = cm.post(f"/api/incidents/{incident}/status", json={"status": "closed"})
    assert unknown.status_code == 422
    empty = cm.post(f"/incidents/{incident}/notes?lang=en", data={"text": "   "})
    assert empty.status_code == 422 and "A note must have text" in empty.text
    assert cm.post(f"/api/incidents/{incident}/notes", json={"text": ""}).status_code == 422
    assert report(cm, incident)["incident"]["status"] == "resolved"


def test_acknowledging_an_incident_acknowledges_its_open_alerts(app: FastAPI) -> None:
    cm = client(app)
    incident = fresh_incident(app, alerts=3)
    assert len(report(cm, incident)["alerts"]) == 3
    done = cm.post(f"/incidents/{incident}/ack", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/incidents/{incident}#alerts"
    data = report(cm, incident)
    assert data["incident"]["status"] == "acknowledged"
    assert all(a["acknowledged"]["by"] == data["log"][-1]["actor"] for a in data["alerts"])
    assert all(a["acknowledged"]["via"] == "dashboard" for a in data["alerts"])
    assert data["incident"]["acknowledged_at"] is not None
    again = cm.post(f"/api/incidents/{incident}/ack")
    assert again.status_code == 200 and again.json()["open_alerts"] == 0


def test_incident_actions_need_the_cm_role_and_the_csrf_token(app: FastAPI) -> None:
    incident = fresh_incident(app, alerts=1)
    viewer = client(app, role="viewer")
    for path, body in (("notes", {"text": "x"}), ("status", {"status": "resolved"}), ("ack", {})):
        assert viewer.post(f"/api/incidents/{incident}/{path}", json=body).status_code == 403
        assert viewer.post(f"/incidents/{incident}/{path}", data=body).status_code == 403
    cm = client(app)
    del cm.headers["X-CSRF-Token"]
    assert cm.post(f"/incidents/{incident}/notes", data={"text": "x"}).status_code == 403
    assert cm.post(f"/api/incidents/{incident}/ack").status_code == 403
    data = report(client(app), incident)
    assert [e["action"] for e in data["log"]] == ["alert.raised", "incident.opened"]


# ---- page view -----------------------------------------------------------------------------


def test_pages_list_and_page_view_draw_volume_with_buzz_markers(app: FastAPI) -> None:
    viewer = client(app, role="viewer")
    pages = viewer.get("/api/pages").json()
    listed = viewer.get("/pages?lang=en").text
    assert pages and all(f'href="/pages/{p["id"]}"' in listed for p in pages)
    burst = next(p for p in pages if viewer.get(f"/api/pages/{p['id']}").json()["markers"])
    data = viewer.get(f"/api/pages/{burst['id']}", params={"hours": 72}).json()
    assert len(data["hours"]) == 72
    starts = [h["start"] for h in data["hours"]]
    assert starts == sorted(starts) and starts[-1] <= data["last_comment_at"]
    assert all(0 <= h["negative"] <= h["comments"] for h in data["hours"])
    signals = {m["signal"] for m in data["markers"]}
    assert "negative_buzz" in signals
    html = viewer.get(f"/pages/{burst['id']}?hours=72&lang=en").text
    # the SVG: titled, described, one bar per non-empty hour, one marker per burst
    assert '<title id="volume-title">' in html and '<desc id="volume-desc">' in html
    busy = [h for h in data["hours"] if h["comments"]]
    assert html.count('data-series="volume"') == len(busy)
    assert html.count('data-series="negative"') == sum(1 for h in busy if h["negative"])
    for marker in data["markers"]:
        assert f'<g data-marker="{marker["signal"]}"><title>' in html
    total = sum(h["comments"] for h in data["hours"])
    assert f"{total} comments, {sum(h['negative'] for h in busy)} of them negative" in html
    # the same figures as a table, one row per hour
    assert html.count('<th scope="row"><time') == 72
    # the page's threads by risk and its open alerts
    threads = re.findall(r'data-thread="(\d+)"', html)
    assert threads, "the page's threads are listed"
    alerts = {a["id"] for a in viewer.get("/api/alerts?limit=1000").json()}
    shown = {int(x) for x in re.findall(r'data-alert="(\d+)"', html)}
    assert shown <= alerts


def test_page_view_refuses_a_span_out_of_range(app: FastAPI) -> None:
    viewer = client(app, role="viewer")
    page = viewer.get("/api/pages").json()[0]["id"]
    assert viewer.get(f"/api/pages/{page}", params={"hours": 2}).status_code == 422
    assert viewer.get(f"/api/pages/{page}", params={"hours": 10_000}).status_code == 422
    assert viewer.get("/pages/999999").status_code == 404
    assert viewer.get("/api/pages/999999").json()["code"] == "not_found"


# ---- charter editor and settings ----------------------------------------------------------

BROKEN = """\
organisation: Brindille
rules:
  - name: toxic_comment
    level: comment
    signal: toxicity
    at_least: 0.8
    severity: urgent
escalation:
  high:
    - notify: [nobody]
"""


def charter_path(app: FastAPI) -> Path:
    path: Path = app.state.workspace.settings.charter_path
    return path


def decisions(app: FastAPI, action: str) -> list[Decision]:
    with app.state.workspace.db.session() as s:
        rows = list(s.scalars(select(Decision).where(Decision.action == action)))
        s.expunge_all()
        return rows


def test_charter_editor_and_settings_are_for_admins_only(app: FastAPI) -> None:
    for role in ("viewer", "cm", "manager"):
        user = client(app, role=role)
        assert user.get("/settings/charter").status_code == 403, role
        assert user.get("/settings").status_code == 403, role
        assert user.get("/api/charter").status_code == 403, role
        assert user.post("/api/charter/validate", json={"charter": BROKEN}).status_code == 403
        assert user.put("/api/charter", json={"charter": BROKEN}).status_code == 403
        assert user.post("/settings/charter", data={"action": "save"}).status_code == 403
        assert 'href="/settings"' not in user.get("/alerts").text
    admin = client(app, role="admin")
    assert 'href="/settings"' in admin.get("/alerts").text
    page = admin.get("/settings?lang=en").text
    assert 'href="/settings/charter"' in page and 'data-setting="batch_size"' in page
    assert app.state.workspace.secret() not in page
    assert "(not set)" in page  # no secret_key setting: the key file is used, never shown


def test_validation_gives_every_error_with_its_line_and_field(app: FastAPI) -> None:
    admin = client(app, role="admin")
    result = admin.post("/api/charter/validate", json={"charter": BROKEN}).json()
    assert result["valid"] is False and result["explanation"] is None
    assert [(e["line"], e["field"]) for e in result["errors"]] == [(7, "rules.0.severity")]
    fixed = BROKEN.replace("urgent", "high")
    result = admin.post("/api/charter/validate", json={"charter": fixed}).json()
    assert result["errors"] == [
        {
            "line": 10,
            "field": "escalation.high.0.notify.0",
            "message": result["errors"][0]["message"],
        }
    ]
    assert "nobody" in result["errors"][0]["message"]
    yaml_error = admin.post("/api/charter/validate", json={"charter": "rules: [\n  - a"}).json()
    assert (
        yaml_error["errors"][0]["line"] == 2
        and "invalid YAML" in yaml_error["errors"][0]["message"]
    )
    good = fixed.replace("[nobody]", "[cm]")
    explained = admin.post("/api/charter/validate", json={"charter": good, "lang": "fr"}).json()
    assert explained["valid"] is True and explained["rules"] == 1
    assert explained["explanation"][0] == "Charte de Brindille : ce qui se passe à chaque niveau"
    # without JavaScript, the Check button renders the same result and writes nothing
    before = charter_path(app).read_bytes()
    page = admin.post("/settings/charter?lang=en", data={"charter": BROKEN, "action": "check"})
    assert page.status_code == 200
    assert 'data-line="7">line 7</a> · <code>rules.0.severity</code>' in page.text
    assert charter_path(app).read_bytes() == before


def test_an_invalid_charter_is_refused_and_the_file_stays_untouched(app: FastAPI) -> None:
    admin = client(app, role="admin")
    before = charter_path(app).read_bytes()
    saved_before = len(decisions(app, "charter.saved"))
    refused = admin.put("/api/charter", json={"charter": BROKEN})
    assert refused.status_code == 422
    assert refused.json()["errors"][0] == {
        "line": 7,
        "field": "rules.0.severity",
        "message": refused.json()["errors"][0]["message"],
    }
    page = admin.post("/settings/charter?lang=en", data={"charter": BROKEN, "action": "save"})
    assert page.status_code == 422 and "The file was not changed" in page.text
    assert "severity: urgent" in page.text  # the edit is kept in the form, not lost
    assert charter_path(app).read_bytes() == before
    assert len(decisions(app, "charter.saved")) == saved_before
    assert admin.get("/api/status").json()["charter_error"] is None


def test_saving_keeps_a_backup_logs_who_and_applies_at_once(app: FastAPI) -> None:
    admin = client(app, role="admin")
    default_before = charter_path(app).read_bytes()
    own = charter_path(app).parent / "charters" / "brindille.yaml"
    opened = admin.get("/api/charter").json()
    original = opened["charter"]
    assert opened["file"] == "charters/brindille.yaml" and opened["inherited"] is True
    assert original == charter_path(app).read_text("utf-8")  # the default it inherits
    edited = re.sub(r"(?m)^organisation: .*$", "organisation: Brindille SAS", original)
    assert edited != original
    form = admin.get("/settings/charter").text
    base = re.search(r'name="base" value="([0-9a-f]{64})"', form)
    assert base and base.group(1) == opened["digest"]
    done = admin.post(
        "/settings/charter",
        data={"charter": edited, "base": base.group(1), "action": "save"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/settings/charter?saved=1"
    assert own.read_text("utf-8") == edited
    assert charter_path(app).read_bytes() == default_before  # the default is untouched
    entry = decisions(app, "charter.saved")[-1]
    assert entry.actor.startswith("admin-") and entry.details["previous"] == opened["digest"]
    assert entry.details["organisation"] == "brindille"
    # the running server applies it: reports now carry the new organisation
    incident = incidents(app)[0]
    assert report(admin, incident)["organisation"] == "Brindille SAS"
    saved_page = admin.get("/settings/charter?saved=1&lang=en").text
    assert saved_page.count("Charter saved to charters/brindille.yaml") == 1
    # an edit started from the old text is refused instead of overwriting the new one
    stale = admin.put("/api/charter", json={"charter": original, "base": opened["digest"]})
    assert stale.status_code == 409 and stale.json()["code"] == "charter_changed"
    assert own.read_text("utf-8") == edited
    restored = admin.put("/api/charter", json={"charter": original})
    assert restored.status_code == 200 and restored.json()["backup"] == "brindille.yaml.bak"
    assert own.with_name("brindille.yaml.bak").read_text("utf-8") == edited
    assert report(admin, incident)["organisation"] != "Brindille SAS"
    with app.state.workspace.db.session() as s:
        assert verify_chain(s) is None


# ---- organisations -------------------------------------------------------------------------


def test_another_organisation_reaches_nothing_through_the_new_routes(app: FastAPI) -> None:
    incident = fresh_incident(app, alerts=1)
    viewer = client(app, role="viewer")
    page = viewer.get("/api/pages").json()[0]["id"]
    alert = open_alerts(app)[0]
    other = client(app, role="admin", organisation=OTHER)
    assert other.get("/api/incidents").json() == []
    assert other.get("/api/pages").json() == []
    for path in ("/alerts", "/incidents", "/pages"):
        html = other.get(path).text
        assert "data-alert=" not in html and "data-incident=" not in html
        assert "data-page=" not in html and "brindille" not in html.lower()
    for path in (f"/incidents/{incident}", f"/pages/{page}", f"/api/pages/{page}"):
        assert other.get(path).status_code == 404, path
    writes = [
        (f"/api/incidents/{incident}/notes", {"json": {"text": "from B"}}),
        (f"/api/incidents/{incident}/status", {"json": {"status": "resolved"}}),
        (f"/api/incidents/{incident}/ack", {}),
        (f"/incidents/{incident}/notes", {"data": {"text": "from B"}}),
        (f"/incidents/{incident}/status", {"data": {"status": "resolved"}}),
        (f"/incidents/{incident}/ack", {}),
        (f"/alerts/{alert}/ack", {"data": {"next": "/alerts"}}),
    ]
    for path, body in writes:
        assert other.post(path, **body).status_code == 404, path
    data = report(viewer, incident)
    assert data["incident"]["status"] == "open"
    assert [e["action"] for e in data["log"]] == ["alert.raised", "incident.opened"]
    assert alert in open_alerts(app)


def test_the_room_leads_a_cm_to_peer_help_and_to_a_case_study(app: FastAPI) -> None:
    incident = incidents(app)[0]
    room = client(app).get(f"/incidents/{incident}?lang=en").text
    for link in (f"/incidents/{incident}/help/new", f"/incidents/{incident}/case/new"):
        assert f'href="{link}"' in room
        assert client(app).get(link).status_code == 200
    assert "/help/new" not in client(app, role="viewer").get(f"/incidents/{incident}").text
