"""`POST /api/checks/reply` and `POST /api/checks/post`: the checks over HTTP."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import AfterValidator, BaseModel, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from vigile.analysis.registry import load_scorer
from vigile.community.matching import past_cases
from vigile.domain.model import as_utc, utc_now
from vigile.i18n import LANGUAGES
from vigile.playbooks.networks import limits
from vigile.playbooks.post_check import check_post
from vigile.playbooks.render import as_dict
from vigile.playbooks.reply_check import check_reply
from vigile.store.post_context import post_context
from vigile.web.auth import CurrentOrg
from vigile.web.charters import org_charter
from vigile.web.deps import IsoTime, SessionDep
from vigile.workspace import Workspace

router = APIRouter(prefix="/api/checks", tags=["checks"])
MAX_TEXT = 20_000


class _KnownNetwork:
    """The JSON schema of a network name lists the networks of `networks.yaml` (read
    when the OpenAPI description is built, not at import)."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(core_schema), "enum": sorted(limits())}


def _known_network(name: str) -> str:
    known = limits()
    if name.strip().lower() not in known:
        raise ValueError(f"unknown network (known: {', '.join(sorted(known))})")
    return name.strip().lower()


NetworkName = Annotated[str, Field(max_length=50), AfterValidator(_known_network), _KnownNetwork()]


class ReplyCheckRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    network: NetworkName | None = Field(
        default=None, description="Network the reply goes to (its length limits)."
    )
    lang: Literal["en", "fr"] | None = Field(default=None, description="Language of messages.")


class PostCheckRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    page: str | None = Field(default=None, description="network:handle; every page when empty.")
    at: IsoTime | None = Field(
        default=None, description="When it would go out, ISO 8601 (default now)."
    )
    lang: Literal["en", "fr"] | None = Field(default=None, description="Language of messages.")


class FindingOut(BaseModel):
    code: str
    severity: Literal["note", "warn", "block"]
    span: list[int] | None
    values: dict[str, str | int | float]
    suggestion: str | None
    weight: float
    message: str
    fix: str


class ApprovalOut(BaseModel):
    target: str
    names: list[str]


class CheckOut(BaseModel):
    kind: Literal["reply", "post"]
    ok: bool
    lang: str
    risk: float
    scores: dict[str, float]
    findings: list[FindingOut]
    approvals: list[ApprovalOut]


@router.post("/reply")
def api_check_reply(
    request: Request, s: SessionDep, org: CurrentOrg, body: ReplyCheckRequest
) -> CheckOut:
    """Tone and charter check of a reply; `ok` is false when a finding blocks it."""
    workspace: Workspace = request.app.state.workspace
    charter = org_charter(request, s, org)
    result = check_reply(
        body.text, charter=charter, scorer=load_scorer("comments"), network=body.network
    )
    return CheckOut.model_validate(as_dict(result, _lang(workspace, body.lang)))


@router.post("/post")
def api_check_post(
    request: Request, s: SessionDep, org: CurrentOrg, body: PostCheckRequest
) -> CheckOut:
    """Risk check of a brand post, with the approvals the organisation's charter requires."""
    workspace: Workspace = request.app.state.workspace
    charter = org_charter(request, s, org)
    at = as_utc(body.at) if body.at else utc_now()
    with workspace.db.session() as session:
        context = post_context(session, page=body.page, at=at, organisation_id=org)
        cases = past_cases(session, body.text, organisation_id=org)
    context = replace(context, past_cases=cases)
    result = check_post(body.text, charter=charter, scorer=load_scorer("comments"), context=context)
    return CheckOut.model_validate(as_dict(result, _lang(workspace, body.lang)))


def _lang(workspace: Workspace, asked: str | None) -> str:
    return asked if asked in LANGUAGES else str(workspace.settings.language)
