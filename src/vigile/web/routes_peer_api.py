"""Peer help as JSON under /api/peer (and the actions the pages share with it).

Each action checks, in this order: the item is visible to the user (404 otherwise, as
for an id that does not exist), then the user's right to act on it (403).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from vigile.community import moderation, peernotify, peers
from vigile.community.casestudy import CaseOptions, Draft, help_context
from vigile.community.moderation import PUBLISHED
from vigile.community.peerhelp import (
    MAX_TEXT,
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
from vigile.web.auth import CmUser, CurrentUser, Principal
from vigile.web.deps import LangDep, SessionDep
from vigile.web.routes_incidents import charter_watcher

router = APIRouter(tags=["peer help"])


# ---- actions shared with the pages ----------------------------------------------------


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
    charter = charter_watcher(request).charter
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


# ---- JSON API ---------------------------------------------------------------------------


class HelpIn(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_TEXT)
    lang: Literal["en", "fr"] = "en"
    brands: list[str] = Field(default_factory=list, description="More names to replace.")


class TextIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class ReportIn(BaseModel):
    reason: str = Field(min_length=1, max_length=moderation.MAX_REASON)


class DecisionIn(BaseModel):
    decision: Literal["approve", "remove"]


class ProfileIn(BaseModel):
    opted_in: bool
    peer_name: str = ""
    lang: Literal["en", "fr"] = "en"


@router.post("/api/incidents/{incident_id}/help/preview")
def api_preview(
    request: Request, s: SessionDep, user: CmUser, incident_id: int, body: HelpIn
) -> dict[str, Any]:
    """What other organisations would read, every replacement, and any reason to hold it."""
    draft, reasons = preview(
        request,
        s,
        user,
        incident_id,
        question=body.question,
        lang=body.lang,
        brands=",".join(body.brands),
    )
    return {
        "shared": draft.body,
        "replacements": [
            {"where": where, "kind": r.kind, "original": r.original, "replacement": r.replacement}
            for where, r in draft.replacements
        ],
        "held_reasons": [moderation.describe(r, body.lang) for r in reasons],
    }


@router.post("/api/incidents/{incident_id}/help", status_code=201)
def api_open_help(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CmUser,
    lang: LangDep,
    incident_id: int,
    body: HelpIn,
) -> dict[str, Any]:
    """Open an anonymised help request; peers who opted in are told once it is published."""
    request_id = open_help(
        request,
        s,
        user,
        incident_id,
        question=body.question,
        lang=body.lang,
        brands=",".join(body.brands),
        ui=lang,
    )
    found = views.detail(s, user, request_id, lang=lang)
    views.finish(request, s, tasks)
    return found


@router.get("/api/peer/requests")
def api_board(
    s: SessionDep,
    user: CurrentUser,
    scenario: Annotated[str | None, Query()] = None,
    network: Annotated[str | None, Query()] = None,
    lang: Annotated[str | None, Query(description="Language of the requests.")] = None,
) -> list[dict[str, Any]]:
    """Open requests of the other organisations (anonymised)."""
    return views.board(s, user, views.Filters(scenario, network, lang)).requests


@router.get("/api/peer/requests/mine")
def api_mine(s: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """Your organisation's requests, in every state."""
    return views.mine(s, user)


@router.get("/api/peer/requests/{request_id}")
def api_request(s: SessionDep, user: CurrentUser, lang: LangDep, request_id: int) -> dict[str, Any]:
    found = views.detail(s, user, request_id, lang=lang)
    views.read(s, user, request_id)
    return found


@router.post("/api/peer/requests/{request_id}/answers", status_code=201)
def api_answer(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CurrentUser,
    lang: LangDep,
    request_id: int,
    body: TextIn,
) -> dict[str, Any]:
    """Answer another organisation's request (opted-in peers, role cm and up)."""
    given = give_answer(request, s, user, request_id, text=body.text, lang=lang)
    reasons = [moderation.describe(r, lang) for r in given.held_reasons or []]
    found = {"id": given.id, "moderation": given.moderation, "held_reasons": reasons}
    views.finish(request, s, tasks)
    return found


