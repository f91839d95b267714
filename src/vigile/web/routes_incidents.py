"""Incident routes: the accountability report as a page and as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from vigile.domain.errors import NotFound
from vigile.domain.model import utc_now
from vigile.incidents.render import render_html, report_json
from vigile.incidents.report import Report, build_incident_report
from vigile.store.queries import owning_organisation
from vigile.web.auth import CurrentOrg
from vigile.web.charters import org_charter
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.headers import self_contained_policy

router = APIRouter()


def _report(request: Request, session: Session, org: int, incident_id: int) -> Report:
    """404 for another organisation's incident, exactly as for one that does not exist."""
    if owning_organisation(session, "incident", incident_id) != org:
        raise NotFound(f"no incident {incident_id}")
    charter = org_charter(request, session, org)
    return build_incident_report(session, incident_id, charter, now=utc_now())


@router.get("/api/incidents/{incident_id}/report", tags=["incidents"])
def api_incident_report(
    request: Request, s: SessionDep, org: CurrentOrg, incident_id: ItemId
) -> dict[str, Any]:
    """What happened, what the charter required, what was done, and whether the log verifies."""
    return report_json(_report(request, s, org, incident_id))


@router.get("/incidents/{incident_id}/report", response_class=HTMLResponse, include_in_schema=False)
def incident_report_page(
    request: Request, s: SessionDep, org: CurrentOrg, lang: LangDep, incident_id: ItemId
) -> HTMLResponse:
    """The self-contained page a CM can save, print or send."""
    html = render_html(_report(request, s, org, incident_id), lang)
    response = HTMLResponse(html, headers={"Content-Security-Policy": self_contained_policy(html)})
    response.set_cookie("vigile_lang", lang, samesite="lax")
    return response
