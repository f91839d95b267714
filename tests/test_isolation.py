"""Organisation isolation through every route of the app, found by walking `app.routes`.

Organisation B is the demo brand (threads, alerts, incidents, a drafted case); A is a
small brand. A user of A (by session, then by API token) calls every route, GET and
writes, with the path parameters filled with B's real ids of the right kind: each must
answer 404 or 403 and no response may carry B's data. A route added later is swept
automatically; one with a path parameter this file cannot fill fails loudly, so the new
kind of id gets added to `b_ids` in `_world`. Routes that need no login are checked apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from conftest import SAMPLE, Cli, logged_in, write_jsonl
from test_organisations import BODIES as ORG_BODIES
from test_organisations import NOT_SWEPT
from test_organisations import PUBLIC as ORG_PUBLIC
from vigile.demo import DEMO_ORGANISATION, build_demo
from vigile.store.accounts import issue_token
from vigile.store.invitations import create_invitation
from vigile.store.schema import (
    Alert,
    ApiToken,
    Author,
    CaseStudyRow,
    Comment,
    Incident,
    Membership,
    Organisation,
    Page,
    Post,
)
from vigile.web.app import create_app
from vigile.workspace import open_workspace

DOCS = Path(__file__).resolve().parents[1] / "docs" / "accounts.md"
# reachable without a login (listed in docs/accounts.md) and the bodies that writes need
# are shared with test_organisations.py (one list to keep when a route is added)
PUBLIC = {*ORG_PUBLIC, "/api/openapi.json", "/api/docs"}
PUBLIC_PREFIXES = ("/api/docs/", "/static", "/docs", "/redoc")
SKIPPED = {*NOT_SWEPT, *PUBLIC}  # e.g. logging out would end the session the sweep runs in
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    **ORG_BODIES,
    ("POST", "/organisation"): {"data": {"organisation_id": "ORG_B"}},
}
NO_SUCH_HELP = 999_999  # help requests are read across organisations (anonymised) by design
ID_FIELDS = {"post_id": "thread_id", "thread_id": "thread_id", "incident": "incident_id"}


@dataclass(frozen=True)
class World:
    app: FastAPI
    b_ids: dict[str, int]  # path parameter name -> one of B's real ids of that kind
    b_all: dict[str, set[int]]  # every id of B, by kind
    page_b: str
    org_b: int
    markers: tuple[str, ...]  # strings only B's data contains


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    home = tmp_path_factory.mktemp("isolation") / "ws"
    build_demo(home).db.dispose()
    cli = Cli()
    rows = [{**row, "page": "facebook:small-brand"} for row in SAMPLE]
    assert cli("import", write_jsonl(home / "a.jsonl", rows), "--home", home).exit_code == 0
    assert cli("analyze", "--home", home).exit_code == 0
    assert cli("org", "add", "Small brand", "--home", home).exit_code == 0
    assert (
        cli("org", "assign", "small-brand", "facebook:small-brand", "--home", home).exit_code == 0
    )
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        org_b = s.scalars(select(Organisation.id).where(Organisation.name == DEMO_ORGANISATION))
        incident = s.scalars(
            select(Incident.id).join(Page).where(Page.organisation_id == org_b.one())
        ).first()
    assert cli("case", "draft", str(incident), "--home", home).exit_code == 0
    app = create_app(workspace)
    yield _without_commons(_world(app))
    workspace.db.dispose()


def _world(app: FastAPI) -> World:
    with app.state.workspace.db.session() as s:
        org_b = s.scalars(
            select(Organisation.id).where(Organisation.name == DEMO_ORGANISATION)
        ).one()
        pages = select(Page.id).where(Page.organisation_id == org_b)
        threads = set(s.scalars(select(Post.id).where(Post.page_id.in_(pages))))
        alerts = set(s.scalars(select(Alert.id).where(Alert.page_id.in_(pages))))
        incidents = set(s.scalars(select(Incident.id).where(Incident.page_id.in_(pages))))
        cases = set(
            s.scalars(select(CaseStudyRow.id).where(CaseStudyRow.incident_id.in_(incidents)))
        )
        first_page = s.execute(
            select(Page.network, Page.handle, Page.id).where(Page.id.in_(pages))
        ).first()
        assert first_page is not None
        network, handle, page_id = first_page
        texts = [
            *s.scalars(select(Post.text).where(Post.page_id.in_(pages))),
            *s.scalars(select(Comment.text).where(Comment.page_id.in_(pages))),
        ]
        handles = s.scalars(
            select(Author.handle)
            .join(Comment, Comment.author_id == Author.id)
            .where(Comment.page_id.in_(pages))
        )
        markers = {"brindille", *(h.lower() for h in handles if len(h) >= 6)}
        markers |= {_plain(text) for text in texts if text}
        user_b = s.scalars(select(Membership.user_id).where(Membership.organisation_id == org_b))
        member = user_b.first()
        assert member is not None
        invitation, _ = create_invitation(
            s, organisation_id=org_b, email="new@b.example", role="cm", lang="fr", actor="t"
        )
        issue_token(s, user_id=member, organisation_id=org_b, name="b-token")
        token_b = s.scalars(select(ApiToken.id).where(ApiToken.user_id == member)).first()
    assert threads and alerts and incidents and cases
    return World(
        app=app,
        b_ids={
            "thread_id": max(threads),
            "alert_id": min(alerts),
            "incident_id": min(incidents),
            "case_id": min(cases),
            "page_id": page_id,
            "user_id": member,
            "invitation_id": invitation.id,
            "token_id": token_b,
            "token": "not-a-real-token",  # tokens are secrets, not ids: nothing to guess
            "request_id": NO_SUCH_HELP,
            "answer_id": NO_SUCH_HELP,
        },
        b_all={"thread_id": threads, "incident_id": incidents},
        page_b=f"{network}:{handle}",
        org_b=org_b,
        markers=tuple(sorted(m for m in markers if len(m) >= 6)),
    )


def _without_commons(world: World) -> World:
    """Drop markers that the workspace's shared content (scenarios, charter) also holds:
    every organisation may read those."""
    as_b = logged_in(world.app, role="viewer", organisation=DEMO_ORGANISATION)
    commons = " ".join(
        as_b.get(url).text.lower()
        for url in ("/api/scenarios?lang=en", "/api/scenarios?lang=fr", "/api/charter/in-force")
    )
    kept = tuple(m for m in world.markers if m not in commons)
    return World(**{**world.__dict__, "markers": kept})


def _plain(text: str) -> str:
    """A prefix of the text with nothing HTML or JSON would escape."""
    return re.split(r"[&<>\"'\\\n’]", text)[0][:30].strip().lower() if len(text) > 20 else ""


def routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every route (API, pages, OpenAPI), included routers flattened."""
    try:  # FastAPI >= 0.16x keeps an included router as one entry of app.routes
        from fastapi.routing import iter_route_contexts
    except ImportError:
        contexts: list[Any] = list(app.routes)
    else:
        contexts = list(iter_route_contexts(app.routes))
    for context in contexts:
        methods = getattr(context, "methods", None) or set()
        for method in sorted(methods - {"HEAD", "OPTIONS"}):
            yield method, str(context.path)


