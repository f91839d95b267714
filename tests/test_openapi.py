"""The OpenAPI description is true (issue 18 item 14): every error answer it lists, in
the `{"code", "message"}` shape, the limits of fields, and times that are times.
tests/test_schemathesis.py then checks every operation against it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from vigile.demo import DEMO_EMAIL, DEMO_ORGANISATION
from vigile.store.accounts import create_token
from vigile.store.schema import Incident, Organisation, Page
from vigile.web.app import create_app
from vigile.web.openapi import RAISES
from vigile.workspace import open_workspace


@pytest.fixture(scope="module")
def app(demo_home: Path) -> FastAPI:
    return create_app(open_workspace(demo_home))


@pytest.fixture(scope="module")
def api(app: FastAPI) -> TestClient:
    with app.state.workspace.db.session() as session:
        token = create_token(
            session, email=DEMO_EMAIL, name="openapi", organisation=DEMO_ORGANISATION
        )
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture(scope="module")
def spec(app: FastAPI) -> dict[str, Any]:
    return TestClient(app).get("/api/openapi.json").json()


def operation(spec: dict[str, Any], label: str) -> dict[str, Any]:
    method, path = label.split(" ", 1)
    found: dict[str, Any] = spec["paths"][path][method.lower()]
    return found


def is_error(answer: dict[str, Any], status: int) -> bool:
    body = answer if isinstance(answer, dict) else {}
    return set(body) == {"code", "message"} and bool(body["message"]) and status >= 400


def test_a_number_is_not_a_time(api: TestClient) -> None:
    """Issue 18 item 14: `/api/comments?until=0.5` answered 200 (read as a Unix time)."""
    for query in ("until=0.5", "since=1700000000", "until=-3e2"):
        response = api.get(f"/api/comments?{query}")
        assert response.status_code == 422, (query, response.text)
        assert is_error(response.json(), 422) and "ISO 8601" in response.json()["message"]
        assert f"parameter '{query.split('=')[0]}'" in response.json()["message"]
    assert api.get("/api/comments?until=2026-11-12T17:00:00Z").status_code == 200
    assert api.get("/api/comments?since=2026-11-12T17:00:00").status_code == 200  # UTC
    at_number = api.post("/api/checks/post", json={"text": "Nouveau produit", "at": 0.5})
    assert at_number.status_code == 422 and "field 'at'" in at_number.json()["message"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b"{not json"),
        ("application/json; charset=latin1", b'{"text": "caf\xe9"}'),
        ("multipart/form-data", b"no boundary"),
        ("text/plain", b"hello"),
    ],
)
def test_a_body_that_is_not_json_gets_the_error_shape(
    api: TestClient, content_type: str, body: bytes
) -> None:
    """It got FastAPI's `{"detail": ...}`, some of them with 400 (not in the description)."""
    response = api.post("/api/checks/reply", content=body, headers={"content-type": content_type})
    assert response.status_code == 422, response.text
    assert is_error(response.json(), 422) and response.json()["code"] == "input_error"
    assert response.json()["message"].startswith("body")


def test_fastapi_and_starlette_errors_have_the_shape_too(api: TestClient) -> None:
    bad = api.get("/api/threads?limit=0")
    assert bad.status_code == 422 and is_error(bad.json(), 422)
    assert bad.json()["message"].startswith("parameter 'limit': ")
    assert "paramètre 'limit'" in api.get("/api/threads?limit=0&lang=fr").json()["message"]
    twice = api.get("/api/threads?limit=5&limit=x")
    assert twice.status_code == 422 and "given more than once" in twice.json()["message"]
    field = api.post("/api/checks/reply", json={"text": ""})
    assert field.status_code == 422 and field.json()["message"].startswith("field 'text': ")
    nowhere = api.get("/api/no-such-route")
    assert nowhere.status_code == 404 and nowhere.json()["code"] == "not_found"
    wrong = api.delete("/api/threads")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"
    assert wrong.headers["allow"] == "GET"
    assert TestClient(api.app).get("/api/threads").json()["code"] == "not_authenticated"


def test_each_operation_lists_its_error_answers(spec: dict[str, Any]) -> None:
    labels = {f"{m.upper()} {p}" for p, ops in spec["paths"].items() for m in ops}
    assert set(RAISES) <= labels, set(RAISES) - labels  # the table names real operations
    assert "HTTPValidationError" not in str(spec)
    for label in labels - {"POST /ingest"}:
        answers = operation(spec, label)["responses"]
        assert "401" in answers, label  # every API route needs a login or a token
        for code, answer in answers.items():
            if code.startswith(("4", "5")):
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (label, code)
    thread = operation(spec, "GET /api/threads/{thread_id}")["responses"]
    assert {"401", "404", "422"} <= set(thread) and "403" not in thread  # a read, any role
    ack = operation(spec, "POST /api/alerts/{alert_id}/ack")["responses"]
    assert {"401", "403", "404", "422"} <= set(ack) and "409" not in ack
    assert "409" in operation(spec, "POST /api/incidents/{incident_id}/status")["responses"]
    assert "403" in operation(spec, "GET /api/peer/moderation")["responses"]
    assert {"401", "403"} <= set(operation(spec, "GET /api/charter")["responses"])
    error = spec["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "message"}
    ingest = operation(spec, "POST /ingest")["responses"]
    assert set(ingest) == {"200", "401", "413", "422"}
    assert ingest["422"]["content"]["application/json"]["schema"]["$ref"].endswith("IngestAnswer")


def test_a_documented_409_is_given(api: TestClient, app: FastAPI) -> None:
    with app.state.workspace.db.session() as session:
        mine = select(Page.id).join(Organisation).where(Organisation.name == DEMO_ORGANISATION)
        incident = session.scalars(select(Incident.id).where(Incident.page_id.in_(mine))).first()
    url = f"/api/incidents/{incident}/status"
    assert api.post(url, json={"status": "resolved"}).status_code == 200
    refused = api.post(url, json={"status": "acknowledged"})
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"


def test_field_limits_are_in_the_description(spec: dict[str, Any], api: TestClient) -> None:
    schemas = spec["components"]["schemas"]
    network = schemas["ReplyCheckRequest"]["properties"]["network"]["anyOf"][0]
    assert {"facebook", "mastodon", "x"} <= set(network["enum"]) and network["maxLength"] == 50
    email = schemas["InvitationIn"]["properties"]["email"]
    assert email["format"] == "email" and email["maxLength"] == 320
    charters = [
        s["properties"]["charter"] for s in schemas.values() if "charter" in s.get("properties", {})
    ]
    assert charters and all(c.get("maxLength") for c in charters)
    peer = {p["name"]: p for p in operation(spec, "GET /api/peer/requests")["parameters"]}
    assert peer["network"]["schema"]["anyOf"][0]["maxLength"] == 50
    unknown = api.post("/api/checks/reply", json={"text": "Merci !", "network": "myspace"})
    assert unknown.status_code == 422 and "field 'network'" in unknown.json()["message"]
    assert "facebook" in unknown.json()["message"]
    known = api.post("/api/checks/reply", json={"text": "Merci !", "network": "Mastodon"})
    assert known.status_code == 200
    long = api.post("/api/invitations", json={"email": "a" * 320 + "@example.org"})
    assert long.status_code == 422 and "field 'email'" in long.json()["message"]
