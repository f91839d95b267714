"""Peer help (entraide): anonymised help requests, answers from other organisations.

A request holds only anonymised text (the question, what happened, the post and thread
excerpts): the originals are never stored with it, so a peer cannot see them. Peers of
other organisations answer; the asking organisation marks the answers that helped, and
a peer's reputation is the number of their answers marked so. Requests and answers pass
the commons' gate (`moderation.Screen`) before anyone else can read them. Every write
appends to the decision log (ids only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigile.community.anonymise import Pseudonyms, anonymise
from vigile.community.casestudy import Draft
from vigile.community.moderation import HELD, PUBLISHED, Screen, judge
from vigile.domain.errors import Forbidden, InputError, InvalidTransition, NotFound
from vigile.i18n import t
from vigile.store.comments import ensure_organisation
from vigile.store.journal import append_decision
from vigile.store.schema import (
    Alert,
    HelpAnswerRow,
    HelpRequestRow,
    Incident,
    Organisation,
    Page,
)

OPEN, CLOSED = "open", "closed"
MAX_TEXT = 5000


@dataclass(frozen=True)
class Actor:
    """Who writes: a user of the dashboard (id) or a CLI operator (name only)."""

    name: str
    user_id: int | None = None


def ask(
    session: Session,
    draft: Draft,
    *,
    incident_id: int,
    actor: str | Actor,
    now: datetime,
    screen: Screen | None = None,
) -> int:
    """Open a help request from an incident's anonymised context; its id.

    With a `screen`, the request is held when the question is toxic or personal data is
    still found in what would be shown."""
    who = actor if isinstance(actor, Actor) else Actor(actor)
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
        asked_by=who.user_id,
        scenario=_scenario(session, incident_id),
        network=page.network,
        moderation=PUBLISHED,
    )
    if screen is not None:
        judge(row, screen.reasons(row.question, shown(row), lang=row.lang, known=originals(draft)))
    session.add(row)
    session.flush()
    _log(session, "help.asked", row.id, actor=who.name, details={"incident": incident_id})
    if row.moderation == HELD:
        _log(session, "help.held", row.id, actor="vigile", details={})
    return row.id


def _scenario(session: Session, incident_id: int) -> str:
    kinds = session.scalars(
        select(Alert.kind).where(Alert.incident_id == incident_id).distinct().order_by(Alert.kind)
    ).all()
    return kinds[0] if kinds else "incident"


def originals(draft: Draft) -> list[str]:
    """People's originals the anonymiser replaced: none may be found again."""
    people = ("author", "handle", "name", "email", "phone")
    return sorted({r.original.lstrip("@") for _, r in draft.replacements if r.kind in people})


def shown(row: HelpRequestRow) -> list[str]:
    """Every text of a request that peers would read."""
    context = row.context
    texts = [row.question, str(context.get("happened", "")), str(context.get("post", ""))]
    for excerpt in context.get("excerpts", []) or []:
        texts.extend((str(excerpt.get("author", "")), str(excerpt.get("text", ""))))
    return texts


def open_requests(session: Session, *, org: str | int) -> list[HelpRequestRow]:
    """Open, published requests of the other organisations: what a peer of `org` may answer."""
    own = org if isinstance(org, int) else ensure_organisation(session, org).id
    query = select(HelpRequestRow).where(
        HelpRequestRow.status == OPEN,
        HelpRequestRow.organisation_id != own,
        HelpRequestRow.moderation == PUBLISHED,
    )
    return list(session.scalars(query.order_by(HelpRequestRow.id.desc())))


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
    org: str | int,
    author: str | Actor,
    now: datetime,
    lang: str = "en",
    screen: Screen | None = None,
) -> int:
    """A peer's answer (anonymised too); refused on one's own or a closed request."""
    who = author if isinstance(author, Actor) else Actor(author)
    request = get_request(session, request_id, lang=lang)
    org_id = org if isinstance(org, int) else ensure_organisation(session, org).id
    if org_id == request.organisation_id:
        raise InvalidTransition(t("peer.own_request", lang, id=request_id))
    if request.status != OPEN or request.moderation != PUBLISHED:
        raise InvalidTransition(t("peer.closed", lang, id=request_id))
    clean = _clean(text, request.lang, lang=lang)
    row = HelpAnswerRow(
        request_id=request_id,
        organisation_id=org_id,
        author=who.name,
        text=clean,
        accepted=False,
        created_at=now,
        user_id=who.user_id,
        moderation=PUBLISHED,
    )
    if screen is not None:
        judge(row, screen.reasons(clean, [clean], lang=request.lang))
    session.add(row)
    session.flush()
    _log(session, "help.answered", request_id, actor=who.name, details={"answer": row.id})
    if row.moderation == HELD:
        _log(session, "help.held", request_id, actor="vigile", details={"answer": row.id})
    return row.id


