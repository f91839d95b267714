"""The case library's pages: list and search, a case, drafting one from an incident, its
preview (every replacement) and sharing it to the commons.

Scoped like every page: an organisation sees its own cases and the commons; the preview
(which shows the originals) is only for the organisation that drafted the case; drafting
and sharing need a CM, and sharing needs the preview's confirmation.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigile.analysis.pii import Span
from vigile.community.bundle import case_leftovers
from vigile.community.casestudy import CaseOptions, draft_case
from vigile.community.library import TAGS, get_case, share_case, shared, store_draft, tag_values
from vigile.community.matching import search_cases
from vigile.domain.errors import InputError, NotFound
from vigile.domain.model import utc_now
from vigile.i18n import LANGUAGES, t
from vigile.store.queries import owning_organisation
from vigile.store.schema import CaseStudyRow
from vigile.web.auth import CmUser, CurrentOrg, CurrentUser
from vigile.web.charters import org_charter
from vigile.web.deps import ItemId, LangDep, SessionDep
from vigile.web.templating import render
from vigile.workspace import Workspace

router = APIRouter(include_in_schema=False)
Tag = Annotated[str | None, Query(max_length=100)]


@router.get("/cases", response_class=HTMLResponse)
def cases_page(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    lang: LangDep,
    q: Annotated[str, Query(max_length=500)] = "",
    scenario: Tag = None,
    sector: Tag = None,
    network: Tag = None,
    severity: Tag = None,
) -> HTMLResponse:
    """The library (the organisation's cases and the commons), searched and filtered."""
    chosen = dict(zip(TAGS, (scenario, sector, network, severity), strict=True))
    tags = {tag: value for tag, value in chosen.items() if value}
    matches = search_cases(s, q, organisation_id=org, tags=tags, limit=100)
    return render(
        request,
        "cases.html",
        lang,
        q=q,
        chosen=chosen,
        options=tag_values(s, organisation_id=org),
        matches=matches,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request, s: SessionDep, org: CurrentOrg, lang: LangDep, case_id: ItemId
) -> HTMLResponse:
    row = get_case(s, case_id, lang=lang, organisation_id=org)
    return render(request, "case.html", lang, row=row, case=shared(row), own=_own(row, org))


@router.get("/incidents/{incident_id}/case/new", response_class=HTMLResponse)
def draft_form(
    request: Request, s: SessionDep, org: CurrentOrg, lang: LangDep, incident_id: ItemId
) -> HTMLResponse:
    """The post-mortem form: language, brand names, sector, what worked, what to change."""
    _own_incident(s, org, incident_id)
    settings = _workspace(request).settings
    return render(
        request,
        "case_new.html",
        lang,
        incident_id=incident_id,
        languages=LANGUAGES,
        default_lang=lang,
        brands=", ".join(settings.brands),
        sector=settings.sector,
    )


@router.post("/incidents/{incident_id}/case/new")
def draft_submit(
    request: Request,
    s: SessionDep,
    user: CmUser,
    lang: LangDep,
    incident_id: ItemId,
    case_lang: Annotated[str, Form(max_length=10)] = "en",
    brands: Annotated[str, Form(max_length=2000)] = "",
    sector: Annotated[str, Form(max_length=100)] = "",
    worked: Annotated[str, Form(max_length=5000)] = "",
    change: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Draft and keep the case (private), then show its preview."""
    _own_incident(s, user.organisation_id, incident_id)
    if case_lang not in LANGUAGES:
        raise InputError(t("library.bad_lang", lang), field="case_lang")
    settings = _workspace(request).settings
    names = (*settings.brands, *(b.strip() for b in brands.split(",") if b.strip()))
    options = CaseOptions(case_lang, names, worked=worked, change=change, sector=sector)
    charter = org_charter(request, s, user.organisation_id)
    now = utc_now()
    draft = draft_case(s, incident_id, charter, options=options, now=now)
    row = store_draft(s, draft, incident_id=incident_id, actor=user.email, now=now)
    s.commit()
    return RedirectResponse(f"/cases/{row.id}/preview", status_code=303)


@router.get("/cases/{case_id}/preview", response_class=HTMLResponse)
def preview_page(
    request: Request, s: SessionDep, user: CurrentUser, lang: LangDep, case_id: ItemId
) -> HTMLResponse:
    """The case exactly as it would be shared, every replacement (kind, original →
    replacement, where) and anything still found."""
    row = _own_case(s, user.organisation_id, case_id, lang)
    left = _leftovers(request, s, row, user.organisation_id)
    return render(
        request,
        "case_preview.html",
        lang,
        row=row,
        case=shared(row),
        items=row.replacements.get("items", []),
        left=left,
    )


@router.post("/cases/{case_id}/share")
def share_submit(
    request: Request,
    s: SessionDep,
    user: CmUser,
    lang: LangDep,
    case_id: ItemId,
    confirmed: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Share to the commons: only the drafting organisation, after confirming the preview."""
    row = _own_case(s, user.organisation_id, case_id, lang)
    if confirmed != "yes":
        raise InputError(t("library.share.need_confirm", lang), field="confirmed")
    for where, span in _leftovers(request, s, row, user.organisation_id)[:1]:
        kind = t(f"peer.pii.{span.kind}", lang)
        raise InputError(t("library.share.pii_left", lang, id=case_id, kind=kind, where=where))
    share_case(s, row, actor=user.email)
    s.commit()
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def _leftovers(request: Request, s: Session, row: CaseStudyRow, org: int) -> list[tuple[str, Span]]:
    """Personal data still in the case, the handles and names of its incident's people
    included."""
    brands = _workspace(request).settings.brands
    return case_leftovers(s, row, charter=org_charter(request, s, org), brands=brands)


def _workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def _own(row: CaseStudyRow, org: int) -> bool:
    return row.organisation_id == org


def _own_case(s: SessionDep, org: int, case_id: int, lang: str) -> CaseStudyRow:
    """A case the organisation drafted: others (the commons included) are not previewed."""
    row = get_case(s, case_id, lang=lang, organisation_id=org)
    if not _own(row, org):
        raise NotFound(t("cases.not_found", lang, id=case_id))
    return row


def _own_incident(s: SessionDep, org: int, incident_id: int) -> None:
    if owning_organisation(s, "incident", incident_id) != org:
        raise NotFound(f"no incident {incident_id}")
