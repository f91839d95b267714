"""Cue lexicons in YAML files, matched on folded text with spans in the original.

Each language has one file (`lexicons/fr.yaml`, `lexicons/en.yaml`) and both add
`lexicons/common.yaml` (emoji, "lol", acronyms). An entry is a phrase matched on whole
words, case and accents ignored; `*` continues a word ("rembours*"); an entry starting
with `re:` is a regular expression over folded text (lower case, no accents, straight
apostrophes). Matching runs twice: on the text as written, where a hit has a span, and
on `vigile.analysis.normalise` output, which undoes evasions ("r3mb0ursé", "c o n").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from vigile.analysis.normalise import normalise
from vigile.domain.errors import ConfigError

_SPECIAL = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "œ": "oe", "æ": "ae"})


@dataclass(frozen=True, slots=True)
class Folded:
    """A text as written, folded (same spans through `index`) and normalised."""

    original: str
    folded: str
    index: tuple[int, ...]
    evasion: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1


def fold(text: str) -> Folded:
    """Lower case, accents removed, apostrophes straightened; `index` maps back to `text`."""
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        for c in plain.lower().translate(_SPECIAL) or char:
            chars.append(c)
            index.append(i)
    evasion = normalise(text).translate(_SPECIAL)
    return Folded(text, "".join(chars), tuple(index), evasion)


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry: its label (a category), the entry as written, its pattern."""

    label: str
    entry: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Hit:
    label: str
    entry: str
    span: tuple[int, int] | None  # None: found only once evasions were undone
    text: str


def compile_entry(entry: str, label: str) -> Term:
    """A phrase (words, `*` continuation) or a `re:` expression, as a pattern."""
    if entry.startswith("re:"):
        source = entry[3:]
    else:
        folded = fold(entry.strip()).folded
        source = r"\s+".join(re.escape(word).replace(r"\*", r"\w*") for word in folded.split())
        source = rf"(?<!\w){source}(?!\w)"
    try:
        return Term(label, entry, re.compile(source))
    except re.error as exc:
        raise ConfigError(f"lexicon entry {entry!r} ({label}): {exc}") from exc


def compile_terms(entries: Mapping[str, Iterable[str]]) -> tuple[Term, ...]:
    """Terms from a mapping label → entries."""
    return tuple(compile_entry(str(e), label) for label, items in entries.items() for e in items)


def find(text: Folded, terms: Iterable[Term], *, evasions: bool = True) -> list[Hit]:
    """Every hit of `terms`; a term seen only after normalisation counts once, span None."""
    hits: list[Hit] = []
    for term in terms:
        found = False
        for match in term.pattern.finditer(text.folded):
            start, end = text.span(match.start(), match.end())
            hits.append(Hit(term.label, term.entry, (start, end), text.original[start:end]))
            found = True
        if not found and evasions:
            hidden = term.pattern.search(text.evasion)
            if hidden:
                hits.append(Hit(term.label, term.entry, None, hidden.group(0)))
    return sorted(hits, key=lambda h: (h.span or (-1, -1), h.label))


def masked(text: Folded, terms: Iterable[Term]) -> Folded:
    """The text with the hits of `terms` blanked out (idioms that only look sensitive)."""
    folded, evasion = text.folded, text.evasion
    for term in terms:
        folded = term.pattern.sub(lambda m: " " * len(m.group(0)), folded)
        evasion = term.pattern.sub(lambda m: " " * len(m.group(0)), evasion)
    return Folded(text.original, folded, text.index, evasion)


@cache
def lexicon(lang: str) -> dict[str, Any]:
    """The lexicon for `lang` ('fr' or 'en'; anything else reads English) over the common one."""
    common = _read("common")
    own = _read("fr" if lang == "fr" else "en")
    merged: dict[str, Any] = dict(common)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = [*merged[key], *value]
        else:
            merged[key] = value
    return merged


def _read(name: str) -> dict[str, Any]:
    path = resources.files("vigile.playbooks").joinpath("lexicons", f"{name}.yaml")
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ConfigError(f"lexicon {name}.yaml must be a mapping")
    return data


@cache
def terms(lang: str, section: str) -> tuple[Term, ...]:
    """Compiled terms of one section: a list (label = section) or a mapping of lists."""
    value = lexicon(lang).get(section, [])
    if isinstance(value, dict):
        return compile_terms(value)
    return compile_terms({section: value})
