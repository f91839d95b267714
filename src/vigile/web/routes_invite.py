"""Pages reached from an e-mail, before login: `/invite/{token}` and the password reset.

Their forms carry the pre-login CSRF token of the login form (or the session's, when
someone is logged in). Asking for a reset link gives the same answer, at the same speed,
whether or not the address has an account: the mail goes out after the answer. Requests
for links are rate-limited per client and per (client, e-mail) like failed logins.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request, Response
from fastapi.responses import HTMLResponse

from vigile.account_mail import send_reset
from vigile.domain.errors import CsrfFailed, InputError, NotAuthenticated, VigileError
from vigile.i18n import t
from vigile.mail import mail_configured
from vigile.store.accounts import MIN_PASSWORD, close_login, memberships
from vigile.store.invitations import (
    accept_as_member,
    accept_as_new_user,
    account_exists,
    find_invitation,
    reset_is_valid,
    use_reset,
)
from vigile.web.auth import (
    CurrentUser,
    PasswordField,
    Principal,
    check_repeated,
    cookies,
    current_user,
    new_csrf,
)
from vigile.web.deps import LangDep, SessionDep
from vigile.web.limiter import LoginLimiter, client_of
from vigile.web.routes_auth import after_login, open_session
from vigile.web.templating import render

router = APIRouter(include_in_schema=False)
CsrfField = Annotated[str, Form()]


@router.get("/invite/{token}", response_class=HTMLResponse)
def invite_page(request: Request, s: SessionDep, lang: LangDep, token: str) -> Response:
    return _invite_page(request, s, lang, token)


@router.post("/invite/{token}", response_class=HTMLResponse)
def invite_submit(
    request: Request,
    s: SessionDep,
    lang: LangDep,
    token: str,
    name: Annotated[str, Form(max_length=200)],
    password: PasswordField,
    repeat_password: PasswordField,
    csrf_token: CsrfField = "",
) -> Response:
    """Create the invited account and log it in."""
    _check_csrf(request, s, lang, csrf_token)
    try:
        check_repeated(password, repeat_password, lang)
        user = accept_as_new_user(s, token, name=name, password=password)
    except VigileError as exc:
        return _invite_page(request, s, lang, token, error=exc.message, code=exc.http_status)
    (joined,) = memberships(s, user.id)  # a new account: the invitation's organisation
    return _no_referrer(after_login(request, s, user, joined.organisation_id, to="/"))


@router.post("/invite/{token}/join")
def invite_join(request: Request, s: SessionDep, user: CurrentUser, token: str) -> Response:
    """The logged-in invitee joins; the organisation becomes their current one."""
    organisation_id = accept_as_member(s, token, user_id=user.user_id)
    if user.session_id:
        close_login(s, user.session_id)
    return _no_referrer(open_session(request, s, user.user_id, organisation_id, to="/"))


@router.get("/password/forgot", response_class=HTMLResponse)
def forgot_page(request: Request, s: SessionDep, lang: LangDep) -> Response:
    return _password_page(request, s, lang, mode="forgot")


@router.post("/password/forgot", response_class=HTMLResponse)
def forgot_submit(
    request: Request,
    s: SessionDep,
    lang: LangDep,
    background: BackgroundTasks,
    email: Annotated[str, Form(max_length=320)],
    csrf_token: CsrfField = "",
) -> Response:
    """The same answer for every address; the link is mailed after it, when one exists."""
    _check_csrf(request, s, lang, csrf_token)
    ip, limiter = client_of(request), _limiter(request)
    if limiter.blocked(ip=ip, email=email):
        error = t("auth.rate_limited", lang)
        return _password_page(request, s, lang, mode="forgot", error=error, code=429)
    limiter.failed(ip=ip, email=email)
    workspace = request.app.state.workspace
    if mail_configured(workspace.settings):
        background.add_task(send_reset, workspace.db, workspace.settings, email=email, lang=lang)
    return _password_page(request, s, lang, mode="sent")


@router.get("/password/reset/{token}", response_class=HTMLResponse)
def reset_page(request: Request, s: SessionDep, lang: LangDep, token: str) -> Response:
    mode = "reset" if reset_is_valid(s, token) else "invalid"
    return _password_page(request, s, lang, mode=mode, token=token)


@router.post("/password/reset/{token}", response_class=HTMLResponse)
def reset_submit(
    request: Request,
    s: SessionDep,
    lang: LangDep,
    token: str,
    password: PasswordField,
    repeat_password: PasswordField,
    csrf_token: CsrfField = "",
) -> Response:
    """New password; every session of the user ends, this browser's too."""
    _check_csrf(request, s, lang, csrf_token)
    try:
        check_repeated(password, repeat_password, lang)
        use_reset(s, token, password)
    except VigileError as exc:
        mode = "reset" if isinstance(exc, InputError) else "invalid"
        return _password_page(
            request, s, lang, mode=mode, token=token, error=exc.message, code=exc.http_status
        )
    response = _password_page(request, s, lang, mode="done")
    cookies(request).clear(response)
    return response


