"""Nothing crosses organisations: every route of the app, tried by a user of organisation B
with organisation A's real ids, answers 404 or B's own (empty) data; without a login every
route but the public ones refuses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from conftest import SAMPLE, TEST_PASSWORD, Cli, logged_in, write_jsonl
from vigile.demo import DEMO_ORGANISATION, build_demo
from vigile.policy.charter import default_charter_text
from vigile.store.accounts import issue_token
from vigile.store.invitations import create_invitation
from vigile.store.schema import (
    Alert,
    ApiToken,
    CaseStudyRow,
    Incident,
    Membership,
    Organisation,
    Page,
    Post,
    ThreadState,
)
from vigile.web.app import create_app
from vigile.workspace import open_workspace

# reachable without a login: the login form, signed acknowledgment links, signed pushes,
# and the links sent by e-mail (their token is the secret)
PUBLIC = {
    "/login",
    "/ack/{alert_id}",
    "/ingest",
    "/invite/{token}",
    "/password/forgot",
    "/password/reset/{token}",
}
# tried elsewhere: logging out or a new password would end the session the sweep runs in
NOT_SWEPT = {*PUBLIC, "/logout", "/account/password", "/api/account/password"}
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/checks/reply"): {"json": {"text": "Merci pour votre retour !"}},
    ("POST", "/api/checks/post"): {"json": {"text": "Nouveau produit", "page": "PAGE_A"}},
    ("POST", "/api/threads/{thread_id}/drafts"): {"json": {}},
    ("POST", "/threads/{thread_id}/check"): {"data": {"text": "Merci pour votre retour !"}},
    ("POST", "/threads/{thread_id}/send"): {"data": {"text": "Merci pour votre retour !"}},
    ("POST", "/api/incidents/{incident_id}/notes"): {"json": {"text": "B's note"}},
    ("POST", "/api/incidents/{incident_id}/status"): {"json": {"status": "resolved"}},
    # each organisation has its own charter: B's admin checks and saves B's, never A's
    ("POST", "/api/charter/validate"): {"json": {"charter": default_charter_text()}},
    ("PUT", "/api/charter"): {"json": {"charter": default_charter_text()}},
    ("POST", "/settings/charter"): {"data": {"action": "check"}},
    ("PATCH", "/api/users/{user_id}"): {"json": {"role": "viewer"}},
    ("POST", "/api/invitations"): {"json": {"email": "someone@example.org"}},
    ("POST", "/settings/users/invite"): {"data": {"email": "someone@example.org"}},
    ("POST", "/settings/users/{user_id}/role"): {"data": {"role": "viewer"}},
    ("POST", "/settings/users/{user_id}/active"): {"data": {"active": "false"}},
    ("PATCH", "/api/account"): {"json": {}},
    ("POST", "/account"): {"data": {"name": "B"}},
    ("POST", "/api/account/tokens"): {"json": {"name": "sweep"}},
    ("POST", "/account/tokens"): {"data": {"name": "sweep"}},
    ("POST", "/api/account/password"): {
        "json": {"current_password": TEST_PASSWORD, "new_password": TEST_PASSWORD}
    },
    ("POST", "/api/incidents/{incident_id}/help/preview"): {"json": {"question": "Help?"}},
    ("POST", "/api/incidents/{incident_id}/help"): {"json": {"question": "Help?"}},
    ("POST", "/api/peer/requests/{request_id}/answers"): {"json": {"text": "Hi"}},
    ("POST", "/api/peer/requests/{request_id}/question"): {"json": {"text": "Hi"}},
    ("POST", "/api/peer/answers/{answer_id}/text"): {"json": {"text": "Hi"}},
    ("POST", "/api/peer/requests/{request_id}/report"): {"json": {"reason": "spam"}},
    ("POST", "/api/peer/answers/{answer_id}/report"): {"json": {"reason": "spam"}},
    ("POST", "/api/peer/moderation/requests/{request_id}"): {"json": {"decision": "remove"}},
    ("POST", "/api/peer/moderation/answers/{answer_id}"): {"json": {"decision": "remove"}},
    ("PUT", "/api/peer/profile"): {"json": {"opted_in": False}},
}
# the commons' moderators are the admins of `default`, not of B: 403 before anything else
MODERATORS_ONLY = ("/peer/moderation", "/api/peer/moderation")
# peer help is shared across organisations by design (anonymised text only): those ids do
# not exist here, and tests/test_peer_web.py checks what a peer of B sees of A's request
NO_SUCH_HELP = 10**6


@dataclass(frozen=True)
class World:
    app: FastAPI
    ids: dict[str, int | str]  # organisation A's real ids, by path parameter name
    page_a: str
    markers: tuple[str, ...]  # strings only organisation A's data contains
    org_a: int
    org_b: int


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A = the demo brand Brindille; B = another brand with one analysed thread."""
    home = tmp_path_factory.mktemp("orgs") / "ws"
    build_demo(home).db.dispose()
    cli = Cli()
    rows = [{**row, "page": "facebook:other-brand"} for row in SAMPLE]
    assert cli("import", write_jsonl(home / "b.jsonl", rows), "--home", home).exit_code == 0
    assert cli("analyze", "--home", home).exit_code == 0
    assert cli("org", "add", "Other brand", "--home", home).exit_code == 0
    moved = cli("org", "assign", "other-brand", "facebook:other-brand", "--home", home)
    assert moved.exit_code == 0, moved.output
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        incidents = select(Incident.id).join(Page, Page.id == Incident.page_id)
        incident_a = s.scalars(incidents.where(Page.handle != "other-brand")).first()
    drafted = cli("case", "draft", str(incident_a), "--home", home)
    assert drafted.exit_code == 0, drafted.output
    yield _world(create_app(workspace))
    workspace.db.dispose()


