"""Invitations to an organisation and password-reset links: random tokens stored hashed.

A token is claimed by one conditional UPDATE (unused, unrevoked, unexpired): of two
concurrent uses, one wins and the other finds nothing, so "single use" holds on both
SQLite and PostgreSQL.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from vigile.domain.errors import Forbidden, InputError, NotFound
from vigile.domain.model import utc_now
from vigile.i18n import LANGUAGES, pick_language, t
from vigile.store.accounts import ROLES, hash_password, normalise_email, token_hash
from vigile.store.journal import append_decision
from vigile.store.schema import (
    Invitation,
    LoginSession,
    Membership,
    Organisation,
    PasswordReset,
    User,
)

INVITATION_LIFETIME: Final = timedelta(days=7)
RESET_LIFETIME: Final = timedelta(hours=1)


@dataclass(frozen=True)
class InvitationView:
    id: int
    email: str
    role: str
    lang: str
    organisation_id: int
    organisation: str
    invited_by: str
    created_at: datetime
    expires_at: datetime


def create_invitation(
    session: Session, *, organisation_id: int, email: str, role: str, lang: str, actor: str
) -> tuple[InvitationView, str]:
    """A new invitation and its token (returned once); it replaces a pending one."""
    address = normalise_email(email)
    if role not in ROLES:
        raise InputError(_t("accounts.bad_role", roles=", ".join(ROLES)), field="role")
    if lang not in LANGUAGES:
        raise InputError(_t("users.bad_language"), field="lang")
    if _is_active_member(session, address, organisation_id):
        raise InputError(_t("users.already_member"), field="email")
    now = utc_now().replace(microsecond=0)
    session.execute(
        update(Invitation)
        .where(Invitation.email == address, Invitation.organisation_id == organisation_id)
        .where(_pending(now))
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(32)
    row = Invitation(
        token_hash=token_hash(token),
        organisation_id=organisation_id,
        email=address,
        role=role,
        lang=lang,
        invited_by=actor,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    session.add(row)
    session.flush()
    details = {"organisation_id": organisation_id, "role": role}
    _audit(session, actor, "invitation.created", row.id, details)
    return _view(session, row), token


def pending_invitations(session: Session, organisation_id: int) -> list[InvitationView]:
    rows = session.scalars(
        select(Invitation)
        .where(Invitation.organisation_id == organisation_id, _pending(utc_now()))
        .order_by(Invitation.created_at.desc())
    )
    return [_view(session, row) for row in rows]


def revoke_invitation(
    session: Session, *, organisation_id: int, invitation_id: int, actor: str
) -> None:
    """The link stops working; another organisation's invitation is "not found"."""
    revoked = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.organisation_id == organisation_id)
        .where(_pending(utc_now()))
        .values(revoked_at=utc_now())
    )
    if not getattr(revoked, "rowcount", 0):
        raise NotFound(_t("users.no_invitation", id=invitation_id))
    details = {"organisation_id": organisation_id}
    _audit(session, actor, "invitation.revoked", invitation_id, details)


def find_invitation(session: Session, token: str) -> InvitationView | None:
    """The pending invitation this token opens, or None (used, revoked, expired, unknown)."""
    row = session.scalars(
        select(Invitation).where(Invitation.token_hash == token_hash(token), _pending(utc_now()))
    ).first()
    return None if row is None else _view(session, row)


def account_exists(session: Session, email: str) -> bool:
    return session.scalar(select(User.id).where(User.email == email)) is not None


def accept_as_new_user(session: Session, token: str, *, name: str, password: str) -> User:
    """Create the invited user (the invitation's e-mail) with its membership; uses the token."""
    invitation = find_invitation(session, token)
    if invitation is None:
        raise NotFound(_t("users.invitation_invalid"))
    if account_exists(session, invitation.email):
        raise InputError(_t("users.account_exists"), field="email")
    password_hash = hash_password(password)
    _claim_invitation(session, token)
    user = User(
        email=invitation.email,
        display_name=name.strip()[:200] or invitation.email,
        password_hash=password_hash,
        active=True,
        created_at=utc_now(),
    )
    session.add(user)
    session.flush()
    org_id, role = invitation.organisation_id, invitation.role
    session.add(Membership(user_id=user.id, organisation_id=org_id, role=role))
    _accepted(session, invitation, user)
    return user


