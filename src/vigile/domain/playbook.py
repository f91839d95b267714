"""Playbook types: scenarios a CM prepares in advance, and what Vigile knows of a thread.

A scenario says when it applies (conditions over signals), what to do, what to say
(templates per language, with slots) and what not to do. Recommendation reads a
`ThreadView`: the thread's comments with their scores and the signals raised on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

LANGS = ("en", "fr")


@dataclass(frozen=True, slots=True)
class Condition:
    """One test over a signal; `weight` counts toward the scenario's score when it holds.

    Comment signals and cues count comments (`comments` at least, `share` of the thread
    at least) whose value is at least `at_least`; thread, page and author signals compare
    their value with `at_least` / `at_most`. A `required` condition that fails rules the
    scenario out.
    """

    signal: str
    at_least: float | None = None
    at_most: float | None = None
    comments: int = 1
    share: float = 0.0
    weight: float = 1.0
    required: bool = False


@dataclass(frozen=True, slots=True)
class Template:
    """A reply with slots ({author}, {product}, ...); French has a `vous` and a `tu` form."""

    id: str
    label: dict[str, str]
    text: dict[str, str]  # "en", "fr.vous", "fr.tu"

    def for_language(self, lang: str, address: str | None) -> str:
        if lang == "fr":
            return self.text[f"fr.{address or 'vous'}"]
        return self.text.get(lang, self.text["en"])


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    when: tuple[Condition, ...]
    steps: dict[str, tuple[str, ...]]
    templates: tuple[Template, ...]
    avoid: dict[str, tuple[str, ...]]
    inform: tuple[str, ...]
    source: str = ""

    def template(self, template_id: str | None = None) -> Template | None:
        """The named template, or the first (the scenario's main answer) when none is named."""
        if template_id is None:
            return self.templates[0]
        return next((t for t in self.templates if t.id == template_id), None)


@dataclass(frozen=True, slots=True)
class ViewComment:
    """A comment as recommendation sees it (oldest first in a `ThreadView`)."""

    id: str
    text: str
    author: str | None
    created_at: datetime
    scores: dict[str, float] = field(default_factory=dict)
    lang: str | None = None
    parent: str | None = None
    brand: bool = False


@dataclass(frozen=True, slots=True)
class ThreadView:
    """One analysed thread: comments, and the evidence of the signals raised on it."""

    id: str
    page: str
    post_text: str | None
    comments: tuple[ViewComment, ...]
    derailment: float = 0.0
    pile_ons: tuple[dict[str, Any], ...] = ()
    buzz: tuple[dict[str, Any], ...] = ()
    authors: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a condition holds: a message code and its values, rendered in FR or EN."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Recommendation:
    scenario: Scenario
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply draft: its text, how it was made, and what the CM must still fill in."""

    scenario: str
    template: str
    lang: str
    text: str
    comment: str | None
    backend: str
    missing: tuple[str, ...] = ()
    notice: str | None = None
