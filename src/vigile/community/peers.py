"""Experienced peers: who opted in to answer other organisations, under which name.

Other organisations never see a peer's e-mail, display name or organisation: only the
pseudonymous peer name of the profile (generated, or chosen without personal data) and
a reputation, the number of the peer's answers that askers marked as helpful.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigile.analysis.pii import find_pii
from vigile.domain.errors import InputError
from vigile.domain.model import utc_now
from vigile.i18n import LANGUAGES, t
from vigile.store.accounts import role_at_least
from vigile.store.schema import HelpAnswerRow, Membership, Organisation, PeerProfile, User

ANSWER_ROLE = "cm"
NAME_LENGTH = (3, 40)


@dataclass(frozen=True)
class Peer:
    """Someone to tell about a new request."""

    user_id: int
    email: str
    lang: str


def profile(session: Session, user_id: int, *, lang: str) -> PeerProfile:
    """The user's profile, made on first use (not opted in, a generated peer name)."""
    found = session.get(PeerProfile, user_id)
    if found is not None:
        return found
    made = PeerProfile(
        user_id=user_id,
        peer_name=_fresh_name(session),
        opted_in=False,
        lang=lang if lang in LANGUAGES else "en",
        created_at=utc_now(),
    )
    session.add(made)
    session.flush()
    return made


def update_profile(
    session: Session, user_id: int, *, opted_in: bool, peer_name: str, lang: str, ui: str
) -> PeerProfile:
    """Opt in or out, rename, choose the mail language; a name must hide who you are."""
    row = profile(session, user_id, lang=ui)
    name = " ".join(peer_name.split())
    if name and name != row.peer_name:
        _check_name(session, user_id, name, lang=ui)
        row.peer_name = name
    if lang not in LANGUAGES:
        raise InputError(t("peer.bad_lang", ui), field="lang")
    row.opted_in, row.lang = opted_in, lang
    session.flush()
    return row


def _check_name(session: Session, user_id: int, name: str, *, lang: str) -> None:
    low, high = NAME_LENGTH
    if not low <= len(name) <= high:
        raise InputError(t("peer.name_length", lang, low=low, high=high), field="peer_name")
    user = session.get_one(User, user_id)
    orgs = session.scalars(
        select(Organisation.name)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user_id)
    )
    folded = name.casefold()
    private = [user.email.split("@")[0], user.display_name, *orgs]
    if find_pii(name) or any(p.casefold() in folded for p in private if len(p) >= 3):
        raise InputError(t("peer.name_private", lang), field="peer_name")
    taken = session.scalar(
        select(PeerProfile.user_id).where(
            func.lower(PeerProfile.peer_name) == folded, PeerProfile.user_id != user_id
        )
    )
    if taken is not None:
        raise InputError(t("peer.name_taken", lang), field="peer_name")


def _fresh_name(session: Session) -> str:
    while True:
        name = f"CM-{secrets.token_hex(3).upper()}"
        if session.scalar(select(PeerProfile.user_id).where(PeerProfile.peer_name == name)) is None:
            return name


def may_answer(session: Session, user_id: int, *, role: str, asking_org: int) -> bool:
    """A cm or above, opted in, with no membership in the asking organisation."""
    if not role_at_least(role, ANSWER_ROLE):
        return False
    row = session.get(PeerProfile, user_id)
    if row is None or not row.opted_in:
        return False
    inside = session.scalar(
        select(Membership.id).where(
            Membership.user_id == user_id, Membership.organisation_id == asking_org
        )
    )
    return inside is None


def peers_to_tell(session: Session, *, asking_org: int) -> list[Peer]:
    """Active opted-in peers who may answer a request of `asking_org`."""
    rows = session.execute(
        select(User.id, User.email, PeerProfile.lang, Membership.organisation_id, Membership.role)
        .join(PeerProfile, PeerProfile.user_id == User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(User.active.is_(True), PeerProfile.opted_in.is_(True))
        .order_by(User.id)
    ).all()
    inside = {r.id for r in rows if r.organisation_id == asking_org}
    chosen: dict[int, Peer] = {}
    for r in rows:
        if r.id not in inside and role_at_least(r.role, ANSWER_ROLE):
            chosen.setdefault(r.id, Peer(r.id, r.email, r.lang))
    return list(chosen.values())


def names(session: Session, user_ids: Iterable[int]) -> dict[int, str]:
    wanted = set(user_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(PeerProfile.user_id, PeerProfile.peer_name).where(PeerProfile.user_id.in_(wanted))
    )
    return {user_id: name for user_id, name in rows}


def reputations(session: Session, user_ids: Iterable[int]) -> dict[int, int]:
    """Answers marked helpful, per user."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(HelpAnswerRow.user_id, func.count())
        .where(HelpAnswerRow.user_id.in_(wanted), HelpAnswerRow.accepted.is_(True))
        .group_by(HelpAnswerRow.user_id)
    )
    found = {int(user_id or 0): int(count) for user_id, count in rows}
    return {user_id: found.get(user_id, 0) for user_id in wanted}
