"""Shared checks that every registered scorer and forecaster must pass."""

from __future__ import annotations

import pytest

from vigile.analysis.registry import forecaster_names, load_forecaster, load_scorer, scorer_names
from vigile.domain.model import CommentInput, ThreadComment

AWKWARD = [
    "",
    "😡😡😡",
    "x" * 20_000,
    "Franchement c'est nul, worst customer service ever !!!",
    "c o n n a r d",
    "\u200b\u200b",
    "#BoycottBrand @someone http://example.com",
]


@pytest.mark.parametrize("name", scorer_names())
def test_scorer_contract(name: str) -> None:
    scorer = load_scorer(name)
    assert scorer.name and scorer.version
    inputs = [CommentInput(text=t, post_text="Notre nouveau vélo") for t in AWKWARD]
    first = scorer.score(inputs)
    assert len(first) == len(inputs)
    for result in first:
        assert all(0.0 <= v <= 1.0 for v in result.values.values())
        assert all(isinstance(f, bool) for f in result.flags.values())
    assert scorer.score(inputs) == first
    assert scorer.score([]) == []


@pytest.mark.parametrize("name", forecaster_names())
def test_forecaster_contract(name: str) -> None:
    forecaster = load_forecaster(name)
    assert forecaster.name and forecaster.version
    threads = [
        [],
        [ThreadComment(text="hi")],
        [ThreadComment(text="x", scores={"toxicity": 1.0})] * 50,
    ]
    first = forecaster.forecast(threads, [None, "post", None])
    assert len(first) == 3
    assert all(0.0 <= f.derailment <= 1.0 for f in first)
    assert forecaster.forecast(threads, [None, "post", None]) == first
    assert forecaster.forecast([], []) == []
