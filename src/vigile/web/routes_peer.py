"""Peer help pages: ask from an incident, the commons board, a request and its answers,
my requests, my peer profile, and the moderation queue. The JSON twins live in
`routes_peer_api` (included here, so the app includes one router).

Forms post with the session's CSRF token; every action redirects (303) back to a page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigile.community import moderation, peernotify, peers
from vigile.domain.errors import InputError
from vigile.web import peer_actions as actions
from vigile.web import peer_views as views
from vigile.web.auth import CmUser, CurrentUser, Principal
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.routes_peer_api import router as api_router
from vigile.web.templating import render, templates

router = APIRouter()
router.include_router(api_router)
pages = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=20_000)]


def unread_count(request: Request) -> int:
    """The nav's count of unread peer-help notices (0 when nobody is logged in)."""
    principal = getattr(request.state, "principal", None)
    if principal is None:
        return 0
    with views.workspace(request).db.session() as s:
        return peernotify.unread(s, principal.user_id)


templates.env.globals["peer_unread"] = unread_count


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@pages.get("/incidents/{incident_id}/help/new", response_class=HTMLResponse)
def new_help(
    request: Request, s: SessionDep, user: CmUser, lang: LangDep, incident_id: ItemId
) -> HTMLResponse:
    """The form, with the anonymised preview of what other organisations would read."""
    return _new_form(request, s, user, lang, incident_id, "", lang, "")


def _new_form(
    request: Request,
    s: Session,
    user: Principal,
    lang: str,
    incident_id: int,
    question: str,
    request_lang: str,
    brands: str,
    *,
    error: str | None = None,
) -> HTMLResponse:
    draft, reasons = actions.preview(
        request, s, user, incident_id, question=question, lang=request_lang, brands=brands
    )
    return render(
        request,
        "peer_new.html",
        lang,
        status_code=422 if error else 200,
        incident_id=incident_id,
        question=question,
        request_lang=draft.lang,
        brands=brands,
        draft=draft,
        held=[moderation.describe(r, lang) for r in reasons],
        error=error,
    )


@pages.post("/incidents/{incident_id}/help")
def open_help(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CmUser,
    lang: LangDep,
    incident_id: ItemId,
    question: Text = "",
    request_lang: Annotated[str, Form()] = "en",
    brands: Annotated[str, Form(max_length=2000)] = "",
    action: Annotated[str, Form()] = "ask",
) -> Response:
    """`action=preview` shows the form again with the preview; `ask` opens the request."""
    if action == "preview":
        return _new_form(request, s, user, lang, incident_id, question, request_lang, brands)
    try:
        request_id = actions.open_help(
            request,
            s,
            user,
            incident_id,
            question=question,
            lang=request_lang,
            brands=brands,
            ui=lang,
        )
    except InputError as exc:
        return _new_form(
            request, s, user, lang, incident_id, question, request_lang, brands, error=exc.message
        )
    views.finish(request, s, tasks)
    return _back(f"/peer/{request_id}")


@pages.get("/peer", response_class=HTMLResponse)
def board(
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    lang: LangDep,
    scenario: str | None = None,
    network: str | None = None,
    language: Annotated[str | None, Query(alias="in")] = None,
) -> HTMLResponse:
    """The commons: open requests of the other organisations."""
    filters = views.Filters(scenario or None, network or None, language or None)
    found = views.board(s, user, filters)
    return render(
        request,
        "peer_board.html",
        lang,
        board=found,
        filters=filters,
        profile=actions.profile_view(s, user, lang),
        moderator=moderation.is_moderator(s, user.user_id),
    )


@pages.get("/peer/mine", response_class=HTMLResponse)
def my_requests(request: Request, s: SessionDep, user: CurrentUser, lang: LangDep) -> HTMLResponse:
    return render(request, "peer_mine.html", lang, requests=views.mine(s, user))


@pages.get("/peer/profile", response_class=HTMLResponse)
def profile_page(request: Request, s: SessionDep, user: CurrentUser, lang: LangDep) -> HTMLResponse:
    return _profile(request, s, user, lang)


def _profile(
    request: Request,
    s: Session,
    user: Principal,
    lang: str,
    *,
    error: str | None = None,
    saved: bool = False,
) -> HTMLResponse:
    return render(
        request,
        "peer_profile.html",
        lang,
        status_code=422 if error else 200,
        profile=actions.profile_view(s, user, lang),
        error=error,
        saved=saved,
    )


