"""Playbook API: the scenario library, scenarios ranked for a thread, reply drafts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from vigile.domain.charter import Charter
from vigile.domain.errors import NotFound
from vigile.i18n import LANGUAGES
from vigile.pipeline.advice import draft_for_thread, llm_config, recommend_thread
from vigile.pipeline.advice import workspace_library as load_workspace_library
from vigile.playbooks import drafts, recommend
from vigile.playbooks.library import Library
from vigile.store.queries import owning_organisation
from vigile.web.auth import CurrentOrg
from vigile.web.charters import org_charter
from vigile.web.deps import ItemId, SessionDep
from vigile.workspace import Workspace

router = APIRouter(prefix="/api", tags=["playbooks"])


def _workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def _language(request: Request, lang: Annotated[str | None, Query()] = None) -> str:
    if lang in LANGUAGES:
        return str(lang)
    return str(_workspace(request).settings.language)


def workspace_library(request: Request) -> Library:
    """Read once per app: scenario files change rarely; restart to pick up edits."""
    state = request.app.state
    if getattr(state, "playbook_library", None) is None:
        state.playbook_library = load_workspace_library(_workspace(request).settings)
    library: Library = state.playbook_library
    return library


def thread_charter(request: Request, session: Session, thread_id: int) -> Charter:
    """The charter of the organisation the thread belongs to."""
    found = owning_organisation(session, "thread", thread_id)
    if found is None:
        raise NotFound(f"no thread {thread_id}")
    return org_charter(request, session, found)


LangDep = Annotated[str, Depends(_language)]
LibraryDep = Annotated[Library, Depends(workspace_library)]


class DraftRequest(BaseModel):
    """Which scenario and comment to draft for (default: best fit, latest relevant comment),
    and slot values the CM knows (`{"product": "la Ruche"}`)."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = None
    comment: str | None = None
    template: str | None = None
    slots: dict[str, str] = {}


@router.get("/scenarios")
def api_scenarios(library: LibraryDep, lang: LangDep) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "title": s.title[lang],
            "description": s.description[lang],
            "steps": list(s.steps[lang]),
            "avoid": list(s.avoid[lang]),
            "inform": list(s.inform),
            "templates": [{"id": t.id, "label": t.label[lang]} for t in s.templates],
        }
        for s in library
    ]


def own_thread(session: Session, organisation_id: int, thread_id: int) -> None:
    """404 for another organisation's thread, exactly as for one that does not exist."""
    if owning_organisation(session, "thread", thread_id) != organisation_id:
        raise NotFound(f"no thread {thread_id}")


@router.get("/threads/{thread_id}/scenarios")
def api_thread_scenarios(
    s: SessionDep, org: CurrentOrg, library: LibraryDep, lang: LangDep, thread_id: ItemId
) -> dict[str, Any]:
    own_thread(s, org, thread_id)
    _, ranked = recommend_thread(s, thread_id, library)
    return {"thread": thread_id, "scenarios": [recommend.as_record(r, lang) for r in ranked]}


@router.post("/threads/{thread_id}/drafts")
def api_thread_draft(
    request: Request,
    s: SessionDep,
    org: CurrentOrg,
    library: LibraryDep,
    lang: LangDep,
    thread_id: ItemId,
    body: DraftRequest | None = None,
) -> dict[str, Any]:
    own_thread(s, org, thread_id)
    wanted = body or DraftRequest()
    draft = draft_for_thread(
        s,
        thread_id,
        library=library,
        charter=thread_charter(request, s, thread_id),
        lang=lang,
        scenario_id=wanted.scenario,
        comment_id=wanted.comment,
        template_id=wanted.template,
        slots=wanted.slots,
        llm=llm_config(_workspace(request).settings),
    )
    return {"thread": thread_id, **drafts.as_record(draft)}


def thread_advice(request: Request, session: Session, thread_id: int, lang: str) -> dict[str, Any]:
    """The best-fitting scenario and its template draft, for the thread page (no LLM call:
    a page must not wait on a model)."""
    library = workspace_library(request)
    _, ranked = recommend_thread(session, thread_id, library)
    if not ranked:
        return {}
    draft = draft_for_thread(
        session,
        thread_id,
        library=library,
        charter=thread_charter(request, session, thread_id),
        lang=lang,
    )
    return {"scenario": recommend.as_record(ranked[0], lang), "draft": drafts.as_record(draft)}
