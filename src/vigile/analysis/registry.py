"""Find analysis implementations through entry points: built-ins register like plugins."""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from vigile.analysis.base import CommentScorer, ThreadForecaster
from vigile.domain.errors import ConfigError

SCORERS_GROUP = "vigile.scorers"
FORECASTERS_GROUP = "vigile.forecasters"


def scorer_names() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=SCORERS_GROUP))


def forecaster_names() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=FORECASTERS_GROUP))


@cache
def load_scorer(name: str) -> CommentScorer:
    """The scorer registered under `name`, loaded once per process (models are big)."""
    scorer = _load(SCORERS_GROUP, name)
    if not isinstance(scorer, CommentScorer):
        raise ConfigError(f"scorer '{name}' does not implement CommentScorer")
    return scorer


@cache
def load_forecaster(name: str) -> ThreadForecaster:
    forecaster = _load(FORECASTERS_GROUP, name)
    if not isinstance(forecaster, ThreadForecaster):
        raise ConfigError(f"forecaster '{name}' does not implement ThreadForecaster")
    return forecaster


def _load(group: str, name: str) -> object:
    found = [ep for ep in entry_points(group=group) if ep.name == name]
    if not found:
        known = ", ".join(sorted(ep.name for ep in entry_points(group=group))) or "none"
        raise ConfigError(f"no '{group}' plugin named '{name}' (installed: {known})")
    factory = found[0].load()
    return factory()
