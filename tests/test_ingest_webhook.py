"""`POST /ingest`: HMAC-signed pushes in the standard format, idempotent, with clear errors."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLE, Cli, status
from vigile.connectors.credentials import create_source_secret
from vigile.web.app import create_app
from vigile.web.routes_ingest import signature_matches
from vigile.workspace import open_workspace


@pytest.fixture
def client(home: Path) -> TestClient:
    return TestClient(create_app(open_workspace(home)))


def secret_of(home: Path, source: str = "zapier") -> str:
    return create_source_secret(home, source).read_text("utf-8").strip()


def push(
    client: TestClient, body: bytes, *, secret: str, source: str = "zapier", **headers: str
) -> Any:
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        "/ingest",
        content=body,
        headers={"X-Vigile-Source": source, "X-Vigile-Signature": f"sha256={signature}", **headers},
    )


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
        from sqlalchemy import select

        from vigile.store.schema import Comment, Page

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
