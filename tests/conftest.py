"""Shared fixtures: a CLI runner, workspaces on SQLite and (when available) PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from vigile.cli import app
from vigile.connectors.base import Connector, ConnectorSetup
from vigile.domain.model import PageRef, PostSnapshot
from vigile.store.accounts import add_user
from vigile.store.schema import Organisation, Page

POSTGRES_URL = os.environ.get("VIGILE_TEST_POSTGRES_URL")
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


class Cli:
    """Runs `vigile` in-process through Typer's runner, with English messages."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(
        self, *args: str | Path, env: dict[str, str] | None = None, input: str | None = None
    ) -> Any:
        return self.runner.invoke(
            app,
            [str(a) for a in args],
            env={"VIGILE_LANGUAGE": "en", **(env or {})},
            catch_exceptions=False,
            input=input,
        )


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """None means the workspace default (SQLite); PostgreSQL gets a fresh database per test."""
    if request.param == "sqlite":
        yield None
        return
    if not POSTGRES_URL:
        if os.environ.get("VIGILE_REQUIRE_POSTGRES"):
            pytest.fail("VIGILE_REQUIRE_POSTGRES is set but VIGILE_TEST_POSTGRES_URL is not")
        pytest.skip("PostgreSQL tests need VIGILE_TEST_POSTGRES_URL (set by .ci/run)")
    import psycopg

    name = f"vigile_test_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def home(tmp_path: Path, cli: Cli, database_url: str | None) -> Path:
    """An initialised workspace on the database under test."""
    folder = tmp_path / "ws"
    result = cli("init", folder)
    assert result.exit_code == 0, result.output
    if database_url:
        config = folder / "vigile.toml"
        config.write_text(config.read_text() + f'database_url = "{database_url}"\n')
        assert cli("status", "--home", folder).exit_code == 0
    return folder


@pytest.fixture
def sqlite_home(tmp_path: Path, cli: Cli) -> Path:
    folder = tmp_path / "ws"
    assert cli("init", folder).exit_code == 0
    return folder


TEST_PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def logged_in(
    web: FastAPI, *, role: str = "admin", organisation: str | None = None, email: str | None = None
) -> TestClient:
    """A client of `web` logged in through the form as a new user with `role` in
    `organisation` (default: the one owning most pages); it sends its CSRF token."""
    workspace = web.state.workspace
    email = email or f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    with workspace.db.session() as session:
        if organisation is None:
            busiest = (
                select(Organisation.slug)
                .outerjoin(Page, Page.organisation_id == Organisation.id)
                .group_by(Organisation.id)
                .order_by(func.count(Page.id).desc(), Organisation.id)
            )
            organisation = session.scalars(busiest).first()
        assert organisation is not None
        add_user(
            session,
            email=email,
            name=role.title(),
            password=TEST_PASSWORD,
            role=role,
            organisation=organisation,
        )
    return login_as(TestClient(web), email)


def login_as(client: TestClient, email: str, password: str = TEST_PASSWORD) -> TestClient:
    """Log `client` in through GET/POST /login and keep its session's CSRF token."""
    form = CSRF_FIELD.search(client.get("/login").text)
    assert form is not None
    data = {"email": email, "password": password, "csrf_token": form.group(1)}
    response = client.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    home = CSRF_FIELD.search(client.get("/").text)
    assert home is not None
    client.headers["X-CSRF-Token"] = home.group(1)
    return client


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def status(cli: Cli, home: Path) -> dict[str, int]:
    result = cli("status", "--home", home, "--json")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


SAMPLE = [
    {
        "id": "c1",
        "text": "Super vélo, merci !",
        "lang": "fr",
        "author": "ana",
        "page": "facebook:brand",
        "post": "Notre nouveau vélo électrique",
        "created_at": "2026-11-10T10:00:00Z",
    },
    {
        "id": "c2",
        "text": "My order is late again, very disappointed.",
        "author": "bob",
        "page": "facebook:brand",
        "post": "Notre nouveau vélo électrique",
        "created_at": "2026-11-10T10:05:00Z",
        "parent": "c1",
    },
    {
        "id": "c3",
        "text": "Shut up, you stupid idiot",
        "author": "troll",
        "page": "facebook:brand",
        "post": "Notre nouveau vélo électrique",
        "created_at": "2026-11-10T10:06:00Z",
        "parent": "c2",
    },
]


@contextmanager
def loopback_webhook(record: Callable[[str, bytes], None]) -> Iterator[int]:
    """A real HTTP receiver on loopback (its port); `record(path, body)` for every POST."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            record(self.path, self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mailbox:
    """What a loopback SMTP server received: aiosmtpd envelopes."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Mailbox]]:
    """A real SMTP server on loopback; yields its port and its mailbox."""
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, box
    controller.stop()


def replay_setup(
    ref: tuple[PageRef, Mapping[str, str]],
    token: str | None,
    *,
    now: datetime,
    sleeps: list[float] | None = None,
    max_wait: float = 900,
) -> ConnectorSetup:
    """A connector's setup against replayed exchanges: a fixed clock, and the waits it asks
    for recorded in `sleeps` instead of slept."""
    page, options = ref
    record: Callable[[float], None] = (sleeps if sleeps is not None else []).append
    return ConnectorSetup(
        page=page, options=options, token=token, sleep=record, clock=lambda: now, max_wait=max_wait
    )


def snapshots(connector: Connector) -> list[PostSnapshot]:
    """The posts of one fetch (its comment hits left out)."""
    return [h.snapshot for h in connector.fetch({}) if h.snapshot is not None]


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace (`vigile demo`), built once per test module."""
    from vigile.demo import build_demo

    folder = tmp_path_factory.mktemp("demo") / "ws"
    build_demo(folder).db.dispose()
    return folder


@contextmanager
def served(*args: str, port: int, log: IO[bytes] | None = None) -> Iterator[str]:
    """`vigile ARGS` (serve or demo) in its own process on loopback `port`; yields the base
    URL once /login answers. 60 s to start, as a loaded CI machine can take."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vigile.cli", *args, "--port", str(port)],
        env={**os.environ, "VIGILE_LANGUAGE": "en"},
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
