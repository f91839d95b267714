"""The REST API through the ASGI client: what the CLI reads, paged and filtered the same
way everywhere (limit/offset in, X-Total-Count and Link out; the comments by cursor),
described in OpenAPI."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from conftest import logged_in, write_jsonl
from vigile.policy import charter as charter_module
from vigile.store.journal import add_incident_note, verify_chain
from vigile.store.schema import Incident
from vigile.web.app import create_app
from vigile.workspace import open_workspace

LISTS = (
    "/api/pages",
    "/api/posts",
    "/api/comments",
    "/api/threads",
    "/api/alerts",
    "/api/incidents",
    "/api/decisions",
)


@pytest.fixture(scope="module")
def client(demo_home: Path) -> TestClient:
    return logged_in(create_app(open_workspace(demo_home)))


def every_page(client: TestClient, path: str, limit: int) -> list[dict[str, Any]]:
    """Follow the Link headers from the first page to the last."""
    items: list[dict[str, Any]] = []
    url: str | None = f"{path}{'&' if '?' in path else '?'}limit={limit}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.text
        assert len(response.json()) <= limit
        items += response.json()
        found = re.search(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))
        url = found.group(1) if found else None
    return items


def test_every_list_is_paged_the_same_way(client: TestClient) -> None:
    for path in LISTS:
        whole = client.get(f"{path}?limit=1000&count=true")
        total = int(whole.headers["X-Total-Count"])
        assert total == len(whole.json()) > 0, path
        paged = every_page(client, path, limit=3)
        assert paged == whole.json(), path
        second = client.get(f"{path}?limit=3&offset=3")
        if total > 3:
            assert 'rel="prev"' in second.headers["link"], path
        assert client.get(f"{path}?limit=0").status_code == 422, path
        assert client.get(f"{path}?limit=1001").status_code == 422, path
        assert client.get(f"{path}?offset=-1").status_code == 422, path
    counts = client.get("/api/status").json()
    comments = client.get("/api/comments?count=true")
    assert int(comments.headers["X-Total-Count"]) == counts["comments"]


def test_openapi_describes_each_route_with_its_model(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in (*LISTS, "/api/threads/{thread_id}", "/api/incidents/{incident_id}"):
        operation = spec["paths"][path]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema, path
    names = {p["name"] for p in spec["paths"]["/api/comments"]["get"]["parameters"]}
    wanted = {"page", "thread", "language", "toxic", "negative", "since", "until", "author"}
    assert wanted | {"limit", "offset", "cursor", "count"} <= names
    inbox = {p["name"] for p in spec["paths"]["/api/threads"]["get"]["parameters"]}
    assert {"page", "network", "language", "signal", "status", "tab"} <= inbox
    assert "/api/charter/in-force" in spec["paths"] and "/" not in spec["paths"]
    assert "CommentOut" in spec["components"]["schemas"]


def test_pages_and_posts(client: TestClient) -> None:
    pages = client.get("/api/pages").json()
    networks = {p["name"].partition(":")[0] for p in pages}
    assert networks == {"facebook", "instagram", "mastodon"}
    assert sum(p["comments"] for p in pages) == client.get("/api/status").json()["comments"]
    one = pages[0]["name"]
    posts = client.get("/api/posts", params={"page": one}).json()
    assert posts and all(p["page"] == one for p in posts)
    thread = client.get(f"/api/threads/{posts[0]['id']}").json()
    assert thread["comment_count"] == len(thread["comments"]) == posts[0]["comments"]


def test_comment_filters(client: TestClient) -> None:
    total = int(client.get("/api/comments?count=true").headers["X-Total-Count"])
    thread = client.get("/api/threads").json()[0]["post_id"]
    in_thread = client.get("/api/comments", params={"thread": thread, "limit": 1000}).json()
    assert in_thread and {c["thread_id"] for c in in_thread} == {thread}
    for flag, signal in (("toxic", "toxicity"), ("negative", "negativity")):
        yes = client.get("/api/comments", params={flag: "true", "limit": 1000}).json()
        no = client.get("/api/comments", params={flag: "false", "limit": 1000}).json()
        assert len(yes) + len(no) == total and yes and no
        if flag == "toxic":
            assert all(c["scores"][signal] >= 0.5 for c in yes)
            assert all(c["scores"][signal] < 0.5 for c in no)
    french = client.get("/api/comments", params={"language": "fr", "limit": 1000}).json()
    assert french and all(c["lang"] == "fr" for c in french)
    times = sorted(c["created_at"] for c in in_thread)
    middle = times[len(times) // 2]
    since = client.get("/api/comments", params={"thread": thread, "since": middle}).json()
    until = client.get("/api/comments", params={"thread": thread, "until": middle}).json()
    assert len(since) + len(until) == len(in_thread)
    assert all(c["created_at"] >= middle for c in since)
    author = in_thread[0]["author"]
    by = client.get("/api/comments", params={"author": author, "limit": 1000}).json()
    assert by and {c["author"] for c in by} == {author}
    dates = [c["created_at"] for c in by]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert client.get("/api/comments?since=yesterday").status_code == 422


def test_alert_filters(client: TestClient) -> None:
    everything = client.get("/api/alerts").json()
    kinds = {a["kind"] for a in everything}
    assert {"pile_on", "negative_buzz"} <= kinds
    for kind in kinds:
        some = client.get("/api/alerts", params={"kind": kind}).json()
        assert some == [a for a in everything if a["kind"] == kind]
    page = everything[0]["page"]
    on_page = client.get("/api/alerts", params={"page": page}).json()
    assert on_page == [a for a in everything if a["page"] == page]
    open_ = client.get("/api/alerts", params={"status": "open"}).json()
    assert open_ == [a for a in everything if a["status"] == "open"]


def test_incident_detail_has_its_alerts_and_notes(client: TestClient) -> None:
    app_home = client.app.state.workspace  # type: ignore[attr-defined]
    incident = client.get("/api/incidents").json()[0]
    with app_home.db.session() as s:
        add_incident_note(s, incident["id"], "Called the supplier.", actor="camille")
        assert s.scalars(select(Incident.id)).first() is not None
    detail = client.get(f"/api/incidents/{incident['id']}").json()
    assert detail["alerts"] and all(a["incident"] == incident["id"] for a in detail["alerts"])
    assert [n["details"]["text"] for n in detail["notes"]] == ["Called the supplier."]
    assert client.get("/api/incidents/999999").status_code == 404
    log = every_page(client, "/api/decisions", limit=4)
    assert [d["id"] for d in log] == sorted(d["id"] for d in log)
    assert {"alert.raised", "incident.note"} <= {d["action"] for d in log}
    for before, after in itertools.pairwise(log):
        if after["id"] == before["id"] + 1:
            assert after["prev_hash"] == before["hash"]
    with app_home.db.session() as s:
        assert verify_chain(s) is None
    one = client.get("/api/decisions", params={"subject_type": "incident"}).json()
    assert one and {d["subject_type"] for d in one} == {"incident"}


def test_charter_in_force_without_secrets(tmp_path: Path, cli: Any) -> None:
    home = tmp_path / "ws"
    assert cli("init", home).exit_code == 0
    example = Path(charter_module.__file__).parent / "examples" / "charter.en.yaml"
    text = example.read_text("utf-8")
    (home / "charter.yaml").write_text(text, "utf-8")
    app = create_app(open_workspace(home))
    client = logged_in(app, organisation="default")
    charter = client.get("/api/charter/in-force")
    assert charter.status_code == 200
    data = charter.json()
    assert data["error"] is None and data["rules"] and data["contacts"]
    assert any(r["signal"] == "derailment" for r in data["rules"])
    camille = next(c for c in data["contacts"] if c["id"] == "camille")
    assert camille["channels"] == {"email": "mailto", "chat": "json"}
    assert "camille@example.com" not in charter.text and "hooks/camille" not in charter.text
    app.state.workspace.db.dispose()


def test_comments_page_by_cursor_without_counting(
    cli: Any, home: Path, tmp_path: Path, database_url: str | None
) -> None:
    """Keyset paging: every comment once, newest first, ties on the time broken by id; no
    COUNT unless `count=true`; a later page is the same query as the first."""
    rows = [
        {
            "id": f"k{i}",
            "text": f"comment {i}",
            "page": "facebook:brand",
            "created_at": f"2026-11-10T10:0{i // 4}:00Z",  # four comments per minute
        }
        for i in range(11)
    ]
    assert cli("import", write_jsonl(tmp_path / "k.jsonl", rows), "--home", home).exit_code == 0
    app = create_app(open_workspace(home))
    client = logged_in(app)
    statements: list[str] = []
    engine = app.state.workspace.db.engine
    listen = lambda *args: statements.append(args[2].lower())  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    first = client.get("/api/comments?limit=4")
    event.remove(engine, "before_cursor_execute", listen)
    assert first.status_code == 200 and "X-Total-Count" not in first.headers
    assert not [q for q in statements if "count(" in q], statements
    seen = every_page(client, "/api/comments", limit=4)
    assert [c["external_id"] for c in seen] == [
        f"k{i}" for i in sorted(range(11), key=lambda i: (i // 4, i), reverse=True)
    ]
    cursor = first.headers["X-Next-Cursor"]
    second = client.get("/api/comments", params={"limit": 4, "cursor": cursor})
    assert [c["external_id"] for c in second.json()] == [c["external_id"] for c in seen[4:8]]
    last = client.get(
        "/api/comments", params={"limit": 4, "cursor": second.headers["X-Next-Cursor"]}
    )
    assert len(last.json()) == 3 and "X-Next-Cursor" not in last.headers
    assert "link" not in last.headers
    counted = client.get("/api/comments?limit=4&count=true")
    assert counted.headers["X-Total-Count"] == "11"
    for bad in ("nonsense", "bm9uc2Vuc2U", "%%%"):
        refused = client.get("/api/comments", params={"cursor": bad})
        assert refused.status_code == 422 and refused.json()["code"] == "input_error", bad
        assert "cursor" in refused.json()["message"]
    app.state.workspace.db.dispose()
