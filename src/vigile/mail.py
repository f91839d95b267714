"""Account e-mail (invitations, password resets, peer help) over plain SMTP.

Alert notifications go through the charter's apprise channels; these messages go to
the workspace's own users, so one setting (`smtp_url`) is enough and the standard
library's smtplib does the job.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from vigile.domain.errors import MailError
from vigile.settings import Settings, secret_setting

__all__ = ["MailError", "mail_configured", "send_mail"]

SMTP_PASSWORD_FILE = ".smtp_password"
_SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
_TIMEOUT_S = 20.0


def mail_configured(settings: Settings) -> bool:
    return bool(settings.smtp_url)


def send_mail(settings: Settings, *, to: str, subject: str, body: str) -> None:
    """Send one plain-text message to `to`, or raise MailError saying why."""
    if not settings.smtp_url:
        raise MailError("no mail server: set smtp_url (see `vigile settings`)")
    url = urlsplit(settings.smtp_url)
    if url.scheme not in _SCHEMES or not url.hostname:
        raise MailError(
            "smtp_url: expected smtp://host:port, smtp+starttls://user@host:port "
            "or smtps://user@host:port"
        )
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    port = url.port or _SCHEMES[url.scheme]
    try:
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                url.hostname, port, timeout=_TIMEOUT_S, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(url.hostname, port, timeout=_TIMEOUT_S)
        with client:
            if url.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
            if url.username:
                client.login(unquote(url.username), _password(settings))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"could not send mail through {url.hostname}:{port}: {exc}") from exc


def _password(settings: Settings) -> str:
    """From the environment or the workspace's secret file, never from vigile.toml."""
    password = secret_setting(settings.smtp_password, Path(settings.home), SMTP_PASSWORD_FILE)
    if password is not None:
        return password
    path = Path(settings.home) / SMTP_PASSWORD_FILE
    raise MailError(f"smtp_url names a user but no password: set VIGILE_SMTP_PASSWORD or {path}")
