"""Uniform pagination of the REST API: `limit` (1..1000) and `offset` in, headers out.

Bodies stay plain JSON arrays; `X-Total-Count` gives the number of matching items and
`Link` the next and previous pages (RFC 8288), with every other query parameter kept.
The comments, a list without bound, page by cursor instead (`paginate_by_cursor`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request, Response

from vigile.store.listing import Cursor, Window
from vigile.web.deps import MAX_ID

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def _window(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="Items to skip.")] = 0,
) -> Window:
    return Window(limit=limit, offset=offset)


WindowDep = Annotated[Window, Depends(_window)]


def paginate(request: Request, response: Response, window: Window, total: int) -> None:
    """Set `X-Total-Count` and `Link` (rel="next" / rel="prev") on the response."""
    response.headers["X-Total-Count"] = str(total)
    links = []
    if window.offset + window.limit < total:
        links.append(_link(request, window.offset + window.limit, window.limit, "next"))
    if window.offset > 0:
        links.append(_link(request, max(0, window.offset - window.limit), window.limit, "prev"))
    if links:
        response.headers["Link"] = ", ".join(links)


def paginate_by_cursor(
    request: Request,
    response: Response,
    window: Window,
    following: Cursor | None,
    *,
    total: int | None = None,
) -> None:
    """Set `X-Next-Cursor` and `Link` (rel="next" by cursor, rel="prev" for an offset
    page); `X-Total-Count` only when the total was asked for."""
    if total is not None:
        response.headers["X-Total-Count"] = str(total)
    links = []
    if following is not None:
        cursor = following.encode()
        response.headers["X-Next-Cursor"] = cursor
        url = request.url.remove_query_params("offset").include_query_params(
            cursor=cursor, limit=window.limit
        )
        links.append(f'<{url.path}?{url.query}>; rel="next"')
    if window.offset > 0:
        links.append(_link(request, max(0, window.offset - window.limit), window.limit, "prev"))
    if links:
        response.headers["Link"] = ", ".join(links)


def _link(request: Request, offset: int, limit: int, rel: str) -> str:
    url = request.url.include_query_params(offset=offset, limit=limit)
    return f'<{url.path}?{url.query}>; rel="{rel}"'
