"""One date format on every page (inbox, alerts, thread, incident room...): Babel, in the
user's language and time zone, with the offset from UTC said; through HTTP."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import TEST_PASSWORD, logged_in, login_as
from vigile.demo import DEMO_ORGANISATION
from vigile.store.schema import Alert
from vigile.web.app import create_app
from vigile.workspace import open_workspace

TIME = re.compile(r'<time datetime="([^"]+)">([^<]*)</time>')
FRENCH = re.compile(r"(\d{1,2}) [a-zéû]+\.? (\d{4}), (\d{2}):(\d{2}) (UTC(?:[+−]\d{1,2})?)")
ENGLISH = re.compile(r"[A-Z][a-z]{2} (\d{1,2}), (\d{4}), (\d{1,2}):(\d{2})\u202f([AP]M) (UTC\S*)")


def _pages(client: TestClient, home: Path) -> list[str]:
    with open_workspace(home).db.session() as s:
        thread = s.scalars(select(Alert.post_id).where(Alert.post_id.is_not(None))).first()
        incident = s.scalars(
            select(Alert.incident_id).where(Alert.incident_id.is_not(None))
        ).first()
    paths = ["/", "/alerts", f"/threads/{thread}", "/incidents", f"/incidents/{incident}"]
    return [client.get(path).text for path in paths]


def _shown(pages: list[str]) -> list[tuple[datetime, str]]:
    found = [
        (datetime.fromisoformat(iso.replace("Z", "+00:00")), text)
        for page in pages
        for iso, text in TIME.findall(page)
    ]
    assert len(found) > 10
    return found


def test_every_page_shows_times_in_the_users_language_and_zone(demo_home: Path) -> None:
    app = create_app(open_workspace(demo_home))
    cm = logged_in(app, role="cm", organisation=DEMO_ORGANISATION)
    saved = cm.post(
        "/account",
        data={"name": "Camille", "language": "fr", "timezone": "Europe/Paris"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    paris = ZoneInfo("Europe/Paris")
    for moment, text in _shown(_pages(cm, demo_home)):
        local = moment.astimezone(paris)
        found = FRENCH.fullmatch(text)
        assert found, text  # neither "2026-11-11 17:54" nor "2026-11-11T17:54:55Z"
        day, year, hour, minute, offset = found.groups()
        assert (int(day), int(year), int(hour), int(minute)) == (
            local.day,
            local.year,
            local.hour,
            local.minute,
        ), text
        offset_hours = int(moment.astimezone(paris).utcoffset().total_seconds() // 3600)  # type: ignore[union-attr]
        assert offset == f"UTC+{offset_hours}", text

    # a new login on another browser keeps the user's zone; the API changes it
    email = cm.get("/api/account").json()["email"]
    again = login_as(TestClient(app), email, TEST_PASSWORD)
    assert "UTC+1" in again.get("/alerts").text
    changed = again.patch("/api/account", json={"language": "en", "timezone": "America/Montreal"})
    assert changed.status_code == 200 and changed.json()["timezone"] == "America/Montreal"
    relogged = login_as(TestClient(app), email, TEST_PASSWORD)
    for moment, text in _shown(_pages(relogged, demo_home)):
        local = moment.astimezone(ZoneInfo("America/Montreal"))
        found = ENGLISH.fullmatch(text)
        assert found and found.group(6) in ("UTC−5", "UTC−4"), text
        assert int(found.group(3)) % 12 == local.hour % 12, text
    refused = relogged.patch("/api/account", json={"timezone": "Mars/Olympus"})
    assert refused.status_code == 422 and "timezone" in refused.json()["message"]
    app.state.workspace.db.dispose()


def test_a_user_without_a_zone_reads_the_workspaces(demo_home: Path) -> None:
    app = create_app(open_workspace(demo_home, timezone="Asia/Kolkata"))
    viewer = logged_in(app, role="viewer", organisation=DEMO_ORGANISATION)
    texts = [text for _, text in _shown(_pages(viewer, demo_home))]
    assert all(text.endswith(" UTC+5:30") for text in texts), texts[:3]
    app.state.workspace.db.dispose()
