"""Settings and the charter editor (admins only): check as you type, save safely.

Each organisation has its own charter (`charters/<slug>.yaml`); one without it inherits
the workspace default (`charter.yaml`), which only the workspace owners (the admins of the
`default` organisation, whose charter it is) edit. An admin reads and saves the charter
of the organisation they act in, never another's. URLs that may hold a secret (apprise
tokens, passwords) are masked in what the API and the editor show, and put back when the
masked text is saved (`policy.masking`).

Checking never writes. Saving refuses an invalid charter with every error (line and
field) and leaves the file as it was; a valid one replaces the file atomically, keeps the
previous one beside it (`.bak`), appends a `charter.saved` entry to the decision log, and
is applied at once by this server (other processes pick it up at their next tick).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from vigile.i18n import LANGUAGES, t
from vigile.policy.charter import CharterProblem, check_charter
from vigile.policy.edit import CharterChanged, CharterRefused, Saved, current_text, digest
from vigile.policy.edit import save_charter as write_charter
from vigile.policy.explain import explain
from vigile.policy.masking import UnknownMask, mask_secrets, unmask_secrets
from vigile.settings import settings_reference
from vigile.store.journal import append_decision
from vigile.web.auth import AdminUser, Principal
from vigile.web.charters import charter_book, org_slug, org_watcher
from vigile.web.deps import LangDep, SessionDep
from vigile.web.templating import render

router = APIRouter()
MAX_CHARTER = 200_000  # characters: a charter is a page or two of YAML


class CharterIn(BaseModel):
    charter: str = Field(max_length=MAX_CHARTER, description="The charter YAML.")
    lang: str | None = Field(default=None, description="Language of the explanation (en, fr).")


class CharterSave(BaseModel):
    charter: str = Field(
        max_length=MAX_CHARTER,
        description="The charter YAML; masked URLs (`scheme://•••fingerprint•••`) as "
        "`GET /api/charter` gave them are kept as they were.",
    )
    base: str | None = Field(
        default=None,
        description="`digest` of the charter the edit started from; a file changed since "
        "is not overwritten (409).",
    )


@dataclass(frozen=True)
class Scope:
    """The charter an admin edits: their organisation's file, and what it holds now."""

    organisation: str
    path: Path
    file: str  # as shown: `charter.yaml`, `charters/brindille.yaml`
    inherited: bool  # no file of its own yet: `text` is the workspace default
    text: str  # unmasked: never leaves the server


def _scope(request: Request, s: Session, user: Principal) -> Scope:
    files = charter_book(request).files
    slug = org_slug(s, user.organisation_id)
    path = files.path(slug)
    inherited = files.inherits(slug)
    text = current_text(files.default if inherited else path)
    home = request.app.state.workspace.settings.home
    shown = str(path.relative_to(home)) if path.is_relative_to(home) else path.name
    return Scope(slug, path, shown, inherited, text)


def _key(request: Request) -> str:
    return str(request.app.state.workspace.secret())


def _check(text: str, lang: str) -> dict[str, Any]:
    """Whether `text` is a valid charter, every problem, and what it means in plain words."""
    charter, problems = check_charter(text)
    return {
        "valid": charter is not None,
        "errors": [_problem(p) for p in problems],
        "explanation": explain(charter, lang) if charter is not None else None,
        "rules": len(charter.rules) if charter is not None else None,
    }


def _problem(problem: CharterProblem) -> dict[str, Any]:
    return {"line": problem.line, "field": problem.field, "message": problem.message}


def _save(
    request: Request, s: Session, user: Principal, text: str, base: str | None
) -> tuple[Scope, Saved]:
    """Write the organisation's charter (or raise without writing), masks put back, log
    who did it, apply it here."""
    scope = _scope(request, s, user)
    try:
        real = unmask_secrets(text, originals=[scope.text], key=_key(request))
    except UnknownMask as exc:
        raise CharterRefused(exc.problems) from exc
    saved = write_charter(scope.path, real, base=base, before=scope.text)
    append_decision(
        s,
        actor=user.email,
        action="charter.saved",
        subject_type="charter",
        subject_id=None,
        details={
            "organisation": scope.organisation,
            "file": scope.file,
            "sha256": saved.digest,
            "previous": saved.previous,
            "rules": len(saved.charter.rules),
            "via": "api" if user.via == "token" else "dashboard",
        },
    )
    org_watcher(request, s, user.organisation_id)  # this server applies the new charter now
    return scope, saved


@router.post("/api/charter/validate", tags=["charter"])
def api_validate_charter(body: CharterIn, user: AdminUser, lang: LangDep) -> dict[str, Any]:
    """Check a charter text without saving it: every error with its line and field, and
    the charter explained in plain words when it is valid."""
    return _check(body.charter, body.lang if body.lang in LANGUAGES else lang)


