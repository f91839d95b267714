"""`/login`, `/logout` and `/organisation` (switch the current organisation)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigile.domain.errors import CsrfFailed, NotFound
from vigile.domain.model import utc_now
from vigile.i18n import t
from vigile.store.accounts import authenticate, close_login, memberships, open_login
from vigile.store.schema import User
from vigile.web.auth import CurrentUser, cookies, new_csrf
from vigile.web.deps import LangDep, SessionDep
from vigile.web.limiter import client_of
from vigile.web.templating import remember_zone, render

router = APIRouter(include_in_schema=False)


def safe_next(value: str | None) -> str:
    """A local path to go back to after login (never another site)."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, lang: LangDep, next: str | None = None) -> Response:
    return _login_form(request, lang, next=safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    s: SessionDep,
    lang: LangDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the form's CSRF token, the rate limit, then the password; open a session."""
    expected = str(cookies(request).read(request).get("csrf", ""))
    if not expected or not hmac.compare_digest(expected, csrf_token):
        raise CsrfFailed(t("auth.csrf", lang))
    ip, limiter = client_of(request), request.app.state.login_limiter
    if limiter.blocked(ip=ip, email=email):
        return _login_form(
            request, lang, next=next, email=email, error="auth.rate_limited", code=429
        )
    user = authenticate(s, email, password)
    if user is None:
        limiter.failed(ip=ip, email=email)
        return _login_form(request, lang, next=next, email=email, error="auth.failed", code=401)
    limiter.succeeded(ip=ip, email=email)
    joined = memberships(s, user.id)
    if not joined:
        return _login_form(request, lang, next=next, error="auth.no_membership", code=403)
    return after_login(request, s, user, joined[0].organisation_id, to=safe_next(next))


@router.post("/logout")
def logout(request: Request, s: SessionDep, user: CurrentUser) -> Response:
    """End the session on the server (the cookie alone is worth nothing afterwards)."""
    if user.session_id:
        close_login(s, user.session_id)
    response = RedirectResponse("/login", status_code=303)
    cookies(request).clear(response)
    return response


@router.post("/organisation")
def switch_organisation(
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    organisation_id: Annotated[int, Form()],
) -> Response:
    """Make another of the user's organisations the current one (404 when not a member)."""
    if all(m.organisation_id != organisation_id for m in user.organisations):
        raise NotFound(f"no organisation {organisation_id}")
    if user.session_id:
        close_login(s, user.session_id)
    return open_session(request, s, user.user_id, organisation_id, to="/")


def after_login(
    request: Request, s: Session, user: User, organisation_id: int, *, to: str
) -> Response:
    """A session for a user who just proved who they are; their preferred language."""
    user.last_login_at = utc_now()
    response = open_session(request, s, user.id, organisation_id, to=to)
    if user.language:
        response.set_cookie("vigile_lang", user.language, samesite="lax")
    remember_zone(response, user.timezone)
    return response


def open_session(
    request: Request, s: Session, user_id: int, organisation_id: int, *, to: str
) -> Response:
    """A fresh session (and CSRF token) for the user: a login never reuses the old cookie."""
    jar = cookies(request)
    sid = open_login(
        s, user_id=user_id, organisation_id=organisation_id, csrf=new_csrf(), max_age=jar.max_age
    )
    response = RedirectResponse(to, status_code=303)
    jar.write(response, {"sid": sid})
    return response


def _login_form(
    request: Request,
    lang: str,
    *,
    next: str,
    email: str = "",
    error: str | None = None,
    code: int = 200,
) -> Response:
    """The login form, with the pre-login session that carries its CSRF token."""
    jar = cookies(request)
    known = str(jar.read(request).get("csrf", ""))
    csrf = known or new_csrf()
    response = render(
        request,
        "login.html",
        lang,
        status_code=code,
        login_csrf=csrf,
        next=safe_next(next),
        email=email,
        error=t(error, lang) if error else None,
    )
    if not known:
        jar.write(response, {"csrf": csrf})
    return response
