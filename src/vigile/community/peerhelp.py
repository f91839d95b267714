"""Peer help (entraide): anonymised help requests, answers from other organisations.

A request holds only anonymised text (the question, what happened, the post and thread
excerpts): the originals are never stored with it, so a peer cannot see them. Peers of
other organisations answer; the asking organisation marks the answers that helped, and
an author's reputation is the number of their answers marked so. Every write appends to
the decision log (ids only).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigile.community.anonymise import Pseudonyms, anonymise
from vigile.community.casestudy import Draft
from vigile.domain.errors import InvalidTransition, NotFound
from vigile.i18n import t
from vigile.store.comments import ensure_organisation
from vigile.store.journal import append_decision
from vigile.store.schema import HelpAnswerRow, HelpRequestRow, Incident, Organisation, Page

OPEN, CLOSED = "open", "closed"


def ask(session: Session, draft: Draft, *, incident_id: int, actor: str, now: datetime) -> int:
    """Open a help request from an incident's anonymised context; its id."""
    incident = session.get_one(Incident, incident_id)
    page = session.get_one(Page, incident.page_id)
    row = HelpRequestRow(
        organisation_id=page.organisation_id,
        incident_id=incident_id,
        lang=draft.lang,
        question=draft.body["question"],
        context={k: v for k, v in draft.body.items() if k != "question"},
        status=OPEN,
        created_at=now,
    )
    session.add(row)
    session.flush()
    _log(session, "help.asked", row.id, actor=actor, details={"incident": incident_id})
    return row.id


def open_requests(session: Session, *, org: str) -> list[HelpRequestRow]:
    """Open requests of the other organisations: what a peer of `org` may answer."""
    own = ensure_organisation(session, org).id
    query = select(HelpRequestRow).where(
        HelpRequestRow.status == OPEN, HelpRequestRow.organisation_id != own
    )
    return list(session.scalars(query.order_by(HelpRequestRow.id)))


def get_request(session: Session, request_id: int, *, lang: str) -> HelpRequestRow:
    row = session.get(HelpRequestRow, request_id)
    if row is None:
        raise NotFound(t("peer.not_found", lang, id=request_id))
    return row


def answers(session: Session, request_id: int) -> list[tuple[HelpAnswerRow, str]]:
    """The answers to a request with their organisation's slug, oldest first."""
    query = (
        select(HelpAnswerRow, Organisation.slug)
        .join(Organisation, Organisation.id == HelpAnswerRow.organisation_id)
        .where(HelpAnswerRow.request_id == request_id)
        .order_by(HelpAnswerRow.id)
    )
    return [(answer, slug) for answer, slug in session.execute(query).all()]


def answer(
    session: Session,
    request_id: int,
    text: str,
    *,
    org: str,
    author: str,
    now: datetime,
    lang: str = "en",
) -> int:
    """A peer's answer (anonymised too); refused on one's own or a closed request."""
    request = get_request(session, request_id, lang=lang)
    organisation = ensure_organisation(session, org)
    if organisation.id == request.organisation_id:
        raise InvalidTransition(t("peer.own_request", lang, id=request_id))
    if request.status != OPEN:
        raise InvalidTransition(t("peer.closed", lang, id=request_id))
    clean = anonymise(text, Pseudonyms(request.lang)).text
    row = HelpAnswerRow(
        request_id=request_id,
        organisation_id=organisation.id,
        author=author,
        text=clean,
        accepted=False,
        created_at=now,
    )
    session.add(row)
    session.flush()
    _log(session, "help.answered", request_id, actor=author, details={"answer": row.id})
    return row.id


def accept(
    session: Session, answer_id: int, *, org: str, actor: str, lang: str = "en"
) -> HelpAnswerRow:
    """The asking organisation marks an answer as helpful."""
    row = session.get(HelpAnswerRow, answer_id)
    if row is None:
        raise NotFound(t("peer.answer_not_found", lang, id=answer_id))
    request = session.get_one(HelpRequestRow, row.request_id)
    if ensure_organisation(session, org).id != request.organisation_id:
        raise InvalidTransition(t("peer.not_asker", lang, id=request.id))
    row.accepted = True
    _log(session, "help.accepted", request.id, actor=actor, details={"answer": answer_id})
    return row


def close(session: Session, request_id: int, *, actor: str, lang: str = "en") -> None:
    get_request(session, request_id, lang=lang).status = CLOSED
    _log(session, "help.closed", request_id, actor=actor, details={})


def reputation(session: Session) -> list[tuple[str, str, int]]:
    """(organisation, author, answers marked helpful), best first."""
    query = (
        select(Organisation.slug, HelpAnswerRow.author, func.count())
        .join(Organisation, Organisation.id == HelpAnswerRow.organisation_id)
        .where(HelpAnswerRow.accepted.is_(True))
        .group_by(Organisation.slug, HelpAnswerRow.author)
    )
    rows = [(slug, author, int(count)) for slug, author, count in session.execute(query).all()]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def _log(
    session: Session, action: str, request_id: int, *, actor: str, details: dict[str, int]
) -> None:
    append_decision(
        session,
        actor=actor,
        action=action,
        subject_type="help_request",
        subject_id=request_id,
        details=dict(details),
    )
