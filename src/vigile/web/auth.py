"""Who is asking: signed session cookies, CSRF tokens, Bearer API tokens and roles.

A session is a row of `login_sessions` (user, current organisation, CSRF token, expiry)
keyed by the SHA-256 of a random id; the browser holds that id in a cookie signed with the
workspace secret key (itsdangerous). Logging out, a new password or a disabled account
deletes the row: the cookie is dead on the server too. Roles and memberships are read from
the database on every request, so a changed role applies at once.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import Depends, Form, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from vigile.domain.errors import CsrfFailed, Forbidden, InputError, NotAuthenticated
from vigile.i18n import t
from vigile.store.accounts import (
    MembershipView,
    find_login,
    memberships,
    role_at_least,
    token_owner,
)
from vigile.store.schema import User
from vigile.web.deps import LangDep, SessionDep

SESSION_COOKIE = "vigile_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# declares the scheme in the OpenAPI description; a missing header is not an error here
_bearer = HTTPBearer(auto_error=False, description="An API token from `vigile token create`.")


@dataclass(frozen=True)
class Principal:
    """The user behind a request, acting in one organisation with one role."""

    user_id: int
    email: str
    name: str
    organisation_id: int
    role: str
    organisations: tuple[MembershipView, ...]
    csrf: str | None  # None when the request came with an API token
    via: str  # "session" or "token"
    session_id: str | None = None  # the login session's id (cookie), None for a token

    @property
    def organisation(self) -> str:
        return next(
            m.organisation for m in self.organisations if m.organisation_id == self.organisation_id
        )

    def can(self, minimum: str) -> bool:
        return role_at_least(self.role, minimum)


class SessionCookies:
    """Reads and writes the signed session cookie."""

    def __init__(self, secret: str, *, max_age: int, secure: bool) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="vigile.session")
        self.max_age = max_age
        self.secure = secure

    def read(self, request: Request) -> dict[str, Any]:
        """The session's data, or {} when absent, forged or expired."""
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return {}
        try:
            data = self._serializer.loads(raw, max_age=self.max_age)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    def write(self, response: Response, data: dict[str, Any]) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            self._serializer.dumps(data),
            max_age=self.max_age,
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )

    def clear(self, response: Response) -> None:
        response.delete_cookie(
            SESSION_COOKIE, httponly=True, samesite="lax", secure=self.secure, path="/"
        )


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def cookies(request: Request) -> SessionCookies:
    jar: SessionCookies = request.app.state.sessions
    return jar


async def _sent_csrf(request: Request) -> str | None:
    """The CSRF token a state-changing request carries (header, else form field)."""
    if request.method in SAFE_METHODS:
        return None
    if header := request.headers.get(CSRF_HEADER):
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def current_user(
    request: Request,
    s: SessionDep,
    lang: LangDep,
    sent_csrf: Annotated[str | None, Depends(_sent_csrf)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The logged-in user (session cookie) or token owner (`Authorization: Bearer ...`)."""
    if bearer is not None:
        principal = _from_token(s, bearer.credentials.strip(), lang)
    else:
        principal = _from_session(s, cookies(request).read(request), lang)
        if request.method not in SAFE_METHODS and not (
            sent_csrf and principal.csrf and hmac.compare_digest(sent_csrf, principal.csrf)
        ):
            raise CsrfFailed(t("auth.csrf", lang))
    request.state.principal = principal
    return principal


def _from_token(s: Session, token: str, lang: str) -> Principal:
    owner = token_owner(s, token) if token else None
    if owner is None:
        raise NotAuthenticated(t("auth.bad_token", lang))
    user, organisation_id = owner
    return _principal(s, user, organisation_id, csrf=None, lang=lang)


def _from_session(s: Session, data: dict[str, Any], lang: str) -> Principal:
    sid = data.get("sid")
    found = find_login(s, sid) if isinstance(sid, str) else None
    if found is None:
        raise NotAuthenticated(t("auth.required", lang))
    login, user = found
    principal = _principal(s, user, login.organisation_id, csrf=login.csrf, lang=lang)
    return replace(principal, session_id=sid)


def _principal(
    s: Session, user: User, organisation_id: int, *, csrf: str | None, lang: str
) -> Principal:
    joined = memberships(s, user.id)
    if not joined:
        raise NotAuthenticated(t("auth.no_membership", lang))
    current = next((m for m in joined if m.organisation_id == organisation_id), None)
    if current is None:
        if csrf is None:  # a token whose owner left its organisation
            raise NotAuthenticated(t("auth.bad_token", lang))
        current = joined[0]
    return Principal(
        user_id=user.id,
        email=user.email,
        name=user.display_name,
        organisation_id=current.organisation_id,
        role=current.role,
        organisations=joined,
        csrf=csrf,
        via="token" if csrf is None else "session",
    )


def current_org(user: Annotated[Principal, Depends(current_user)]) -> int:
    """The id of the organisation every list and detail of this request is limited to."""
    return user.organisation_id


def require_role(minimum: str) -> Any:
    """A dependency refusing (403) users whose role ranks below `minimum`."""

    def check(user: Annotated[Principal, Depends(current_user)], lang: LangDep) -> Principal:
        if not user.can(minimum):
            role, needed = t(f"role.{user.role}", lang), t(f"role.{minimum}", lang)
            raise Forbidden(t("auth.forbidden", lang, role=role, needed=needed))
        return user

    setattr(check, "minimum_role", minimum)  # noqa: B010 - read by web/openapi.py (403)
    return Depends(check)


CurrentUser = Annotated[Principal, Depends(current_user)]
CurrentOrg = Annotated[int, Depends(current_org)]
CmUser = Annotated[Principal, require_role("cm")]
AdminUser = Annotated[Principal, require_role("admin")]
PasswordField = Annotated[str, Form(max_length=1000)]


def check_repeated(password: str, repeat: str, lang: str) -> None:
    """The three password forms (invitation, reset, change) ask for it twice: same wording."""
    if password != repeat:
        raise InputError(t("users.passwords_differ", lang), field="repeat_password")
