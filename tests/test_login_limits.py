"""The login limiter: per (account, client) and per client, never a lockout of the owner
by a stranger; X-Forwarded-For believed only from the proxies named in the settings."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from conftest import CSRF_FIELD, TEST_PASSWORD, Cli, free_port, logged_in, served
from vigile.web.app import create_app
from vigile.web.limiter import LoginLimiter
from vigile.workspace import open_workspace


@pytest.fixture
def owner() -> str:
    return f"owner-{uuid.uuid4().hex[:8]}@example.org"


@pytest.fixture
def app(demo_home: Path, owner: str) -> FastAPI:
    web = create_app(open_workspace(demo_home))
    logged_in(web, role="cm", email=owner)
    return web


def from_address(app: FastAPI, host: str, **headers: str) -> TestClient:
    return TestClient(app, client=(host, 40000), headers=headers)


def attempt(client: TestClient, email: str, password: str, **headers: str) -> int:
    form = CSRF_FIELD.search(client.get("/login").text)
    assert form is not None
    data = {"email": email, "password": password, "csrf_token": form.group(1)}
    return client.post("/login", data=data, headers=headers, follow_redirects=False).status_code


def test_a_stranger_cannot_lock_the_owner_out(app: FastAPI, owner: str) -> None:
    """Issue 18 item 9: 5 wrong passwords a minute for someone's e-mail kept them out."""
    stranger = from_address(app, "203.0.113.7")
    assert [attempt(stranger, owner, "guess") for _ in range(6)] == [401] * 5 + [429]
    assert attempt(stranger, owner, TEST_PASSWORD) == 429  # the source is locked out
    assert attempt(from_address(app, "198.51.100.20"), owner, TEST_PASSWORD) == 303


def test_the_owners_success_clears_their_own_failures(app: FastAPI, owner: str) -> None:
    browser = from_address(app, "198.51.100.20")
    for _ in range(4):
        assert attempt(browser, owner, "typo") == 401
    assert attempt(browser, owner, TEST_PASSWORD) == 303
    assert [attempt(browser, owner, "typo") for _ in range(5)] == [401] * 5  # counted afresh


def test_one_client_trying_many_accounts_is_stopped(app: FastAPI, owner: str) -> None:
    sprayer = from_address(app, "203.0.113.9")
    codes = [attempt(sprayer, f"user{n}@example.org", "123456") for n in range(21)]
    assert codes == [401] * 20 + [429]
    assert attempt(sprayer, owner, TEST_PASSWORD) == 429
    assert attempt(from_address(app, "203.0.113.10"), owner, TEST_PASSWORD) == 303


def test_lockouts_of_a_source_grow_and_are_forgotten_when_quiet() -> None:
    limiter = LoginLimiter(per_account=2, per_client=100, window=0.1, max_lockout=0.25)
    for _ in range(2):
        limiter.failed(ip="10.0.0.1", email="a@example.org")
    assert limiter.blocked(ip="10.0.0.1", email="A@example.org ")
    assert not limiter.blocked(ip="10.0.0.2", email="a@example.org")  # another client
    assert not limiter.blocked(ip="10.0.0.1", email="b@example.org")  # another account
    time.sleep(0.12)
    assert not limiter.blocked(ip="10.0.0.1", email="a@example.org")
    for _ in range(2):
        limiter.failed(ip="10.0.0.1", email="a@example.org")
    time.sleep(0.12)
    assert limiter.blocked(ip="10.0.0.1", email="a@example.org")  # second lockout: 0.2 s
    time.sleep(0.1)
    assert not limiter.blocked(ip="10.0.0.1", email="a@example.org")
    time.sleep(0.4)
    limiter.failed(ip="10.0.0.9", email="z@example.org")  # a later failure sweeps
    assert len(limiter) == 2  # only the new client's two keys are left


def test_an_ipv6_client_counts_by_its_64_network(app: FastAPI, owner: str) -> None:
    codes = [
        attempt(from_address(app, f"2001:db8:1:2::{n:x}"), owner, "guess") for n in range(1, 7)
    ]
    assert codes == [401] * 5 + [429]
    assert attempt(from_address(app, "2001:db8:1:3::1"), owner, TEST_PASSWORD) == 303


def test_forwarded_for_counts_only_from_a_trusted_proxy(
    demo_home: Path, owner: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGILE_TRUSTED_PROXIES", '["10.0.0.0/24"]')
    web = create_app(open_workspace(demo_home))
    logged_in(web, role="cm", email=owner)
    proxy = from_address(web, "10.0.0.5")
    for n in range(6):  # six clients behind the proxy: none reaches a limit
        assert attempt(proxy, owner, "guess", **{"X-Forwarded-For": f"192.0.2.{n}"}) == 401
    one = [attempt(proxy, owner, "guess", **{"X-Forwarded-For": "192.0.2.77"}) for _ in range(6)]
    assert one == [401] * 5 + [429]
    spoofer = from_address(web, "203.0.113.50")  # not a proxy: its header is ignored
    codes = [
        attempt(spoofer, owner, "guess", **{"X-Forwarded-For": f"192.0.2.{n}"}) for n in range(6)
    ]
    assert codes == [401] * 5 + [429]


def test_trusted_proxies_must_be_addresses(cli: Cli, demo_home: Path) -> None:
    result = cli("status", "--home", demo_home, env={"VIGILE_TRUSTED_PROXIES": '["*"]'})
    assert result.exit_code == 2
    assert "trusted_proxies" in result.output and "not an IP address" in result.output


def test_vigile_serve_ignores_a_spoofed_forwarded_for(demo_home: Path, owner: str) -> None:
    """Issue 18 item 9: uvicorn believed X-Forwarded-For from 127.0.0.1, so rotating the
    header let every attempt past the limiter."""
    with (
        served("serve", "--home", str(demo_home), port=free_port()) as base,
        httpx.Client(base_url=base, timeout=10) as client,
    ):
        form = CSRF_FIELD.search(client.get("/login").text)
        assert form is not None
        codes = []
        for n in range(22):  # a new address and a new account each time: spraying
            data = {"email": f"{n}-{owner}", "password": "guess", "csrf_token": form.group(1)}
            spoofed = {"X-Forwarded-For": f"198.18.0.{n}"}
            codes.append(client.post("/login", data=data, headers=spoofed).status_code)
        assert codes == [401] * 20 + [429] * 2
        assert "server" not in client.get("/login").headers
