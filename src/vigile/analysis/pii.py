"""Find personal data in text: pure functions over text, no I/O past the name lists.

Used by the comment scorer (`public_pii`) and by case studies (anonymisation).

Kinds: `email`, `url`, `handle` (@mention), `number` (order, account, ticket, tracking,
IBAN, card), `phone` (French, North-American and international formats), `address` (a
street with its number, a Canadian postal code), `brand` (the
names the organisation lists) and `name` (people: shipped first-name lists, titles
such as "Mme" or "Mr.", introductions such as "je m'appelle" and signatures).
Where two findings overlap, the more specific kind wins (an e-mail over the URL inside
it, a URL over the brand in its domain).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = ("email", "url", "handle", "number", "phone", "address", "brand", "name")
MIN_HANDLE = 3  # shorter known handles are too likely to be ordinary words


@dataclass(frozen=True, slots=True)
class Span:
    """One piece of personal data: where it is, what kind, and its text."""

    start: int
    end: int
    kind: str
    text: str


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"']+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|ca|fr|org|net|io|co|uk|be|ch|de|app|social|ly)"
    r"(?:/[^\s<>()\"']*)?(?![\w@])"
    r"|\b[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>()\"']*",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"(?<![\d-])\d{4}(?:[ -]?\d{4}){2,3}(?![\d-])")
_PHONES = (
    # French: 06 12 34 56 78, 01.45.67.89.10, 0612345678, +33 6 98 76 54 32, 0 800 123 456
    re.compile(r"(?<![\w+])(?:(?:\+|00)33[\s.-]?(?:\(0\))?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)"),
    re.compile(r"(?<![\w+])0[\s.]?8\d{2}(?:[\s.]?\d{3}){2}(?!\d)"),
    # North America: (438) 555-0187, 514-555-0166, 1-800-555-0142, +1 (819) 555-0111
    re.compile(r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]\d{4}(?!\d)"),
    # International: +44 20 7946 0958, +49 30 1234567
    re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5}(?!\d)"),
)
_STREETS = (
    re.compile(
        r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|allée"
        r"|impasse|place|route|quai|cours|rang|montée)\s+(?:(?:de\s+la|des|du|de|la|le)\s+"
        r"|[dl]['’])?(?-i:[A-ZÀ-Þ0-9][\w'’-]*)"
        r"(?:\s+(?:(?:de|des|du)\s+)?(?-i:[A-ZÀ-Þ][\w'’-]*))*",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][\w'-]*\s+){1,3}(?:(?:Street|Avenue|Road|Boulevard|Lane"
        r"|Drive|Court|Way|Crescent)\b|(?:St|Ave|Rd|Blvd|Ln)\b\.?)"
    ),
    re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[A-Z][ -]?\d[A-Z]\d\b"),
)
_ID_WORDS = (
    r"commandes?|orders?|cmd|r[ée]f(?:[ée]rence)?|references?|dossiers?|tickets?|cases?"
    r"|claims?|factures?|invoices?|comptes?|accounts?|clients?|suivi|tracking|colis|parcel"
    r"|contrats?|contracts?|membres?|member|abonnés?|subscriber|n[°º]"
)
_NUMBER_AFTER_WORD = re.compile(
    rf"\b(?:{_ID_WORDS})(?:\s*(?:[.:#]|no\b\.?|number|num[ée]ro|num\b\.?|de|du|of|is|was"
    rf"|{_ID_WORDS}))*\s*(?P<id>#?[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?)",
    re.IGNORECASE,
)
_NUMBER_ALONE = re.compile(r"(?<![\w#])#[A-Z]{0,4}-?\d{4,}\b|(?<![\w.,/-])\d{7,}(?![\w.,/-])")
_TITLE = r"(?:M\.|Mr\.?|Mrs\.?|Ms\.?|Mme|Mlle|Madame|Monsieur|Mademoiselle|Dr\.?|Docteure?|Maître)"
_INTRO = (
    r"(?:je m['’]appelle|moi c['’]est|my name is|je suis|i['’]m|i am|signé\s*:?|sign(?:ed)?\s*:?"
    r"|bonjour|bonsoir|salut|coucou|merci|hello|hi|hey|dear|thanks|thank you|cher|chère"
    r"|cordialement,?|bien à vous,?|regards,?|best,?|cheers,?|sincerely,?|--|—)"
)
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*\.?"
_AFTER_TITLE = re.compile(rf"\b{_TITLE}\s+(?P<name>{_CAP}(?:\s+{_CAP})?)")
_AFTER_INTRO = re.compile(rf"(?i:{_INTRO})\s+(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})")
_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*")
_COMMON_CAPITALISED = """
    Bonjour Bonsoir Salut Merci Bonne Bon Très Le La Les Un Une Des Ce Cette Je Vous Nous
    Il Elle On Mon Ma Mes Votre Vos Pas Non Oui Hi Hello Hey Thanks Thank The A An This That
    My Your Our We You It Not No Yes Very So And But Et Mais Ou Or In At On For Of From To
    With Avec Pour Dans Sur Chez Client Cliente Service Support SAV Team Équipe
    Velo Vélo Bike Cargo Rides Rider Madame Monsieur Beaucoup Everyone All Tout Tous Toutes
    Guys Folks Again Encore Infiniment"""
_NOT_NAMES = frozenset(_COMMON_CAPITALISED.split())


def find_pii(
    text: str,
    *,
    brands: Sequence[str] = (),
    names: Sequence[str] = (),
    handles: Sequence[str] = (),
) -> list[Span]:
    """Every piece of personal data in `text`, in reading order, without overlaps.

    `names` are names known from elsewhere (the authors' handles of the thread); `handles`
    are the handles of the people known to be involved, found with or without their `@`.
    """
    found: list[Span] = []
    for kind, spans in (
        ("email", _matches(_EMAIL, text)),
        ("url", _urls(text)),
        ("handle", _matches(_HANDLE, text) + _known_handles(text, handles)),
        ("number", _matches(_IBAN, text) + _matches(_CARD, text)),
        ("phone", [s for p in _PHONES for s in _matches(p, text) if _digits(text, s) >= 8]),
        ("number", _numbers(text)),
        ("address", [span for p in _STREETS for span in _matches(p, text)]),
        ("brand", _brands(text, brands)),
        ("name", _names(text) + _known(text, names)),
    ):
        for start, end in sorted(spans, key=lambda s: s[0] - s[1]):
            if not any(start < kept.end and kept.start < end for kept in found):
                found.append(Span(start, end, kind, text[start:end]))
    return sorted(found, key=lambda s: s.start)


def _matches(pattern: re.Pattern[str], text: str, group: int | str = 0) -> list[tuple[int, int]]:
    return [m.span(group) for m in pattern.finditer(text)]


def _digits(text: str, span: tuple[int, int]) -> int:
    return sum(c.isdigit() for c in text[span[0] : span[1]])


def _urls(text: str) -> list[tuple[int, int]]:
    """URLs, without the punctuation that ends the sentence around them."""
    spans = []
    for start, end in _matches(_URL, text):
        while end > start and text[end - 1] in ".,;:!?)»":
            end -= 1
        spans.append((start, end))
    return spans


def _numbers(text: str) -> list[tuple[int, int]]:
    """Identifiers after a word that announces them, and long digit runs or #-numbers."""
    spans = [
        m.span("id") for m in _NUMBER_AFTER_WORD.finditer(text) if _digits(text, m.span("id")) >= 3
    ]
    return spans + _matches(_NUMBER_ALONE, text)


def _brands(text: str, brands: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for brand in (b.strip() for b in brands):
        if brand:
            pattern = re.compile(rf"(?<!\w){re.escape(brand)}(?!\w)", re.IGNORECASE)
            spans += _matches(pattern, text)
    return spans


def _names(text: str) -> list[tuple[int, int]]:
    """Names after a title or an introduction, and known first names (with a surname)."""
    spans = []
    for pattern in (_AFTER_TITLE, _AFTER_INTRO):
        for match in pattern.finditer(text):
            span = _trim_name(text, match.span("name"))
            if span is not None:
                spans.append(span)
    first = first_names()
    for match in _WORD.finditer(text):
        if all(part in first for part in match.group().split("-")):
            spans.append(_with_surname(text, match.span()))
    return spans


def _known(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for name in names:
        spans += _matches(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), text)
    return spans


def _known_handles(text: str, handles: Iterable[str]) -> list[tuple[int, int]]:
    """A known handle written bare ("merci Sophie_Cargo") or @mentioned, any case."""
    spans: list[tuple[int, int]] = []
    for handle in sorted({h.lstrip("@") for h in handles if len(h.lstrip("@")) >= MIN_HANDLE}):
        pattern = rf"(?<![\w@.])@?{re.escape(handle)}(?![\w@]|\.\w)"
        spans += _matches(re.compile(pattern, re.IGNORECASE), text)
    return spans


def handle_names(handle: str) -> list[str]:
    """The name-like parts of a handle: "Marco_Rouleur" → Marco, Rouleur; "cyclo_marie" →
    Marie (a known first name)."""
    parts = re.findall(r"[A-ZÀ-Þ][a-zà-ÿ]+|[a-zà-ÿ]+", handle)
    first = first_names()
    return [
        p.capitalize()
        for p in parts
        if len(p) >= 3
        and (p[0].isupper() or p.capitalize() in first)
        and p.capitalize() not in _NOT_NAMES
    ]


def _trim_name(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Keep the capitalised words of a name up to the first common word; None if none."""
    start, end = span
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    kept = []
    for word_start, word_end in words:
        word = text[word_start:word_end]
        if word in _NOT_NAMES or re.match(r"[LDJ]['’]", word):
            break
        kept.append((word_start, word_end))
    return (kept[0][0], kept[-1][1]) if kept else None


def _with_surname(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Extend a first name by the capitalised word (or initial) right after it."""
    after = re.match(rf"\s+(?P<s>{_CAP})", text[span[1] :])
    if after is None or after.group("s").rstrip(".") in _NOT_NAMES:
        return span
    surname = after.group("s")
    end = span[1] + after.end() - (1 if surname.endswith(".") and len(surname) > 2 else 0)
    return (span[0], end)


@cache
def first_names() -> frozenset[str]:
    """The shipped French and English first-name lists."""
    names: set[str] = set()
    for lang in ("fr", "en"):
        data = resources.files("vigile.analysis").joinpath(f"data/first_names_{lang}.txt")
        for line in data.read_text("utf-8").splitlines():
            if not line.startswith("#"):
                names.update(line.split())
    return frozenset(names)


PUBLIC_KINDS = ("email", "phone", "number", "address")


def public_pii(text: str) -> list[Span]:
    """Personal data a customer should not leave in a public comment (an e-mail, a phone,
    an order or account number, a postal address): the cue to move to private messages.
    Names and @handles are everywhere in public threads and are not counted here."""
    return [span for span in find_pii(text) if span.kind in PUBLIC_KINDS]
