"""The thread page and what a CM does there: acknowledge, check a reply, send it.

Plain forms, so everything works without JavaScript. Checking changes nothing (any
signed-in role); acknowledging and sending need the cm role. Sending goes through the
same path and reply check as `vigile reply send`: published where the page's connector
can publish, otherwise logged as copied by hand and handed back ready to paste.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from vigile.analysis.registry import load_scorer
from vigile.connectors.reply import ReplyBlocked
from vigile.domain.charter import Charter
from vigile.domain.errors import NotFound, VigileError
from vigile.domain.model import PageRef
from vigile.i18n import t
from vigile.pipeline.replies import can_publish, reply_gate, send_reply, sync_options
from vigile.playbooks.render import as_dict
from vigile.playbooks.reply_check import check_reply
from vigile.store import queries
from vigile.store.journal import acknowledge_alert
from vigile.store.thread_actions import (
    latest_comment_row,
    sent_replies,
    thread_alerts,
    thread_comment_row,
)
from vigile.web.auth import CmUser, CurrentOrg
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.highlight import highlight
from vigile.web.routes_checks import MAX_TEXT
from vigile.web.routes_playbook import own_thread, thread_advice, thread_charter
from vigile.web.templating import render
from vigile.web.trajectory import trajectory_svg
from vigile.workspace import Workspace

router = APIRouter(include_in_schema=False)
ReplyText = Annotated[str, Form(min_length=1, max_length=MAX_TEXT)]
CommentField = Annotated[str, Form()]


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread_page(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    lang: LangDep,
    thread_id: ItemId,
    sent: int | None = None,
) -> HTMLResponse:
    """The thread, its alerts, the recommended scenario and the reply box (draft inside)."""
    return _page(request, s, org=org, lang=lang, thread_id=thread_id, sent=sent)


@router.post("/threads/{thread_id}/check", response_class=HTMLResponse)
def check_form(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    lang: LangDep,
    thread_id: ItemId,
    text: ReplyText,
    comment: CommentField = "",
) -> HTMLResponse:
    """The reply check, shown on the page with the findings marked in the text."""
    return _page(request, s, org=org, lang=lang, thread_id=thread_id, reply=text, comment=comment)


@router.post("/threads/{thread_id}/send", response_model=None)
def send_form(
    request: Request,
    s: SessionDep,
    user: CmUser,
    lang: LangDep,
    thread_id: ItemId,
    text: ReplyText,
    comment: CommentField = "",
    override: Annotated[bool, Form()] = False,
) -> Response:
    """Publish or record the reply, then show the thread again (post/redirect/get)."""
    own_thread(s, user.organisation_id, thread_id)
    row = thread_comment_row(s, thread_id, comment) if comment else None
    row = row or latest_comment_row(s, thread_id)
    if row is None:
        raise NotFound(f"no comment in thread {thread_id}")
    workspace: Workspace = request.app.state.workspace
    summary = queries.thread_summary(s, thread_id)
    network = PageRef.parse(summary.page).network if summary else None
    again = partial(
        _page,
        request,
        s,
        org=user.organisation_id,
        lang=lang,
        thread_id=thread_id,
        reply=text,
        comment=comment,
    )
    try:
        done = send_reply(
            workspace.db,
            comment_row=row,
            text=text,
            actor=user.email,
            gate=reply_gate(thread_charter(request, s, thread_id), lang, network=network),
            options=sync_options(workspace.settings),
            override=override,
            lang=lang,
        )
    except ReplyBlocked:
        return again(blocked=True, status_code=409)
    except VigileError as exc:
        return again(error=exc.message, status_code=exc.http_status)
    return RedirectResponse(f"/threads/{thread_id}?sent={done.decision_id}#reply", 303)


@router.post("/threads/{thread_id}/alerts/{alert_id}/ack")
def ack_form(s: SessionDep, user: CmUser, thread_id: ItemId, alert_id: ItemId) -> RedirectResponse:
    """Acknowledge one of the thread's alerts (404 for any other alert), back to the thread."""
    own_thread(s, user.organisation_id, thread_id)
    if alert_id not in {a["id"] for a in thread_alerts(s, thread_id)}:
        raise NotFound(f"no alert {alert_id} on thread {thread_id}")
    acknowledge_alert(s, alert_id, actor=user.email, via="dashboard")
    return RedirectResponse(f"/threads/{thread_id}#alerts", status_code=303)


def _page(
    request: Request,
    s: Session,
    *,
    org: int,
    lang: str,
    thread_id: int,
    sent: int | None = None,
    reply: str | None = None,
    comment: str = "",
    blocked: bool = False,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    summary = queries.thread_summary(s, thread_id, organisation_id=org)
    if summary is None:
        return render(request, "not_found.html", lang, status_code=404)
    comments = queries.thread_comments(s, thread_id)
    advice = thread_advice(request, s, thread_id, lang)
    draft = advice.get("draft") or {}
    alerts = thread_alerts(s, thread_id)
    replies = sent_replies(s, thread_id)
    network = PageRef.parse(summary.page).network
    charter = thread_charter(request, s, thread_id)
    checked = _check(text=reply, charter=charter, network=network, lang=lang) if reply else None
    workspace: Workspace = request.app.state.workspace
    return render(
        request,
        "thread.html",
        lang,
        status_code=status_code,
        thread=summary,
        comments=comments,
        trajectory=Markup(_trajectory(comments, lang)),
        advice=advice,
        alerts=alerts,
        incidents=sorted({a["incident"] for a in alerts if a["incident"] is not None}),
        replies=replies,
        sent=next((r for r in replies if r["id"] == sent), None),
        reply=reply if reply is not None else draft.get("text", ""),
        comment=comment or draft.get("comment") or "",
        check=checked,
        blocked=blocked,
        error=error,
        publishes=can_publish(workspace.db, PageRef.parse(summary.page)),
    )


def _check(*, text: str, charter: Charter, network: str, lang: str) -> dict[str, Any]:
    """The reply check as the API gives it, plus the text cut into marked segments."""
    result = check_reply(text, charter=charter, scorer=load_scorer("comments"), network=network)
    data = as_dict(result, lang)
    spans = [f["span"] for f in data["findings"]]
    return data | {"segments": highlight(text, spans)}


def _trajectory(comments: list[queries.CommentView], lang: str) -> str:
    return trajectory_svg(
        [c.scores for c in comments],
        title=t("web.trajectory", lang),
        legend={name: t(f"web.{name}", lang) for name in ("toxicity", "negativity", "derailment")},
    )
