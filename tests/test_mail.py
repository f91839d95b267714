"""Account e-mail through a real SMTP server on loopback."""

from __future__ import annotations

import email
from pathlib import Path
from typing import Any

import pytest

from conftest import free_port
from vigile.mail import MailError, send_mail
from vigile.settings import load_settings


def test_a_message_reaches_the_smtp_server(sqlite_home: Path, smtp: Any) -> None:
    port, box = smtp
    settings = load_settings(
        sqlite_home, smtp_url=f"smtp://127.0.0.1:{port}", mail_from="vigile@brindille.example"
    )
    send_mail(settings, to="lea@example.org", subject="Invitation", body="Bonjour Léa")
    (envelope,) = box.messages
    assert envelope.rcpt_tos == ["lea@example.org"]
    message = email.message_from_bytes(envelope.content)
    assert message["Subject"] == "Invitation"
    assert message["From"] == "vigile@brindille.example"
    assert "Bonjour Léa" in message.get_payload(decode=True).decode("utf-8")


def test_errors_say_what_is_missing_or_unreachable(sqlite_home: Path, smtp: Any) -> None:
    with pytest.raises(MailError, match="set smtp_url"):
        send_mail(load_settings(sqlite_home), to="a@b.example", subject="s", body="b")
    with pytest.raises(MailError, match="expected smtp://"):
        send_mail(
            load_settings(sqlite_home, smtp_url="http://x"), to="a@b.c", subject="s", body="b"
        )
    closed = load_settings(sqlite_home, smtp_url=f"smtp://127.0.0.1:{free_port()}")
    with pytest.raises(MailError, match=r"could not send mail through 127\.0\.0\.1"):
        send_mail(closed, to="a@b.example", subject="s", body="b")
    with_user = load_settings(sqlite_home, smtp_url=f"smtp://bob@127.0.0.1:{smtp[0]}")
    with pytest.raises(MailError, match="names a user but no password"):
        send_mail(with_user, to="a@b.example", subject="s", body="b")
