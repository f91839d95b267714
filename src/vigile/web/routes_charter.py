"""Settings and the charter editor (admins only): check as you type, save safely.

Checking never writes. Saving refuses an invalid charter with every error (line and
field) and leaves the file as it was; a valid one replaces the file atomically, keeps the
previous one in `charter.yaml.bak`, appends a `charter.saved` entry to the decision log,
and is applied at once by this server's `CharterWatcher` (other processes pick it up at
their next tick). The charter belongs to the workspace, not to one organisation.
"""

from __future__ import annotations

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
from vigile.settings import settings_reference
from vigile.store.journal import append_decision
from vigile.web.auth import AdminUser, Principal
from vigile.web.deps import LangDep, SessionDep
from vigile.web.routes_incidents import charter_watcher
from vigile.web.templating import render

router = APIRouter()
MAX_CHARTER = 200_000  # characters: a charter is a page or two of YAML


class CharterIn(BaseModel):
    charter: str = Field(max_length=MAX_CHARTER, description="The charter YAML.")
    lang: str | None = Field(default=None, description="Language of the explanation (en, fr).")


class CharterSave(BaseModel):
    charter: str = Field(max_length=MAX_CHARTER, description="The charter YAML.")
    base: str | None = Field(
        default=None,
        description="`digest` of the charter the edit started from; a file changed since "
        "is not overwritten (409).",
    )


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


def _save(request: Request, s: Session, user: Principal, text: str, base: str | None) -> Saved:
    """Write the charter (or raise without writing), log who did it, apply it here."""
    path = request.app.state.workspace.settings.charter_path
    saved = write_charter(path, text, base=base)
    append_decision(
        s,
        actor=user.email,
        action="charter.saved",
        subject_type="charter",
        subject_id=None,
        details={
            "file": path.name,
            "sha256": saved.digest,
            "previous": saved.previous,
            "rules": len(saved.charter.rules),
            "via": "api" if user.via == "token" else "dashboard",
        },
    )
    charter_watcher(request)  # refreshes: this server applies the new charter now
    return saved


@router.post("/api/charter/validate", tags=["charter"])
def api_validate_charter(body: CharterIn, user: AdminUser, lang: LangDep) -> dict[str, Any]:
    """Check a charter text without saving it: every error with its line and field, and
    the charter explained in plain words when it is valid."""
    return _check(body.charter, body.lang if body.lang in LANGUAGES else lang)


@router.get("/api/charter", tags=["charter"])
def api_charter(request: Request, user: AdminUser) -> dict[str, Any]:
    """The workspace charter as the editor opens it, and why the running one differs if so."""
    path = request.app.state.workspace.settings.charter_path
    text = current_text(path)
    return {"file": path.name, "charter": text, "digest": digest(text), **_running(request)}


@router.put("/api/charter", tags=["charter"], response_model=None)
def api_save_charter(
    request: Request, s: SessionDep, user: AdminUser, body: CharterSave
) -> dict[str, Any] | JSONResponse:
    """Replace the workspace charter; an invalid one is refused (422) with every error."""
    try:
        saved = _save(request, s, user, body.charter, body.base)
    except CharterRefused as exc:
        problems = [_problem(p) for p in exc.problems]
        content = {"code": exc.code, "message": exc.message, "errors": problems}
        return JSONResponse(content, status_code=422)
    return {
        "digest": saved.digest,
        "previous": saved.previous,
        "backup": saved.backup.name if saved.backup else None,
        "rules": len(saved.charter.rules),
        **_running(request),
    }


def _running(request: Request) -> dict[str, Any]:
    watcher = charter_watcher(request)
    return {"running_digest": watcher.digest, "error": watcher.error}


@router.get("/settings/charter", response_class=HTMLResponse, include_in_schema=False)
def charter_editor(request: Request, user: AdminUser, lang: LangDep) -> HTMLResponse:
    path = request.app.state.workspace.settings.charter_path
    text = current_text(path)
    saved = request.query_params.get("saved") == "1"
    return _editor(request, lang, text=text, base=digest(text), saved=saved)


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
    if action != "save":
        return _editor(request, lang, text=charter, base=base)
    try:
        _save(request, s, user, charter, base or None)
    except CharterRefused:
        message = t("charter_editor.refused", lang)
        return _editor(request, lang, text=charter, base=base, error=message, status_code=422)
    except CharterChanged:
        message = t("charter_editor.changed", lang)
        return _editor(request, lang, text=charter, base=base, error=message, status_code=409)
    return RedirectResponse("/settings/charter?saved=1", status_code=303)


def _editor(
    request: Request,
    lang: str,
    *,
    text: str,
    base: str,
    saved: bool = False,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "charter_editor.html",
        lang,
        status_code=status_code,
        text=text,
        base=base,
        check=_check(text, lang),
        running=_running(request),
        saved=saved,
        error=error,
        max_chars=MAX_CHARTER,
    )


@router.get("/settings", response_class=HTMLResponse, include_in_schema=False)
def settings_page(request: Request, user: AdminUser, lang: LangDep) -> HTMLResponse:
    """The workspace settings, read-only; secrets are only said to be set or not."""
    settings = request.app.state.workspace.settings
    rows = [
        (name, _shown(name, getattr(settings, name), lang), help_text)
        for name, _default, help_text in settings_reference()
    ]
    watcher = charter_watcher(request)
    return render(
        request,
        "settings.html",
        lang,
        rows=rows,
        charter_file=settings.charter_path.name,
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
