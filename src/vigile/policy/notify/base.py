"""The notifier interface: send one message to one channel URL, or raise NotifyError."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from vigile.domain.errors import VigileError


class NotifyError(VigileError):
    code = "notify_failed"


@runtime_checkable
class Notifier(Protocol):
    name: str

    def send(self, url: str, *, title: str, body: str) -> None:
        """Deliver or raise NotifyError with the reason."""
        ...


class AppriseNotifier:
    """E-mail, Slack, Teams, Mattermost, Discord, Telegram, webhooks... through apprise URLs."""

    name = "apprise"

    def send(self, url: str, *, title: str, body: str) -> None:
        import apprise

        sender = apprise.Apprise()
        if not sender.add(url):
            raise NotifyError("not a valid notification URL for apprise")
        if not sender.notify(title=title, body=body):
            raise NotifyError("the channel refused or could not be reached")