def _invite_page(
    request: Request,
    s: SessionDep,
    lang: str,
    token: str,
    *,
    error: str | None = None,
    code: int = 200,
) -> Response:
    invitation = find_invitation(s, token)
    principal = _logged_in(request, s, lang)
    csrf, fresh = _form_csrf(request, principal)
    response = render(
        request,
        "invite.html",
        lang,
        status_code=code if invitation else 404,
        invitation=invitation,
        exists=invitation is not None and account_exists(s, invitation.email),
        token=token,
        form_csrf=csrf,
        min_password=MIN_PASSWORD,
        error=error,
    )
    return _finish(request, response, csrf if fresh else None)


def _password_page(
    request: Request,
    s: SessionDep,
    lang: str,
    *,
    mode: str,
    token: str = "",
    error: str | None = None,
    code: int = 200,
) -> Response:
    principal = _logged_in(request, s, lang)
    csrf, fresh = _form_csrf(request, principal)
    response = render(
        request,
        "password.html",
        lang,
        status_code=404 if mode == "invalid" else code,
        mode=mode,
        token=token,
        form_csrf=csrf,
        min_password=MIN_PASSWORD,
        mail=mail_configured(request.app.state.workspace.settings),
        error=error,
    )
    return _finish(request, response, csrf if fresh else None)


def _logged_in(request: Request, s: SessionDep, lang: str) -> Principal | None:
    """The logged-in user, if any (these pages also serve visitors)."""
    if request.method != "GET":
        return getattr(request.state, "principal", None)
    try:
        return current_user(request, s, lang, None, None)
    except NotAuthenticated:
        return None


def _form_csrf(request: Request, principal: Principal | None) -> tuple[str, bool]:
    """The token the form carries: the session's, else the pre-login one (True: new)."""
    if principal is not None and principal.csrf:
        return principal.csrf, False
    known = str(cookies(request).read(request).get("csrf", ""))
    return (known, False) if known else (new_csrf(), True)


def _check_csrf(request: Request, s: SessionDep, lang: str, sent: str) -> None:
    """A logged-in browser must send its session's token, a visitor the pre-login one."""
    try:
        current_user(request, s, lang, sent, None)  # checks the session's token itself
        return
    except NotAuthenticated:
        pass
    expected = str(cookies(request).read(request).get("csrf", ""))
    if not expected or not hmac.compare_digest(expected, sent):
        raise CsrfFailed(t("auth.csrf", lang))


def _finish(request: Request, response: Response, new_token: str | None) -> Response:
    if new_token is not None:
        cookies(request).write(response, {"csrf": new_token})
    return _no_referrer(response)


def _no_referrer(response: Response) -> Response:
    """The token in the address must not travel to another site in a Referer header."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _limiter(request: Request) -> LoginLimiter:
    state = request.app.state
    if not hasattr(state, "reset_limiter"):  # every request counts, mailed or not
        state.reset_limiter = LoginLimiter(per_account=5, per_client=5)
    limiter: LoginLimiter = state.reset_limiter
    return limiter
