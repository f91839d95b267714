"""One error shape: `{"code", "message"}` with the HTTP status, for every API answer.

Vigile's own errors (`VigileError`) answer so; the handlers here bring FastAPI's request
validation (a bad parameter or body: 422) and Starlette's HTTP errors (an unreadable body,
an unknown route, a wrong method) to the same shape on `/api` and `/ingest`. Pages show
the message on the error page instead, or send a visitor to the login form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from vigile.domain.errors import InputError, NotAuthenticated, NotFound, VigileError
from vigile.i18n import t
from vigile.web.deps import language_of
from vigile.web.templating import render

SHOWN_PROBLEMS = 3  # a message names the first few; a client fixes them in turn
HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


class ErrorOut(BaseModel):
    """What every error of the API answers (`/ingest`'s 422 lists its rejected rows)."""

    code: str = Field(description="Stable, for programs: not_found, input_error...")
    message: str = Field(description="For people, in the caller's language; names the field.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Each problem of a charter that does not validate."
    )


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(VigileError, vigile_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/") or path == "/ingest"


async def vigile_error(request: Request, exc: VigileError) -> Response:
    """JSON for the API; pages send the browser to the login form or show the message."""
    if is_api(request):
        body = {"code": exc.code, "message": exc.message}
        return JSONResponse(body, status_code=exc.http_status)
    if isinstance(exc, NotAuthenticated) and request.method == "GET":
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    lang = language_of(request)
    return render(request, "error.html", lang, status_code=exc.http_status, message=exc.message)


async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """A parameter or body FastAPI could not read: 422 naming where, as `InputError`."""
    lang = language_of(request)
    problems = [_problem(error, lang) for error in exc.errors()[:SHOWN_PROBLEMS]]
    return await vigile_error(request, InputError("; ".join(problems)))


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if not is_api(request):
        return await http_exception_handler(request, exc)
    lang = language_of(request)
    if exc.status_code == 400:  # FastAPI could not even parse the body
        return await vigile_error(request, InputError(t("api.unreadable", lang, why=exc.detail)))
    if exc.status_code == 404:
        return await vigile_error(request, NotFound(t("api.no_route", lang, path=request.url.path)))
    code = HTTP_CODES.get(exc.status_code, "http_error")
    message = t("api.method", lang, method=request.method) if exc.status_code == 405 else exc.detail
    body = {"code": code, "message": str(message)}
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


def _problem(error: Any, lang: str) -> str:
    """`parameter 'until': ...`, `field 'text': ...` or `body: ...` for one error."""
    where: Sequence[Any] = error.get("loc", ())
    if error.get("type") == "json_invalid":
        why = error.get("ctx", {}).get("error", "")
        return t("api.not_json", lang, why=why, at=where[1] if len(where) > 1 else 0)
    problem = str(error.get("msg", "")).removeprefix("Value error, ")
    if len(where) >= 2 and where[0] in ("query", "path", "header", "cookie"):
        return t("api.parameter", lang, name=where[-1], problem=problem)
    if len(where) >= 2 and where[0] == "body":
        name = ".".join(str(part) for part in where[1:])
        return t("api.field", lang, name=name, problem=problem)
    return t("api.body", lang, problem=problem)
