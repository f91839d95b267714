"""REST API of what the CLI reads: pages, posts, comments and threads (the inbox's filters).

Lists are paged with `limit`/`offset` and answer `X-Total-Count` and `Link` headers
(web/paging.py), the comments by cursor (`X-Next-Cursor`, counted only when asked);
everything is limited to the caller's current organisation, and another organisation's
thread answers 404 like a missing one.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.orm import Session

from vigile.domain.errors import InputError, NotFound
from vigile.i18n import t
from vigile.store import listing
from vigile.store.inbox import InboxFilter, inbox_counts, inbox_threads, threads_by_id
from vigile.store.queries import owning_organisation, thread_comments
from vigile.web.api_models import CommentOut, PostOut, ThreadDetailOut, ThreadOut
from vigile.web.auth import CurrentOrg
from vigile.web.charters import org_charter
from vigile.web.deps import MAX_ID, IsoTime, ItemId, LangDep, SessionDep
from vigile.web.paging import WindowDep, paginate, paginate_by_cursor

router = APIRouter(prefix="/api")
PageRef = Annotated[str | None, Query(description="network:handle", max_length=400)]


def derailing_at(request: Request, session: Session, organisation_id: int) -> float:
    """The lowest derailment threshold of the organisation's charter (the inbox's "derailing")."""
    rules = org_charter(request, session, organisation_id).rules
    found = [r.at_least for r in rules if r.level == "thread" and r.signal == "derailment"]
    return min(found, default=InboxFilter.derailing_at)


def api_inbox_filter(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    page: PageRef = None,
    network: Annotated[str | None, Query(max_length=50)] = None,
    language: Annotated[str | None, Query(max_length=10, description="e.g. fr, en")] = None,
    signal: Literal["toxic", "negative", "derailing", "pile_on", "buzz"] | None = None,
    status: Literal["all", "open", "acknowledged"] = "all",
    tab: Annotated[
        Literal["all", "answer", "moderation"],
        Query(description="answer: needs an answer; moderation: needs moderation"),
    ] = "all",
) -> InboxFilter:
    return InboxFilter(
        page=page,
        network=network,
        lang=language,
        signal=signal,
        status=status,
        tab=tab,
        derailing_at=derailing_at(request, s, org),
    )


InboxFilterDep = Annotated[InboxFilter, Depends(api_inbox_filter)]


@router.get("/posts", tags=["pages"], response_model=list[PostOut])
def api_posts(
    request: Request,
    response: Response,
    s: SessionDep,
    org: CurrentOrg,
    window: WindowDep,
    page: PageRef = None,
) -> list[dict[str, Any]]:
    """The brand's posts, newest first; a post's id is its thread's id."""
    total, rows = listing.posts(s, window, organisation_id=org, page=page)
    paginate(request, response, window, total)
    return rows


@router.get("/comments", tags=["comments"], response_model=list[CommentOut])
def api_comments(
    request: Request,
    response: Response,
    s: SessionDep,
    org: CurrentOrg,
    lang: LangDep,
    window: WindowDep,
    page: PageRef = None,
    thread: Annotated[int | None, Query(ge=1, le=MAX_ID, description="A thread (post) id.")] = None,
    language: Annotated[str | None, Query(max_length=10)] = None,
    toxic: Annotated[bool | None, Query(description="toxicity >= 0.5, or below")] = None,
    negative: Annotated[bool | None, Query(description="negative sentiment, or not")] = None,
    since: Annotated[IsoTime | None, Query(description="ISO 8601, inclusive")] = None,
    until: Annotated[IsoTime | None, Query(description="ISO 8601, exclusive")] = None,
    author: Annotated[str | None, Query(max_length=300)] = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Where the previous page ended (its `X-Next-Cursor`); "
            "absent: the newest comments.",
        ),
    ] = None,
    count: Annotated[
        bool, Query(description="Also count every match (`X-Total-Count`): slow on big lists.")
    ] = False,
) -> list[dict[str, Any]]:
    """Comments newest first, with their scores, paged by cursor: the response's
    `X-Next-Cursor` (and `Link: rel="next"`) gives the next page, absent on the last."""
    wanted = listing.CommentFilter(
        page=page,
        thread=thread,
        language=language,
        toxic=toxic,
        negative=negative,
        since=since,
        until=until,
        author=author,
    )
    try:
        after = listing.Cursor.decode(cursor) if cursor else None
    except ValueError:
        raise InputError(t("api.bad_cursor", lang), field="cursor") from None
    found = listing.comments(s, window, wanted, organisation_id=org, after=after, count=count)
    paginate_by_cursor(request, response, window, found.next, total=found.total)
    return found.rows


@router.get("/threads", tags=["threads"], response_model=list[ThreadOut])
def api_threads(
    request: Request,
    response: Response,
    s: SessionDep,
    org: CurrentOrg,
    window: WindowDep,
    wanted: InboxFilterDep,
) -> list[dict[str, Any]]:
    """The inbox as JSON: analysed threads, riskiest first, with the dashboard's filters."""
    total = inbox_counts(s, wanted, organisation_id=org).tabs[wanted.tab]
    rows = inbox_threads(s, wanted, organisation_id=org, limit=window.limit, offset=window.offset)
    paginate(request, response, window, total)
    return [asdict(row) for row in rows]


@router.get("/threads/{thread_id}", tags=["threads"], response_model=ThreadDetailOut)
def api_thread(s: SessionDep, org: CurrentOrg, thread_id: ItemId) -> dict[str, Any]:
    """One thread with its comments (oldest first) and their scores."""
    found = threads_by_id(s, [thread_id])
    if not found or owning_organisation(s, "thread", thread_id) != org:
        raise NotFound(f"no thread {thread_id}")
    summary = asdict(found[0])
    return {
        **summary,
        "comment_count": summary.pop("comments"),
        "comments": [asdict(c) for c in thread_comments(s, thread_id)],
    }
