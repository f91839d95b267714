"""Invitations and password resets by e-mail, through HTTP and a real loopback SMTP server."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from conftest import CSRF_FIELD, TEST_PASSWORD, Cli, logged_in, login_as
from vigile.domain.model import utc_now
from vigile.store.accounts import add_organisation, add_user
from vigile.store.schema import Decision, Invitation, Membership, PasswordReset, User
from vigile.web.app import create_app
from vigile.workspace import open_workspace

NEW_PASSWORD = "a brand new passphrase"
LINK = re.compile(r"https?://\S+?(/(?:invite|password/reset)/[A-Za-z0-9_-]+)")


def _app(home: Path, smtp: Any | None = None) -> FastAPI:
    mail = {"smtp_url": f"smtp://127.0.0.1:{smtp[0]}"} if smtp else {}
    workspace = open_workspace(home, **mail)
    with workspace.db.session() as s:
        add_organisation(s, "Brindille")
        add_organisation(s, "Other Brand")
    return create_app(workspace)


def _mail(box: Any) -> tuple[str, str, str, str]:
    """(recipient, subject, body, path of the link) of the last message received."""
    envelope = box.messages[-1]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    body = message.get_body().get_content()  # type: ignore[union-attr]
    found = LINK.search(body)
    assert found is not None, body
    return envelope.rcpt_tos[0], str(message["Subject"]), body, found.group(1)


def _form_token(client: TestClient, path: str) -> str:
    page = client.get(path)
    found = CSRF_FIELD.search(page.text)
    assert found is not None, page.text
    return found.group(1)


def _new_account(client: TestClient, path: str, **fields: str) -> Any:
    data = {"name": "Léa", "password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD, **fields}
    data["csrf_token"] = _form_token(client, "/login")  # the pre-login token
    return client.post(path, data=data, follow_redirects=False)


def _decisions(web: FastAPI) -> list[Decision]:
    with web.state.workspace.db.session() as s:
        return list(s.scalars(select(Decision).order_by(Decision.id)))


def test_the_invitation_arrives_in_its_language_and_its_link_works_once(
    home: Path, smtp: Any
) -> None:
    web = _app(home, smtp)
    admin = logged_in(web, role="admin", organisation="brindille")
    page = admin.post(
        "/settings/users/invite?lang=en",
        data={"email": "Lea@Example.org", "role": "manager", "mail_lang": "fr"},
    )
    assert page.status_code == 200 and "Invitation e-mailed to lea@example.org" in page.text
    to, subject, body, path = _mail(smtp[1])
    assert to == "lea@example.org" and subject == "Invitation à rejoindre Brindille sur Vigile"
    assert "sur Vigile comme responsable" in body
    assert body.count("http://127.0.0.1:8000/invite/") == 1
    assert path.split("/")[-1] not in page.text  # e-mailed: the admin never sees the token

    visitor = TestClient(web)
    form = visitor.get(path + "?lang=en")
    assert form.status_code == 200 and "Join Brindille" in form.text
    assert form.headers["referrer-policy"] == "no-referrer"
    assert _new_account(visitor, path, repeat_password="something else").status_code == 422
    assert _new_account(visitor, path, password="short", repeat_password="short").status_code == 422
    done = _new_account(visitor, path)
    assert done.status_code == 303 and done.headers["location"] == "/"
    home_page = visitor.get("/?lang=en")
    assert home_page.status_code == 200 and "Léa" in home_page.text

    again = TestClient(web)
    assert again.get(path).status_code == 404
    assert _new_account(again, path, name="Mallory").status_code == 404
    members = {m["email"]: m for m in admin.get("/api/users").json()}
    assert members["lea@example.org"]["role"] == "manager"
    assert members["lea@example.org"]["last_login_at"] is not None
    login_as(TestClient(web), "lea@example.org", NEW_PASSWORD)
    actions = [(d.action, d.subject_type) for d in _decisions(web)]
    assert ("invitation.created", "invitation") in actions
    assert ("invitation.accepted", "invitation") in actions
    for entry in _decisions(web):
        assert NEW_PASSWORD not in str(entry.details) and "@" not in str(entry.details)


def test_without_a_mail_server_the_admin_sees_the_link_once(home: Path, cli: Cli) -> None:
    web = _app(home)
    admin = logged_in(web, role="admin", organisation="brindille")
    page = admin.post("/settings/users/invite?lang=en", data={"email": "sam@example.org"})
    assert page.status_code == 200 and "No mail server is configured" in page.text
    found = LINK.search(page.text)
    assert found is not None
    token = found.group(1).split("/")[-1]
    listing = admin.get("/settings/users")
    assert "sam@example.org" in listing.text and token not in listing.text
    assert token not in str(admin.get("/api/invitations").json())
    assert TestClient(web).get(found.group(1)).status_code == 200

    result = cli("user", "invite", "kim@example.org", "--org", "brindille", "--home", home)
    assert result.exit_code == 0, result.output
    printed = LINK.search(result.output)
    assert printed is not None and "kim@example.org invited to Brindille as cm" in result.output
    assert TestClient(web).get(printed.group(1)).status_code == 200


def test_the_cli_mails_the_invitation(home: Path, cli: Cli, smtp: Any) -> None:
    _app(home)
    env = {"VIGILE_SMTP_URL": f"smtp://127.0.0.1:{smtp[0]}"}
    args = ("user", "invite", "kim@example.org", "--org", "brindille", "--role", "viewer")
    result = cli(*args, "--lang", "en", "--home", home, env=env)
    assert result.exit_code == 0 and "invitation e-mailed" in result.output
    assert "/invite/" not in result.output
    to, subject, _, _ = _mail(smtp[1])
    assert to == "kim@example.org" and subject == "Invitation to Brindille on Vigile"
    bad = cli(*args[:-1], "owner", "--home", home, env=env)
    assert bad.exit_code == 2 and "role" in bad.output


def test_invitations_expire_and_the_admin_revokes_them(home: Path, smtp: Any) -> None:
    web = _app(home, smtp)
    admin = logged_in(web, role="admin", organisation="brindille")
    first = admin.post("/api/invitations", json={"email": "a@example.org", "role": "cm"})
    assert first.status_code == 201 and first.json()["sent"] is True
    assert first.json()["link"] is None
    _, _, _, expiring = _mail(smtp[1])
    second = admin.post("/api/invitations", json={"email": "b@example.org", "lang": "en"})
    _, _, _, revoked = _mail(smtp[1])
    assert {i["email"] for i in admin.get("/api/invitations").json()} == {
        "a@example.org",
        "b@example.org",
    }
    with web.state.workspace.db.session() as s:
        s.execute(
            update(Invitation)
            .where(Invitation.id == first.json()["id"])
            .values(expires_at=utc_now() - timedelta(seconds=1))
        )
    assert TestClient(web).get(expiring).status_code == 404
    assert admin.delete(f"/api/invitations/{second.json()['id']}").status_code == 204
    assert TestClient(web).get(revoked).status_code == 404
    assert admin.delete(f"/api/invitations/{second.json()['id']}").status_code == 404
    assert admin.get("/api/invitations").json() == []
    bad = admin.post("/api/invitations", json={"email": "not an address"})
    assert bad.status_code == 422 and "email" in bad.json()["message"]


def test_an_existing_user_joins_after_logging_in(home: Path, smtp: Any) -> None:
    web = _app(home, smtp)
    with web.state.workspace.db.session() as s:
        add_user(
            s,
            email="agency@example.org",
            name="Agency",
            password=TEST_PASSWORD,
            role="cm",
            organisation="other-brand",
        )
    admin = logged_in(web, role="admin", organisation="brindille")
    assert admin.post("/api/invitations", json={"email": "agency@example.org"}).status_code == 201
    _, _, _, path = _mail(smtp[1])
    visitor = TestClient(web)
    page = visitor.get(path + "?lang=en")
    assert "log in, then come back" in page.text and f"/login?next={path}" in page.text
    assert _new_account(visitor, path).status_code == 422  # no second account, no takeover

    stranger = logged_in(web, role="cm", organisation="other-brand")
    assert "this invitation is for another address" in stranger.get(path + "?lang=en").text
    assert stranger.post(f"{path}/join").status_code == 403

    member = login_as(TestClient(web), "agency@example.org")
    assert 'action="' + path + '/join"' in member.get(path).text
    joined = member.post(f"{path}/join", follow_redirects=False)
    assert joined.status_code == 303
    member.headers["X-CSRF-Token"] = _form_token(member, "/account")
    assert member.get("/api/account").json()["email"] == "agency@example.org"
    with web.state.workspace.db.session() as s:
        user_id = s.scalar(select(User.id).where(User.email == "agency@example.org"))
        roles = s.scalars(select(Membership.role).where(Membership.user_id == user_id))
        assert sorted(roles) == ["cm", "cm"]
    assert member.post(f"{path}/join").status_code == 404  # used


def test_a_reset_link_sets_a_new_password_and_ends_every_session(home: Path, smtp: Any) -> None:
    web = _app(home, smtp)
    first = logged_in(web, role="cm", organisation="brindille", email="cam@example.org")
    second = login_as(TestClient(web), "cam@example.org")
    visitor = TestClient(web)
    login_page = visitor.get("/login?lang=en")
    assert 'href="/password/forgot"' in login_page.text
    data = {"email": "CAM@example.org", "csrf_token": _form_token(visitor, "/password/forgot")}
    sent = visitor.post("/password/forgot?lang=en", data=data)
    assert sent.status_code == 200 and "If an account uses this address" in sent.text
    to, subject, body, path = _mail(smtp[1])
    assert to == "cam@example.org" and subject == "Reset your Vigile password"
    assert "within an hour" in body

    reset = TestClient(web)
    assert reset.get(path).status_code == 200
    mismatch = {"password": NEW_PASSWORD, "repeat_password": "different passphrase"}
    assert (
        reset.post(path, data={**mismatch, "csrf_token": _form_token(reset, path)}).status_code
        == 422
    )
    form = {"password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}
    assert reset.post(path, data=form).status_code == 403  # CSRF
    done = reset.post(path, data={**form, "csrf_token": _form_token(reset, path)})
    assert done.status_code == 200 and "password is changed" in done.text.lower()
    for old in (first, second):
        assert old.get("/api/threads").status_code == 401
    again = reset.post(path, data={**form, "csrf_token": _form_token(reset, "/password/forgot")})
    assert again.status_code == 404 and reset.get(path).status_code == 404
    login = TestClient(web)
    bad = {"email": "cam@example.org", "password": TEST_PASSWORD}
    refused = login.post("/login", data={**bad, "csrf_token": _form_token(login, "/login")})
    assert refused.status_code == 401
    login_as(TestClient(web), "cam@example.org", NEW_PASSWORD)
    assert any(d.action == "user.password_reset" for d in _decisions(web))


def test_asking_for_a_reset_tells_nothing_about_accounts_and_is_limited(
    home: Path, smtp: Any
) -> None:
    web = _app(home, smtp)
    logged_in(web, role="viewer", organisation="brindille", email="known@example.org")
    logged_in(web, role="viewer", organisation="brindille", email="gone@example.org")
    with web.state.workspace.db.session() as s:
        s.execute(update(User).where(User.email == "gone@example.org").values(active=False))
    visitor = TestClient(web)
    csrf = _form_token(visitor, "/password/forgot")
    answers = []
    for address in ("known@example.org", "nobody@example.org", "gone@example.org"):
        response = visitor.post("/password/forgot", data={"email": address, "csrf_token": csrf})
        answers.append((response.status_code, response.text))
    assert answers[0] == answers[1] == answers[2] and answers[0][0] == 200
    assert [m.rcpt_tos for m in smtp[1].messages] == [["known@example.org"]]
    for _ in range(2):
        visitor.post("/password/forgot", data={"email": "x@example.org", "csrf_token": csrf})
    limited = visitor.post("/password/forgot", data={"email": "y@example.org", "csrf_token": csrf})
    assert limited.status_code == 429
    assert len(smtp[1].messages) == 1


def test_a_reset_link_expires(home: Path, smtp: Any) -> None:
    web = _app(home, smtp)
    logged_in(web, role="cm", organisation="brindille", email="cam@example.org")
    visitor = TestClient(web)
    csrf = _form_token(visitor, "/password/forgot")
    visitor.post("/password/forgot", data={"email": "cam@example.org", "csrf_token": csrf})
    _, _, _, path = _mail(smtp[1])
    with web.state.workspace.db.session() as s:
        s.execute(update(PasswordReset).values(expires_at=utc_now() - timedelta(seconds=1)))
    assert visitor.get(path).status_code == 404
    form = {"password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD, "csrf_token": csrf}
    assert visitor.post(path, data=form).status_code == 404
    login_as(TestClient(web), "cam@example.org")  # the old password still works


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_without_a_mail_server_the_forgot_page_says_whom_to_ask(home: Path, lang: str) -> None:
    page = TestClient(_app(home)).get(f"/password/forgot?lang={lang}")
    assert page.status_code == 200 and "vigile user passwd" in page.text
    assert 'name="email"' not in page.text