@router.get("/api/charter", tags=["charter"])
def api_charter(request: Request, s: SessionDep, user: AdminUser) -> dict[str, Any]:
    """The organisation's charter as the editor opens it (the workspace default while it
    has none of its own: `inherited`), URLs that may hold a secret masked, and why the
    running one differs if so."""
    scope = _scope(request, s, user)
    return {
        "organisation": scope.organisation,
        "file": scope.file,
        "inherited": scope.inherited,
        "charter": mask_secrets(scope.text, key=_key(request)),
        "digest": digest(scope.text),
        **_running(request, s, user),
    }


@router.put("/api/charter", tags=["charter"], response_model=None)
def api_save_charter(
    request: Request, s: SessionDep, user: AdminUser, body: CharterSave
) -> dict[str, Any] | JSONResponse:
    """Replace the organisation's charter (the default for the `default` organisation);
    an invalid one is refused (422) with every error."""
    try:
        scope, saved = _save(request, s, user, body.charter, body.base)
    except CharterRefused as exc:
        problems = [_problem(p) for p in exc.problems]
        content = {"code": exc.code, "message": exc.message, "errors": problems}
        return JSONResponse(content, status_code=422)
    return {
        "organisation": scope.organisation,
        "file": scope.file,
        "digest": saved.digest,
        "previous": saved.previous,
        "backup": saved.backup.name if saved.backup else None,
        "rules": len(saved.charter.rules),
        **_running(request, s, user),
    }


def _running(request: Request, s: Session, user: Principal) -> dict[str, Any]:
    watcher = org_watcher(request, s, user.organisation_id)
    return {"running_digest": watcher.digest, "error": watcher.error}


@router.get("/settings/charter", response_class=HTMLResponse, include_in_schema=False)
def charter_editor(request: Request, s: SessionDep, user: AdminUser, lang: LangDep) -> HTMLResponse:
    scope = _scope(request, s, user)
    saved = request.query_params.get("saved") == "1"
    text = mask_secrets(scope.text, key=_key(request))
    return _editor(request, s, user, lang, text=text, base=digest(scope.text), saved=saved)


@router.post("/settings/charter", include_in_schema=False, response_model=None)
def charter_submit(
    request: Request,
    s: SessionDep,
    user: AdminUser,
    lang: LangDep,
    charter: Annotated[str, Form()] = "",
    base: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "check",
) -> HTMLResponse | RedirectResponse:
    """Without JavaScript: "check" shows the errors and the explanation, "save" saves."""
    editor = partial(_editor, request, s, user, lang, text=charter, base=base)
    if action != "save":
        return editor()
    try:
        _save(request, s, user, charter, base or None)
    except CharterRefused as exc:
        message = t("charter_editor.refused", lang)
        problems = exc.problems
        return editor(error=message, problems=problems)
    except CharterChanged:
        message = t("charter_editor.changed", lang)
        return editor(error=message, status_code=409)
    return RedirectResponse("/settings/charter?saved=1", status_code=303)


def _editor(
    request: Request,
    s: Session,
    user: Principal,
    lang: str,
    *,
    text: str,
    base: str,
    saved: bool = False,
    error: str | None = None,
    problems: list[CharterProblem] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    check = _check(text, lang)
    if problems:
        check = {**check, "valid": False, "errors": [_problem(p) for p in problems]}
    return render(
        request,
        "charter_editor.html",
        lang,
        status_code=422 if problems else status_code,
        text=text,
        base=base,
        check=check,
        scope=_scope(request, s, user),
        running=_running(request, s, user),
        saved=saved,
        error=error,
        max_chars=MAX_CHARTER,
    )


@router.get("/settings", response_class=HTMLResponse, include_in_schema=False)
def settings_page(request: Request, s: SessionDep, user: AdminUser, lang: LangDep) -> HTMLResponse:
    """The workspace settings, read-only; secrets are only said to be set or not."""
    settings = request.app.state.workspace.settings
    rows = [
        (name, _shown(name, getattr(settings, name), lang), help_text)
        for name, _default, help_text in settings_reference()
    ]
    watcher = org_watcher(request, s, user.organisation_id)
    return render(
        request,
        "settings.html",
        lang,
        rows=rows,
        charter=_scope(request, s, user),
        charter_rules=len(watcher.charter.rules),
        charter_error=watcher.error,
    )


SECRETS = frozenset({"secret_key", "llm_api_key"})


def _shown(name: str, value: Any, lang: str) -> str:
    if name in SECRETS:
        return t("settings.secret_set" if value is not None else "settings.secret_unset", lang)
    if name == "database_url" and value:
        try:
            return make_url(str(value)).render_as_string(hide_password=True)
        except ArgumentError:
            return "(invalid URL)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value is None else str(value)
