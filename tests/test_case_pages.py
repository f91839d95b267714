"""The case library's pages: list and search, a case, drafting from an incident, the
preview of every replacement, sharing to the commons; scoped by organisation."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import logged_in
from vigile.demo import build_demo
from vigile.store.accounts import add_organisation
from vigile.store.journal import add_incident_note
from vigile.store.schema import CaseStudyRow, Incident, Page
from vigile.web.app import create_app
from vigile.workspace import open_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("pages") / "ws"
    workspace = build_demo(folder)
    with workspace.db.session() as session:
        incident = session.scalars(
            select(Incident.id).join(Page).where(Page.network == "facebook")
        ).one()
        note = "Called Marie Tremblay (marie.t@exemple.fr) back"
        add_incident_note(session, incident, note, actor="alice.cm")
        add_organisation(session, "velo-nord")
        session.commit()
    return folder, incident


def _client(home: Path, role: str, organisation: str = "brindille") -> TestClient:
    return logged_in(create_app(open_workspace(home)), role=role, organisation=organisation)


def _draft(client: TestClient, incident: int) -> int:
    form = {"case_lang": "fr", "brands": "Ruche", "sector": "vélos", "worked": "", "change": ""}
    form["change"] = "Répondre plus vite à Marie Tremblay"
    drafted = client.post(f"/incidents/{incident}/case/new", data=form, follow_redirects=False)
    assert drafted.status_code == 303, drafted.text
    found = re.fullmatch(r"/cases/(\d+)/preview", drafted.headers["location"])
    assert found
    return int(found.group(1))


def test_draft_preview_then_share_to_the_commons(demo: tuple[Path, int]) -> None:
    home, incident = demo
    cm = _client(home, "cm")
    page = cm.get(f"/incidents/{incident}/case/new")
    assert page.status_code == 200
    for field in ("case_lang", "brands", "sector", "worked", "change"):
        assert f'<label for="{field}"' in page.text
    case_id = _draft(cm, incident)

    preview = cm.get(f"/cases/{case_id}/preview")
    assert preview.status_code == 200
    with open_workspace(home).db.session() as session:
        items = session.get_one(CaseStudyRow, case_id).replacements["items"]
    assert {"alice.cm", "Marie Tremblay", "marie.t@exemple.fr"} <= {i["original"] for i in items}
    for item in items:
        assert item["original"].replace("'", "&#39;") in preview.text
        assert item["replacement"] in preview.text
    assert 'name="confirmed"' in preview.text

    shown = cm.get(f"/cases/{case_id}").text
    assert "Marie Tremblay" not in shown and "marie.t@exemple.fr" not in shown
    assert "vélos" in shown

    other = _client(home, "admin", "velo-nord")
    assert other.get(f"/cases/{case_id}").status_code == 404  # private to brindille
    assert other.get(f"/cases/{case_id}/preview").status_code == 404
    assert f'data-case="{case_id}"' not in other.get("/cases").text

    unconfirmed = cm.post(f"/cases/{case_id}/share", data={}, follow_redirects=False)
    assert unconfirmed.status_code == 422 and "confirm" in unconfirmed.text
    viewer = _client(home, "viewer")
    assert viewer.post(f"/cases/{case_id}/share", data={"confirmed": "yes"}).status_code == 403
    forged = TestClient(cm.app, cookies=cm.cookies)  # the session without its CSRF token
    assert forged.post(f"/cases/{case_id}/share", data={"confirmed": "yes"}).status_code == 403
    assert other.post(f"/cases/{case_id}/share", data={"confirmed": "yes"}).status_code == 404

    shared = cm.post(f"/cases/{case_id}/share", data={"confirmed": "yes"}, follow_redirects=False)
    assert shared.status_code == 303
    seen = other.get(f"/cases/{case_id}")
    assert seen.status_code == 200 and "Marie Tremblay" not in seen.text
    assert other.get(f"/cases/{case_id}/preview").status_code == 404  # originals stay home
    assert f'data-case="{case_id}"' in other.get("/cases").text


def test_list_search_and_filters(demo: tuple[Path, int]) -> None:
    home, incident = demo
    cm = _client(home, "cm")
    case_id = _draft(cm, incident)
    listed = cm.get("/cases")
    assert listed.status_code == 200 and 'href="/cases"' in listed.text  # nav link
    assert '<label for="q"' in listed.text and '<select id="tag-sector"' in listed.text
    assert f'data-case="{case_id}"' in listed.text
    searched = cm.get("/cases", params={"q": "late deliveries", "sector": "vélos"})
    assert f'data-case="{case_id}"' in searched.text
    elsewhere = cm.get("/cases", params={"q": "late deliveries", "sector": "banque"})
    assert f'data-case="{case_id}"' not in elsewhere.text
    english = cm.get("/cases", params={"lang": "en"}).text
    french = html.unescape(cm.get("/cases", params={"lang": "fr"}).text)
    assert "Case library" in english and "Cas d'école" in french


def test_drafting_needs_a_cm_and_the_organisations_incident(demo: tuple[Path, int]) -> None:
    home, incident = demo
    viewer = _client(home, "viewer")
    form = {"case_lang": "en"}
    refused = viewer.post(f"/incidents/{incident}/case/new", data=form, follow_redirects=False)
    assert refused.status_code == 403
    other = _client(home, "admin", "velo-nord")
    assert other.get(f"/incidents/{incident}/case/new").status_code == 404
    assert other.post(f"/incidents/{incident}/case/new", data=form).status_code == 404
    cm = _client(home, "cm")
    bad = cm.post(f"/incidents/{incident}/case/new", data={"case_lang": "de"})
    assert bad.status_code == 422 and "case_lang" in bad.text


def test_every_field_is_anonymised_and_a_known_handle_left_blocks_sharing(
    demo: tuple[Path, int], cli: Any
) -> None:
    home, incident = demo
    cm = _client(home, "cm")
    worked = "…messages privés aux clients concernés (Sophie_Cargo)"
    form = {"case_lang": "fr", "brands": "Ruche", "sector": "vélos", "worked": worked}
    form["change"] = "Relancer zozo_fixie plus tôt"
    drafted = cm.post(f"/incidents/{incident}/case/new", data=form, follow_redirects=False)
    assert drafted.status_code == 303, drafted.text
    case_id = int(drafted.headers["location"].split("/")[2])
    preview = cm.get(f"/cases/{case_id}/preview").text
    final = preview.split('class="case-final"')[1].split("</section>")[0]
    assert "messages privés aux clients concernés (Personne " in final  # the final text
    assert "Sophie_Cargo" not in final and "zozo_fixie" not in final
    rows = re.findall(r"<del>([^<]+)</del></td>\s*<td><ins>[^<]+</ins></td>\s*<td>([^<]+)", preview)
    assert ("Sophie_Cargo", "worked") in rows and ("zozo_fixie", "change") in rows
    shared = cm.post(f"/cases/{case_id}/share", data={"confirmed": "yes"}, follow_redirects=False)
    assert shared.status_code == 303
    for url in (f"/cases/{case_id}", f"/api/cases/{case_id}"):
        shown = cm.get(url).text
        assert "Sophie_Cargo" not in shown and "zozo_fixie" not in shown, url

    # a case in which a known handle remains (written bare, any case) is never shared
    left_id = _draft(cm, incident)
    with open_workspace(home).db.session() as session:
        row = session.get_one(CaseStudyRow, left_id)
        row.body = {**row.body, "worked": "merci à sophie_cargo pour sa patience"}
        session.commit()
    preview = cm.get(f"/cases/{left_id}/preview?lang=en").text
    assert "sophie_cargo" in preview.split('class="error"')[1] and 'name="confirmed"' not in preview
    refused = cm.post(f"/cases/{left_id}/share?lang=en", data={"confirmed": "yes"})
    assert refused.status_code == 422 and "handle in body.worked" in refused.text
    by_cli = cli("case", "share", left_id, "--home", home)
    assert by_cli.exit_code != 0 and "body.worked" in by_cli.output
    with open_workspace(home).db.session() as session:
        assert session.get_one(CaseStudyRow, left_id).commons is False
