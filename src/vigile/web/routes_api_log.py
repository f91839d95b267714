"""REST API of the accountability side: alerts, incidents (with alerts and notes), the
decision log and the charter in force, all limited to the caller's organisation."""

from __future__ import annotations

import dataclasses
from datetime import time, timedelta
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from vigile.domain.charter import Charter
from vigile.domain.errors import NotFound
from vigile.store import listing
from vigile.web.api_models import AlertOut, DecisionOut, IncidentDetailOut
from vigile.web.auth import CurrentOrg
from vigile.web.charters import org_watcher
from vigile.web.deps import MAX_ID, ItemId, SessionDep
from vigile.web.paging import WindowDep, paginate

router = APIRouter(prefix="/api")
EVERYTHING = listing.Window(limit=10_000, offset=0)


@router.get("/alerts", tags=["alerts"], response_model=list[AlertOut])
def api_alerts(
    request: Request,
    response: Response,
    s: SessionDep,
    org: CurrentOrg,
    window: WindowDep,
    kind: Annotated[str | None, Query(max_length=100, description="e.g. pile_on")] = None,
    status: Annotated[str | None, Query(max_length=20, description="open, acknowledged")] = None,
    page: Annotated[str | None, Query(max_length=400, description="network:handle")] = None,
) -> list[dict[str, Any]]:
    """Alerts, newest event first."""
    total, rows = listing.alerts(
        s, window, organisation_id=org, kind=kind, status=status, page=page
    )
    paginate(request, response, window, total)
    return rows


@router.get("/incidents/{incident_id}", tags=["incidents"], response_model=IncidentDetailOut)
def api_incident(s: SessionDep, org: CurrentOrg, incident_id: ItemId) -> dict[str, Any]:
    """One incident with its alerts and its notes (from the decision log)."""
    found = listing.incident(s, incident_id, organisation_id=org)
    if found is None:
        raise NotFound(f"no incident {incident_id}")
    _, alerts = listing.alerts(s, EVERYTHING, organisation_id=org, incident=incident_id)
    _, log = listing.decisions(
        s, EVERYTHING, organisation_id=org, subject_type="incident", subject_id=incident_id
    )
    return {
        **listing.incident_record(*found),
        "alerts": alerts,
        "notes": [entry for entry in log if entry["action"] == "incident.note"],
    }


@router.get("/decisions", tags=["incidents"], response_model=list[DecisionOut])
def api_decisions(
    request: Request,
    response: Response,
    s: SessionDep,
    org: CurrentOrg,
    window: WindowDep,
    subject_type: Annotated[str | None, Query(max_length=50, description="e.g. alert")] = None,
    subject_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[dict[str, Any]]:
    """The decision log, oldest first: the entries about this organisation's alerts,
    incidents, comments, help requests and cases."""
    total, rows = listing.decisions(
        s,
        window,
        organisation_id=org,
        subject_type=subject_type,
        subject_id=subject_id,
    )
    paginate(request, response, window, total)
    return rows


@router.get("/charter/in-force", tags=["charter"])
def api_charter(request: Request, s: SessionDep, org: CurrentOrg) -> dict[str, Any]:
    """The charter in force for the organisation (its own, else the workspace default). A
    contact's channels show their kind only (`mailto`, `slack`...): their addresses and
    tokens are secrets."""
    watcher = org_watcher(request, s, org)
    return {**charter_json(watcher.charter), "error": watcher.error}


def charter_json(charter: Charter) -> dict[str, Any]:
    data = _plain(charter)
    for contact in data["contacts"]:
        contact["channels"] = {name: _scheme(str(url)) for name, url in contact["channels"].items()}
    return dict(data)


def _scheme(url: str) -> str:
    """`mailto` of `mailto://camille@example.com`; nothing of a value that is no URL."""
    scheme, found, _ = url.partition("://")
    return scheme if found and scheme.isalnum() else "hidden"


def _plain(value: Any) -> Any:
    """Dataclasses, enums, times and durations as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, time):
        return value.isoformat()
    return value
