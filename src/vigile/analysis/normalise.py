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


def normalise(text: str) -> str:
    """Lower-case, accent-free text with common evasions undone, for lexical models."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).lower()
    if not text.isascii():
        text = _MIXED_WORD.sub(lambda m: m.group(0).translate(_HOMOGLYPHS), text)
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group(0)), text)
    text = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text)
    text = _REPEATS.sub(r"\1\1", text)
    return strip_accents(text)


_COMBINING = re.compile(r"[\u0300-\u036f]")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))


def words(text: str) -> list[str]:
    """Word tokens of normalised text."""
    return _WORD.findall(normalise(text))
