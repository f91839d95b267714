"""YouTube connector (see docs/connectors/youtube.md)."""

from vigile.connectors.youtube.connector import YouTubeConnector, page_ref

__all__ = ["YouTubeConnector", "page_ref"]
