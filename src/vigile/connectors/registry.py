"""Find connectors through entry points (group `vigile.connectors`), like the scorers."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import cast

from vigile.connectors.base import ConnectorFactory
from vigile.domain.errors import ConfigError

CONNECTORS_GROUP = "vigile.connectors"


def connector_names() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=CONNECTORS_GROUP))


def connector_factory(name: str) -> ConnectorFactory:
    """The factory registered under `name` (its module is imported only now)."""
    found = [ep for ep in entry_points(group=CONNECTORS_GROUP) if ep.name == name]
    if not found:
        known = ", ".join(connector_names()) or "none"
        raise ConfigError(f"no '{CONNECTORS_GROUP}' plugin named '{name}' (installed: {known})")
    factory = found[0].load()
    if not callable(factory):
        raise ConfigError(f"connector '{name}' is not a factory")
    return cast(ConnectorFactory, factory)
