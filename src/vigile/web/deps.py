"""Request dependencies and parameter types shared by the app and its routers (a session,
the language, ids, times)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from pydantic import AfterValidator, BeforeValidator
from sqlalchemy.orm import Session

from vigile.domain.errors import InputError
from vigile.domain.model import as_utc
from vigile.i18n import LANGUAGES, t
from vigile.workspace import Workspace


def _session(request: Request) -> Iterator[Session]:
    """One transaction per request, committed when the route returns (see SessionDep)."""
    workspace: Workspace = request.app.state.workspace
    with workspace.db.session() as session:
        yield session


def _language(request: Request, lang: str | None = None) -> str:
    """?lang= first, then the cookie it sets, then the workspace's language."""
    return language_of(request, lang)


def language_of(request: Request, lang: str | None = None) -> str:
    """The language of a request's messages, also where no dependency ran (an error)."""
    lang = request.query_params.get("lang") if lang is None else lang
    if lang in LANGUAGES:
        return lang
    cookie = request.cookies.get("vigile_lang")
    return cookie if cookie in LANGUAGES else str(request.app.state.workspace.settings.language)


SessionDep = Annotated[Session, Depends(_session, scope="function")]
"""Scope "function": the commit happens before the response leaves, so the request a browser
sends right after a redirect (a login, an acknowledgment) reads what this one wrote. The
default ("request") commits after the response is sent, a race a loaded machine loses."""
LangDep = Annotated[str, Depends(_language)]

MAX_ID = 2**63 - 1
"""The largest row id the databases hold (64-bit): past it SQLite cannot even compare."""
ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="A row id (1 to 2^63 - 1).")]

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _text_time(value: Any) -> Any:
    """A time is ISO 8601 text: pydantic alone would read `0.5` as a Unix time (1970)."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("must be an ISO 8601 date and time, e.g. 2026-11-27T09:30:00Z")
    return value


IsoTime = Annotated[datetime, BeforeValidator(_text_time), AfterValidator(as_utc)]
"""A time in ISO 8601 (a time without zone is UTC), never a bare number."""


def single_values(request: Request) -> None:
    """An API parameter is given once: `?limit=5&limit=x` is refused, not read as 5 or x."""
    if not request.url.path.startswith("/api/"):
        return
    names = [name for name, _ in request.query_params.multi_items()]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        lang = language_of(request)
        problem = t("api.repeated", lang)
        raise InputError(t("api.parameter", lang, name=repeated[0], problem=problem))
