"""Text normalisation against evasion, before lexical scoring.

Undoes what people type to slip past filters: zero-width characters, look-alike letters
from other scripts inside Latin words ("іdiot" with a Cyrillic і), spaced letters
("c o n n a r d"), leetspeak inside words ("1d10t", "m3rd3"), stretched letters
("nuuuul") and accents. Emoji are kept: they carry meaning the models can use.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_REPEATS = re.compile(r"(.)\1{2,}")
_SPACED = re.compile(r"\b(?:\w[ .\-_*]){2,}\w\b")
_LEET_WORD = re.compile(r"(?<![@#])\b(?=\w*[a-z])(?=\w*[0-9@$])\w[\w@$]*\b")
_HOMOGLYPHS = str.maketrans("аеорсухіјԁѕкмтнвοαειΚκνρτυχ", "aeopcyxijdskmthboaeikkvptux")
_MIXED_WORD = re.compile(r"\w*[a-z]\w*")
_WORD = re.compile(r"[^\W\d_]+")


_ZERO_WIDTH_OR_SPACED = re.compile(
    r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]|\b(?:\w[ .\-_*]){2,}\w\b"
)


def might_be_evasive(text: str) -> bool:
    """A cheap test: can `normalise` undo an evasion here (beyond case, accents, stretching)?"""
    if _ZERO_WIDTH_OR_SPACED.search(text):
        return True
    lowered = text.lower()
    if any(_unleet(m) != m.group(0) for m in _LEET_WORD.finditer(lowered)):
        return True
    return not text.isascii() and lowered != lowered.translate(_HOMOGLYPHS)


def normalise(text: str) -> str:
    """Lower-case, accent-free text with common evasions undone, for lexical models."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).lower()
    if not text.isascii():
        text = _MIXED_WORD.sub(lambda m: m.group(0).translate(_HOMOGLYPHS), text)
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group(0)), text)
    text = _LEET_WORD.sub(_unleet, text)
    text = _REPEATS.sub(r"\1\1", text)
    return strip_accents(text)


# "covid19", "mp3"; "1st", "3rd", "2eme", "10h", "4k": names, ordinals and units, not leet
_NOT_LEET = re.compile(r"[^\W\d_]+\d+|\d+[^\W\d_]{1,3}")


def _unleet(match: re.Match[str]) -> str:
    """Digits read as letters ("1d10t"), except in names, ordinals, units and "4x4"."""
    word = match.group(0)
    if _NOT_LEET.fullmatch(word) or sum(c.isalpha() for c in word) < 2:
        return word
    return word.translate(_LEET)


_COMBINING = re.compile(r"[\u0300-\u036f]")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))


def words(text: str) -> list[str]:
    """Word tokens of normalised text."""
    return _WORD.findall(normalise(text))
