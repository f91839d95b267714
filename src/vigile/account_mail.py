"""Invitation and password-reset e-mail: create the token, then send its link.

An invitation is e-mailed while its request's transaction is open, so that the admin
learns at once when the mail server refused it (the SMTP timeout bounds the wait).
Without `smtp_url`, or when sending failed, the link comes back to the admin, to pass on
by hand. A reset link goes out after the answer (see `send_reset`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vigile.domain.model import iso_z
from vigile.i18n import t
from vigile.mail import MailError, mail_configured, send_mail
from vigile.settings import Settings
from vigile.store.db import Database
from vigile.store.invitations import InvitationView, create_invitation, create_reset

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invited:
    invitation: InvitationView
    link: str
    sent: bool  # False: no mail server, or it failed (`error`); show the link instead
    error: str | None = None


def link(settings: Settings, path: str) -> str:
    return f"{settings.base_url.rstrip('/')}{path}"


def invite(
    session: Session,
    settings: Settings,
    *,
    organisation_id: int,
    email: str,
    role: str,
    lang: str,
    actor: str,
) -> Invited:
    """Store an invitation and e-mail its link in the invitation's language."""
    invitation, token = create_invitation(
        session, organisation_id=organisation_id, email=email, role=role, lang=lang, actor=actor
    )
    url = link(settings, f"/invite/{token}")
    if not mail_configured(settings):
        return Invited(invitation, url, sent=False)
    values = {
        "org": invitation.organisation,
        "inviter": actor,
        "role": t(f"role.{role}", lang),
        "link": url,
        "expires": iso_z(invitation.expires_at),
    }
    try:
        send_mail(
            settings,
            to=invitation.email,
            subject=t("users.invite_subject", lang, **values),
            body=t("users.invite_body", lang, **values),
        )
    except MailError as exc:
        return Invited(invitation, url, sent=False, error=exc.message)
    return Invited(invitation, url, sent=True)


def send_reset(db: Database, settings: Settings, *, email: str, lang: str) -> None:
    """E-mail a reset link when an active account has this address; silent otherwise.

    Runs after the answer went out (a background task): the answer must not tell,
    by its content or its delay, whether the address has an account.
    """
    with db.session() as session:
        found = create_reset(session, email)
        if found is None:
            return
        user, token = found
        address, language = user.email, user.language or lang
    url = link(settings, f"/password/reset/{token}")
    try:
        send_mail(
            settings,
            to=address,
            subject=t("users.reset_subject", language),
            body=t("users.reset_body", language, link=url),
        )
    except MailError as exc:
        log.warning("password reset mail not sent: %s", exc.message)
