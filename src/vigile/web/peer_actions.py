"""Peer-help actions shared by the pages (`routes_peer`) and the API (`routes_peer_api`).

Each action checks, in this order: the item is visible to the user (404 otherwise, as
for an id that does not exist), then the user's right to act on it (403). E-mails are
queued on the request and leave after the commit (`peer_views.finish`).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from vigile.community import moderation, peernotify, peers
from vigile.community.casestudy import CaseOptions, Draft, help_context
from vigile.community.moderation import PUBLISHED
from vigile.community.peerhelp import (
    Actor,
    accept,
    answer,
    ask,
    close,
    originals,
    revise_answer,
    revise_question,
)
from vigile.domain.errors import Forbidden, InputError, NotFound
from vigile.domain.model import utc_now
from vigile.i18n import LANGUAGES, t
from vigile.store.queries import owning_organisation
from vigile.store.schema import HelpAnswerRow, HelpRequestRow
from vigile.web import peer_views as views
from vigile.web.auth import Principal
from vigile.web.charters import org_charter


def preview(
    request: Request,
    s: Session,
    user: Principal,
    incident_id: int,
    *,
    question: str,
    lang: str,
    brands: str,
) -> tuple[Draft, list[dict[str, Any]]]:
    """What peers would see of a request from this incident, and why it would be held."""
    if owning_organisation(s, "incident", incident_id) != user.organisation_id:
        raise NotFound(f"no incident {incident_id}")
    settings = views.workspace(request).settings
    extra = tuple(b.strip() for b in brands.split(",") if b.strip())
    options = CaseOptions(lang if lang in LANGUAGES else "en", (*settings.brands, *extra))
    charter = org_charter(request, s, user.organisation_id)
    draft = help_context(s, incident_id, charter, question=question, options=options)
    texts = [draft.body["question"], draft.body["happened"], draft.body["post"]]
    texts += [f"{e['author']} {e['text']}" for e in draft.body["excerpts"]]
    reasons = views.screen(request).reasons(
        draft.body["question"], texts, lang=draft.lang, known=originals(draft)
    )
    return draft, reasons


def open_help(
    request: Request,
    s: Session,
    user: Principal,
    incident_id: int,
    *,
    question: str,
    lang: str,
    brands: str,
    ui: str,
) -> int:
    if not question.strip():
        raise InputError(t("peer.empty", ui), field="question")
    draft, _ = preview(request, s, user, incident_id, question=question, lang=lang, brands=brands)
    actor = Actor(user.email, user.user_id)
    request_id = ask(
        s, draft, incident_id=incident_id, actor=actor, now=utc_now(), screen=views.screen(request)
    )
    _announce_request(request, s, s.get_one(HelpRequestRow, request_id))
    return request_id


def _announce_request(request: Request, s: Session, row: HelpRequestRow) -> None:
    """Tell the peers once the request is published (mailed after the commit: `finish`)."""
    if row.moderation == PUBLISHED:
        settings = views.workspace(request).settings
        views.mail_later(
            request, peernotify.announce_request(s, row, settings=settings, now=utc_now())
        )


def _announce_answer(request: Request, s: Session, row: HelpAnswerRow) -> None:
    if row.moderation == PUBLISHED:
        settings = views.workspace(request).settings
        views.mail_later(
            request, peernotify.announce_answer(s, row, settings=settings, now=utc_now())
        )


def give_answer(
    request: Request,
    s: Session,
    user: Principal,
    request_id: int,
    *,
    text: str,
    lang: str,
) -> HelpAnswerRow:
    row = views.visible_request(s, user, request_id, lang=lang)
    if not peers.may_answer(s, user.user_id, role=user.role, asking_org=row.organisation_id):
        raise Forbidden(t("peer.may_not_answer", lang))
    name = peers.profile(s, user.user_id, lang=lang).peer_name
    answer_id = answer(
        s,
        request_id,
        text,
        org=user.organisation_id,
        author=Actor(name, user.user_id),
        now=utc_now(),
        lang=lang,
        screen=views.screen(request),
    )
    given = s.get_one(HelpAnswerRow, answer_id)
    _announce_answer(request, s, given)
    return given


def mark_helpful(s: Session, user: Principal, answer_id: int, *, lang: str) -> int:
    row = views.request_of_answer(s, answer_id, lang=lang)
    views.visible_request(s, user, row.id, lang=lang)
    if row.organisation_id != user.organisation_id or not user.can("cm"):
        raise Forbidden(t("peer.not_asker", lang, id=row.id))
    accept(s, answer_id, org=user.organisation_id, actor=user.email, lang=lang)
    return row.id


def close_help(s: Session, user: Principal, request_id: int, *, lang: str) -> None:
    views.visible_request(s, user, request_id, lang=lang)
    if not user.can("cm"):
        raise Forbidden(t("peer.not_asker", lang, id=request_id))
    close(s, request_id, actor=user.email, lang=lang, org=user.organisation_id)


def revise(
    request: Request,
    s: Session,
    user: Principal,
    subject: str,
    item_id: int,
    *,
    text: str,
    lang: str,
) -> int:
    """The author fixes a held item; the request's id (to go back to)."""
    gate = views.screen(request)
    if subject == "request":
        row = revise_question(
            s,
            item_id,
            text,
            org=user.organisation_id,
            screen=gate,
            lang=lang,
            actor=user.email,
        )
        _announce_request(request, s, row)
        return row.id
    given = revise_answer(s, item_id, text, user_id=user.user_id, screen=gate, lang=lang)
    _announce_answer(request, s, given)
    return given.request_id


