"""The charter in force for the organisation a request acts in (its own, else the default)."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from vigile.domain.charter import Charter
from vigile.policy.charters import CharterBook
from vigile.policy.reload import CharterWatcher
from vigile.store.schema import Organisation


def charter_book(request: Request) -> CharterBook:
    book: CharterBook = request.app.state.charters
    return book


def org_slug(session: Session, organisation_id: int) -> str:
    return session.get_one(Organisation, organisation_id).slug


def org_watcher(request: Request, session: Session, organisation_id: int) -> CharterWatcher:
    """The organisation's charter watcher, refreshed when its file changed."""
    return charter_book(request).watcher(org_slug(session, organisation_id))


def org_charter(request: Request, session: Session, organisation_id: int) -> Charter:
    """What the analysis, escalation, checks and reports use for this organisation."""
    return org_watcher(request, session, organisation_id).charter
