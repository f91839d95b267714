"""Peer help as JSON under /api/peer and /api/incidents/{id}/help (the pages' twins)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request
from pydantic import BaseModel, Field

from vigile.community import moderation, peernotify, peers
from vigile.community.peerhelp import MAX_TEXT
from vigile.web import peer_views as views
from vigile.web.auth import CmUser, CurrentUser
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.peer_actions import (
    close_help,
    give_answer,
    mark_helpful,
    moderate,
    open_help,
    preview,
    profile_view,
    queue_view,
    report_item,
    require_moderator,
    revise,
)

router = APIRouter(tags=["peer help"])


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
    request: Request, s: SessionDep, user: CmUser, incident_id: ItemId, body: HelpIn
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
    incident_id: ItemId,
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
    scenario: Annotated[str | None, Query(max_length=100)] = None,
    network: Annotated[str | None, Query(max_length=50)] = None,
    lang: Annotated[
        str | None, Query(max_length=10, description="Language of the requests.")
    ] = None,
) -> list[dict[str, Any]]:
    """Open requests of the other organisations (anonymised)."""
    return views.board(s, user, views.Filters(scenario, network, lang)).requests


@router.get("/api/peer/requests/mine")
def api_mine(s: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """Your organisation's requests, in every state."""
    return views.mine(s, user)


@router.get("/api/peer/requests/{request_id}")
def api_request(
    s: SessionDep, user: CurrentUser, lang: LangDep, request_id: ItemId
) -> dict[str, Any]:
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
    request_id: ItemId,
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
    request_id: ItemId,
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
    answer_id: ItemId,
    body: TextIn,
) -> dict[str, Any]:
    """Fix your held answer; it is checked again."""
    request_id = revise(request, s, user, "answer", answer_id, text=body.text, lang=lang)
    found = views.detail(s, user, request_id, lang=lang)
    views.finish(request, s, tasks)
    return found


@router.post("/api/peer/answers/{answer_id}/helpful")
def api_helpful(
    s: SessionDep, user: CurrentUser, lang: LangDep, answer_id: ItemId
) -> dict[str, Any]:
    """The asking organisation marks an answer as helpful: its author's reputation rises."""
    return views.detail(s, user, mark_helpful(s, user, answer_id, lang=lang), lang=lang)


@router.post("/api/peer/requests/{request_id}/close")
def api_close(
    s: SessionDep, user: CurrentUser, lang: LangDep, request_id: ItemId
) -> dict[str, Any]:
    close_help(s, user, request_id, lang=lang)
    return views.detail(s, user, request_id, lang=lang)


@router.post("/api/peer/requests/{request_id}/report", status_code=202)
def api_report_request(
    s: SessionDep, user: CurrentUser, lang: LangDep, request_id: ItemId, body: ReportIn
) -> dict[str, str]:
    """Flag a request for the moderators."""
    report_item(s, user, "request", request_id, reason=body.reason, lang=lang)
    return {"status": "reported"}


@router.post("/api/peer/answers/{answer_id}/report", status_code=202)
def api_report_answer(
    s: SessionDep, user: CurrentUser, lang: LangDep, answer_id: ItemId, body: ReportIn
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
    request_id: ItemId,
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
    answer_id: ItemId,
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
