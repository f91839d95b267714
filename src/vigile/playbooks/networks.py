"""Text length as each network counts it, against its limits (`networks.yaml`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from vigile.domain.errors import InputError

_URL = re.compile(r"https?://\S+")
_LINK_LENGTH = 23
_JOINERS = {"\u200d", "\ufe0f", "\ufe0e"}


@dataclass(frozen=True, slots=True)
class Limit:
    network: str
    max: int
    advised: int
    count: str


@cache
def limits() -> dict[str, Limit]:
    text = resources.files("vigile.playbooks").joinpath("networks.yaml").read_text("utf-8")
    return {name: Limit(name, **spec) for name, spec in yaml.safe_load(text).items()}


def limit_for(network: str) -> Limit:
    """The limits of `network` (case-insensitive; `x` and `twitter` are the same)."""
    found = limits().get(network.strip().lower())
    if found is None:
        known = ", ".join(sorted(limits()))
        raise InputError(f"unknown network {network!r} (known: {known})", field="network")
    return found


def length(text: str, count: str) -> int:
    """The length of `text` the way a network with counting rule `count` counts it."""
    if count in ("twitter", "mastodon"):
        links = _URL.findall(text)
        rest = _URL.sub("", text)
        size = _graphemes(rest) if count == "mastodon" else _weighted(rest)
        return size + _LINK_LENGTH * len(links)
    if count == "graphemes":
        return _graphemes(text)
    return len(text)


def _graphemes(text: str) -> int:
    """User-perceived characters, approximately: combining marks, joiners and the emoji
    glued by a zero-width joiner do not count on their own."""
    total, glued = 0, False
    for char in unicodedata.normalize("NFC", text):
        if char in _JOINERS:
            glued = char == "\u200d"
            continue
        if unicodedata.combining(char) or glued or 0x1F3FB <= ord(char) <= 0x1F3FF:
            glued = False
            continue
        total += 1
    return total


def _weighted(text: str) -> int:
    """X's weighting: Latin and common punctuation count 1, everything else 2."""
    total = 0
    for char in unicodedata.normalize("NFC", text):
        if char in _JOINERS or unicodedata.combining(char):
            continue
        code = ord(char)
        light = code <= 0x10FF or 0x2000 <= code <= 0x200D or 0x2010 <= code <= 0x201F
        light = light or 0x2032 <= code <= 0x2037
        total += 1 if light else 2
    return total
