"""Case-study routes: the library as JSON (the shared, anonymised form only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from vigile.community.bundle import document
from vigile.community.casestudy import incident_text
from vigile.community.library import get_case, list_cases, shared
from vigile.community.search import rank, similar
from vigile.domain.errors import NotFound
from vigile.domain.model import utc_now
from vigile.store.queries import owning_organisation
from vigile.store.schema import CaseStudyRow
from vigile.web.auth import CurrentOrg
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.routes_incidents import charter_watcher

router = APIRouter(tags=["cases"])


def _visible(session: Session, org: int, row: CaseStudyRow) -> bool:
    """Imported cases are the shared commons; a case drafted here stays with the
    organisation whose incident it tells until someone exports it."""
    if row.incident_id is None:
        return True
    return owning_organisation(session, "incident", row.incident_id) == org


def _library(session: Session, org: int) -> list[CaseStudyRow]:
    return [row for row in list_cases(session) if _visible(session, org, row)]


def _summary(row: CaseStudyRow, score: float | None = None) -> dict[str, Any]:
    item = {"id": row.id, "origin": row.origin, **shared(row).as_json()}
    item.pop("body")
    return item if score is None else {**item, "score": round(score, 4)}


@router.get("/api/cases")
def api_cases(
    s: SessionDep,
    org: CurrentOrg,
    q: Annotated[str | None, Query(description="Full-text query.")] = None,
) -> list[dict[str, Any]]:
    """The case library; with `q`, the cases that match it, best first."""
    rows = _library(s, org)
    if not q:
        return [_summary(row) for row in rows]
    return [_summary(rows[i], score) for i, score in rank(q, [document(r) for r in rows])]


@router.get("/api/cases/{case_id}")
def api_case(s: SessionDep, org: CurrentOrg, lang: LangDep, case_id: ItemId) -> dict[str, Any]:
    """One case as it would be shared: never the originals of its replacements."""
    row = get_case(s, case_id, lang=lang)
    if not _visible(s, org, row):
        raise NotFound(f"no case {case_id}")
    return {"id": row.id, "origin": row.origin, **shared(row).as_json()}


@router.get("/api/incidents/{incident_id}/similar-cases")
def api_similar_cases(
    request: Request, s: SessionDep, org: CurrentOrg, incident_id: ItemId
) -> list[dict[str, Any]]:
    """Stored cases closest to an incident's threads (other incidents' cases only).

    The incident must be the organisation's own (404 otherwise, as for a missing one);
    the cases themselves are the anonymised, shareable form."""
    if owning_organisation(s, "incident", incident_id) != org:
        raise NotFound(f"no incident {incident_id}")
    charter = charter_watcher(request).charter
    text = incident_text(s, incident_id, charter, now=utc_now())
    rows = [row for row in _library(s, org) if row.incident_id != incident_id]
    return [_summary(rows[i], score) for i, score in similar(text, [document(r) for r in rows])]
