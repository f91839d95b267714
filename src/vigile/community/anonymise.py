"""Replace personal data with stable placeholders, and keep the list for the preview.

Within one case the same original always gets the same replacement: the author
`cyclo_marie` is "Person A" wherever she writes and wherever she is named, @mentioned
or not, the same e-mail is "[email 1]" in every excerpt. The people of the incident
(`People`) are known before any text is read. Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from vigile.analysis.pii import Span, find_pii, handle_names
from vigile.i18n import t

PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]|\b(?:Person|Personne) [A-Z]{1,2}\b")


@dataclass(frozen=True, slots=True)
class Replacement:
    """One thing the anonymiser changed: where, what kind, from what, to what."""

    start: int
    end: int
    kind: str
    original: str
    replacement: str


@dataclass(frozen=True, slots=True)
class Anonymised:
    text: str
    replacements: tuple[Replacement, ...]


@dataclass(frozen=True, slots=True)
class People:
    """Everyone in an incident, as known entities: handles (authors, actors, contacts) are
    found with or without their `@`, names (of users and contacts) wherever written."""

    handles: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


@dataclass
class Pseudonyms:
    """The table of one case: same original → same replacement, letters for people."""

    lang: str = "en"
    _people: dict[str, str] = field(default_factory=dict)
    _others: dict[tuple[str, str], str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # learnt from handles: replaced as names
    handles: list[str] = field(default_factory=list)  # the people's: replaced, @ or not

    def know(self, people: People) -> None:
        """Register everyone of the incident before any text is read."""
        for handle in people.handles:
            self.person(handle)
        self.names.extend(n for n in people.names if n not in self.names)

    def person(self, handle: str) -> str:
        """The pseudonym of an author or a mentioned handle ("Person A", "Personne B")."""
        key = handle.lstrip("@").casefold()
        if key not in self._people:
            self.names.extend(n for n in handle_names(handle) if n not in self.names)
            self.handles.append(handle.lstrip("@"))
            letter = _letters(len(self._people))
            self._people[key] = t("cases.person", self.lang, letter=letter)
        return self._people[key]

    def replace(self, span: Span) -> str:
        if span.kind == "handle":
            return self.person(span.text)
        key = (span.kind, _normalise(span.text, span.kind))
        if key not in self._others:
            number = 1 + sum(1 for kind, _ in self._others if kind == span.kind)
            self._others[key] = t(f"cases.placeholder.{span.kind}", self.lang, n=number)
        return self._others[key]


def anonymise(text: str, pseudonyms: Pseudonyms, *, brands: Sequence[str] = ()) -> Anonymised:
    """`text` with every piece of personal data replaced, and what was replaced."""
    parts: list[str] = []
    replacements: list[Replacement] = []
    last = 0
    found = find_pii(text, brands=brands, names=pseudonyms.names, handles=pseudonyms.handles)
    for span in found:
        if PLACEHOLDER.fullmatch(span.text):
            continue
        replacement = pseudonyms.replace(span)
        parts.append(text[last : span.start])
        parts.append(replacement)
        replacements.append(Replacement(span.start, span.end, span.kind, span.text, replacement))
        last = span.end
    parts.append(text[last:])
    return Anonymised("".join(parts), tuple(replacements))


def residual_pii(text: str, *, brands: Sequence[str] = (), known: People = People()) -> list[Span]:
    """Personal data still found in an anonymised text (placeholders do not count), the
    handles and names of the `known` people included."""
    placeholders = [m.span() for m in PLACEHOLDER.finditer(text)]
    found = find_pii(text, brands=brands, names=known.names, handles=known.handles)
    return [
        span
        for span in found
        if not any(span.start < end and start < span.end for start, end in placeholders)
    ]


def _letters(index: int) -> str:
    """A, B, ..., Z, AA, AB, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _normalise(text: str, kind: str) -> str:
    if kind in ("phone", "number"):
        return re.sub(r"[^0-9A-Za-z]", "", text).upper()
    return text.casefold()
