"""Property-based API tests: every operation of the OpenAPI description answers as the
description says, and never with a 5xx.

schemathesis generates requests from the app's own spec and sends them through the ASGI
app with an API token of the analysed demo workspace (real threads, alerts, incidents and
cases to hit). Each answer is checked: no server error, a documented status code, content
type, body schema and headers; invalid data (a wrong type, a broken limit, a parameter
given twice) refused. A bounded number of examples per operation keeps the run to a
minute or two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from vigile.demo import DEMO_EMAIL, DEMO_ORGANISATION, build_demo
from vigile.store.accounts import create_token, set_active, set_membership
from vigile.web.app import create_app
from vigile.workspace import Workspace

EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 5}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    ignored_auth,
    missing_required_header,
    unsupported_method,
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = build_demo(tmp_path_factory.mktemp("schema") / "demo")
    yield workspace
    workspace.db.dispose()


@pytest.fixture(scope="module")
def api_schema(demo: Workspace) -> Any:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(demo))
    # the token is ours to send (below), and an unknown query parameter is ignored, not
    # refused: neither is "invalid data" the API should reject
    schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)
    return schema


def fresh_admin(workspace: Workspace) -> dict[str, str]:
    """The demo admin, back to admin and active, with a new token: what one operation did
    to its own user (revoked its token, lowered its role) must not blind the next one."""
    with workspace.db.session() as session:
        set_membership(session, email=DEMO_EMAIL, organisation=DEMO_ORGANISATION, role="admin")
        set_active(session, DEMO_EMAIL, active=True)
        token = create_token(
            session, email=DEMO_EMAIL, name="schemathesis", organisation=DEMO_ORGANISATION
        )
    return {"Authorization": f"Bearer {token}"}


def test_every_operation_answers_as_documented(api_schema: Any, demo: Workspace) -> None:
    """Each operation in turn, with valid then invalid data (hypothesis shrinks what fails);
    every failure is reported, not only the first."""
    failures, seen = [], {}
    for found in api_schema.get_all_operations():
        operation = found.ok()
        codes = seen.setdefault(operation.label, set())
        auth = fresh_admin(demo)
        for mode, examples in EXAMPLES.items():
            try:
                _explore(operation, mode, examples, auth, codes)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing in it can be made invalid
            except Exception as exc:
                failures.append(f"{operation.label} ({mode.value} data): {exc}")
    assert len(seen) >= 15 and "POST /api/checks/reply" in seen
    assert not failures, "\n\n".join(failures)
    # the token got through: every operation answered something else than 401 at least once
    blind = [label for label, codes in seen.items() if codes <= {401}]
    assert blind == ["POST /ingest"], blind  # pushes are signed with HMAC, not tokens


def _explore(
    operation: Any, mode: GenerationMode, examples: int, auth: dict[str, str], codes: set[int]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, headers=auth))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def send(case: Any) -> None:
        response = case.call_and_validate(checks=CHECKS)
        codes.add(response.status_code)

    send()


def test_the_spec_lists_every_api_route(api_schema: Any) -> None:
    """The API routes are all described (the page routes are not)."""
    paths = {found.ok().path for found in api_schema.get_all_operations()}
    assert {"/api/threads", "/api/alerts/{alert_id}/ack", "/api/checks/reply"} <= paths
    assert not any(path.startswith("/threads/") for path in paths)


def test_ids_past_64_bits_are_refused_not_a_crash(demo: Workspace, api_schema: Any) -> None:
    """What schemathesis found: an id SQLite cannot hold crashed the query (500)."""
    web = TestClient(create_app(demo), headers=fresh_admin(demo))
    huge = str(2**64)
    for found in api_schema.get_all_operations():
        operation = found.ok()
        names = re.findall(r"{(\w+)}", operation.path)
        if not names:
            continue
        url = operation.path.format(**dict.fromkeys(names, huge))
        response = web.request(operation.method.upper(), url)
        assert response.status_code == 422, (operation.label, response.text)
    assert web.get(f"/api/threads?offset={huge}").status_code == 422
    assert web.get(f"/threads/{huge}").status_code == 422
