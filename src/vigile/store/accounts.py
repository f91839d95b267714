"""Users, their roles in organisations, and API tokens (stored as SHA-256, shown once)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from vigile.domain.errors import InputError, NotFound
from vigile.domain.model import PageRef, utc_now
from vigile.i18n import pick_language, t
from vigile.store.schema import ApiToken, LoginSession, Membership, Organisation, Page, User

ROLES: Final = ("viewer", "cm", "manager", "admin")
TOKEN_PREFIX: Final = "vgl_"
MIN_PASSWORD: Final = 10
TOKEN_USE_RESOLUTION: Final = timedelta(minutes=1)
_hasher = PasswordHasher()
# verified against when the e-mail is unknown, so that both answers take as long
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class MembershipView:
    organisation_id: int
    organisation: str
    role: str


@dataclass(frozen=True)
class UserView:
    id: int
    email: str
    display_name: str
    active: bool
    memberships: tuple[MembershipView, ...]


def role_at_least(role: str, minimum: str) -> bool:
    """True when `role` ranks at or above `minimum` (viewer < cm < manager < admin)."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(minimum)


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", cleaned):
        raise InputError(_t("accounts.bad_email"), field="email")
    return cleaned


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(_t("accounts.short_password", min=MIN_PASSWORD), field="password")
    return _hasher.hash(password)


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")
    if not slug:
        raise InputError(_t("accounts.bad_org_name"), field="name")
    return slug[:100]


def add_organisation(session: Session, name: str) -> Organisation:
    slug = slugify(name)
    if session.scalar(select(Organisation.id).where(Organisation.slug == slug)) is not None:
        raise InputError(_t("accounts.org_exists", org=slug), field="name")
    organisation = Organisation(slug=slug, name=name.strip())
    session.add(organisation)
    session.flush()
    return organisation


def find_organisation(session: Session, name_or_slug: str) -> Organisation:
    wanted = name_or_slug.strip()
    found = session.scalars(
        select(Organisation).where(
            (Organisation.slug == wanted.lower()) | (Organisation.name == wanted)
        )
    ).first()
    if found is None:
        raise NotFound(_t("accounts.no_org", org=wanted))
    return found


def add_user(
    session: Session, *, email: str, name: str, password: str, role: str, organisation: str
) -> User:
    """A new active user with one membership; the e-mail must be new."""
    address = normalise_email(email)
    org = find_organisation(session, organisation)
    _check_role(role)
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise InputError(_t("accounts.user_exists"), field="email")
    user = User(
        email=address,
        display_name=name.strip() or address,
        password_hash=hash_password(password),
        active=True,
        created_at=utc_now(),
    )
    session.add(user)
    session.flush()
    session.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
    session.flush()
    return user


def set_membership(session: Session, *, email: str, organisation: str, role: str) -> None:
    """Give the user `role` in `organisation` (added, or changed when already a member)."""
    _check_role(role)
    user = find_user(session, email)
    org = find_organisation(session, organisation)
    session.execute(
        delete(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == org.id
        )
    )
    session.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
    session.flush()


def find_user(session: Session, email: str) -> User:
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise NotFound(_t("accounts.no_user"))
    return user


def set_password(session: Session, email: str, password: str) -> None:
    """Replace the password; every session opened with the old one ends."""
    user = find_user(session, email)
    user.password_hash = hash_password(password)
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def set_active(session: Session, email: str, *, active: bool) -> None:
    """Disable (or enable again) a user: sessions end and tokens stop working at once."""
    user = find_user(session, email)
    user.active = active
    if not active:
        session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def open_login(
    session: Session, *, user_id: int, organisation_id: int, csrf: str, max_age: int
) -> str:
    """A new login session; returns the random id the cookie carries (stored hashed)."""
    now = utc_now()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    sid = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            id=token_hash(sid),
            user_id=user_id,
            organisation_id=organisation_id,
            csrf=csrf,
            created_at=now,
            expires_at=now + timedelta(seconds=max_age),
        )
    )
    session.flush()
    return sid


