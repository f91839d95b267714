"""Reddit connector (see docs/connectors/reddit.md)."""

from vigile.connectors.reddit.connector import RedditConnector, page_ref

__all__ = ["RedditConnector", "page_ref"]
