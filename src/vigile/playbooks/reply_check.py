"""The tone and charter check of a reply before it is sent.

Pure given a charter and a comment scorer: toxicity comes from the scorer, everything
else from the cue lexicons (`lexicons/*.yaml`), the charter's tone rules and the
networks' length limits. Each finding carries a span in the reply and is explained in
French or English by `vigile.playbooks.render`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from vigile.analysis.base import CommentScorer
from vigile.analysis.language import SUPPORTED, detect
from vigile.domain.charter import Charter
from vigile.domain.checks import CheckResult, Finding, FindingSeverity
from vigile.domain.model import CommentInput
from vigile.playbooks import lexicon as lx
from vigile.playbooks.networks import length, limit_for

BLOCK, WARN = FindingSeverity.BLOCK, FindingSeverity.WARN
# Chosen on the dev split of the reply set when French toxicity was not calibrated (its
# threshold was 0.28 and flagged polite French apologies); kept with vigile-comments 2,
# whose `toxicity` reads 0.5 at each language's threshold: brand replies, a higher bar.
TOXIC_AT = 0.6
SARCASM_AT = 1.0  # a strong cue counts 1, a weak one 0.5
_SHOUT = re.compile(r"(?<![\w@#])[^\W\d_]{3,}(?![\w])")
_PUNCT = re.compile(r"[!?]{2,}|(?:!\s){2,}!?")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
_ADDRESS_FIX = {
    "tu": "vous", "toi": "vous", "te": "vous", "t'": "vous ", "ton": "votre", "ta": "votre",
    "tes": "vos", "vous": "tu", "votre": "ton / ta", "vos": "tes",
}  # fmt: skip


def detect_language(text: str, *, fallback: str = "en") -> str:
    """'fr' or 'en'; `fallback` when the text is too short or in another language."""
    found = detect([text], candidates=SUPPORTED)[0]
    return found if found in SUPPORTED else fallback


def score_texts(
    scorer: CommentScorer, texts: Sequence[str], langs: Sequence[str]
) -> list[dict[str, float]]:
    """Toxicity and negativity of each text, one batch through the scorer."""
    inputs = [CommentInput(text=t, lang=lang) for t, lang in zip(texts, langs, strict=True)]
    return [
        {k: float(v) for k, v in r.values.items() if k in ("toxicity", "negativity")}
        for r in scorer.score(inputs)
    ]


def check_reply(
    text: str,
    *,
    charter: Charter,
    scorer: CommentScorer,
    network: str | None = None,
    lang: str | None = None,
) -> CheckResult:
    """Check one reply: the scorer runs once, the rest is lexical."""
    lang = lang or detect_language(text, fallback=charter.language)
    scores = score_texts(scorer, [text], [lang])[0]
    return assess_reply(text, charter=charter, scores=scores, lang=lang, network=network)


def assess_reply(
    text: str,
    *,
    charter: Charter,
    scores: dict[str, float],
    lang: str,
    network: str | None = None,
) -> CheckResult:
    """The findings for a reply whose scores are known; `ok` when none blocks."""
    folded = lx.fold(text)
    findings = [
        *_toxicity(scores),
        *_sarcasm(folded, lang),
        *_shouting(text),
        *_punctuation(text),
        *_phrases(folded, lang, section="blame", code="blame"),
        *_phrases(folded, lang, section="commands", code="command"),
        *_address(text, expected=charter.tone.address, lang=lang),
        *banned_words(folded, charter.tone.banned_words),
        *promises(folded, lang, charter.tone.forbidden_promises),
        *length_findings(text, network),
    ]
    findings = _distinct(findings)
    blocking = any(f.severity is BLOCK for f in findings)
    risk = 1.0 - math.prod(1.0 - f.weight for f in findings)
    return CheckResult(
        kind="reply", lang=lang, ok=not blocking, risk=round(risk, 3),
        findings=tuple(findings), scores=scores,
    )  # fmt: skip


def _distinct(findings: list[Finding]) -> list[Finding]:
    """One finding per code and place: of two overlapping spans the longer stays."""
    ordered = sorted(findings, key=lambda f: (f.code, -_size(f)))
    kept: list[Finding] = []
    for f in ordered:
        if not any(k.code == f.code and _clash(k, f) for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.span or (-1, -1), f.code))


def _size(f: Finding) -> int:
    return f.span[1] - f.span[0] if f.span else 0


def _clash(a: Finding, b: Finding) -> bool:
    if a.span is None or b.span is None:
        return a.span == b.span and a.values.get("text") == b.values.get("text")
    return a.span[0] < b.span[1] and b.span[0] < a.span[1]


def _finding(
    code: str, severity: FindingSeverity, hit: lx.Hit | None = None, **values: str | int | float
) -> Finding:
    weight = 0.8 if severity is BLOCK else 0.3
    if hit is not None:
        values = {"text": hit.text, **values}
    return Finding(code, severity, hit.span if hit else None, values, weight=weight)


def _toxicity(scores: dict[str, float]) -> list[Finding]:
    value = scores.get("toxicity", 0.0)
    if value < TOXIC_AT:
        return []
    return [_finding("toxicity", BLOCK, value=round(value, 2))]


def _sarcasm(folded: lx.Folded, lang: str) -> list[Finding]:
    strong = lx.find(folded, lx.terms(lang, "sarcasm_strong"))
    weak = lx.find(folded, lx.terms(lang, "sarcasm_weak"))
    weak = [h for h in weak if not any(_overlaps(h, s) for s in strong)]
    score = len(strong) + 0.5 * len({h.entry for h in weak})
    if score < SARCASM_AT:
        return []
    return [_finding("sarcasm", BLOCK, hit) for hit in [*strong, *weak]]


def _overlaps(a: lx.Hit, b: lx.Hit) -> bool:
    if a.span is None or b.span is None:
        return False
    return a.span[0] < b.span[1] and b.span[0] < a.span[1]


def _shouting(text: str) -> list[Finding]:
    allowed = {str(a) for a in lx.lexicon("en").get("acronyms", [])}
    shouted = [
        m for m in _SHOUT.finditer(text) if m.group(0).isupper() and m.group(0) not in allowed
    ]
    if not shouted:
        return []
    severity = BLOCK if len(shouted) >= 2 else WARN
    words = ", ".join(m.group(0) for m in shouted[:5])
    return [Finding("shouting", severity, shouted[0].span(), {"text": words},
                    suggestion=shouted[0].group(0).capitalize(),
                    weight=0.8 if severity is BLOCK else 0.3)]  # fmt: skip


def _punctuation(text: str) -> list[Finding]:
    runs = list(_PUNCT.finditer(text))
    if not runs:
        return []
    heavy = len(runs) >= 2 or any(len(m.group(0).replace(" ", "")) >= 3 for m in runs)
    severity = BLOCK if heavy else WARN
    first = runs[0]
    return [Finding("punctuation", severity, first.span(), {"text": first.group(0)},
                    suggestion=first.group(0).replace(" ", "")[0],
                    weight=0.8 if heavy else 0.3)]  # fmt: skip


def _phrases(folded: lx.Folded, lang: str, *, section: str, code: str) -> list[Finding]:
    return [_finding(code, BLOCK, hit) for hit in lx.find(folded, lx.terms(lang, section))]


def _address(text: str, *, expected: str | None, lang: str) -> list[Finding]:
    """French only: every tu-form when the charter says vous, and the reverse; quotes skipped."""
    if lang != "fr" or expected not in ("tu", "vous"):
        return []
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    wrong = "tu" if expected == "vous" else "vous"
    terms = [t for t in lx.terms("fr", "address") if t.label == wrong]
    found = []
    for hit in lx.find(lx.fold(unquoted), terms, evasions=False):
        word = hit.text.lower().replace("’", "'")
        found.append(
            Finding("address", BLOCK, hit.span, {"text": hit.text, "expected": expected},
                    suggestion=_ADDRESS_FIX.get(word), weight=0.8)
        )  # fmt: skip
    return found


def banned_words(folded: lx.Folded, words: Sequence[str]) -> list[Finding]:
    """The charter's banned words and phrases (plural and feminine forms included)."""
    terms = []
    for word in words:
        body = r"\s+".join(re.escape(w) for w in lx.fold(word.strip()).folded.split())
        body = body.replace(r"\-", r"[\s-]?")
        source = rf"re:(?<!\w){body}(?:s|e|es|x)?(?!\w)"
        terms.append(lx.compile_entry(source, word))
    return [_finding("banned_word", BLOCK, hit, word=hit.label) for hit in lx.find(folded, terms)]