def find_login(session: Session, sid: str) -> tuple[LoginSession, User] | None:
    """The unexpired session with this id and its active user, else None."""
    row = session.execute(
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(
            LoginSession.id == token_hash(sid),
            LoginSession.expires_at > utc_now(),
            User.active.is_(True),
        )
    ).first()
    return None if row is None else (row[0], row[1])


def close_login(session: Session, sid: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.id == token_hash(sid)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (same work either way)."""
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def memberships(session: Session, user_id: int) -> tuple[MembershipView, ...]:
    """The user's active organisations, oldest first (the default current one)."""
    rows = session.execute(
        select(Membership.organisation_id, Organisation.name, Membership.role)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id == user_id, Membership.active.is_(True))
        .order_by(Organisation.id)
    )
    return tuple(MembershipView(org_id, name, role) for org_id, name, role in rows)


def list_users(session: Session) -> list[UserView]:
    users = session.scalars(select(User).order_by(User.email))
    return [
        UserView(u.id, u.email, u.display_name, u.active, memberships(session, u.id)) for u in users
    ]


def create_token(session: Session, *, email: str, name: str, organisation: str | None) -> str:
    """A new API token for the user in one of their organisations; returned once, stored hashed."""
    user = find_user(session, email)
    joined = memberships(session, user.id)
    if organisation is None:
        chosen = joined[0] if joined else None
    else:
        org_id = find_organisation(session, organisation).id
        chosen = next((m for m in joined if m.organisation_id == org_id), None)
    if chosen is None:
        raise InputError(_t("accounts.not_member"), field="organisation")
    return issue_token(session, user_id=user.id, organisation_id=chosen.organisation_id, name=name)


def issue_token(session: Session, *, user_id: int, organisation_id: int, name: str) -> str:
    """Store the SHA-256 of a new random token and return the token (shown once)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            token_hash=token_hash(token),
            user_id=user_id,
            organisation_id=organisation_id,
            name=name.strip()[:200] or "token",
            created_at=utc_now(),
            last_used_at=None,
        )
    )
    session.flush()
    return token


@dataclass(frozen=True)
class TokenView:
    id: int
    name: str
    owner: str
    organisation: str
    created_at: datetime
    last_used_at: datetime | None


def list_tokens(session: Session) -> list[TokenView]:
    """Every API token (never the token itself: only its hash is stored)."""
    rows = session.execute(
        select(ApiToken, User.email, Organisation.name)
        .join(User, User.id == ApiToken.user_id)
        .join(Organisation, Organisation.id == ApiToken.organisation_id)
        .order_by(ApiToken.id)
    )
    return [
        TokenView(tok.id, tok.name, email, org, tok.created_at, tok.last_used_at)
        for tok, email, org in rows
    ]


def revoke_token(session: Session, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_t("accounts.no_token", id=token_id))
    session.delete(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_owner(session: Session, token: str) -> tuple[User, int] | None:
    """The active user and organisation a token acts for; records when it was used."""
    found = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_hash(token), User.active.is_(True))
    ).first()
    if found is None:
        return None
    api_token, user = found
    now = utc_now()
    if api_token.last_used_at is None or now - api_token.last_used_at > TOKEN_USE_RESOLUTION:
        # one write a minute at most: a busy API client must not queue on the write lock
        session.execute(
            update(ApiToken).where(ApiToken.id == api_token.id).values(last_used_at=now)
        )
    return user, api_token.organisation_id


def assign_page(session: Session, *, page: str, organisation: str) -> None:
    """Move a page (network:handle) and everything under it to another organisation."""
    ref = PageRef.parse(page)
    org = find_organisation(session, organisation)
    moved = session.execute(
        update(Page)
        .where(Page.network == ref.network, Page.handle == ref.handle)
        .values(organisation_id=org.id)
    )
    if not getattr(moved, "rowcount", 0):
        raise NotFound(_t("accounts.no_page", page=page))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InputError(_t("accounts.bad_role", roles=", ".join(ROLES)), field="role")


def _t(key: str, **values: object) -> str:
    return t(key, pick_language(), **values)
