"""Property-based API tests: every operation of the OpenAPI description, no 5xx.

schemathesis generates requests from the app's own spec and sends them through the ASGI
app with an API token of the analysed demo workspace (real threads, alerts, incidents and
cases to hit). A bounded number of examples per operation keeps the run short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from vigile.demo import DEMO_EMAIL, DEMO_ORGANISATION, build_demo
from vigile.store.accounts import create_token
from vigile.web.app import create_app

EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 10}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, str]]:
    workspace = build_demo(tmp_path_factory.mktemp("schema") / "demo")
    with workspace.db.session() as session:
        token = create_token(
            session, email=DEMO_EMAIL, name="schemathesis", organisation=DEMO_ORGANISATION
        )
    yield create_app(workspace), token
    workspace.db.dispose()


@pytest.fixture(scope="module")
def api_schema(demo_app: tuple[FastAPI, str]) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", demo_app[0])


@pytest.fixture(scope="module")
def auth(demo_app: tuple[FastAPI, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {demo_app[1]}"}


def test_no_operation_answers_with_a_server_error(api_schema: Any, auth: dict[str, str]) -> None:
    """Each operation in turn, with valid then invalid data (hypothesis shrinks what fails);
    every failure is reported, not only the first."""
    failures, tested = [], set()
    for found in api_schema.get_all_operations():
        operation = found.ok()
        tested.add(operation.label)
        for mode, examples in EXAMPLES.items():
            try:
                _explore(operation, mode, examples, auth)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing in it can be made invalid
            except Exception as exc:
                failures.append(f"{operation.label} ({mode.value} data): {exc}")
    assert len(tested) >= 15 and "POST /api/checks/reply" in tested
    assert not failures, "\n\n".join(failures)


def _explore(operation: Any, mode: GenerationMode, examples: int, auth: dict[str, str]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def send(case: Any) -> None:
        case.call_and_validate(headers=auth, checks=[not_a_server_error])

    send()


def test_the_spec_lists_every_api_route(api_schema: Any) -> None:
    """The API routes are all described (the page routes are not)."""
    paths = {found.ok().path for found in api_schema.get_all_operations()}
    assert {"/api/threads", "/api/alerts/{alert_id}/ack", "/api/checks/reply"} <= paths
    assert not any(path.startswith("/threads/") for path in paths)


def test_ids_past_64_bits_are_refused_not_a_crash(
    demo_app: tuple[FastAPI, str], api_schema: Any, auth: dict[str, str]
) -> None:
    """What schemathesis found: an id SQLite cannot hold crashed the query (500)."""
    web = TestClient(demo_app[0], headers=auth)
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
