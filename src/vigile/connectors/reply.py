"""Reply from Vigile: check the reply, publish through the page's connector, log it.

The gate (the reply check, injected by the caller) may refuse a reply; it is then not
published unless the CM overrides it. Every published reply, and every override, is
appended to the decision log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from vigile.connectors.base import Connector, Replier
from vigile.connectors.sync import SyncOptions, build_connector
from vigile.domain.errors import ConfigError, NotFound, VigileError
from vigile.domain.model import PageRef
from vigile.i18n import pick_language, t
from vigile.store.connections import ConnectionView, connections
from vigile.store.db import Database
from vigile.store.journal import append_decision
from vigile.store.schema import Comment, Page


@dataclass(frozen=True)
class ToneVerdict:
    """What the gate says of a reply: `ok`, and why not (the blocking findings, in words)."""

    ok: bool
    reasons: list[str] = field(default_factory=list)


ToneGate = Callable[[str], ToneVerdict]


class ReplyBlocked(VigileError):
    code = "reply_blocked"
    exit_code = 2
    http_status = 409


@dataclass(frozen=True)
class PublishedReply:
    reply_id: str
    overridden: bool
    decision_id: int


def reply_to_comment(
    db: Database,
    *,
    network: str,
    comment_id: str,
    text: str,
    actor: str,
    gate: ToneGate,
    options: SyncOptions,
    override: bool = False,
    build: Callable[[ConnectionView, SyncOptions], Connector] = build_connector,
) -> PublishedReply:
    """Publish `text` under the stored comment (network, id) unless the gate refuses it."""
    row_id, page = _comment(db, network, comment_id)
    view = _connection(db, page)
    verdict = gate(text)
    if not verdict.ok and not override:
        reasons = "; ".join(verdict.reasons)
        raise ReplyBlocked(t("reply.blocked", pick_language(), reasons=reasons))
    connector = build(view, options)
    if not isinstance(connector, Replier):
        raise ConfigError(t("reply.unsupported", pick_language(), connector=view.connector))
    key = hashlib.sha256(f"{network}:{comment_id}\n{text}".encode()).hexdigest()
    reply_id = connector.publish_reply(in_reply_to=comment_id, text=text, idempotency_key=key)
    decision_id = _log(
        db, row_id, page=page, reply_id=reply_id, text=text, actor=actor, verdict=verdict
    )
    return PublishedReply(reply_id=reply_id, overridden=not verdict.ok, decision_id=decision_id)


def _log(
    db: Database,
    comment_row: int,
    *,
    page: PageRef,
    reply_id: str,
    text: str,
    actor: str,
    verdict: ToneVerdict,
) -> int:
    """Append `reply_published` to the decision log; an override shows as `override: true`."""
    with db.session() as session:
        entry = append_decision(
            session,
            actor=actor,
            action="reply_published",
            subject_type="comment",
            subject_id=comment_row,
            details={
                "page": str(page),
                "reply_id": reply_id,
                "text": text,
                "tone_ok": verdict.ok,
                "override": not verdict.ok,
                "reasons": verdict.reasons,
            },
        )
        return entry.id


def _comment(db: Database, network: str, comment_id: str) -> tuple[int, PageRef]:
    with db.session() as session:
        found = session.execute(
            select(Comment.id, Page.network, Page.handle)
            .join(Page, Page.id == Comment.page_id)
            .where(Comment.network == network, Comment.external_id == comment_id)
        ).first()
    if found is None:
        raise NotFound(t("reply.no_comment", pick_language(), comment=f"{network}:{comment_id}"))
    return found[0], PageRef(found[1], found[2])


def _connection(db: Database, page: PageRef) -> ConnectionView:
    with db.session() as session:
        views = [v for v in connections(session) if v.page == page]
    if not views:
        raise ConfigError(t("reply.not_connected", pick_language(), page=page))
    return views[0]
