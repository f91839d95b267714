"""The users page and its API (admin only, one organisation) and "my account"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import CSRF_FIELD, TEST_PASSWORD, logged_in, login_as
from vigile.store.accounts import add_organisation, set_membership
from vigile.store.journal import verify_chain
from vigile.store.schema import Decision, User
from vigile.web.app import create_app
from vigile.workspace import open_workspace

NEW_PASSWORD = "another long passphrase"


@pytest.fixture
def web(home: Path) -> FastAPI:
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        add_organisation(s, "Brindille")
        add_organisation(s, "Other Brand")
    return create_app(workspace)


def _user_id(web: FastAPI, email: str) -> int:
    with web.state.workspace.db.session() as s:
        found = s.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return found


def _members(client: TestClient) -> dict[str, dict[str, Any]]:
    response = client.get("/api/users")
    assert response.status_code == 200, response.text
    return {m["email"]: m for m in response.json()}


def test_only_admins_manage_users(web: FastAPI) -> None:
    anonymous = TestClient(web)
    assert anonymous.get("/settings/users", follow_redirects=False).status_code == 303
    assert anonymous.get("/api/users").status_code == 401
    assert anonymous.get("/account", follow_redirects=False).status_code == 303
    for role in ("viewer", "cm", "manager"):
        client = logged_in(web, role=role, organisation="brindille")
        assert client.get("/settings/users").status_code == 403
        assert client.get("/api/users").status_code == 403
        assert client.get("/api/invitations").status_code == 403
        assert client.post("/api/invitations", json={"email": "x@example.org"}).status_code == 403
        assert client.patch("/api/users/1", json={"role": "admin"}).status_code == 403
        assert 'href="/settings/users"' not in client.get("/").text
        assert client.get("/account").status_code == 200
    admin = logged_in(web, role="admin", organisation="brindille")
    page = admin.get("/settings/users?lang=fr")
    assert page.status_code == 200 and "Utilisateurs de Brindille" in page.text
    assert 'href="/settings/users"' in admin.get("/").text
    spec = web.openapi()["paths"]
    assert "/api/users/{user_id}" in spec and "/api/invitations" in spec
    assert "/settings/users" not in spec and "/account" not in spec


def test_an_admin_changes_roles_disables_and_removes_and_the_log_says_so(web: FastAPI) -> None:
    admin = logged_in(web, role="admin", organisation="brindille", email="boss@example.org")
    cam = logged_in(web, role="cm", organisation="brindille", email="cam@example.org")
    cam_id = _user_id(web, "cam@example.org")
    page = admin.get("/settings/users?lang=en")
    assert "cam@example.org" in page.text and "never" not in page.text  # both logged in

    assert cam.post("/api/alerts/999/ack").status_code == 404  # a cm may acknowledge
    assert admin.post(f"/settings/users/{cam_id}/role", data={"role": "viewer"}).status_code == 200
    assert _members(admin)["cam@example.org"]["role"] == "viewer"
    assert cam.post("/api/alerts/999/ack").status_code == 403  # the new role applies at once

    assert admin.patch(f"/api/users/{cam_id}", json={"active": False}).status_code == 200
    assert _members(admin)["cam@example.org"]["active"] is False
    assert cam.get("/api/threads").status_code == 401  # the session ended at once
    form = CSRF_FIELD.search(TestClient(web).get("/login").text)
    assert form is not None
    relogin = TestClient(web).post(
        "/login",
        data={"email": "cam@example.org", "password": TEST_PASSWORD, "csrf_token": form.group(1)},
    )
    assert relogin.status_code == 403  # no active organisation left
    assert (
        admin.post(f"/settings/users/{cam_id}/active", data={"active": "true"}).status_code == 200
    )
    cam = login_as(TestClient(web), "cam@example.org")
    token = cam.post("/api/account/tokens", json={"name": "ci"}).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert TestClient(web).get("/api/threads", headers=bearer).status_code == 200

    assert admin.delete(f"/api/users/{cam_id}").status_code == 204
    assert "cam@example.org" not in _members(admin)
    assert cam.get("/api/threads").status_code == 401
    assert TestClient(web).get("/api/threads", headers=bearer).status_code == 401
    assert admin.delete(f"/api/users/{cam_id}").status_code == 404

    with web.state.workspace.db.session() as s:
        entries = list(s.scalars(select(Decision).where(Decision.subject_type == "user")))
        assert verify_chain(s) is None
    actions = [(e.action, e.subject_id, e.actor) for e in entries]
    assert actions == [
        ("member.role", cam_id, "boss@example.org"),
        ("member.disabled", cam_id, "boss@example.org"),
        ("member.enabled", cam_id, "boss@example.org"),
        ("member.removed", cam_id, "boss@example.org"),
    ]
    assert entries[0].details == {
        "organisation_id": entries[0].details["organisation_id"],
        "from": "cm",
        "to": "viewer",
    }


def test_the_last_admin_stays(web: FastAPI) -> None:
    admin = logged_in(web, role="admin", organisation="brindille", email="boss@example.org")
    me = _user_id(web, "boss@example.org")
    refused = admin.post(f"/settings/users/{me}/role?lang=en", data={"role": "cm"})
    assert refused.status_code == 409 and "at least one active admin" in refused.text
    assert admin.patch(f"/api/users/{me}", json={"active": False}).status_code == 409
    assert admin.delete(f"/api/users/{me}").status_code == 409
    mine = _members(admin)["boss@example.org"]
    assert mine["role"] == "admin" and mine["active"] is True
    logged_in(web, role="admin", organisation="brindille", email="second@example.org")
    assert admin.patch(f"/api/users/{me}", json={"role": "viewer"}).status_code == 200
    assert admin.get("/api/users").status_code == 403  # applies at once


def test_nothing_crosses_organisations(web: FastAPI) -> None:
    admin_a = logged_in(web, role="admin", organisation="brindille", email="a@example.org")
    admin_b = logged_in(web, role="admin", organisation="other-brand", email="b@example.org")
    logged_in(web, role="cm", organisation="other-brand", email="bcm@example.org")
    b_member = _user_id(web, "bcm@example.org")
    b_admin = _user_id(web, "b@example.org")
    invited = admin_b.post("/api/invitations", json={"email": "new@example.org"}).json()

    assert set(_members(admin_a)) == {"a@example.org"}
    assert admin_a.get("/api/invitations").json() == []
    assert "bcm@example.org" not in admin_a.get("/settings/users").text
    assert "new@example.org" not in admin_a.get("/settings/users").text
    for user_id in (b_member, b_admin, 99_999):
        assert admin_a.get(f"/api/users/{user_id}").status_code == 404
        assert admin_a.patch(f"/api/users/{user_id}", json={"role": "admin"}).status_code == 404
        assert admin_a.delete(f"/api/users/{user_id}").status_code == 404
        role_form = admin_a.post(f"/settings/users/{user_id}/role", data={"role": "viewer"})
        assert role_form.status_code == 404
        assert admin_a.post(f"/settings/users/{user_id}/remove").status_code == 404
    assert admin_a.delete(f"/api/invitations/{invited['id']}").status_code == 404
    assert admin_a.post(f"/settings/invitations/{invited['id']}/revoke").status_code == 404
    assert _members(admin_b)["bcm@example.org"]["role"] == "cm"
    assert [i["email"] for i in admin_b.get("/api/invitations").json()] == ["new@example.org"]


def test_disabling_a_membership_leaves_the_other_organisations(web: FastAPI) -> None:
    admin_a = logged_in(web, role="admin", organisation="brindille")
    agency = logged_in(web, role="cm", organisation="brindille", email="agency@example.org")
    with web.state.workspace.db.session() as s:
        set_membership(s, email="agency@example.org", organisation="other-brand", role="viewer")
    agency_id = _user_id(web, "agency@example.org")
    assert admin_a.patch(f"/api/users/{agency_id}", json={"active": False}).status_code == 200
    assert agency.get("/api/threads").status_code == 401
    again = login_as(TestClient(web), "agency@example.org")
    assert again.get("/api/account").status_code == 200
    assert "Other Brand" in again.get("/").text


def test_forms_need_the_csrf_token(web: FastAPI) -> None:
    admin = logged_in(web, role="admin", organisation="brindille")
    del admin.headers["X-CSRF-Token"]
    assert admin.post("/settings/users/invite", data={"email": "x@example.org"}).status_code == 403
    assert admin.post("/account", data={"name": "Mallory"}).status_code == 403
    assert admin.post("/account/tokens", data={"name": "x"}).status_code == 403
    assert admin.post("/api/invitations", json={"email": "x@example.org"}).status_code == 403


def test_my_account_name_language_password_and_tokens(web: FastAPI) -> None:
    me = logged_in(web, role="viewer", organisation="brindille", email="vi@example.org")
    other = login_as(TestClient(web), "vi@example.org")
    page = me.get("/account?lang=en")
    assert page.status_code == 200 and "vi@example.org" in page.text
    saved = me.post("/account", data={"name": "Violette", "language": "fr"}, follow_redirects=False)
    assert saved.status_code == 303
    assert "Violette" in me.get("/account").text
    fresh = login_as(TestClient(web), "vi@example.org")
    assert "Fils par niveau de risque" in fresh.get("/").text  # preferred language
    assert me.patch("/api/account", json={"language": ""}).json()["language"] is None
    assert me.patch("/api/account", json={"name": "  "}).status_code == 422

    wrong = {"current_password": "not the password", "new_password": NEW_PASSWORD}
    refused = me.post("/account/password?lang=en", data={**wrong, "repeat_password": NEW_PASSWORD})
    assert refused.status_code == 422 and "current password is not right" in refused.text
    right = {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}
    differ = me.post("/account/password", data={**right, "repeat_password": "x" * 12})
    assert differ.status_code == 422
    changed = me.post(
        "/account/password?lang=en",
        data={**right, "repeat_password": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert changed.status_code == 303 and changed.headers["location"] == "/account?done=password"
    done = me.get("/account?done=password&lang=en")
    assert done.status_code == 200 and "other sessions are closed" in done.text
    assert other.get("/api/threads").status_code == 401
    login_as(TestClient(web), "vi@example.org", NEW_PASSWORD)

    csrf = CSRF_FIELD.search(done.text)
    assert csrf is not None
    me.headers["X-CSRF-Token"] = csrf.group(1)  # the new session's token
    created = me.post("/account/tokens?lang=en", data={"name": "reporting"})
    assert created.status_code == 200 and "shown only once" in created.text
    shown = re.search(r'id="new-token"[^>]* value="(vgl_[^"]+)"', created.text)
    assert shown is not None
    token = shown.group(1)
    bearer = {"Authorization": f"Bearer {token}"}
    assert TestClient(web).get("/api/threads", headers=bearer).status_code == 200
    listed = me.get("/api/account/tokens").json()
    assert [t["name"] for t in listed] == ["reporting"] and token not in str(listed)
    assert token not in me.get("/account").text

    stranger = logged_in(web, role="admin", organisation="brindille")
    assert stranger.delete(f"/api/account/tokens/{listed[0]['id']}").status_code == 404
    assert stranger.post(f"/account/tokens/{listed[0]['id']}/revoke").status_code == 404
    revoked = me.post(f"/account/tokens/{listed[0]['id']}/revoke", follow_redirects=False)
    assert revoked.status_code == 303
    assert TestClient(web).get("/api/threads", headers=bearer).status_code == 401
    assert me.get("/api/account/tokens").json() == []