def promises(folded: lx.Folded, lang: str, charter_words: Sequence[str]) -> list[Finding]:
    """Built-in promise categories and the charter's own forbidden phrases."""
    terms = list(lx.terms(lang, "promises"))
    aliases = lx.lexicon(lang).get("promise_aliases", {})
    known = {lx.fold(str(a)).folded for items in aliases.values() for a in items}
    for phrase in charter_words:
        if lx.fold(phrase).folded not in known:
            terms.append(lx.compile_entry(phrase, "charter"))
    out = []
    for hit in lx.find(folded, terms):
        code = "admission" if hit.label == "legal_admission" else "promise"
        out.append(_finding(code, BLOCK, hit, kind=hit.label))
    return out


def length_findings(text: str, network: str | None) -> list[Finding]:
    """Longer than the network allows (blocking) or than a reply is read there (warning)."""
    if not network:
        return []
    limit = limit_for(network)
    size = length(text, limit.count)
    if size > limit.max:
        severity, bound = BLOCK, limit.max
    elif size > limit.advised:
        severity, bound = WARN, limit.advised
    else:
        return []
    values: dict[str, str | int | float] = {
        "length": size, "limit": bound, "network": limit.network
    }  # fmt: skip
    return [Finding("length", severity, None, values, weight=0.8 if severity is BLOCK else 0.3)]
