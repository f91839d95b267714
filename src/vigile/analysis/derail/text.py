"""Make live text look like the CGA training text before it is featurised.

The CGA-CMV conversations the model learnt from were lower-cased, stripped of accents and
run through a BERT word-piece tokenizer, then decoded again: every punctuation mark is a
separate token (`" they "`, `( t )`, `www. google. ca`, `wiki _ link`), Reddit's HTML
entities survive as `& gt ;`, and the decoder glued `.`, `,`, `?`, `!` and `'` back onto
the word before them (`it's`, `point.`). Live Reddit or Discord text is none of that, and
the TF-IDF vocabulary and the lexicon both key on it, so the same transformation is applied
here. It is idempotent on CGA text, which is why training reads CGA unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\u200b-\u200f\u2060\ufeff]")
_SYMBOL = re.compile(r"[^\w\s]|_")
# the ASCII marks `_SYMBOL` finds, each split off by spaces (a few `str.replace` are faster
# than a regex callback per mark, or `str.translate` to three characters)
_ASCII_MARKS = tuple((m, f" {m} ") for m in map(chr, range(128)) if _SYMBOL.fullmatch(m))
_OTHER_SYMBOL = re.compile(r"[^\w\s\x00-\x7f]")
_CJK = re.compile(r"([\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff])")
_COMBINING = re.compile(r"[\u0300-\u036f]")
# What a Hugging Face decoder does with `clean_up_tokenization_spaces` (CGA's decoder).
_CLEAN_UP = (
    (" .", "."),
    (" ?", "?"),
    (" !", "!"),
    (" ,", ","),
    (" ' ", "'"),
    (" n't", "n't"),
    (" 'm", "'m"),
    (" 's", "'s"),
    (" 've", "'ve"),
    (" 're", "'re"),
)


@lru_cache(maxsize=65_536)
def cga_style(text: str) -> str:
    """`text` lower-cased and tokenised the way the CGA training data is."""
    text = _CONTROL.sub("", text).replace(">", "&gt;").replace("<", "&lt;")
    text = _strip_accents(text.lower())
    for mark, spaced in _ASCII_MARKS:
        if mark in text:
            text = text.replace(mark, spaced)
    if not text.isascii():
        text = _OTHER_SYMBOL.sub(_split_punctuation, text)
        text = _CJK.sub(r" \1 ", text)
    text = " ".join(text.split())
    for before, after in _CLEAN_UP:
        text = text.replace(before, after)
    return text


def _split_punctuation(match: re.Match[str]) -> str:
    """BERT splits Unicode P* marks (as all ASCII ones); other symbols (emoji, ∆) stay put."""
    char = match.group(0)
    if unicodedata.category(char).startswith("P"):
        return f" {char} "
    return char


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))
