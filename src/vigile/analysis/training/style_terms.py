"""Terms the toxicity head must not learn from: function words and plain punctuation,
alone or in pairs.

French toxic data is MLMA (keyword-collected, 80% toxic, little punctuation) and French
civil data is sentiment tweets, so "les", "avec" or "," said "MLMA" and the language, not
tone: vigile-comments 1 leaned on them and flagged polite French questions. Words that
carry meaning, emoji, "!" and "?" stay; `neg_x` goes with x. The sentiment head keeps
them all (xlm-t's classes are balanced in each language, so they stand for no class
there). Lists are accent-folded like the tokens.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from vigile.analysis.comment_model.text import NEGATED


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FRENCH_FUNCTION_WORDS = _words(
    """
    a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les
    leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que
    qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y ca cela ceci ici
    est sont etre ai as avons avez ont suis es etes etait sera fait faire plus tres bien
    aussi comme si tout tous toute toutes donc car or ni rien quoi quand
    c' d' j' l' m' n' s' t' qu' jusqu' lorsqu' puisqu'
    """
)
FUNCTION_WORDS = FRENCH_FUNCTION_WORDS | frozenset(ENGLISH_STOP_WORDS)
_PLAIN_PUNCTUATION = re.compile(r"[,.;:'\"()\-\u2026]+")


def is_style_term(term: str) -> bool:
    """A 1- or 2-gram made only of function words (negated or not) and plain punctuation."""
    return all(_is_style_token(token) for token in term.split(" "))


def _is_style_token(token: str) -> bool:
    word = token.removeprefix(NEGATED)
    return word in FUNCTION_WORDS or _PLAIN_PUNCTUATION.fullmatch(token) is not None
