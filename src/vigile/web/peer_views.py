"""What the dashboard and the API show of peer help, shaped once for both.

Who sees what: a request of another organisation is shown only once published, as its
anonymised text, without anything that names the asking organisation or the asker;
the asking organisation sees its own requests in every state, with why one is held
and how its announcements went; answers show the peer's pseudonymous name and
reputation, never an e-mail, a display name or an organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import BackgroundTasks, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigile.analysis.registry import load_scorer
from vigile.community import peernotify, peers
from vigile.community.moderation import PUBLISHED, Screen, describe, is_moderator
from vigile.community.peerhelp import OPEN, get_request, open_requests
from vigile.domain.errors import NotFound
from vigile.domain.model import iso_z, utc_now
from vigile.i18n import t
from vigile.store.schema import HelpAnswerRow, HelpRequestRow, User
from vigile.web.auth import Principal
from vigile.workspace import Workspace

FILTERS = ("scenario", "network", "lang")


@dataclass(frozen=True)
class Filters:
    scenario: str | None = None
    network: str | None = None
    lang: str | None = None

    def keep(self, row: HelpRequestRow) -> bool:
        return all(
            not wanted or getattr(row, name) == wanted
            for name, wanted in (
                ("scenario", self.scenario),
                ("network", self.network),
                ("lang", self.lang),
            )
        )


def workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


def screen(request: Request) -> Screen:
    """The commons' gate with the workspace's first comment scorer and brand names."""
    settings = workspace(request).settings
    return Screen(load_scorer(settings.scorers[0]), tuple(settings.brands))


def mail_later(request: Request, notice_ids: list[int]) -> None:
    """Notices to e-mail once this request's transaction is committed (`finish`)."""
    pending: list[int] = getattr(request.state, "peer_mail", [])
    request.state.peer_mail = [*pending, *notice_ids]


def finish(request: Request, session: Session, tasks: BackgroundTasks) -> None:
    """Commit (the last use of the session), then e-mail after the response: a request
    or an answer is stored before any mail server is tried, and a slow one delays nobody."""
    session.commit()
    notice_ids: list[int] = getattr(request.state, "peer_mail", [])
    if notice_ids:
        found = workspace(request)
        tasks.add_task(peernotify.deliver, found.db, found.settings, notice_ids)
        request.state.peer_mail = []


def summary(session: Session, row: HelpRequestRow) -> dict[str, Any]:
    count = session.scalar(
        select(func.count()).where(
            HelpAnswerRow.request_id == row.id, HelpAnswerRow.moderation == PUBLISHED
        )
    )
    return {
        "id": row.id,
        "question": row.question,
        "lang": row.lang,
        "scenario": row.scenario,
        "network": row.network,
        "status": row.status,
        "moderation": row.moderation,
        "created_at": iso_z(row.created_at),
        "answers": int(count or 0),
    }


@dataclass(frozen=True)
class Board:
    requests: list[dict[str, Any]]
    choices: dict[str, list[str]]


def board(session: Session, user: Principal, filters: Filters) -> Board:
    """Open published requests of the other organisations, with the filters' choices."""
    rows = open_requests(session, org=user.organisation_id)
    choices = {name: sorted({str(getattr(r, name)) for r in rows}) for name in FILTERS}
    return Board([summary(session, r) for r in rows if filters.keep(r)], choices)


def mine(session: Session, user: Principal) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(HelpRequestRow)
        .where(HelpRequestRow.organisation_id == user.organisation_id)
        .order_by(HelpRequestRow.id.desc())
    )
    return [summary(session, r) for r in rows]


def visible_request(
    session: Session, user: Principal, request_id: int, *, lang: str
) -> HelpRequestRow:
    """404 for a request this user may not see, exactly as for one that does not exist."""
    row = session.get(HelpRequestRow, request_id)
    if row is None:
        raise NotFound(t("peer.not_found", lang, id=request_id))
    own = row.organisation_id == user.organisation_id
    if not (own or row.moderation == PUBLISHED or is_moderator(session, user.user_id)):
        raise NotFound(t("peer.not_found", lang, id=request_id))
    return row


def detail(session: Session, user: Principal, request_id: int, *, lang: str) -> dict[str, Any]:
    """A request as this user may see it, with the answers they may see."""
    row = visible_request(session, user, request_id, lang=lang)
    own = row.organisation_id == user.organisation_id
    moderator = is_moderator(session, user.user_id)
    shown = [
        a
        for a in session.scalars(
            select(HelpAnswerRow)
            .where(HelpAnswerRow.request_id == row.id)
            .order_by(HelpAnswerRow.id)
        )
        if a.moderation == PUBLISHED or a.user_id == user.user_id or moderator
    ]
    authors = [a.user_id for a in shown if a.user_id is not None]
    named, reputation = peers.names(session, authors), peers.reputations(session, authors)
    view = {
        **summary(session, row),
        "context": row.context,
        "own": own,
        "held_reasons": _reasons(row.held_reasons, lang) if own or moderator else [],
        "can_answer": not own
        and row.status == OPEN
        and row.moderation == PUBLISHED
        and peers.may_answer(session, user.user_id, role=user.role, asking_org=row.organisation_id),
        "can_mark": own and user.can("cm"),
        "answers": [_answer(a, user, named, reputation, lang, moderator) for a in shown],
    }
    if own:
        asker = session.get(User, row.asked_by) if row.asked_by else None
        view["asked_by"] = asker.display_name if asker else None
        view["delivery"] = peernotify.delivery(session, row.id)
    return view


def _answer(
    row: HelpAnswerRow,
    user: Principal,
    named: dict[int, str],
    reputation: dict[int, int],
    lang: str,
    moderator: bool,
) -> dict[str, Any]:
    mine = row.user_id is not None and row.user_id == user.user_id
    return {
        "id": row.id,
        "peer": named.get(row.user_id, t("peer.anonymous", lang))
        if row.user_id
        else t("peer.anonymous", lang),
        "reputation": reputation.get(row.user_id, 0) if row.user_id else 0,
        "text": row.text,
        "accepted": row.accepted,
        "created_at": iso_z(row.created_at),
        "moderation": row.moderation,
        "mine": mine,
        "held_reasons": _reasons(row.held_reasons, lang) if mine or moderator else [],
    }


def _reasons(reasons: list[dict[str, Any]] | None, lang: str) -> list[str]:
    return [describe(r, lang) for r in reasons or []]


def read(session: Session, user: Principal, request_id: int) -> None:
    peernotify.mark_read(session, user.user_id, request_id, now=utc_now())


def request_of_answer(session: Session, answer_id: int, *, lang: str) -> HelpRequestRow:
    answer = session.get(HelpAnswerRow, answer_id)
    if answer is None:
        raise NotFound(t("peer.answer_not_found", lang, id=answer_id))
    return get_request(session, answer.request_id, lang=lang)
