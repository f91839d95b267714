"""Rank the library's scenarios for one thread, each with its reasons in plain words.

A scenario's score is the weight of its conditions that hold over the total positive
weight, in [0, 1]; a failed `required` condition rules it out; a condition with a
negative weight is a contra-indication. Pure: a `ThreadView` in, a ranking out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vigile.domain.playbook import Reason, Recommendation, Scenario, ThreadView
from vigile.i18n import t
from vigile.playbooks.facts import ThreadFacts, check, thread_facts

MIN_SCORE = 0.3  # below this a scenario is not worth a CM's attention on this thread
TROLL_FEATURES = (
    "comments_in_10_min",
    "threads_in_1_hour",
    "toxic_comments",
    "toxic_replies_to_others",
)


def recommend(
    view: ThreadView, scenarios: Iterable[Scenario], *, min_score: float = MIN_SCORE
) -> list[Recommendation]:
    """Scenarios that fit the thread, best first (ties keep the library's order)."""
    facts = thread_facts(view)
    ranked = [r for r in (score(s, facts) for s in scenarios) if r.score >= min_score]
    return sorted(ranked, key=lambda r: -r.score)


def score(scenario: Scenario, facts: ThreadFacts) -> Recommendation:
    """How well one scenario fits, and the reasons of the conditions that hold."""
    total = sum(c.weight for c in scenario.when if c.weight > 0)
    earned = 0.0
    reasons: list[Reason] = []
    for condition in scenario.when:
        held, reason = check(condition, facts)
        if not held:
            if condition.required:
                return Recommendation(scenario, 0.0, ())
            continue
        earned += condition.weight
        if reason is not None and condition.weight > 0 and reason not in reasons:
            reasons.append(reason)
    value = max(0.0, earned / total) if total else 0.0
    return Recommendation(scenario, round(value, 3), tuple(reasons))


def explain(reason: Reason, lang: str) -> str:
    """A reason in plain words, in `lang`."""
    values: dict[str, Any] = dict(reason.values)
    if reason.code == "troll_signals":
        author = values.get("author", "?")
        return t(
            "playbook.why.troll_signals", lang, author=author, features=_features(values, lang)
        )
    if "signal" in values:
        values["signal"] = t(f"playbook.signal.{values['signal']}", lang)
    return t(f"playbook.why.{reason.code}", lang, **values)


def _features(values: dict[str, Any], lang: str) -> str:
    parts = [
        t(f"playbook.troll.{name}", lang, value=values[name], share=values.get("toxic_share", 0))
        for name in TROLL_FEATURES
        if name in values
    ]
    return ", ".join(parts) or t("playbook.troll.none", lang)


def as_record(recommendation: Recommendation, lang: str) -> dict[str, Any]:
    """A recommendation as the CLI's `--json` and the API give it."""
    scenario = recommendation.scenario
    return {
        "scenario": scenario.id,
        "title": scenario.title[lang],
        "score": recommendation.score,
        "reasons": [explain(r, lang) for r in recommendation.reasons],
        "evidence": [{"code": r.code, **r.values} for r in recommendation.reasons],
        "inform": list(scenario.inform),
    }
