"""`/settings/users` and `/api/users`, `/api/invitations`: an admin manages the members
of the current organisation and invites new ones.

Everything is limited to the admin's current organisation: another organisation's member
or invitation answers 404, like an id that does not exist. `router` also carries the
account pages (`routes_account`) and the public invitation and reset pages
(`routes_invite`), so that the app includes them with one line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from vigile.account_mail import Invited, invite
from vigile.domain.errors import VigileError
from vigile.domain.model import iso_z
from vigile.i18n import LANGUAGES
from vigile.settings import Settings
from vigile.store import members
from vigile.store.accounts import ROLES
from vigile.store.invitations import InvitationView, pending_invitations, revoke_invitation
from vigile.web.auth import AdminUser, Principal
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.routes_account import router as account_router
from vigile.web.routes_invite import router as invite_router
from vigile.web.templating import render

admin = APIRouter()
Role = Literal["viewer", "cm", "manager", "admin"]


class InvitationIn(BaseModel):
    email: str = Field(max_length=320, json_schema_extra={"format": "email"})
    role: Role = "cm"
    lang: Literal["en", "fr"] | None = Field(
        default=None, description="Language of the e-mail; default: the workspace's."
    )


class MemberChange(BaseModel):
    role: Role | None = None
    active: bool | None = Field(default=None, description="false: switched off here only.")


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.workspace.settings
    return settings


def member_json(member: members.MemberView) -> dict[str, Any]:
    return {
        **asdict(member),
        "last_login_at": iso_z(member.last_login_at) if member.last_login_at else None,
    }


def invitation_json(invitation: InvitationView) -> dict[str, Any]:
    data = asdict(invitation)
    data.update(created_at=iso_z(invitation.created_at), expires_at=iso_z(invitation.expires_at))
    return data


@admin.get("/api/users", tags=["users"])
def api_members(s: SessionDep, user: AdminUser) -> list[dict[str, Any]]:
    """Members of the current organisation with their role, status and last login."""
    return [member_json(m) for m in members.list_members(s, user.organisation_id)]


@admin.get("/api/users/{user_id}", tags=["users"])
def api_member(s: SessionDep, user: AdminUser, user_id: ItemId) -> dict[str, Any]:
    return member_json(members.get_member(s, user.organisation_id, user_id))


@admin.patch("/api/users/{user_id}", tags=["users"])
def api_change_member(
    s: SessionDep, user: AdminUser, user_id: ItemId, change: MemberChange
) -> dict[str, Any]:
    """Change the role and/or switch the membership off or on (never the last admin)."""
    org, actor = user.organisation_id, user.email
    if change.role is not None:
        members.change_role(s, organisation_id=org, user_id=user_id, role=change.role, actor=actor)
    if change.active is not None:
        members.set_member_active(
            s, organisation_id=org, user_id=user_id, active=change.active, actor=actor
        )
    return member_json(members.get_member(s, org, user_id))


@admin.delete("/api/users/{user_id}", status_code=204, tags=["users"])
def api_remove_member(s: SessionDep, user: AdminUser, user_id: ItemId) -> Response:
    """Remove the user from the current organisation (their account stays)."""
    org, actor = user.organisation_id, user.email
    members.remove_member(s, organisation_id=org, user_id=user_id, actor=actor)
    return Response(status_code=204)


@admin.get("/api/invitations", tags=["users"])
def api_invitations(s: SessionDep, user: AdminUser) -> list[dict[str, Any]]:
    """Pending invitations of the current organisation (unused, unrevoked, unexpired)."""
    return [invitation_json(i) for i in pending_invitations(s, user.organisation_id)]


@admin.post("/api/invitations", status_code=201, tags=["users"])
def api_invite(
    request: Request, s: SessionDep, user: AdminUser, body: InvitationIn
) -> dict[str, Any]:
    """Invite an e-mail; `link` is returned only when it could not be e-mailed."""
    done = _invite(request, s, user, email=body.email, role=body.role, lang=body.lang)
    return {
        **invitation_json(done.invitation),
        "sent": done.sent,
        "link": None if done.sent else done.link,
        "error": done.error,
    }


@admin.delete("/api/invitations/{invitation_id}", status_code=204, tags=["users"])
def api_revoke_invitation(s: SessionDep, user: AdminUser, invitation_id: ItemId) -> Response:
    revoke_invitation(
        s, organisation_id=user.organisation_id, invitation_id=invitation_id, actor=user.email
    )
    return Response(status_code=204)


@admin.get("/settings/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, s: SessionDep, user: AdminUser, lang: LangDep) -> Response:
    return _page(request, s, user, lang)


@admin.post("/settings/users/invite", response_class=HTMLResponse, include_in_schema=False)
def invite_form(
    request: Request,
    s: SessionDep,
    user: AdminUser,
    lang: LangDep,
    email: Annotated[str, Form(max_length=320)],
    role: Annotated[str, Form()] = "cm",
    mail_lang: Annotated[str, Form()] = "",
) -> Response:
    """Shows the page again with the outcome (and the link, once, when not e-mailed)."""
    try:
        done = _invite(request, s, user, email=email, role=role, lang=mail_lang or None)
    except VigileError as exc:
        return _page(request, s, user, lang, error=exc.message, status_code=exc.http_status)
    return _page(request, s, user, lang, invited=done)


@admin.post("/settings/users/{user_id}/role", include_in_schema=False)
def role_form(
    request: Request,
    s: SessionDep,
    user: AdminUser,
    lang: LangDep,
    user_id: ItemId,
    role: Annotated[str, Form()],
) -> Response:
    org, actor = user.organisation_id, user.email
    change = partial(members.change_role, s, organisation_id=org, user_id=user_id, actor=actor)
    return _act(request, s, user, lang, partial(change, role=role))


@admin.post("/settings/users/{user_id}/active", include_in_schema=False)
def active_form(
    request: Request,
    s: SessionDep,
    user: AdminUser,
    lang: LangDep,
    user_id: ItemId,
    active: Annotated[bool, Form()],
) -> Response:
    org, actor = user.organisation_id, user.email
    change = partial(members.set_member_active, s, organisation_id=org, user_id=user_id)
    return _act(request, s, user, lang, partial(change, active=active, actor=actor))


@admin.post("/settings/users/{user_id}/remove", include_in_schema=False)
def remove_form(
    request: Request, s: SessionDep, user: AdminUser, lang: LangDep, user_id: ItemId
) -> Response:
    org, actor = user.organisation_id, user.email
    change = partial(members.remove_member, s, organisation_id=org, user_id=user_id, actor=actor)
    return _act(request, s, user, lang, change)


@admin.post("/settings/invitations/{invitation_id}/revoke", include_in_schema=False)
def revoke_form(
    request: Request, s: SessionDep, user: AdminUser, lang: LangDep, invitation_id: ItemId
) -> Response:
    org, actor = user.organisation_id, user.email
    change = partial(revoke_invitation, s, organisation_id=org, invitation_id=invitation_id)
    return _act(request, s, user, lang, partial(change, actor=actor))


def _invite(
    request: Request, s: Session, user: Principal, *, email: str, role: str, lang: str | None
) -> Invited:
    settings = _settings(request)
    return invite(
        s,
        settings,
        organisation_id=user.organisation_id,
        email=email,
        role=role,
        lang=lang or str(settings.language),
        actor=user.email,
    )


def _act(
    request: Request, s: Session, user: Principal, lang: str, change: Callable[[], object]
) -> Response:
    """Run one change, then back to the page (303); a refused change shows why (the store
    checks before it writes, so a refusal leaves nothing half done)."""
    try:
        change()
    except VigileError as exc:
        return _page(request, s, user, lang, error=exc.message, status_code=exc.http_status)
    return RedirectResponse("/settings/users", status_code=303)


def _page(
    request: Request,
    s: Session,
    user: Principal,
    lang: str,
    *,
    invited: Invited | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "users.html",
        lang,
        status_code=status_code,
        members=members.list_members(s, user.organisation_id),
        invitations=pending_invitations(s, user.organisation_id),
        invited=invited,
        error=error,
        roles=ROLES,
        languages=LANGUAGES,
        default_mail_lang=str(_settings(request).language),
    )


router = APIRouter()
router.include_router(admin)
router.include_router(account_router)
router.include_router(invite_router)
