"""The inbox at `/`: the organisation's threads, riskiest first, across pages and networks.

Filters are a plain GET form (page, network, language, signal, alert status) so a view
can be bookmarked and shared; two tabs split what needs an answer (complaints and
questions the brand has not replied to) from what needs moderation (toxic comments,
derailing threads, pile-ons). Unknown filter values are ignored, never an error page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vigile.store import queries
from vigile.store.inbox import (
    SIGNALS,
    STATUSES,
    TABS,
    InboxFilter,
    inbox_counts,
    inbox_threads,
    pages_offered,
)
from vigile.web.auth import CurrentOrg
from vigile.web.deps import LangDep, SessionDep
from vigile.web.routes_api import derailing_at
from vigile.web.routes_api import router as api_router
from vigile.web.routes_api_log import router as api_log_router
from vigile.web.templating import render

router = APIRouter()  # the inbox page, and the REST API's lists and details
router.include_router(api_router)
router.include_router(api_log_router)
PAGE_SIZE = 50
FILTERS = ("page", "network", "language", "signal", "status", "tab")


def _chosen(request: Request, pages: list[str]) -> dict[str, str]:
    """The filters of the query string that name something offered; the rest is dropped
    (a language is any short code: the languages offered depend on the other filters)."""
    allowed = {
        "page": pages,
        "network": sorted({p.partition(":")[0] for p in pages}),
        "signal": list(SIGNALS),
        "status": list(STATUSES),
        "tab": list(TABS),
    }
    params = request.query_params
    chosen = {k: params[k] for k in allowed if params.get(k) in allowed[k]}
    language = params.get("language", "")
    if language.isalpha() and len(language) <= 10:
        chosen["language"] = language
    return chosen


def _offset(request: Request) -> int:
    raw = request.query_params.get("offset", "0")
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0


def _link(chosen: dict[str, str], **changes: Any) -> str:
    """The inbox's URL with these filters changed (None removes one)."""
    merged: dict[str, Any] = {**chosen, **changes}
    query = {k: v for k, v in merged.items() if v not in (None, "", 0, "all")}
    return "/?" + urlencode(query) if query else "/"


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def inbox(request: Request, s: SessionDep, org: CurrentOrg, lang: LangDep) -> HTMLResponse:
    pages = pages_offered(s, organisation_id=org)
    chosen = _chosen(request, pages)
    wanted = InboxFilter(
        page=chosen.get("page"),
        network=chosen.get("network"),
        lang=chosen.get("language"),
        signal=chosen.get("signal"),
        status=chosen.get("status", "all"),
        tab=chosen.get("tab", "all"),
        derailing_at=derailing_at(request, s, org),
    )
    offset = _offset(request)
    counts = inbox_counts(s, wanted, organisation_id=org)
    total = counts.tabs[wanted.tab]
    threads = inbox_threads(s, wanted, organisation_id=org, limit=PAGE_SIZE, offset=offset)
    previous = _link(chosen, offset=max(0, offset - PAGE_SIZE)) if offset > 0 else None
    following = _link(chosen, offset=offset + PAGE_SIZE) if offset + PAGE_SIZE < total else None
    offered = {
        "pages": pages,
        "networks": sorted({p.partition(":")[0] for p in pages}),
        "langs": sorted({*counts.langs, *([wanted.lang] if wanted.lang else [])}),
    }
    return render(
        request,
        "inbox.html",
        lang,
        threads=threads,
        counts=counts.tabs,
        total=total,
        first=offset + 1 if threads else 0,
        last=offset + len(threads),
        tab=wanted.tab,
        chosen=chosen,
        filtered=any(k != "tab" for k in chosen),
        offered=offered,
        signals=SIGNALS,
        statuses=STATUSES,
        tabs={tab: _link(chosen, tab=tab, offset=None) for tab in TABS},
        previous=previous,
        following=following,
        alerts=queries.alerts(s, limit=10, organisation_id=org),
    )