def accept_as_member(session: Session, token: str, *, user_id: int) -> int:
    """Add the membership to the logged-in user the invitation was sent to; the org's id."""
    invitation = find_invitation(session, token)
    if invitation is None:
        raise NotFound(_t("users.invitation_invalid"))
    user = session.get(User, user_id)
    if user is None or user.email != invitation.email:
        raise Forbidden(_t("users.invitation_other_email"))
    _claim_invitation(session, token)
    member = session.scalars(
        select(Membership).where(
            Membership.user_id == user_id,
            Membership.organisation_id == invitation.organisation_id,
        )
    ).first()
    if member is None:
        member = Membership(user_id=user_id, organisation_id=invitation.organisation_id)
        session.add(member)
    member.role, member.active = invitation.role, True
    _accepted(session, invitation, user)
    return invitation.organisation_id


def create_reset(session: Session, email: str) -> tuple[User, str] | None:
    """A reset token for the active user with this e-mail, or None (no account, disabled)."""
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None or not user.active:
        return None
    token = secrets.token_urlsafe(32)
    now = utc_now()
    session.add(
        PasswordReset(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + RESET_LIFETIME,
        )
    )
    session.flush()
    return user, token


def reset_is_valid(session: Session, token: str) -> bool:
    found = session.scalar(
        select(PasswordReset.id).where(
            PasswordReset.token_hash == token_hash(token),
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > utc_now(),
        )
    )
    return found is not None


def use_reset(session: Session, token: str, password: str) -> User:
    """Set the new password; every session and every other reset link of the user ends."""
    password_hash = hash_password(password)
    now = utc_now()
    row = session.scalars(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    ).first()
    claimed = session.execute(
        update(PasswordReset)
        .where(
            PasswordReset.id == (row.id if row else -1),
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
    )
    used = bool(getattr(claimed, "rowcount", 0))
    user = session.get(User, row.user_id) if row is not None and used else None
    if user is None or not user.active:
        raise NotFound(_t("users.reset_invalid"))
    user.password_hash = password_hash
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    session.execute(
        delete(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.token_hash != token_hash(token)
        )
    )
    _audit(session, user.email, "user.password_reset", user.id, {}, subject_type="user")
    return user


def _claim_invitation(session: Session, token: str) -> None:
    now = utc_now()
    claimed = session.execute(
        update(Invitation)
        .where(Invitation.token_hash == token_hash(token), _pending(now))
        .values(used_at=now)
    )
    if not getattr(claimed, "rowcount", 0):
        raise NotFound(_t("users.invitation_invalid"))


def _accepted(session: Session, invitation: InvitationView, user: User) -> None:
    session.flush()
    details = {"organisation_id": invitation.organisation_id, "role": invitation.role}
    _audit(session, user.email, "invitation.accepted", invitation.id, details)
    _audit(session, user.email, "member.joined", user.id, details, subject_type="user")


def _pending(now: datetime) -> ColumnElement[bool]:
    return (
        Invitation.used_at.is_(None)
        & Invitation.revoked_at.is_(None)
        & (Invitation.expires_at > now)
    )


def _is_active_member(session: Session, email: str, organisation_id: int) -> bool:
    found = session.scalar(
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(
            User.email == email,
            Membership.organisation_id == organisation_id,
            Membership.active.is_(True),
        )
    )
    return found is not None


def _view(session: Session, row: Invitation) -> InvitationView:
    organisation = session.get(Organisation, row.organisation_id)
    return InvitationView(
        row.id,
        row.email,
        row.role,
        row.lang,
        row.organisation_id,
        organisation.name if organisation else "",
        row.invited_by,
        row.created_at,
        row.expires_at,
    )


def _audit(
    session: Session,
    actor: str,
    action: str,
    subject_id: int,
    details: Mapping[str, object],
    *,
    subject_type: str = "invitation",
) -> None:
    append_decision(
        session,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=dict(details),
    )


def _t(key: str, **values: object) -> str:
    return t(key, pick_language(), **values)
