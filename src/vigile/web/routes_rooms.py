"""The alerts page and the incident room: list, acknowledge, annotate, move along, report.

Its router also carries the page view (`routes_page_view`) and the settings and charter
editor (`routes_charter`), so that the app includes them all with one line.

Every page has a JSON twin under /api. Writes go through `vigile.store.journal` (the
decision log records who did what); another organisation's incident answers 404
exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from vigile.domain.errors import InputError, InvalidTransition, NotFound
from vigile.domain.model import AlertStatus, IncidentStatus, as_utc, iso_z, utc_now
from vigile.i18n import t
from vigile.incidents.render import describe_entry, report_view
from vigile.incidents.report import Report, build_incident_report
from vigile.store import rooms
from vigile.store.journal import (
    acknowledge_alert,
    acknowledge_incident,
    add_incident_note,
    set_incident_status,
)
from vigile.store.listing import count_incidents
from vigile.store.queries import owning_organisation
from vigile.store.schema import Incident
from vigile.web.auth import CmUser, CurrentOrg, Principal
from vigile.web.charters import org_charter
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.paging import WindowDep, paginate
from vigile.web.routes_cases import api_similar_cases
from vigile.web.routes_charter import router as charter_router
from vigile.web.routes_page_view import router as page_view_router
from vigile.web.templating import render, user_zone

router = APIRouter()
router.include_router(page_view_router)
router.include_router(charter_router)
ALERTS_PER_PAGE = 50
NOTE_MAX = 5000


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=NOTE_MAX, description="The note, kept as written.")


class StatusIn(BaseModel):
    status: IncidentStatus


# ---- alerts -------------------------------------------------------------------------------


@router.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
def alerts_page(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    lang: LangDep,
    status: Annotated[str | None, Query()] = None,
    kind: Annotated[str | None, Query()] = None,
    page: Annotated[str | None, Query()] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """The organisation's alerts, newest first, filtered by status, kind and page."""
    page_id = int(page) if page and page.isdigit() else None
    wanted = rooms.AlertFilter(status=status or None, kind=kind or None, page_id=page_id)
    rows, total = rooms.filtered_alerts(s, org, wanted, limit=ALERTS_PER_PAGE, offset=offset)
    filters = {"status": status or "", "kind": kind or "", "page": page or ""}
    here = "/alerts?" + urlencode({**filters, "offset": offset})

    def link(at: int) -> str:
        return "/alerts?" + urlencode({**filters, "offset": at})

    return render(
        request,
        "alerts.html",
        lang,
        alerts=rows,
        total=total,
        offset=offset,
        shown=len(rows),
        previous=link(max(offset - ALERTS_PER_PAGE, 0)) if offset else None,
        next=link(offset + ALERTS_PER_PAGE) if offset + len(rows) < total else None,
        filters=filters,
        statuses=[x.value for x in AlertStatus],
        kinds=rooms.alert_kinds(s, org),
        pages=rooms.organisation_pages(s, org),
        here=here,
    )


# ---- incidents ----------------------------------------------------------------------------


@router.get("/api/incidents", tags=["incidents"])
def api_incidents(
    request: Request,
    response: Response,
    s: SessionDep,
    org: CurrentOrg,
    window: WindowDep,
    status: Annotated[IncidentStatus | None, Query()] = None,
) -> list[dict[str, Any]]:
    """The organisation's incidents, newest first, with their page and open alerts."""
    rows = rooms.incidents_with_pages(
        s, org, status=status, limit=window.limit, offset=window.offset
    )
    paginate(request, response, window, count_incidents(s, org, status=status))
    return [
        {**r, "opened_at": iso_z(r["opened_at"]), "updated_at": iso_z(r["updated_at"])}
        for r in rows
    ]