def _world(app: FastAPI) -> World:
    with app.state.workspace.db.session() as s:
        org_a = s.scalars(
            select(Organisation.id).where(Organisation.name == DEMO_ORGANISATION)
        ).one()
        org_b = s.scalars(select(Organisation.id).where(Organisation.slug == "other-brand")).one()
        in_a = select(Page.id).where(Page.organisation_id == org_a)
        thread = s.scalars(
            select(ThreadState.post_id)
            .join(Post, Post.id == ThreadState.post_id)
            .where(Post.page_id.in_(in_a))
            .order_by(ThreadState.derailment.desc())
        ).first()
        alert = s.scalars(
            select(Alert.id).where(Alert.page_id.in_(in_a), Alert.status == "open")
        ).first()
        incident = s.scalars(select(Incident.id).where(Incident.page_id.in_(in_a))).first()
        case = s.scalars(select(CaseStudyRow.id)).first()
        page = s.execute(
            select(Page.network, Page.handle, Page.id).where(Page.organisation_id == org_a)
        ).first()
        texts = s.scalars(select(Post.text).where(Post.page_id.in_(in_a), Post.text.is_not(None)))
        markers = ["brindille", *(_plain(text) for text in texts if text)]
        member = s.scalars(select(Membership.user_id).where(Membership.organisation_id == org_a))
        user_a = member.first()
        assert user_a is not None
        invitation, _ = create_invitation(
            s, organisation_id=org_a, email="new@brindille.example", role="cm", lang="fr", actor="t"
        )
        issue_token(s, user_id=user_a, organisation_id=org_a, name="a-token")
        token_a = s.scalars(select(ApiToken.id).where(ApiToken.user_id == user_a)).first()
    assert thread and alert and incident and page and token_a
    return World(
        app=app,
        ids={
            "thread_id": thread,
            "alert_id": alert,
            "incident_id": incident,
            "case_id": case,
            "page_id": page[2],
            "user_id": user_a,
            "invitation_id": invitation.id,
            "token_id": token_a,
            "token": "not-a-real-token",  # tokens are secrets, not ids: nothing to guess
            "request_id": NO_SUCH_HELP,
            "answer_id": NO_SUCH_HELP,
        },
        page_a=f"{page[0]}:{page[1]}",
        markers=tuple(m for m in markers if m),
        org_a=org_a,
        org_b=org_b,
    )


def _plain(text: str) -> str:
    """A prefix of the text with nothing that HTML or JSON would escape."""
    return re.split(r"[&<>\"'\\\n’]", text)[0][:30].strip().lower() if len(text) > 12 else ""


