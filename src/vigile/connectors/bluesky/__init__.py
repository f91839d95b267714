"""Bluesky connector (see docs/connectors/bluesky.md)."""

from vigile.connectors.bluesky.connector import BlueskyConnector, page_ref

__all__ = ["BlueskyConnector", "page_ref"]
