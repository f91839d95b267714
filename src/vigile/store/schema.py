"""Tables. Times are stored as aware UTC; JSON columns hold evidence and detector state."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from vigile.domain.model import as_utc


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always returns aware UTC (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
    }


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("network", "handle"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    network: Mapped[str] = mapped_column(String(50))
    handle: Mapped[str] = mapped_column(String(300))


class Author(Base):
    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("network", "handle"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    network: Mapped[str] = mapped_column(String(50))
    handle: Mapped[str] = mapped_column(String(300))


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("page_id", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id"))
    external_id: Mapped[str] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None]


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        UniqueConstraint("network", "external_id"),
        Index("ix_comments_pending", "pending", "created_at", "id"),
        Index("ix_comments_post_time", "post_id", "created_at"),
        Index("ix_comments_time", "created_at", "id"),  # the API's keyset paging
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    network: Mapped[str] = mapped_column(String(50))
    external_id: Mapped[str] = mapped_column(String(300))
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id"))
    parent_ref: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(10))
    sentiment: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime]
    imported_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    analysed_hash: Mapped[str | None] = mapped_column(String(64))
    pending: Mapped[bool] = mapped_column(Boolean, default=True)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # the source's time of the stored version (a signed push's timestamp): an older one
    # arriving later (a replay, a late retry) never replaces it
    version_at: Mapped[datetime | None]


class Connection(Base):
    """A page polled through a connector: its options (never a secret) and its cursor."""

    __tablename__ = "connections"
    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id"), unique=True)
    connector: Mapped[str] = mapped_column(String(50))
    options: Mapped[dict[str, Any]]
    cursor: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    synced_at: Mapped[datetime | None]
    retry_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class ScoreRow(Base):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("comment_id", "signal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    signal: Mapped[str] = mapped_column(String(50))
    value: Mapped[float] = mapped_column(Float)
    model: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))


class ThreadState(Base):
    """A thread's running state; the inbox filters and counts on its plain columns."""

    __tablename__ = "thread_states"
    # covers the inbox's order, filters and counts without reading the wide rows
    __table_args__ = (
        Index(
            "ix_thread_states_risk",
            "derailment",
            "toxicity_max",
            "negativity_mean",
            "toxic",
            "negative",
            "unanswered",
            "comments",
            "lang",
            "page_id",
            "spam",
        ),
    )
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), primary_key=True)
    comments: Mapped[int] = mapped_column(Integer)
    derailment: Mapped[float] = mapped_column(Float)
    toxicity_max: Mapped[float] = mapped_column(Float)
    negativity_mean: Mapped[float] = mapped_column(Float)
    reasons: Mapped[dict[str, Any]]
    model: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    last_comment_at: Mapped[datetime]
    window: Mapped[dict[str, Any]]
    dynamics: Mapped[dict[str, Any]]
    toxic: Mapped[int] = mapped_column(Integer, default=0)  # toxic comments
    negative: Mapped[int] = mapped_column(Integer, default=0)  # negative or toxic comments
    # complaints and questions (not toxic) since the brand's last comment in the thread
    unanswered: Mapped[int] = mapped_column(Integer, default=0)
    spam: Mapped[int] = mapped_column(Integer, default=0)  # spam comments (needs moderation)
    lang: Mapped[str | None] = mapped_column(String(10))  # the most frequent language
    page_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id"))  # its post's page


class AuthorState(Base):
    """Bounded behaviour features of one author (see analysis.authors)."""

    __tablename__ = "author_states"
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    features: Mapped[dict[str, Any]]
    state: Mapped[dict[str, Any]]
    last_comment_at: Mapped[datetime]


class PageState(Base):
    __tablename__ = "page_states"
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id"), primary_key=True)
    comments: Mapped[int] = mapped_column(Integer)
    negative: Mapped[int] = mapped_column(Integer)
    detector: Mapped[dict[str, Any]]
    last_comment_at: Mapped[datetime]


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_post_status", "post_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    evidence: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))