def _clean(text: str, request_lang: str, *, lang: str) -> str:
    body = text.strip()
    if not body:
        raise InputError(t("peer.empty", lang), field="text")
    if len(body) > MAX_TEXT:
        raise InputError(t("peer.too_long", lang, max=MAX_TEXT), field="text")
    return anonymise(body, Pseudonyms(request_lang)).text


def revise_answer(
    session: Session, answer_id: int, text: str, *, user_id: int, screen: Screen, lang: str
) -> HelpAnswerRow:
    """The author fixes a held answer; it is screened again."""
    row = session.get(HelpAnswerRow, answer_id)
    if row is None or row.user_id != user_id:
        raise NotFound(t("peer.answer_not_found", lang, id=answer_id))
    if row.moderation != HELD:
        raise InvalidTransition(t("peer.not_held", lang))
    request = session.get_one(HelpRequestRow, row.request_id)
    row.text = _clean(text, request.lang, lang=lang)
    judge(row, screen.reasons(row.text, [row.text], lang=request.lang))
    _log(session, "help.revised", request.id, actor=row.author, details={"answer": row.id})
    return row


def revise_question(
    session: Session,
    request_id: int,
    question: str,
    *,
    org: int,
    screen: Screen,
    lang: str,
    actor: str,
) -> HelpRequestRow:
    """The asking organisation fixes a held request's question; it is screened again."""
    row = get_request(session, request_id, lang=lang)
    if row.organisation_id != org:
        raise NotFound(t("peer.not_found", lang, id=request_id))
    if row.moderation != HELD:
        raise InvalidTransition(t("peer.not_held", lang))
    row.question = _clean(question, row.lang, lang=lang)
    judge(row, screen.reasons(row.question, shown(row), lang=row.lang))
    _log(session, "help.revised", request_id, actor=actor, details={})
    return row


def accept(
    session: Session, answer_id: int, *, org: str | int, actor: str, lang: str = "en"
) -> HelpAnswerRow:
    """The asking organisation marks an answer as helpful."""
    row = session.get(HelpAnswerRow, answer_id)
    if row is None:
        raise NotFound(t("peer.answer_not_found", lang, id=answer_id))
    request = session.get_one(HelpRequestRow, row.request_id)
    org_id = org if isinstance(org, int) else ensure_organisation(session, org).id
    if org_id != request.organisation_id:
        raise InvalidTransition(t("peer.not_asker", lang, id=request.id))
    if row.moderation != PUBLISHED:
        raise InvalidTransition(t("peer.not_published", lang))
    row.accepted = True
    _log(session, "help.accepted", request.id, actor=actor, details={"answer": answer_id})
    return row


def close(
    session: Session, request_id: int, *, actor: str, lang: str = "en", org: int | None = None
) -> None:
    """No more answers; from the dashboard, only the asking organisation may close."""
    row = get_request(session, request_id, lang=lang)
    if org is not None and org != row.organisation_id:
        raise Forbidden(t("peer.not_asker", lang, id=request_id))
    row.status = CLOSED
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
