"""Tell people about peer help: an in-app notice always, an e-mail when a server is set.

Notices are written in the same transaction as the request or answer they announce;
the e-mails go out after it is committed (`deliver`), so a mail server that is down
never loses a request: the notice records `failed` and the error, the asker sees it on
the request, and the log says so (without any text of the request).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from vigile.community.peers import peers_to_tell
from vigile.i18n import LANGUAGES, t
from vigile.mail import MailError, mail_configured, send_mail
from vigile.settings import Settings
from vigile.store.db import Database
from vigile.store.schema import HelpAnswerRow, HelpRequestRow, PeerNotice, PeerProfile, User

log = logging.getLogger(__name__)
NEW_REQUEST, NEW_ANSWER = "request", "answer"
PENDING, SENT, FAILED, NO_MAIL = "pending", "sent", "failed", "none"


def announce_request(
    session: Session, request: HelpRequestRow, *, settings: Settings, now: datetime
) -> list[int]:
    """A notice for every experienced peer who may answer; the ids to `deliver`."""
    peers = peers_to_tell(session, asking_org=request.organisation_id)
    return _notices(
        session, [p.user_id for p in peers], NEW_REQUEST, request.id, None, settings, now
    )


def announce_answer(
    session: Session, answer: HelpAnswerRow, *, settings: Settings, now: datetime
) -> list[int]:
    """A notice for the user who asked (none for a request opened from the CLI)."""
    request = session.get_one(HelpRequestRow, answer.request_id)
    if request.asked_by is None:
        return []
    return _notices(session, [request.asked_by], NEW_ANSWER, request.id, answer.id, settings, now)


def _notices(
    session: Session,
    user_ids: Sequence[int],
    kind: str,
    request_id: int,
    answer_id: int | None,
    settings: Settings,
    now: datetime,
) -> list[int]:
    mail = PENDING if mail_configured(settings) else NO_MAIL
    rows = [
        PeerNotice(
            user_id=user_id,
            kind=kind,
            request_id=request_id,
            answer_id=answer_id,
            created_at=now,
            read_at=None,
            mail=mail,
            mail_error=None,
        )
        for user_id in user_ids
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows if row.mail == PENDING]


def deliver(db: Database, settings: Settings, notice_ids: Sequence[int]) -> None:
    """Send the e-mails of committed notices, each in its reader's language."""
    for notice_id in notice_ids:
        with db.session() as session:
            notice = session.get(PeerNotice, notice_id)
            if notice is None or notice.mail != PENDING:
                continue
            user = session.get_one(User, notice.user_id)
            chosen = session.get(PeerProfile, user.id)
            lang = chosen.lang if chosen and chosen.lang in LANGUAGES else settings.language
            request = session.get_one(HelpRequestRow, notice.request_id)
            subject, body = _message(notice, request, settings, lang)
            try:
                send_mail(settings, to=user.email, subject=subject, body=body)
            except MailError as exc:
                log.warning("peer help e-mail %s not sent: %s", notice_id, exc.message)
                notice.mail, notice.mail_error = FAILED, exc.message[:500]
            else:
                notice.mail = SENT


def _message(
    notice: PeerNotice, request: HelpRequestRow, settings: Settings, lang: str
) -> tuple[str, str]:
    link = f"{settings.base_url.rstrip('/')}/peer/{request.id}"
    question = request.question if len(request.question) <= 200 else request.question[:199] + "…"
    key = "peer.mail.request" if notice.kind == NEW_REQUEST else "peer.mail.answer"
    subject = t(f"{key}.subject", lang, id=request.id)
    return subject, t(f"{key}.body", lang, question=question, link=link)


def unread(session: Session, user_id: int) -> int:
    query = select(func.count()).where(PeerNotice.user_id == user_id, PeerNotice.read_at.is_(None))
    return int(session.scalar(query) or 0)


def mark_read(session: Session, user_id: int, request_id: int, *, now: datetime) -> None:
    session.execute(
        update(PeerNotice)
        .where(
            PeerNotice.user_id == user_id,
            PeerNotice.request_id == request_id,
            PeerNotice.read_at.is_(None),
        )
        .values(read_at=now)
    )


def delivery(session: Session, request_id: int) -> dict[str, object]:
    """How the announcements of a request went: counts per mail state, the errors."""
    rows = session.execute(
        select(PeerNotice.mail, PeerNotice.mail_error).where(
            PeerNotice.request_id == request_id, PeerNotice.kind == NEW_REQUEST
        )
    ).all()
    counts = {state: 0 for state in (SENT, FAILED, PENDING, NO_MAIL)}
    for state, _ in rows:
        counts[state] = counts.get(state, 0) + 1
    errors = sorted({error for state, error in rows if state == FAILED and error})
    return {"peers": len(rows), **counts, "errors": errors}