def _routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every API and page route, included routers flattened."""
    try:  # FastAPI >= 0.16x keeps included routers as one entry of app.routes
        from fastapi.routing import iter_route_contexts
    except ImportError:
        contexts: list[Any] = list(app.routes)
    else:
        contexts = list(iter_route_contexts(app.routes))
    for route in contexts:
        if isinstance(getattr(route, "original_route", route), APIRoute):
            for method in sorted(route.methods):
                yield method, route.path


def _call(client: TestClient, world: World, method: str, path: str, **extra: Any) -> Response:
    url = re.sub(r"\{(\w+)\}", lambda m: str(world.ids[m.group(1)]), path)
    kwargs = {**BODIES.get((method, path), {}), **extra}
    if "json" in kwargs:
        kwargs["json"] = {
            k: world.page_a if v == "PAGE_A" else v for k, v in kwargs["json"].items()
        }
    if path == "/organisation":
        kwargs["data"] = {"organisation_id": str(world.org_a)}
    return client.request(method, url, follow_redirects=False, **kwargs)


def _assert_nothing_of_a(response: Response, method: str, path: str, world: World) -> None:
    where = f"{method} {path} → {response.status_code}"
    assert response.status_code < 500, where
    if response.status_code == 404:
        return
    if path.startswith(MODERATORS_ONLY) and response.status_code == 403:
        return
    assert response.status_code < 400, where  # B is an admin: nothing else refuses
    body = response.text.lower()
    leaked = [m for m in world.markers if m in body]
    assert not leaked, f"{where} shows organisation A's data: {leaked}"


def test_organisation_b_never_sees_organisation_a_through_any_route(world: World) -> None:
    as_a = logged_in(world.app, role="viewer", organisation=DEMO_ORGANISATION)
    shown = as_a.get(f"/api/threads/{world.ids['thread_id']}").text.lower()
    assert any(m in shown for m in world.markers), "markers must identify A's data"

    session_b = logged_in(world.app, role="admin", organisation="other-brand")
    swept = []
    for method, path in _routes(world.app):
        if path in NOT_SWEPT:
            continue
        _assert_nothing_of_a(_call(session_b, world, method, path), method, path, world)
        swept.append((method, path))
    assert ("GET", "/api/threads/{thread_id}") in swept and len(swept) >= 12
    for kind in ("thread_id", "alert_id", "incident_id", "page_id"):
        assert any(f"{{{kind}}}" in path for _, path in swept), kind

    threads = session_b.get("/api/threads").json()
    assert [t["page"] for t in threads] == ["facebook:other-brand"]
    assert session_b.get("/api/status").json()["comments"] == len(SAMPLE)
    assert _call(session_b, world, "POST", "/organisation").status_code == 404
    with world.app.state.workspace.db.session() as s:
        assert s.get_one(Alert, world.ids["alert_id"]).status == "open"


def test_an_api_token_of_organisation_b_reaches_nothing_of_a(world: World, cli: Cli) -> None:
    logged_in(world.app, role="admin", organisation="other-brand", email="bot@other.example")
    home = world.app.state.workspace.settings.home
    made = cli("token", "create", "--user", "bot@other.example", "--name", "sweep", "--home", home)
    token = made.stdout.strip().rsplit(" ", 1)[-1]
    client = TestClient(world.app, headers={"Authorization": f"Bearer {token}"})
    for method, path in _routes(world.app):
        if path.startswith("/api"):
            _assert_nothing_of_a(_call(client, world, method, path), method, path, world)
    assert client.get(f"/api/alerts/{world.ids['alert_id']}").status_code in (404, 405)


def test_every_private_route_refuses_a_visitor(world: World) -> None:
    visitor = TestClient(world.app)
    for method, path in _routes(world.app):
        if path in PUBLIC:
            continue
        response = _call(visitor, world, method, path)
        where = f"{method} {path} → {response.status_code}"
        if method == "GET" and not path.startswith("/api"):
            assert response.status_code == 303, where
            assert response.headers["location"].startswith("/login"), where
        else:
            assert response.status_code == 401, where
        assert not any(m in response.text.lower() for m in world.markers), where


def test_an_agency_user_switches_organisation(world: World) -> None:
    client = logged_in(
        world.app, role="cm", organisation=DEMO_ORGANISATION, email="agency@x.example"
    )
    with world.app.state.workspace.db.session() as s:
        from vigile.store.accounts import set_membership

        set_membership(s, email="agency@x.example", organisation="other-brand", role="viewer")
    assert len(client.get("/api/threads").json()) == 8
    page = client.get("/?lang=en").text
    assert 'name="organisation_id"' in page and "Other brand" in page
    switched = client.post("/organisation", data={"organisation_id": str(world.org_b)})
    assert switched.status_code == 200  # followed to the dashboard
    assert [t["page"] for t in client.get("/api/threads").json()] == ["facebook:other-brand"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    assert token is not None
    client.headers["X-CSRF-Token"] = token.group(1)
    refused = client.post(f"/api/alerts/{world.ids['alert_id']}/ack")
    assert refused.status_code == 403  # a viewer in B, before the organisation check


def test_a_case_drafted_by_a_stays_with_a_until_exported(world: World) -> None:
    case = world.ids["case_id"]
    as_a = logged_in(world.app, role="viewer", organisation=DEMO_ORGANISATION)
    as_b = logged_in(world.app, role="admin", organisation="other-brand")
    assert as_a.get(f"/api/cases/{case}").status_code == 200
    assert [c["id"] for c in as_a.get("/api/cases").json()] == [case]
    assert as_b.get(f"/api/cases/{case}").status_code == 404
    assert as_b.get("/api/cases").json() == []
