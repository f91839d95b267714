"""Send a reply from Vigile: publish it where the page's connector can, else log the copy.

The CLI (`vigile reply send`) and the dashboard share this path and its gate (the reply
check). A page without a connection that can publish (the demo, a page fed by files or a
webhook) still gets an honest record: the decision log says who copied which text to the
network, and the CM is handed the text to paste.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from vigile.analysis.registry import load_scorer
from vigile.connectors.registry import connector_factory
from vigile.connectors.reply import ReplyBlocked, ToneGate, ToneVerdict, reply_to_comment
from vigile.connectors.sync import SyncOptions
from vigile.domain.charter import Charter
from vigile.domain.checks import FindingSeverity
from vigile.domain.errors import ConfigError, NotFound
from vigile.domain.model import PageRef
from vigile.i18n import t
from vigile.playbooks.render import explain
from vigile.playbooks.reply_check import check_reply
from vigile.settings import Settings
from vigile.store.connections import connections
from vigile.store.db import Database
from vigile.store.journal import append_decision
from vigile.store.schema import Comment, Page

COPIED = "reply_copied"


def reply_gate(charter: Charter, lang: str, *, network: str | None) -> ToneGate:
    """The reply check (tone, the page's charter, the network's length limit) as the gate."""
    scorer = load_scorer("comments")

    def gate(text: str) -> ToneVerdict:
        result = check_reply(text, charter=charter, scorer=scorer, network=network)
        blocking = [f for f in result.findings if f.severity is FindingSeverity.BLOCK]
        return ToneVerdict(ok=result.ok, reasons=[explain(f, lang)[0] for f in blocking])

    return gate


def sync_options(settings: Settings) -> SyncOptions:
    """How a connector is built to publish: the workspace's token files and limits."""
    return SyncOptions(
        home=settings.home,
        lookback=timedelta(days=settings.sync_lookback_days),
        max_wait=float(settings.sync_max_wait),
    )


@dataclass(frozen=True)
class SentReply:
    """What became of a reply: `published` (with the network's id) or `copied`."""

    how: str
    decision_id: int
    overridden: bool
    reply_id: str | None = None


def can_publish(db: Database, page: PageRef) -> bool:
    """True when the page is connected through a connector that publishes replies."""
    with db.session() as session:
        views = [v for v in connections(session) if v.page == page]
    return any(_publishes(v.connector) for v in views)


def _publishes(connector: str) -> bool:
    try:
        return hasattr(connector_factory(connector), "publish_reply")
    except ConfigError:  # its plugin is not installed (any more): nothing to publish with
        return False


def send_reply(
    db: Database,
    *,
    comment_row: int,
    text: str,
    actor: str,
    gate: ToneGate,
    options: SyncOptions,
    override: bool = False,
    lang: str = "en",
) -> SentReply:
    """Publish `text` under the stored comment, or record that it was copied by hand."""
    network, external_id, page = _comment(db, comment_row)
    if can_publish(db, page):
        published = reply_to_comment(
            db,
            network=network,
            comment_id=external_id,
            text=text,
            actor=actor,
            gate=gate,
            options=options,
            override=override,
        )
        return SentReply(
            "published", published.decision_id, published.overridden, published.reply_id
        )
    verdict = gate(text)
    if not verdict.ok and not override:
        raise ReplyBlocked(t("reply.blocked", lang, reasons="; ".join(verdict.reasons)))
    with db.session() as session:
        entry = append_decision(
            session,
            actor=actor,
            action=COPIED,
            subject_type="comment",
            subject_id=comment_row,
            details={
                "page": str(page),
                "comment": f"{network}:{external_id}",
                "text": text,
                "tone_ok": verdict.ok,
                "override": not verdict.ok,
                "reasons": verdict.reasons,
            },
        )
        return SentReply("copied", entry.id, not verdict.ok)


def _comment(db: Database, comment_row: int) -> tuple[str, str, PageRef]:
    with db.session() as session:
        found = session.execute(
            select(Comment.network, Comment.external_id, Page.network, Page.handle)
            .join(Page, Page.id == Comment.page_id)
            .where(Comment.id == comment_row)
        ).first()
    if found is None:
        raise NotFound(f"no comment {comment_row}")
    return found[0], found[1], PageRef(found[2], found[3])
