"""Accounts: login and logout, sessions, CSRF, rate limit, API tokens, roles, the CLI."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from conftest import CSRF_FIELD, TEST_PASSWORD, Cli, logged_in, login_as
from vigile.store.schema import Alert, ApiToken, LoginSession
from vigile.web.app import create_app
from vigile.web.auth import SESSION_COOKIE
from vigile.workspace import open_workspace


@pytest.fixture
def app(demo_home: Path) -> FastAPI:
    return create_app(open_workspace(demo_home))


def _login_form(client: TestClient) -> str:
    found = CSRF_FIELD.search(client.get("/login").text)
    assert found is not None
    return found.group(1)


def _post_login(client: TestClient, email: str, password: str) -> Response:
    data = {"email": email, "password": password, "csrf_token": _login_form(client)}
    return client.post("/login", data=data, follow_redirects=False)


def test_pages_send_visitors_to_the_login_form_and_the_api_answers_401(app: FastAPI) -> None:
    client = TestClient(app)
    page = client.get("/threads/1", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/threads/1"
    api = client.get("/api/threads")
    assert api.status_code == 401 and api.json()["code"] == "not_authenticated"
    login = client.get("/login?lang=fr")
    assert login.status_code == 200 and "Mot de passe" in login.text
    assert "Password" in client.get("/login?lang=en").text
    spec = client.get("/api/openapi.json").json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert client.get("/static/vigile.css").status_code == 200


def test_demo_login_then_logout(demo_home: Path, app: FastAPI) -> None:
    email, password = (demo_home / "demo-login.txt").read_text("utf-8").split()
    client = TestClient(app)
    response = _post_login(client, email, password)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Max-Age=43200" in cookie and "Secure" not in cookie
    home = client.get("/?lang=en")
    assert home.status_code == 200 and "Camille (demo)" in home.text and "Brindille" in home.text
    csrf = CSRF_FIELD.search(home.text)
    assert csrf is not None
    cookie_before = client.cookies[SESSION_COOKIE]
    out = client.post("/logout", data={"csrf_token": csrf.group(1)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303
    replay = TestClient(app)  # a copy of the cookie taken before logout is worth nothing
    replay.cookies.set(SESSION_COOKIE, cookie_before, domain="testserver.local")
    assert replay.get("/api/threads").status_code == 401


def test_wrong_password_and_unknown_email_get_the_same_answer(app: FastAPI) -> None:
    email = "wrong@example.org"
    logged_in(app, role="viewer", email=email)
    fresh = TestClient(app)
    wrong = _post_login(fresh, email, "not the password")
    unknown = _post_login(fresh, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong e-mail or password." in wrong.text and "Wrong e-mail" in unknown.text
    assert fresh.get("/api/threads").status_code == 401
    fresh.get("/login?lang=fr")  # the language choice sticks in its cookie
    assert "Adresse e-mail ou mot de passe incorrect" in _post_login(fresh, email, "nope!").text


def test_login_failures_are_rate_limited_per_email(app: FastAPI) -> None:
    logged_in(app, role="cm", email="limited@example.org")
    client = TestClient(app)
    for _ in range(5):
        assert _post_login(client, "limited@example.org", "wrong password").status_code == 401
    blocked = _post_login(client, "limited@example.org", TEST_PASSWORD)
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.text
    assert "uid" not in str(blocked.headers.get("set-cookie", ""))


def test_state_changing_forms_need_the_session_csrf_token(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.post("/login", data={"email": "a@b.co", "password": "x"}).status_code == 403
    user = logged_in(app, role="admin")
    token = user.headers.pop("X-CSRF-Token")
    alert_id = _open_alert(app)
    refused = user.post(f"/alerts/{alert_id}/ack", follow_redirects=False)
    assert refused.status_code == 403 and "reload the page" in refused.text
    forged = user.post(f"/alerts/{alert_id}/ack", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    api = user.post(f"/api/alerts/{alert_id}/ack", headers={"X-CSRF-Token": "forged"})
    assert api.status_code == 403 and api.json()["code"] == "csrf_failed"
    assert _alert(app, alert_id).status == "open"
    done = user.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and _alert(app, alert_id).status == "acknowledged"


def test_viewer_reads_but_cannot_acknowledge_cm_can(app: FastAPI) -> None:
    viewer = logged_in(app, role="viewer")
    alert_id = _open_alert(app)
    assert viewer.get("/api/alerts").status_code == 200
    assert "Acknowledge</button>" not in viewer.get("/?lang=en").text
    refused = viewer.post(f"/api/alerts/{alert_id}/ack")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert "community manager or above" in refused.json()["message"]
    assert "lecture seule" in viewer.post(f"/api/alerts/{alert_id}/ack?lang=fr").text
    assert viewer.post(f"/alerts/{alert_id}/ack").status_code == 403
    assert _alert(app, alert_id).status == "open"
    cm = logged_in(app, role="cm")
    assert "Acknowledge</button>" in cm.get("/?lang=en").text
    done = cm.post(f"/api/alerts/{alert_id}/ack").json()
    assert done["status"] == "acknowledged" and done["acknowledged_by"].startswith("cm-")


def test_bearer_token_reads_the_api_without_csrf(demo_home: Path, app: FastAPI, cli: Cli) -> None:
    logged_in(app, role="cm", email="robot@example.org")
    result = cli(
        "token", "create", "--user", "robot@example.org", "--name", "ci", "--home", demo_home
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().rsplit(" ", 1)[-1]
    assert token.startswith("vgl_")
    client = TestClient(app)
    headers = {"Authorization": f"Bearer {token}"}
    assert len(client.get("/api/threads", headers=headers).json()) == 8
    alert_id = _open_alert(app)
    acked = client.post(f"/api/alerts/{alert_id}/ack", headers=headers)
    assert acked.status_code == 200 and acked.json()["status"] == "acknowledged"
    bad = client.get("/api/threads", headers={"Authorization": "Bearer vgl_nope"})
    assert bad.status_code == 401 and bad.json()["code"] == "not_authenticated"
    with open_workspace(demo_home).db.session() as session:
        stored = session.scalars(select(ApiToken).where(ApiToken.name == "ci")).one()
        assert stored.token_hash != token and len(stored.token_hash) == 64
        assert stored.last_used_at is not None


def test_secure_cookie_over_https_and_sessions_expire(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGILE_BASE_URL", "https://vigile.example")
    app = create_app(open_workspace(demo_home))
    client = TestClient(app, base_url="https://testserver")
    assert "Secure" in client.get("/login").headers["set-cookie"]
    email, password = (demo_home / "demo-login.txt").read_text("utf-8").split()
    login_as(client, email, password)
    assert client.get("/api/threads").status_code == 200
    jar = app.state.sessions
    session = jar._serializer.loads(client.cookies[SESSION_COOKIE])
    assert list(session) == ["sid"]  # only a random id: the session lives on the server
    old = time.time() - 50_000
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: old)
        stale = jar._serializer.dumps(session)
    client.cookies.set(SESSION_COOKIE, stale, domain="testserver.local")
    assert client.cookies[SESSION_COOKIE] == stale
    assert client.get("/api/threads").status_code == 401


def test_a_new_password_closes_old_sessions(demo_home: Path, app: FastAPI, cli: Cli) -> None:
    client = logged_in(app, role="viewer", email="moving@example.org")
    assert client.get("/api/threads").status_code == 200
    result = cli(
        "user",
        "passwd",
        "moving@example.org",
        "--password-stdin",
        "--home",
        demo_home,
        input="a brand new password\n",
    )
    assert result.exit_code == 0, result.output
    assert client.get("/api/threads").status_code == 401
    login_as(TestClient(app), "moving@example.org", "a brand new password")


def test_login_never_redirects_to_another_site(app: FastAPI) -> None:
    logged_in(app, role="viewer", email="next@example.org")
    client = TestClient(app)
    page = client.get("/login?next=//evil.example/x").text
    assert 'name="next" value="/"' in page
    data = {
        "email": "next@example.org",
        "password": TEST_PASSWORD,
        "csrf_token": _login_form(client),
        "next": "https://evil.example/",
    }
    assert client.post("/login", data=data, follow_redirects=False).headers["location"] == "/"


def test_cli_manages_organisations_users_and_roles(sqlite_home: Path, cli: Cli) -> None:
    def run(*args: str) -> Any:
        return cli(*args, "--home", sqlite_home)

    assert "added" in run("org", "add", "Agence Nord").stdout
    assert run("org", "add", "Agence Nord").exit_code == 2
    added = run("user", "add", "Lea@Example.org", "--name", "Léa", "--role", "manager",
                "--org", "agence-nord")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert len(added.stdout.strip().rsplit(" ", 1)[-1]) >= 16  # the random password, once
    again = run("user", "add", "lea@example.org", "--name", "L", "--org", "default")
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad_role = run(
        "user", "add", "x@example.org", "--name", "X", "--role", "boss", "--org", "default"
    )
    assert bad_role.exit_code == 2 and "unknown role" in bad_role.stderr
    assert (
        run("user", "role", "lea@example.org", "--org", "default", "--role", "viewer").exit_code
        == 0
    )
    assert json.loads(run("user", "list", "--json").stdout) == [
        {
            "email": "lea@example.org",
            "name": "Léa",
            "active": True,
            "roles": {"default": "viewer", "Agence Nord": "manager"},
        }
    ]
    assert run("org", "assign", "agence-nord", "facebook:nowhere").exit_code == 4


def _open_alert(app: FastAPI) -> int:
    with app.state.workspace.db.session() as session:
        return int(
            session.scalars(
                select(Alert.id).where(Alert.status == "open").order_by(Alert.id)
            ).first()
        )


def _alert(app: FastAPI, alert_id: int) -> Alert:
    with app.state.workspace.db.session() as session:
        return session.get_one(Alert, alert_id)


def test_a_placeholder_secret_key_is_refused(sqlite_home: Path, cli: Cli) -> None:
    for placeholder in ("changethis", "short"):
        result = cli("status", "--home", sqlite_home, env={"VIGILE_SECRET_KEY": placeholder})
        assert result.exit_code == 2 and "secret_key" in result.stderr
    good = cli("status", "--home", sqlite_home, env={"VIGILE_SECRET_KEY": "k" * 8 + "9Zq!x2Lm"})
    assert good.exit_code == 0, good.output


def test_users_tokens_and_sessions_on_each_database(home: Path, cli: Cli) -> None:
    assert cli("org", "add", "Brand Two", "--home", home).exit_code == 0
    email = "two@example.org"
    added = cli(
        "user", "add", email, "--name", "Two", "--org", "brand-two", "--password-stdin",
        "--home", home, input=TEST_PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 0 and TEST_PASSWORD not in added.stdout
    made = cli("token", "create", "--user", email, "--name", "ci", "--home", home)
    token = made.stdout.strip().rsplit(" ", 1)[-1]
    app = create_app(open_workspace(home))
    api = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/status").json()["pages"] == 0
    browser = login_as(TestClient(app), email)
    assert browser.get("/api/threads").json() == []
    assert "Brand Two" in browser.get("/?lang=en").text
    app.state.workspace.db.dispose()


def test_revoked_tokens_and_disabled_users_are_refused_at_once(
    demo_home: Path, app: FastAPI, cli: Cli
) -> None:
    browser = logged_in(app, role="cm", email="leaving@example.org")
    home = ("--home", demo_home)
    made = cli("token", "create", "--user", "leaving@example.org", "--name", "leaving-ci", *home)
    api = TestClient(app, headers={"Authorization": f"Bearer {made.stdout.split()[-1]}"})
    assert api.get("/api/threads").status_code == 200
    listed = cli("token", "list", *home).stdout
    assert "leaving-ci" in listed and "vgl_" not in listed
    with open_workspace(demo_home).db.session() as session:
        token_id = session.scalars(select(ApiToken.id).where(ApiToken.name == "leaving-ci")).one()
    assert cli("token", "revoke", str(token_id), *home).exit_code == 0
    assert api.get("/api/threads").status_code == 401
    assert cli("token", "revoke", str(token_id), *home).exit_code == 4
    assert cli("user", "disable", "leaving@example.org", *home).exit_code == 0
    assert browser.get("/api/threads").status_code == 401
    assert cli("user", "enable", "leaving@example.org", *home).exit_code == 0
    assert browser.get("/api/threads").status_code == 401  # the old session is gone for good
    assert login_as(TestClient(app), "leaving@example.org").get("/api/threads").status_code == 200


def test_a_login_is_committed_before_its_redirect_reaches_the_browser(
    demo_home: Path, app: FastAPI
) -> None:
    """A browser follows the 303 at once: the session it names must already be readable
    by the next request (the e2e test once landed back on /login under load)."""
    email, password = (demo_home / "demo-login.txt").read_text("utf-8").split()
    database = app.state.workspace.db
    sessions_when_sent: list[int] = []

    def count_sessions() -> int:
        with database.session() as session:
            return len(session.scalars(select(LoginSession.id)).all())

    async def watching(scope: dict[str, Any], receive: Any, send: Any) -> None:
        async def watched_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and scope["method"] == "POST":
                sessions_when_sent.append(count_sessions())
            await send(message)

        await app(scope, receive, watched_send)

    before = count_sessions()
    response = _post_login(TestClient(watching), email, password)
    assert response.status_code == 303
    assert sessions_when_sent == [before + 1]
