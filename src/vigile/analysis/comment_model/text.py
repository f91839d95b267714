"""Text to tokens for the comment model, exactly as it was trained.

Training and inference must cut text the same way, so this module is shared by both and
changing it means retraining. It is not `vigile.analysis.normalise`: the model learned
from tweets as they are (MLMA French has no accents, so accents are folded), and its
evasion handling is whatever the data taught it.
"""

from __future__ import annotations

import re
import unicodedata

_URL = re.compile(r"https?://\S+|\bhttp\b|www\.\S+")
_USER = re.compile(r"@\w+")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_TOKEN = re.compile(r"@user|[a-z0-9]+(?:'[a-z]*)?|[^\sa-z0-9']")
_ELISION = re.compile(r"\b([ldjmntsc]|qu|jusqu|lorsqu|puisqu)'(?=[a-z])")

NEGATED = "neg_"
NEG_CUES = frozenset(
    {
        "ne", "n'", "pas", "jamais", "rien", "aucun", "aucune", "guere", "sans", "ni",
        "not", "never", "nor", "without", "cannot",
        "dont", "isnt", "arent", "wasnt", "doesnt", "didnt",
    }
)  # fmt: skip
SCOPE_END = frozenset(
    {
        ".", ",", "!", "?", ";", ":", "\u00ab", "\u00bb", '"',
        "que", "qu'", "but", "mais", "car", "because", "parce", "sinon", "et", "and",
    }
)  # fmt: skip
NEG_WINDOW = 3


def clean(text: str) -> str:
    """Escaped unicode decoded, links and handles replaced, whitespace collapsed.

    Links and handles say nothing about tone but would fill the vocabulary.
    """
    text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = _URL.sub(" http ", text)
    text = _USER.sub("@user", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lower-case and accent-free: MLMA French has no accents, real French does."""
    text = unicodedata.normalize("NFKD", clean(text).lower())
    if text.isascii():  # no combining character to drop
        return text
    return text.translate(_UNCOMBINED)


class _Uncombined(dict[int, int | None]):
    """`str.translate` table dropping combining characters (accents once decomposed),
    filled as characters are first met: code point -> None (drop) or itself (keep)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_UNCOMBINED = _Uncombined()


def tokens(text: str) -> list[str]:
    """Folded word and punctuation tokens; French elisions split ("l'" "avis")."""
    folded = _ELISION.sub(r"\1' ", fold(text).replace("\u2019", "'"))
    return _TOKEN.findall(folded)


def marked_tokens(text: str) -> list[str]:
    """`tokens` with the words in a negation scope prefixed `neg_`.

    Without it, "I don't think you're stupid" scored like an insult. A scope opens at a
    cue (ne, pas, jamais, not, n't, ...) and closes at punctuation, at 'que' (French
    "ne ... que"), at 'but'/'mais', or after three tokens:
    "je ne te trouve pas idiot" -> je ne neg_te neg_trouve pas neg_idiot.
    """
    out: list[str] = []
    left = 0
    for token in tokens(text):
        if token in SCOPE_END:
            left = 0
            out.append(token)
        elif token in NEG_CUES or token.endswith("n't"):  # a negation cue
            left = NEG_WINDOW
            out.append(token)
        elif left > 0:
            left -= 1
            out.append(NEGATED + token)
        else:
            out.append(token)
    return out


def unmarked(marked: list[str]) -> list[str]:
    """The plain tokens back from `marked_tokens` (plain tokens never hold '_')."""
    return [t[len(NEGATED) :] if t.startswith(NEGATED) else t for t in marked]
