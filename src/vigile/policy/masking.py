"""Secrets in a charter's URLs never leave the server: masked when shown, kept on save.

A contact's channel is an apprise URL, and many carry a token or a password
(`tgram://bot-token/chat-id`, `mailtos://user:password@smtp.example.com`). Wherever a URL
appears in the charter text (a channel, or a line commented out), the editor and the API
show `tgram://•••3f9c2a71d04e•••` instead: the scheme, then a fingerprint (an HMAC of the
URL with the workspace key) that names the URL without revealing it. A plain e-mail
address (`mailto://camille@example.com`: no password, no options) is shown as it is.

Saving a text that still holds masks puts back the URLs they stand for, taken from the
charter text being replaced; a mask that stands for none of them is refused with its
line, so nobody can borrow a secret they were never shown. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from vigile.policy.charter import CharterProblem

URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{0,30})://(?P<rest>[\w$%\[][^\s'\"<>\]}]*)")
MASK = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{0,30})://•••(?P<fp>[0-9a-f]{12})•••")
_PLAIN_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class UnknownMask(ValueError):
    """The text holds a mask that stands for no URL of the charter it replaces."""

    def __init__(self, problems: list[CharterProblem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def fingerprint(url: str, key: str) -> str:
    return hmac.new(key.encode(), url.encode(), hashlib.sha256).hexdigest()[:12]


def mask_secrets(text: str, *, key: str) -> str:
    """`text` with every URL that may hold a secret replaced by its mask."""

    def masked(match: re.Match[str]) -> str:
        if _shown(match):
            return match.group()
        return f"{match.group('scheme')}://•••{fingerprint(match.group(), key)}•••"

    return URL.sub(masked, text)


def unmask_secrets(text: str, *, originals: Iterable[str], key: str) -> str:
    """`text` with each mask replaced by the URL of `originals` (charter texts) it stands
    for; UnknownMask lists, with their lines, the masks that stand for none."""
    known = {
        fingerprint(match.group(), key): match.group()
        for original in originals
        for match in URL.finditer(original)
    }
    problems = [
        CharterProblem(
            text.count("\n", 0, match.start()) + 1,
            None,
            f"'{match.group()}' hides a secret this charter does not hold: "
            "write the whole URL again",
        )
        for match in MASK.finditer(text)
        if match.group("fp") not in known
    ]
    if problems:
        raise UnknownMask(problems)
    return MASK.sub(lambda match: known[match.group("fp")], text)


def _shown(match: re.Match[str]) -> bool:
    """A plain e-mail address holds no secret: the editor shows it."""
    scheme = match.group("scheme").lower()
    return scheme in ("mailto", "mailtos") and bool(_PLAIN_ADDRESS.fullmatch(match.group("rest")))
