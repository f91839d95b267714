"""The page view: a brand page's volume and negativity per hour, its bursts, threads, alerts.

The timeline is in event time and ends at the page's latest comment, so a page that
went quiet still shows its last busy hours. Another organisation's page answers 404.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlalchemy.orm import Session

from vigile.dates import format_moment
from vigile.domain.errors import NotFound
from vigile.domain.model import iso_z, utc_now
from vigile.i18n import t
from vigile.store import rooms
from vigile.web.auth import CurrentOrg
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.paging import WindowDep, paginate
from vigile.web.templating import render, user_zone
from vigile.web.volume import Marker, volume_svg

router = APIRouter()
DEFAULT_HOURS, MIN_HOURS, MAX_HOURS = 48, 6, 336
Hours = Annotated[int, Query(ge=MIN_HOURS, le=MAX_HOURS, description="Hours shown.")]


def _page(s: Session, org: int, page_id: int) -> rooms.PageRow:
    """404 for another organisation's page, exactly as for one that does not exist."""
    page = rooms.organisation_page(s, org, page_id)
    if page is None:
        raise NotFound(f"no page {page_id}")
    return page


def _timeline(
    s: Session, page: rooms.PageRow, hours: int
) -> tuple[list[rooms.HourBucket], list[dict[str, Any]]]:
    end = page.last_comment_at or utc_now()
    buckets = rooms.hourly_volume(s, page.id, end=end, hours=hours)
    first, last = buckets[0].start, buckets[-1].start
    markers = [
        m for m in rooms.buzz_alerts(s, page.id) if first <= m["at"] < last + timedelta(hours=1)
    ]
    return buckets, markers


@router.get("/api/pages", tags=["pages"])
def api_pages(
    request: Request, response: Response, s: SessionDep, org: CurrentOrg, window: WindowDep
) -> list[dict[str, Any]]:
    """The organisation's pages with their comment, negative and open-alert counts."""
    rows = [_page_json(p) for p in rooms.organisation_pages(s, org)]
    paginate(request, response, window, len(rows))
    return rows[window.offset : window.offset + window.limit]


@router.get("/api/pages/{page_id}", tags=["pages"])
def api_page(
    s: SessionDep, org: CurrentOrg, page_id: ItemId, hours: Hours = DEFAULT_HOURS
) -> dict[str, Any]:
    """Comments and negative comments per hour up to the page's latest comment, with its
    burst onsets (`negative_buzz`) and recoveries (`buzz_recovery`) in that span."""
    page = _page(s, org, page_id)
    buckets, markers = _timeline(s, page, hours)
    return {
        **_page_json(page),
        "hours": [
            {"start": iso_z(b.start), "comments": b.comments, "negative": b.negative}
            for b in buckets
        ],
        "markers": [{**m, "at": iso_z(m["at"])} for m in markers],
    }


def _page_json(page: rooms.PageRow) -> dict[str, Any]:
    data = asdict(page)
    data["last_comment_at"] = iso_z(page.last_comment_at) if page.last_comment_at else None
    return data


@router.get("/pages", response_class=HTMLResponse, include_in_schema=False)
def pages_page(request: Request, s: SessionDep, org: CurrentOrg, lang: LangDep) -> HTMLResponse:
    return render(request, "pages.html", lang, pages=rooms.organisation_pages(s, org))


@router.get("/pages/{page_id}", response_class=HTMLResponse, include_in_schema=False)
def page_view(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    lang: LangDep,
    page_id: ItemId,
    hours: Hours = DEFAULT_HOURS,
) -> HTMLResponse:
    page = rooms.organisation_page(s, org, page_id)
    if page is None:
        return render(request, "not_found.html", lang, status_code=404)
    buckets, markers = _timeline(s, page, hours)
    zone = user_zone(request)
    labelled = [_marker(m, lang, zone) for m in markers]
    title = t("pages.chart_title", lang, page=page.name, hours=hours)
    alerts, _ = rooms.filtered_alerts(
        s, org, rooms.AlertFilter(status="open", page_id=page.id), limit=50
    )
    return render(
        request,
        "page.html",
        lang,
        page=page,
        hours=hours,
        choices=(24, 48, 168, 336),
        buckets=buckets,
        markers=labelled,
        chart=Markup(
            volume_svg(buckets, labelled, title=title, desc=_desc(buckets, markers, lang, zone))
        ),
        threads=rooms.page_threads(s, page.id),
        alerts=alerts,
        here=f"/pages/{page.id}?hours={hours}",
    )


def _marker(found: dict[str, Any], lang: str, zone: str) -> Marker:
    at = format_moment(found["at"], lang=lang, zone=zone)
    label = t(f"pages.marker.{found['signal']}", lang, at=at, id=found["id"])
    return Marker(at=found["at"], signal=str(found["signal"]), label=label)


def _desc(
    buckets: list[rooms.HourBucket], markers: list[dict[str, Any]], lang: str, zone: str
) -> str:
    """The chart in one sentence, for screen readers."""
    peak = max(buckets, key=lambda b: (b.comments, b.start))
    return t(
        "pages.chart_desc",
        lang,
        comments=sum(b.comments for b in buckets),
        negative=sum(b.negative for b in buckets),
        peak=format_moment(peak.start, lang=lang, zone=zone),
        peak_count=peak.comments,
        bursts=sum(1 for m in markers if m["signal"] == "negative_buzz"),
        recoveries=sum(1 for m in markers if m["signal"] == "buzz_recovery"),
    )