def url_for(path: str, ids: dict[str, int]) -> str:
    """The path with B's ids; an unknown parameter fails the test, naming the route."""
    unknown = [name for name in re.findall(r"\{(\w+)(?::\w+)?\}", path) if name not in ids]
    if unknown:
        pytest.fail(
            f"{path}: no id of organisation B for {unknown}; add that kind to b_ids in _world"
        )
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(ids[m.group(1)]), path)


def call(client: TestClient, world: World, method: str, path: str) -> Response:
    extra = BODIES.get((method, path), {})
    # test_organisations' bodies name its victim's page PAGE_A: here the victim is B
    swap = {"PAGE_A": world.page_b, "PAGE_B": world.page_b, "ORG_B": str(world.org_b)}
    kwargs = {
        kind: {k: swap.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
        for kind, body in extra.items()
    }
    if method != "GET" and not kwargs:
        kwargs = {"json": {}}
    return client.request(method, url_for(path, world.b_ids), follow_redirects=False, **kwargs)


def leaks(world: World, response: Response) -> list[str]:
    """B's strings in the body, and B's thread and incident ids in JSON id fields."""
    body = response.text.lower()
    found = [m for m in world.markers if m in body]
    if response.headers.get("content-type", "").startswith("application/json"):
        found += [f"{k}={v}" for k, v in _id_fields(response.json()) if v in world.b_all[k]]
    return found


def _id_fields(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ID_FIELDS and isinstance(item, int):
                yield ID_FIELDS[key], item
            yield from _id_fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from _id_fields(item)


def sweep(client: TestClient, world: World, *, api_only: bool) -> list[str]:
    swept = []
    for method, path in routes(world.app):
        if path in SKIPPED or path.startswith(PUBLIC_PREFIXES):
            continue
        if api_only and not path.startswith("/api"):
            continue
        response = call(client, world, method, path)
        where = f"{method} {path} → {response.status_code}"
        assert response.status_code < 500, where
        if "{" in path:
            assert response.status_code in (403, 404), f"{where}: B's id must not answer"
        elif response.status_code == 422 and (method, path) not in BODIES:
            pytest.fail(f"{where}: give this write a valid body in BODIES")
        assert not leaks(world, response), f"{where} shows organisation B's data"
        swept.append(f"{method} {path}")
    return swept


def test_markers_identify_organisation_b(world: World) -> None:
    as_b = logged_in(world.app, role="viewer", organisation=DEMO_ORGANISATION)
    shown = as_b.get(f"/api/threads/{world.b_ids['thread_id']}")
    assert leaks(world, shown), "the markers must find B's data when B looks"
    assert leaks(world, as_b.get("/?lang=en"))


def test_a_user_of_a_reaches_nothing_of_b_through_any_route(world: World) -> None:
    as_a = logged_in(world.app, role="admin", organisation="small-brand")
    swept = sweep(as_a, world, api_only=False)
    for needed in ("GET /", "GET /api/threads/{thread_id}", "POST /api/alerts/{alert_id}/ack"):
        assert needed in swept
    assert len(swept) >= 60  # every page and API route of the app, at the time of writing
    for kind in ("page_id", "user_id", "invitation_id", "token_id", "case_id"):
        assert any(f"{{{kind}}}" in route for route in swept), kind
    threads = as_a.get("/api/threads").json()
    assert [t["page"] for t in threads] == ["facebook:small-brand"]
    assert call(as_a, world, "POST", "/organisation").status_code == 404
    with world.app.state.workspace.db.session() as s:
        assert s.get_one(Alert, world.b_ids["alert_id"]).status == "open"


def test_an_api_token_of_a_reaches_nothing_of_b(world: World, cli: Cli) -> None:
    email = "robot@small.example"
    logged_in(world.app, role="admin", organisation="small-brand", email=email)
    home = world.app.state.workspace.settings.home
    made = cli("token", "create", "--user", email, "--name", "sweep", "--home", home)
    token = made.stdout.strip().rsplit(" ", 1)[-1]
    client = TestClient(world.app, headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/status").status_code == 200
    swept = sweep(client, world, api_only=True)
    assert "GET /api/comments" in swept and "GET /api/incidents/{incident_id}" in swept


def test_routes_without_login_are_the_documented_ones_and_show_nothing(world: World) -> None:
    documented = DOCS.read_text("utf-8")
    for path in PUBLIC:
        assert path.split("{")[0] in documented, f"{path} is public but not in docs/accounts.md"
    visitor = TestClient(world.app)
    for method, path in routes(world.app):
        if path in PUBLIC or path.startswith(PUBLIC_PREFIXES):
            continue
        response = call(visitor, world, method, path)
        where = f"{method} {path} → {response.status_code}"
        if method == "GET" and not path.startswith("/api"):
            assert response.status_code == 303, f"{where}: reachable without a login"
            assert response.headers["location"].startswith("/login"), where
        else:
            assert response.status_code == 401, f"{where}: reachable without a login"
        assert not leaks(world, response), where
    alert = world.b_ids["alert_id"]
    forged = {"contact": "camille", "sig": "0" * 64}
    for response in (
        visitor.get("/login"),
        visitor.get("/api/openapi.json"),
        visitor.get(f"/ack/{alert}", params=forged),
        visitor.post(f"/ack/{alert}", data=forged),
        visitor.post("/ingest", content=b'{"id": "x", "text": "y"}'),
    ):
        assert response.status_code in (200, 401, 403), response.request.url
        assert not leaks(world, response), response.request.url
    assert visitor.get(f"/ack/{alert}", params=forged).status_code == 403
    with world.app.state.workspace.db.session() as s:
        assert s.get_one(Alert, alert).status == "open"


def test_a_path_parameter_of_an_unknown_kind_fails_the_sweep() -> None:
    with pytest.raises(pytest.fail.Exception, match="widget_id"):
        url_for("/api/widgets/{widget_id}", {"thread_id": 1})
    assert url_for("/api/threads/{thread_id}", {"thread_id": 7}) == "/api/threads/7"