def report_item(
    s: Session, user: Principal, subject: str, item_id: int, *, reason: str, lang: str
) -> int:
    request_id = (
        item_id if subject == "request" else views.request_of_answer(s, item_id, lang=lang).id
    )
    views.visible_request(s, user, request_id, lang=lang)
    moderation.report(
        s,
        subject,
        item_id,
        user_id=user.user_id,
        reason=reason,
        actor=user.email,
        now=utc_now(),
        lang=lang,
    )
    return request_id


def require_moderator(s: Session, user: Principal, lang: str) -> None:
    if not moderation.is_moderator(s, user.user_id):
        raise Forbidden(t("peer.not_moderator", lang))


def moderate(
    request: Request,
    s: Session,
    user: Principal,
    subject: str,
    item_id: int,
    *,
    decision: str,
    lang: str,
) -> None:
    require_moderator(s, user, lang)
    was = moderation.item(s, subject, item_id, lang=lang).moderation
    row = moderation.decide(s, subject, item_id, decision=decision, actor=user.email, lang=lang)
    if was != PUBLISHED and row.moderation == PUBLISHED:
        if isinstance(row, HelpRequestRow):
            _announce_request(request, s, row)
        else:
            _announce_answer(request, s, row)


def queue_view(s: Session, lang: str) -> list[dict[str, Any]]:
    found = []
    for queued in moderation.queue(s):
        row = queued.row
        text = row.question if isinstance(row, HelpRequestRow) else row.text
        request_id = row.id if isinstance(row, HelpRequestRow) else row.request_id
        found.append(
            {
                "subject": queued.subject,
                "id": row.id,
                "request_id": request_id,
                "text": text,
                "moderation": row.moderation,
                "held_reasons": [moderation.describe(r, lang) for r in row.held_reasons or []],
                "reports": list(queued.reports),
            }
        )
    return found


def profile_view(s: Session, user: Principal, lang: str) -> dict[str, Any]:
    row = peers.profile(s, user.user_id, lang=lang)
    reputation = peers.reputations(s, [user.user_id])[user.user_id]
    return {
        "peer_name": row.peer_name,
        "opted_in": row.opted_in,
        "lang": row.lang,
        "reputation": reputation,
        "may_answer": user.can(peers.ANSWER_ROLE),
    }