@router.get("/incidents", response_class=HTMLResponse, include_in_schema=False)
def incidents_page(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    lang: LangDep,
    status: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    chosen = status if status in {x.value for x in IncidentStatus} else None
    return render(
        request,
        "incidents.html",
        lang,
        incidents=rooms.incidents_with_pages(s, org, status=chosen),
        statuses=[x.value for x in IncidentStatus],
        status=chosen or "",
    )


def _own_incident(s: Session, org: int, incident_id: int) -> Incident:
    """404 for another organisation's incident, exactly as for one that does not exist."""
    if owning_organisation(s, "incident", incident_id) != org:
        raise NotFound(f"no incident {incident_id}")
    return s.get_one(Incident, incident_id)


def _report(request: Request, s: Session, org: int, incident_id: int) -> Report:
    return build_incident_report(s, incident_id, org_charter(request, s, org), now=utc_now())


@router.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
def incident_room(
    request: Request, s: SessionDep, org: CurrentOrg, lang: LangDep, incident_id: ItemId
) -> HTMLResponse:
    """Everything about one incident on one page, and what can be done about it."""
    if owning_organisation(s, "incident", incident_id) != org:
        return render(request, "not_found.html", lang, status_code=404)
    return _room(request, s, org, lang, incident_id)


def _room(
    request: Request,
    s: Session,
    org: int,
    lang: str,
    incident_id: int,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    incident = _own_incident(s, org, incident_id)
    current = IncidentStatus(incident.status)
    report = _report(request, s, org, incident_id)
    chain = report.chain
    verified = chain is None or chain.verified
    return render(
        request,
        "incident.html",
        lang,
        status_code=status_code,
        incident=incident,
        report=report_view(report, lang, zone=user_zone(request)),
        timeline=_timeline(report, lang),
        chain_ok=verified,
        chain_text=t("report.chain.verified", lang)
        if verified
        else t("report.chain.broken", lang, id=chain.broken_at if chain else None),
        alerts=rooms.incident_alerts(s, incident_id),
        open_alerts=len(rooms.open_alert_ids(s, incident_id)),
        moves=[x.value for x in IncidentStatus if current.can_become(x)],
        similar=api_similar_cases(request, s, org, incident_id)[:5],
        error=error,
        note_max=NOTE_MAX,
    )


@dataclass(frozen=True)
class Event:
    """One line of the incident's timeline."""

    at: datetime
    kind: str  # "signal" or a decision-log action
    actor: str
    what: str

    @property
    def iso(self) -> str:
        return iso_z(self.at)


def _timeline(report: Report, lang: str) -> list[Event]:
    """What happened and what was done, in time order: each alert's signal (event time)
    and every decision-log entry about the incident or its alerts."""
    events = [
        Event(
            a.alert.at,
            "signal",
            a.alert.page,
            t("rooms.timeline.signal", lang, id=a.alert.id, kind=a.alert.kind),
        )
        for a in report.alerts
    ]
    events += [Event(e.at, e.action, e.actor, describe_entry(e, lang)) for e in report.log]
    return sorted(events, key=lambda e: as_utc(e.at))


def _acknowledge_all(s: Session, user: Principal, incident_id: int, *, via: str) -> list[int]:
    """Acknowledge the incident (when open) and every alert of it still open."""
    acknowledge_incident(s, incident_id, actor=user.email, via=via)
    left = rooms.open_alert_ids(s, incident_id)
    for alert_id in left:
        acknowledge_alert(s, alert_id, actor=user.email, via=via)
    return left


def _via(user: Principal) -> str:
    return "api" if user.via == "token" else "dashboard"


def _room_url(incident_id: int, anchor: str = "") -> str:
    return f"/incidents/{incident_id}{anchor}"


@router.post("/api/incidents/{incident_id}/ack", tags=["incidents"])
def api_incident_ack(s: SessionDep, user: CmUser, incident_id: ItemId) -> dict[str, Any]:
    """Acknowledge the incident and its open alerts: their escalation stops."""
    incident = _own_incident(s, user.organisation_id, incident_id)
    _acknowledge_all(s, user, incident_id, via=_via(user))
    return {"id": incident.id, "status": incident.status, "open_alerts": 0}


@router.post("/incidents/{incident_id}/ack", include_in_schema=False)
def incident_ack_form(s: SessionDep, user: CmUser, incident_id: ItemId) -> RedirectResponse:
    _own_incident(s, user.organisation_id, incident_id)
    _acknowledge_all(s, user, incident_id, via="dashboard")
    return RedirectResponse(_room_url(incident_id, "#alerts"), status_code=303)


@router.post("/api/incidents/{incident_id}/notes", tags=["incidents"], status_code=201)
def api_incident_note(
    s: SessionDep, user: CmUser, incident_id: ItemId, note: NoteIn
) -> dict[str, Any]:
    """Add a note to the incident: a decision-log entry, never edited."""
    _own_incident(s, user.organisation_id, incident_id)
    text = note.text.strip()
    if not text:
        raise InputError("the note is empty", field="text")
    entry = add_incident_note(s, incident_id, text, actor=user.email)
    return {"id": entry.id, "at": iso_z(entry.at), "actor": entry.actor, "text": text}


@router.post("/incidents/{incident_id}/notes", include_in_schema=False, response_model=None)
def incident_note_form(
    request: Request,
    s: SessionDep,
    user: CmUser,
    lang: LangDep,
    incident_id: ItemId,
    text: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    _own_incident(s, user.organisation_id, incident_id)
    if not text.strip() or len(text) > NOTE_MAX:
        message = t("rooms.note_invalid", lang, max=NOTE_MAX)
        org = user.organisation_id
        return _room(request, s, org, lang, incident_id, error=message, status_code=422)
    add_incident_note(s, incident_id, text.strip(), actor=user.email)
    return RedirectResponse(_room_url(incident_id, "#timeline"), status_code=303)


@router.post("/api/incidents/{incident_id}/status", tags=["incidents"])
def api_incident_status(
    s: SessionDep, user: CmUser, incident_id: ItemId, move: StatusIn
) -> dict[str, Any]:
    """Move the incident along open → acknowledged → responding → monitoring → resolved
    (a flare-up may send it back to responding); a move the lifecycle forbids is a 409."""
    _own_incident(s, user.organisation_id, incident_id)
    incident = set_incident_status(s, incident_id, move.status, actor=user.email, via=_via(user))
    return {"id": incident.id, "status": incident.status}


@router.post("/incidents/{incident_id}/status", include_in_schema=False, response_model=None)
def incident_status_form(
    request: Request,
    s: SessionDep,
    user: CmUser,
    lang: LangDep,
    incident_id: ItemId,
    status: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    _own_incident(s, user.organisation_id, incident_id)
    try:
        target = IncidentStatus(status)
        set_incident_status(s, incident_id, target, actor=user.email, via="dashboard")
    except (ValueError, InvalidTransition):
        message = t("rooms.bad_move", lang, status=status or "—")
        org = user.organisation_id
        return _room(request, s, org, lang, incident_id, error=message, status_code=409)
    return RedirectResponse(_room_url(incident_id, "#timeline"), status_code=303)