@router.post("/api/peer/requests/{request_id}/question")
def api_revise_question(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CmUser,
    lang: LangDep,
    request_id: int,
    body: TextIn,
) -> dict[str, Any]:
    """Fix a held request's question; it is checked again."""
    revise(request, s, user, "request", request_id, text=body.text, lang=lang)
    found = views.detail(s, user, request_id, lang=lang)
    views.finish(request, s, tasks)
    return found


@router.post("/api/peer/answers/{answer_id}/text")
def api_revise_answer(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CurrentUser,
    lang: LangDep,
    answer_id: int,
    body: TextIn,
) -> dict[str, Any]:
    """Fix your held answer; it is checked again."""
    request_id = revise(request, s, user, "answer", answer_id, text=body.text, lang=lang)
    found = views.detail(s, user, request_id, lang=lang)
    views.finish(request, s, tasks)
    return found


@router.post("/api/peer/answers/{answer_id}/helpful")
def api_helpful(s: SessionDep, user: CurrentUser, lang: LangDep, answer_id: int) -> dict[str, Any]:
    """The asking organisation marks an answer as helpful: its author's reputation rises."""
    return views.detail(s, user, mark_helpful(s, user, answer_id, lang=lang), lang=lang)


@router.post("/api/peer/requests/{request_id}/close")
def api_close(s: SessionDep, user: CurrentUser, lang: LangDep, request_id: int) -> dict[str, Any]:
    close_help(s, user, request_id, lang=lang)
    return views.detail(s, user, request_id, lang=lang)


@router.post("/api/peer/requests/{request_id}/report", status_code=202)
def api_report_request(
    s: SessionDep, user: CurrentUser, lang: LangDep, request_id: int, body: ReportIn
) -> dict[str, str]:
    """Flag a request for the moderators."""
    report_item(s, user, "request", request_id, reason=body.reason, lang=lang)
    return {"status": "reported"}


@router.post("/api/peer/answers/{answer_id}/report", status_code=202)
def api_report_answer(
    s: SessionDep, user: CurrentUser, lang: LangDep, answer_id: int, body: ReportIn
) -> dict[str, str]:
    """Flag an answer for the moderators."""
    report_item(s, user, "answer", answer_id, reason=body.reason, lang=lang)
    return {"status": "reported"}


@router.get("/api/peer/moderation")
def api_queue(s: SessionDep, user: CurrentUser, lang: LangDep) -> list[dict[str, Any]]:
    """Held and reported items (the workspace's moderators only)."""
    require_moderator(s, user, lang)
    return queue_view(s, lang)


@router.post("/api/peer/moderation/requests/{request_id}")
def api_decide_request(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CurrentUser,
    lang: LangDep,
    request_id: int,
    body: DecisionIn,
) -> dict[str, str]:
    """Publish or remove a held or reported request (moderators)."""
    moderate(request, s, user, "request", request_id, decision=body.decision, lang=lang)
    views.finish(request, s, tasks)
    return {"status": body.decision}


@router.post("/api/peer/moderation/answers/{answer_id}")
def api_decide_answer(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CurrentUser,
    lang: LangDep,
    answer_id: int,
    body: DecisionIn,
) -> dict[str, str]:
    """Publish or remove a held or reported answer (moderators)."""
    moderate(request, s, user, "answer", answer_id, decision=body.decision, lang=lang)
    views.finish(request, s, tasks)
    return {"status": body.decision}


@router.get("/api/peer/profile")
def api_profile(s: SessionDep, user: CurrentUser, lang: LangDep) -> dict[str, Any]:
    """Your peer name, opt-in, mail language and reputation."""
    return profile_view(s, user, lang)


@router.put("/api/peer/profile")
def api_set_profile(
    s: SessionDep, user: CurrentUser, lang: LangDep, body: ProfileIn
) -> dict[str, Any]:
    peers.update_profile(
        s, user.user_id, opted_in=body.opted_in, peer_name=body.peer_name, lang=body.lang, ui=lang
    )
    return profile_view(s, user, lang)


@router.get("/api/peer/unread")
def api_unread(s: SessionDep, user: CurrentUser) -> dict[str, int]:
    """Peer-help notices not read yet (new requests to answer, new answers)."""
    return {"unread": peernotify.unread(s, user.user_id)}