@pages.post("/peer/profile", response_class=HTMLResponse)
def save_profile(
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    lang: LangDep,
    peer_name: Annotated[str, Form(max_length=200)] = "",
    opted_in: Annotated[str, Form()] = "",
    mail_lang: Annotated[str, Form()] = "en",
) -> HTMLResponse:
    try:
        with s.begin_nested():  # a refused change leaves the profile as it was
            peers.update_profile(
                s,
                user.user_id,
                opted_in=opted_in == "on",
                peer_name=peer_name,
                lang=mail_lang,
                ui=lang,
            )
    except InputError as exc:
        return _profile(request, s, user, lang, error=exc.message)
    return _profile(request, s, user, lang, saved=True)


@pages.get("/peer/moderation", response_class=HTMLResponse)
def queue(request: Request, s: SessionDep, user: CurrentUser, lang: LangDep) -> HTMLResponse:
    actions.require_moderator(s, user, lang)
    return render(request, "peer_moderation.html", lang, queue=actions.queue_view(s, lang))


@pages.post("/peer/moderation/requests/{request_id}")
def decide_request(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CurrentUser,
    lang: LangDep,
    request_id: ItemId,
    decision: Annotated[str, Form()] = "",
) -> Response:
    actions.moderate(request, s, user, "request", request_id, decision=decision, lang=lang)
    views.finish(request, s, tasks)
    return _back("/peer/moderation")


@pages.post("/peer/moderation/answers/{answer_id}")
def decide_answer(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CurrentUser,
    lang: LangDep,
    answer_id: ItemId,
    decision: Annotated[str, Form()] = "",
) -> Response:
    actions.moderate(request, s, user, "answer", answer_id, decision=decision, lang=lang)
    views.finish(request, s, tasks)
    return _back("/peer/moderation")


@pages.get("/peer/{request_id}", response_class=HTMLResponse)
def request_page(
    request: Request, s: SessionDep, user: CurrentUser, lang: LangDep, request_id: ItemId
) -> HTMLResponse:
    return _request(request, s, user, lang, request_id)


def _request(
    request: Request, s: Session, user: Principal, lang: str, request_id: int, **extra: Any
) -> HTMLResponse:
    found = views.detail(s, user, request_id, lang=lang)
    views.read(s, user, request_id)
    status = 422 if extra.get("error") else 200
    return render(request, "peer_request.html", lang, status_code=status, req=found, **extra)


@pages.post("/peer/{request_id}/answers", response_class=HTMLResponse)
def post_answer(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CurrentUser,
    lang: LangDep,
    request_id: ItemId,
    text: Text = "",
) -> Response:
    try:
        with s.begin_nested():
            actions.give_answer(request, s, user, request_id, text=text, lang=lang)
    except InputError as exc:
        return _request(request, s, user, lang, request_id, error=exc.message, draft=text)
    views.finish(request, s, tasks)
    return _back(f"/peer/{request_id}#answers")


@pages.post("/peer/{request_id}/question")
def fix_question(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CmUser,
    lang: LangDep,
    request_id: ItemId,
    text: Text = "",
) -> Response:
    actions.revise(request, s, user, "request", request_id, text=text, lang=lang)
    views.finish(request, s, tasks)
    return _back(f"/peer/{request_id}")


@pages.post("/peer/answers/{answer_id}/text")
def fix_answer(
    request: Request,
    s: SessionDep,
    tasks: BackgroundTasks,
    user: CurrentUser,
    lang: LangDep,
    answer_id: ItemId,
    text: Text = "",
) -> Response:
    request_id = actions.revise(request, s, user, "answer", answer_id, text=text, lang=lang)
    views.finish(request, s, tasks)
    return _back(f"/peer/{request_id}#answers")


@pages.post("/peer/answers/{answer_id}/helpful")
def helpful(s: SessionDep, user: CurrentUser, lang: LangDep, answer_id: ItemId) -> Response:
    return _back(f"/peer/{actions.mark_helpful(s, user, answer_id, lang=lang)}#answers")


@pages.post("/peer/{request_id}/close")
def close(s: SessionDep, user: CurrentUser, lang: LangDep, request_id: ItemId) -> Response:
    actions.close_help(s, user, request_id, lang=lang)
    return _back(f"/peer/{request_id}")


@pages.post("/peer/{request_id}/report")
def report_request(
    s: SessionDep,
    user: CurrentUser,
    lang: LangDep,
    request_id: ItemId,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    actions.report_item(s, user, "request", request_id, reason=reason, lang=lang)
    return _back(f"/peer/{request_id}?reported=1")


@pages.post("/peer/answers/{answer_id}/report")
def report_answer(
    s: SessionDep,
    user: CurrentUser,
    lang: LangDep,
    answer_id: ItemId,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    request_id = actions.report_item(s, user, "answer", answer_id, reason=reason, lang=lang)
    return _back(f"/peer/{request_id}?reported=1#answers")


router.include_router(pages)