class Notification(Base):
    """One attempt to tell one contact about one alert on one channel."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("alert_id", "step", "contact", "channel"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"))
    step: Mapped[int] = mapped_column(Integer)
    contact: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]


class Incident(Base):
    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id"))
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Decision(Base):
    """Audit log entry: append-only, chained by hash so that tampering shows."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    subject_type: Mapped[str] = mapped_column(String(50))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class CaseStudyRow(Base):
    """An anonymised post-mortem: drafted from an incident here, or imported from a bundle.

    `body` holds only anonymised text; `replacements` (originals included) never leaves
    the organisation and is empty for an imported case.
    """

    __tablename__ = "case_studies"
    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(20))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    # the organisation whose incident it tells (None: imported from another server);
    # private to it until shared to the commons, which every organisation reads
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    commons: Mapped[bool] = mapped_column(Boolean, default=False)
    sector: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(300))
    lang: Mapped[str] = mapped_column(String(10))
    scenario: Mapped[str] = mapped_column(String(100))
    network: Mapped[str] = mapped_column(String(50))
    severity: Mapped[str] = mapped_column(String(20))
    body: Mapped[dict[str, Any]]
    replacements: Mapped[dict[str, Any]]
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]


class HelpRequestRow(Base):
    """A CM's anonymised call for help from peers of other organisations (entraide)."""

    __tablename__ = "help_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    lang: Mapped[str] = mapped_column(String(10))
    question: Mapped[str] = mapped_column(Text)
    context: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    asked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scenario: Mapped[str] = mapped_column(String(100), default="", server_default="")
    network: Mapped[str] = mapped_column(String(50), default="", server_default="")
    # published, held (waiting for its author or a moderator) or removed; see moderation
    moderation: Mapped[str] = mapped_column(
        String(20), default="published", server_default="published"
    )
    held_reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)


class HelpAnswerRow(Base):
    """A peer's answer to a help request; the asker marks the ones that helped."""

    __tablename__ = "help_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_requests.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    moderation: Mapped[str] = mapped_column(
        String(20), default="published", server_default="published"
    )
    held_reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)


class User(Base):
    """A person who logs in to the dashboard; the password is an argon2 hash, never the text."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(10))  # None: the workspace's
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA; None: the workspace's


class Membership(Base):
    """A user's role in one organisation: admin, manager, cm or viewer; an organisation's
    admin may switch it off (`active`) without touching the user's other organisations."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class ApiToken(Base):
    """An API token: only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class LoginSession(Base):
    """A dashboard login: the cookie holds a random id whose SHA-256 is the key here, so
    logging out or changing the password ends it on the server, not only in the browser."""

    __tablename__ = "login_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class Invitation(Base):
    """An e-mailed invitation to join one organisation with one role: only the SHA-256 of
    its token is kept; it works once (`used_at`), until `expires_at`, unless revoked."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(20))
    lang: Mapped[str] = mapped_column(String(10))
    invited_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class PasswordReset(Base):
    """A password-reset link: SHA-256 of its token, single use, short-lived."""

    __tablename__ = "password_resets"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class PeerProfile(Base):
    """A user's face in the commons: opted in as an experienced peer or not, the
    pseudonymous name other organisations see (never the e-mail), the mail language."""

    __tablename__ = "peer_profiles"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    peer_name: Mapped[str] = mapped_column(String(40), unique=True)
    opted_in: Mapped[bool] = mapped_column(Boolean, default=False)
    lang: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]


class PeerReport(Base):
    """Someone flagged a request or an answer of the commons for the moderators."""

    __tablename__ = "peer_reports"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class PeerNotice(Base):
    """One thing a user should know about peer help (a new request, an answer), read or not,
    and what became of its e-mail (sent, failed with the error, or none)."""

    __tablename__ = "peer_notices"
    __table_args__ = (Index("ix_peer_notices_user_unread", "user_id", "read_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    request_id: Mapped[int] = mapped_column(ForeignKey("help_requests.id"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("help_answers.id"))
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    mail: Mapped[str] = mapped_column(String(20))
    mail_error: Mapped[str | None] = mapped_column(Text)
