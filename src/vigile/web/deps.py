"""Request dependencies shared by the app and its routers (a session, the language, ids)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from vigile.i18n import LANGUAGES
from vigile.workspace import Workspace


def _session(request: Request) -> Iterator[Session]:
    """One transaction per request, committed when the route returns (see SessionDep)."""
    workspace: Workspace = request.app.state.workspace
    with workspace.db.session() as session:
        yield session


def _language(request: Request, lang: str | None = None) -> str:
    """?lang= first, then the cookie it sets, then the workspace's language."""
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
