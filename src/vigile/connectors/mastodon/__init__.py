"""Mastodon connector (see docs/connectors/mastodon.md)."""

from vigile.connectors.mastodon.connector import MastodonConnector, page_ref

__all__ = ["MastodonConnector", "page_ref"]
