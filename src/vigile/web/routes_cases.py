"""Case-study routes: the library as JSON (the shared, anonymised form only).

An organisation reads its own cases and the commons, never another organisation's
private cases (404, as for a missing one)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from vigile.community.casestudy import incident_text
from vigile.community.library import TAGS, get_case, shared
from vigile.community.matching import Match, search_cases, similar_cases
from vigile.domain.errors import NotFound
from vigile.domain.model import utc_now
from vigile.store.queries import owning_organisation
from vigile.store.schema import CaseStudyRow
from vigile.web.auth import CurrentOrg
from vigile.web.charters import org_charter
from vigile.web.deps import ItemId, LangDep, SessionDep

router = APIRouter(tags=["cases"])
Tag = Annotated[str | None, Query(max_length=100, description="Only cases with this tag value.")]


def _summary(row: CaseStudyRow, score: float | None = None) -> dict[str, Any]:
    item = {"id": row.id, "origin": row.origin, "commons": row.commons, **shared(row).as_json()}
    item.pop("body")
    return item if score is None else {**item, "score": round(score, 4)}


def _scored(matches: list[Match]) -> list[dict[str, Any]]:
    return [_summary(m.case, m.score) for m in matches]


@router.get("/api/cases")
def api_cases(
    s: SessionDep,
    org: CurrentOrg,
    q: Annotated[str | None, Query(max_length=500, description="FR or EN query.")] = None,
    scenario: Tag = None,
    sector: Tag = None,
    network: Tag = None,
    severity: Tag = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """The organisation's cases and the commons; with `q`, those that match it best first
    (fused full-text and semantic score in [0, 1]); tags filter."""
    values = dict(zip(TAGS, (scenario, sector, network, severity), strict=True))
    tags = {tag: value for tag, value in values.items() if value}
    matches = search_cases(s, q or "", organisation_id=org, tags=tags, limit=limit)
    return _scored(matches) if q else [_summary(m.case) for m in matches]


@router.get("/api/cases/{case_id}")
def api_case(s: SessionDep, org: CurrentOrg, lang: LangDep, case_id: ItemId) -> dict[str, Any]:
    """One case as it would be shared: never the originals of its replacements."""
    row = get_case(s, case_id, lang=lang, organisation_id=org)
    return {"id": row.id, "origin": row.origin, "commons": row.commons, **shared(row).as_json()}


@router.get("/api/incidents/{incident_id}/similar-cases")
def api_similar_cases(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    incident_id: ItemId,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[dict[str, Any]]:
    """Stored cases closest to an incident's threads (other incidents' cases only), by
    the fused similarity. The incident must be the organisation's own (404 otherwise)."""
    if owning_organisation(s, "incident", incident_id) != org:
        raise NotFound(f"no incident {incident_id}")
    charter = org_charter(request, s, org)
    text = incident_text(s, incident_id, charter, now=utc_now())
    return _scored(
        similar_cases(s, text, organisation_id=org, exclude_incident=incident_id, limit=limit)
    )
