"""`/account` and `/api/account`: a user's own name, language, password and API tokens.

Any logged-in user reaches these, whatever the role; nobody reaches another user's.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from vigile.domain.errors import NotFound, VigileError
from vigile.domain.model import iso_z
from vigile.i18n import LANGUAGES, t
from vigile.store import members
from vigile.store.accounts import MIN_PASSWORD, issue_token
from vigile.store.schema import User
from vigile.web.auth import CurrentUser, PasswordField, Principal, check_repeated
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.routes_auth import open_session
from vigile.web.templating import remember_zone, render

router = APIRouter()
NOTICES = {"saved": "account.saved", "password": "account.password_changed"}


class ProfileIn(BaseModel):
    name: str | None = Field(default=None, max_length=200)
    language: Literal["en", "fr", ""] | None = Field(
        default=None, description='"" goes back to the workspace language.'
    )
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description='IANA time zone the dashboard shows times in (e.g. "Europe/Paris"); '
        '"" goes back to the workspace\'s.',
    )


class PasswordIn(BaseModel):
    current_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000)


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


def _me(s: Session, user: Principal) -> User:
    found = s.get(User, user.user_id)
    if found is None:
        raise NotFound("no user")
    return found


def _profile(found: User) -> dict[str, Any]:
    return {
        "id": found.id,
        "email": found.email,
        "name": found.display_name,
        "language": found.language,
        "timezone": found.timezone,
    }


def _tokens(s: Session, user: Principal) -> list[dict[str, Any]]:
    names = {m.organisation_id: m.organisation for m in user.organisations}
    return [
        {
            "id": tok.id,
            "name": tok.name,
            "organisation": names.get(tok.organisation_id, ""),
            "created_at": iso_z(tok.created_at),
            "last_used_at": iso_z(tok.last_used_at) if tok.last_used_at else None,
        }
        for tok in members.own_tokens(s, user.user_id)
    ]


@router.get("/api/account", tags=["account"])
def api_account(s: SessionDep, user: CurrentUser) -> dict[str, Any]:
    return _profile(_me(s, user))


@router.patch("/api/account", tags=["account"])
def api_update_account(s: SessionDep, user: CurrentUser, body: ProfileIn) -> dict[str, Any]:
    changes = {"name": body.name, "language": body.language, "timezone": body.timezone}
    return _profile(members.update_profile(s, user.user_id, **changes))


@router.post("/api/account/password", status_code=204, tags=["account"])
def api_change_password(s: SessionDep, user: CurrentUser, body: PasswordIn) -> Response:
    """Needs the current password; every session of the user ends (tokens keep working)."""
    members.change_password(s, user.user_id, current=body.current_password, new=body.new_password)
    return Response(status_code=204)


@router.get("/api/account/tokens", tags=["account"])
def api_tokens(s: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """The user's own API tokens (never the token itself)."""
    return _tokens(s, user)


@router.post("/api/account/tokens", status_code=201, tags=["account"])
def api_create_token(s: SessionDep, user: CurrentUser, body: TokenIn) -> dict[str, str]:
    """A token acting as this user in the current organisation; returned once."""
    token = issue_token(
        s, user_id=user.user_id, organisation_id=user.organisation_id, name=body.name
    )
    return {"name": body.name, "token": token}


@router.delete("/api/account/tokens/{token_id}", status_code=204, tags=["account"])
def api_revoke_token(s: SessionDep, user: CurrentUser, token_id: ItemId) -> Response:
    members.revoke_own_token(s, user.user_id, token_id)
    return Response(status_code=204)


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_page(
    request: Request, s: SessionDep, user: CurrentUser, lang: LangDep, done: str = ""
) -> Response:
    notice = t(NOTICES[done], lang) if done in NOTICES else None
    return _page(request, s, user, lang, notice=notice)


@router.post("/account", include_in_schema=False)
def profile_form(
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    lang: LangDep,
    name: Annotated[str, Form(max_length=200)],
    language: Annotated[str, Form()] = "",
    timezone: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        saved = members.update_profile(
            s, user.user_id, name=name, language=language, timezone=timezone
        )
    except VigileError as exc:
        return _page(request, s, user, lang, error=exc.message, status_code=exc.http_status)
    response = RedirectResponse("/account?done=saved", status_code=303)
    if saved.language:
        response.set_cookie("vigile_lang", saved.language, samesite="lax")
    remember_zone(response, saved.timezone)
    return response


@router.post("/account/password", include_in_schema=False)
def password_form(
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    lang: LangDep,
    current_password: PasswordField,
    new_password: PasswordField,
    repeat_password: PasswordField,
) -> Response:
    """Every session ends, this one too; this browser gets a new one at once."""
    try:
        check_repeated(new_password, repeat_password, lang)
        members.change_password(s, user.user_id, current=current_password, new=new_password)
    except VigileError as exc:
        return _page(request, s, user, lang, error=exc.message, status_code=exc.http_status)
    return open_session(request, s, user.user_id, user.organisation_id, to="/account?done=password")


@router.post("/account/tokens", response_class=HTMLResponse, include_in_schema=False)
def token_form(
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    lang: LangDep,
    name: Annotated[str, Form(min_length=1, max_length=200)],
) -> Response:
    """Shows the page with the new token, once."""
    token = issue_token(s, user_id=user.user_id, organisation_id=user.organisation_id, name=name)
    return _page(request, s, user, lang, new_token=token)


@router.post("/account/tokens/{token_id}/revoke", include_in_schema=False)
def revoke_form(s: SessionDep, user: CurrentUser, token_id: ItemId) -> Response:
    members.revoke_own_token(s, user.user_id, token_id)
    return RedirectResponse("/account", status_code=303)


def _page(
    request: Request,
    s: Session,
    user: Principal,
    lang: str,
    *,
    notice: str | None = None,
    error: str | None = None,
    new_token: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "account.html",
        lang,
        status_code=status_code,
        me=_me(s, user),
        tokens=_tokens(s, user),
        languages=LANGUAGES,
        zones=sorted(available_timezones()),
        workspace_zone=request.app.state.workspace.settings.timezone,
        min_password=MIN_PASSWORD,
        notice=notice,
        error=error,
        new_token=new_token,
    )
