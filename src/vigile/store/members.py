"""An organisation's members as its admins see and change them, and a user's own account.

Every change an admin makes appends to the decision log (ids and roles, never a password
or an e-mail). Every function takes the organisation id: a member of another organisation
is "not found", exactly like an id that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vigile.domain.errors import InputError, InvalidTransition, NotFound
from vigile.domain.model import known_zone
from vigile.i18n import LANGUAGES, pick_language, t
from vigile.store.accounts import ROLES, authenticate, hash_password
from vigile.store.journal import append_decision
from vigile.store.schema import ApiToken, LoginSession, Membership, User


@dataclass(frozen=True)
class MemberView:
    user_id: int
    email: str
    name: str
    role: str
    active: bool  # this membership is on and the account itself is enabled
    last_login_at: datetime | None


@dataclass(frozen=True)
class OwnToken:
    id: int
    name: str
    organisation_id: int
    created_at: datetime
    last_used_at: datetime | None


def list_members(session: Session, organisation_id: int) -> list[MemberView]:
    rows = session.execute(
        select(User, Membership)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id)
        .order_by(User.email)
    )
    return [_view(user, member) for user, member in rows]


def get_member(session: Session, organisation_id: int, user_id: int) -> MemberView:
    user, member = _find(session, organisation_id, user_id)
    return _view(user, member)


def change_role(
    session: Session, *, organisation_id: int, user_id: int, role: str, actor: str
) -> MemberView:
    """Give the member another role; the organisation always keeps an active admin."""
    if role not in ROLES:
        raise InputError(_t("accounts.bad_role", roles=", ".join(ROLES)), field="role")
    user, member = _find(session, organisation_id, user_id)
    if member.role != role:
        if role != "admin":
            _keep_an_admin(session, member)
        details = {"organisation_id": organisation_id, "from": member.role, "to": role}
        member.role = role
        _audit(session, actor, "member.role", user_id, details)
    return _view(user, member)


def set_member_active(
    session: Session, *, organisation_id: int, user_id: int, active: bool, actor: str
) -> MemberView:
    """Switch the membership off (sessions in this organisation end, its tokens stop) or on."""
    user, member = _find(session, organisation_id, user_id)
    if member.active != active:
        if not active:
            _keep_an_admin(session, member)
            _end_sessions(session, user_id, organisation_id)
        member.active = active
        action = "member.enabled" if active else "member.disabled"
        _audit(session, actor, action, user_id, {"organisation_id": organisation_id})
    return _view(user, member)


def remove_member(session: Session, *, organisation_id: int, user_id: int, actor: str) -> None:
    """Take the user out of the organisation: its sessions and API tokens there end."""
    _, member = _find(session, organisation_id, user_id)
    _keep_an_admin(session, member)
    _end_sessions(session, user_id, organisation_id)
    session.execute(
        delete(ApiToken).where(
            ApiToken.user_id == user_id, ApiToken.organisation_id == organisation_id
        )
    )
    details = {"organisation_id": organisation_id, "role": member.role}
    session.delete(member)
    _audit(session, actor, "member.removed", user_id, details)


def update_profile(
    session: Session,
    user_id: int,
    *,
    name: str | None = None,
    language: str | None = None,
    timezone: str | None = None,
) -> User:
    """Change the display name, the preferred language and time zone ("" = the
    workspace's)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_t("accounts.no_user"))
    if name is not None:
        if not name.strip():
            raise InputError(_t("users.name_required"), field="name")
        user.display_name = name.strip()[:200]
    if language is not None:
        if language and language not in LANGUAGES:
            raise InputError(_t("users.bad_language"), field="language")
        user.language = language or None
    if timezone is not None:
        if timezone and known_zone(timezone) is None:
            raise InputError(_t("users.bad_timezone", zone=timezone[:64]), field="timezone")
        user.timezone = timezone or None
    session.flush()
    return user


def change_password(session: Session, user_id: int, *, current: str, new: str) -> None:
    """Check the current password, store the new one and end every session of the user."""
    user = session.get(User, user_id)
    if user is None or authenticate(session, user.email, current) is None:
        raise InputError(_t("users.wrong_password"), field="current_password")
    user.password_hash = hash_password(new)
    session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))


def own_tokens(session: Session, user_id: int) -> list[OwnToken]:
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
    )
    return [OwnToken(r.id, r.name, r.organisation_id, r.created_at, r.last_used_at) for r in rows]


def revoke_own_token(session: Session, user_id: int, token_id: int) -> None:
    """Delete one of the user's tokens; another user's token is "not found"."""
    deleted = session.execute(
        delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    )
    if not getattr(deleted, "rowcount", 0):
        raise NotFound(_t("accounts.no_token", id=token_id))


def _find(session: Session, organisation_id: int, user_id: int) -> tuple[User, Membership]:
    found = session.execute(
        select(User, Membership)
        .join(Membership, Membership.user_id == User.id)
        .where(User.id == user_id, Membership.organisation_id == organisation_id)
    ).first()
    if found is None:
        raise NotFound(_t("users.no_member", id=user_id))
    return found[0], found[1]


def _keep_an_admin(session: Session, member: Membership) -> None:
    """Refuse a change that would leave the organisation without an active admin."""
    if member.role != "admin" or not member.active:
        return
    others = session.scalar(
        select(func.count())
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organisation_id == member.organisation_id,
            Membership.role == "admin",
            Membership.active.is_(True),
            User.active.is_(True),
            Membership.id != member.id,
        )
    )
    if not others:
        raise InvalidTransition(_t("users.last_admin"))


def _end_sessions(session: Session, user_id: int, organisation_id: int) -> None:
    session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user_id, LoginSession.organisation_id == organisation_id
        )
    )


def _audit(
    session: Session, actor: str, action: str, user_id: int, details: dict[str, Any]
) -> None:
    append_decision(
        session,
        actor=actor,
        action=action,
        subject_type="user",
        subject_id=user_id,
        details=details,
    )


def _view(user: User, member: Membership) -> MemberView:
    return MemberView(
        user.id,
        user.email,
        user.display_name,
        member.role,
        member.active and user.active,
        user.last_login_at,
    )


def _t(key: str, **values: object) -> str:
    return t(key, pick_language(), **values)
