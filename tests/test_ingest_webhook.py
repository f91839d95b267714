"""`POST /ingest`: HMAC-signed pushes in the standard format, idempotent, with clear errors."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import SAMPLE, Cli, status
from vigile.connectors.credentials import create_source_secret
from vigile.store.schema import Comment, Page
from vigile.web.app import create_app
from vigile.web.routes_ingest import signature_matches
from vigile.workspace import open_workspace


@pytest.fixture
def client(home: Path) -> TestClient:
    return TestClient(create_app(open_workspace(home)))


def secret_of(home: Path, source: str = "zapier") -> str:
    return create_source_secret(home, source).read_text("utf-8").strip()


def push(
    client: TestClient,
    body: bytes,
    *,
    secret: str,
    source: str = "zapier",
    at: float | None = None,
    **headers: str,
) -> Any:
    """POST /ingest signed as documented: HMAC-SHA256 of "<timestamp>.<body>"."""
    stamp = str(int(time.time() if at is None else at))
    signed = stamp.encode() + b"." + body
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    sent = {
        "X-Vigile-Source": source,
        "X-Vigile-Timestamp": stamp,
        "X-Vigile-Signature": f"sha256={signature}",
    }
    return client.post("/ingest", content=body, headers=sent | headers)


def stored_text(home: Path, external_id: str) -> str:
    with open_workspace(home).db.session() as session:
        return session.scalars(select(Comment.text).where(Comment.external_id == external_id)).one()


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


def test_signed_json_lines_are_stored_once(client: TestClient, home: Path, cli: Cli) -> None:
    secret = secret_of(home)
    first = push(client, jsonl(SAMPLE), secret=secret)
    assert first.status_code == 200, first.text
    assert first.json() | {"errors": []} == {
        "added": 3,
        "updated": 0,
        "skipped": 0,
        "stale": 0,
        "rejected": 0,
        "errors": [],
        "unknown_fields": {},
    }
    again = push(client, jsonl(SAMPLE), secret=secret)
    assert again.json()["added"] == 0 and again.json()["skipped"] == 3
    assert status(cli, home)["comments"] == 3


def test_one_json_object_defaults_to_the_source_page(client: TestClient, home: Path) -> None:
    body = json.dumps({"id": "fb-1", "text": "Où est ma commande ?", "post": "Soldes"}, indent=2)
    response = push(client, body.encode(), secret=secret_of(home))
    assert response.json()["added"] == 1
    with open_workspace(home).db.session() as session:
        network, handle = session.execute(
            select(Page.network, Page.handle).join(Comment, Comment.page_id == Page.id)
        ).one()
    assert (network, handle) == ("webhook", "zapier")


def test_bad_signature_unknown_source_and_missing_header_are_401(
    client: TestClient, home: Path, cli: Cli
) -> None:
    body = jsonl(SAMPLE)
    secret = secret_of(home)
    assert push(client, body, secret="not-the-secret").status_code == 401
    assert push(client, body, secret=secret, source="unknown").status_code == 401
    assert (
        client.post("/ingest", content=body, headers={"X-Vigile-Source": "zapier"}).json()["code"]
        == "bad_signature"
    )
    tampered = push(client, body, secret=secret).request  # signed, then the body changes
    response = client.post("/ingest", content=body + b"\n", headers=dict(tampered.headers))
    assert response.status_code == 401
    assert status(cli, home)["comments"] == 3  # only the one good push


def test_secret_from_the_environment(
    client: TestClient, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGILE_INGEST_SECRET_IN_HOUSE", "s3cret-from-env")
    response = push(client, jsonl(SAMPLE[:1]), secret="s3cret-from-env", source="in-house")
    assert response.status_code == 200


def test_bad_rows_name_line_and_field_and_good_rows_are_kept(
    client: TestClient, home: Path, cli: Cli
) -> None:
    rows = [SAMPLE[0], {"id": "x", "text": 42}, {"text": "no id"}, SAMPLE[1]]
    body = jsonl(rows) + b"{not json\n"
    response = push(client, body, secret=secret_of(home))
    assert response.status_code == 422
    payload = response.json()
    assert payload["added"] == 2 and payload["rejected"] == 3
    assert [(e["line"], e["field"]) for e in payload["errors"]] == [
        (2, "text"),
        (3, "id"),
        (5, None),
    ]
    assert "line 2, field 'text'" in payload["errors"][0]["message"]
    assert status(cli, home)["comments"] == 2


def test_a_huge_body_is_413(
    client: TestClient, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGILE_INGEST_MAX_BYTES", "2000")
    client = TestClient(create_app(open_workspace(home)))
    body = jsonl([{"id": str(i), "text": "x" * 100} for i in range(50)])
    response = push(client, body, secret=secret_of(home))
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_signature_check_is_strict() -> None:
    good = hmac.new(b"k", b"body", hashlib.sha256).hexdigest()
    assert signature_matches("k", b"body", f"sha256={good}")
    assert not signature_matches("k", b"body", good)
    assert not signature_matches("k", b"body", None)
    assert not signature_matches("k", b"body!", f"sha256={good}")


def test_a_nul_character_loses_nothing(client: TestClient, home: Path) -> None:
    """PostgreSQL cannot store U+0000: the text is stored without it, the body kept whole."""
    rows = [{"id": "n1", "text": "a\u0000b"}, {"id": "n2", "text": "fine"}]
    response = push(client, jsonl(rows), secret=secret_of(home))
    assert response.status_code == 200, response.text
    assert response.json()["added"] == 2
    array = json.dumps([{"id": "n3", "text": "c\u0000d", "author": "\u0000x"}]).encode()
    assert push(client, array, secret=secret_of(home)).json()["added"] == 1
    with open_workspace(home).db.session() as session:
        from sqlalchemy import select

        from vigile.store.schema import Comment

        texts = dict(session.execute(select(Comment.external_id, Comment.text)).all())
    assert texts == {"n1": "ab", "n2": "fine", "n3": "cd"}


def test_a_deeply_nested_body_is_422_not_500(client: TestClient, home: Path, cli: Cli) -> None:
    secret = secret_of(home)
    for body in (b"[" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000):
        response = push(client, body, secret=secret)
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0] == {
            "line": 1,
            "field": None,
            "message": "line 1: JSON nested deeper than 32 levels",
        }
    # a comment's own nesting (an array of objects with a `post` object) is well within
    nested = json.dumps([{"id": "ok", "text": "fine", "post": {"id": "p", "text": "["}}])
    assert push(client, nested.encode(), secret=secret).json()["added"] == 1
    assert status(cli, home)["comments"] == 1


def test_a_replayed_body_never_brings_old_content_back(client: TestClient, home: Path) -> None:
    """Issue 18 item 7: the first body re-sent with its signature after an edit reverted it."""
    secret, now = secret_of(home), time.time()
    first = json.dumps({"id": "wh-1", "text": "Great product", "post": "Soldes"}).encode()
    edited = json.dumps({"id": "wh-1", "text": "Edited: terrible service", "post": "Soldes"})
    assert push(client, first, secret=secret, at=now - 20).json()["added"] == 1
    captured = push(client, first, secret=secret, at=now - 20).request  # what a spy kept
    assert push(client, edited.encode(), secret=secret, at=now - 10).json()["updated"] == 1
    replayed = client.post("/ingest", content=first, headers=dict(captured.headers))
    assert replayed.status_code == 200, replayed.text
    assert replayed.json() | {"errors": []} == {
        "added": 0,
        "updated": 0,
        "skipped": 0,
        "stale": 1,
        "rejected": 0,
        "errors": [],
        "unknown_fields": {},
    }
    assert stored_text(home, "wh-1") == "Edited: terrible service"


def test_a_late_push_does_not_replace_a_newer_one(client: TestClient, home: Path) -> None:
    """Deliveries out of order: the version signed later stays, whichever arrives last."""
    secret, now = secret_of(home), time.time()
    newer = jsonl([{"id": "wh-2", "text": "second version"}])
    older = jsonl([{"id": "wh-2", "text": "first version"}])
    assert push(client, newer, secret=secret, at=now - 5).json()["added"] == 1
    assert push(client, older, secret=secret, at=now - 30).json()["stale"] == 1
    assert stored_text(home, "wh-2") == "second version"
    assert push(client, jsonl([{"id": "wh-2", "text": "third"}]), secret=secret).json() == {
        "added": 0,
        "updated": 1,
        "skipped": 0,
        "stale": 0,
        "rejected": 0,
        "errors": [],
        "unknown_fields": {},
    }


def test_a_timestamp_outside_the_window_or_missing_is_401(
    client: TestClient, home: Path, cli: Cli
) -> None:
    secret, body = secret_of(home), jsonl(SAMPLE)
    old = push(client, body, secret=secret, at=time.time() - 301)
    assert old.status_code == 401 and old.json()["code"] == "bad_signature"
    assert "ingest_tolerance" in old.json()["message"]
    future = push(client, body, secret=secret, at=time.time() + 400)
    assert future.status_code == 401
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()  # the old scheme
    legacy = client.post(
        "/ingest",
        content=body,
        headers={"X-Vigile-Source": "zapier", "X-Vigile-Signature": f"sha256={signature}"},
    )
    assert legacy.status_code == 401 and "X-Vigile-Timestamp" in legacy.json()["message"]
    forged = push(client, body, secret=secret, at=time.time() - 400).request
    moved = dict(forged.headers) | {"X-Vigile-Timestamp": str(int(time.time()))}
    assert client.post("/ingest", content=body, headers=moved).status_code == 401
    assert status(cli, home)["comments"] == 0


def test_the_window_is_a_setting(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGILE_INGEST_TOLERANCE", "1000")
    client = TestClient(create_app(open_workspace(home)))
    response = push(client, jsonl(SAMPLE), secret=secret_of(home), at=time.time() - 900)
    assert response.status_code == 200, response.text
