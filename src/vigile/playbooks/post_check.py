"""The pre-publication risk check of a brand post.

Pure given a charter, a comment scorer and what the store knows (`PostContext`): open
incidents on the page, the texts of past incident threads. Each reason adds to a risk
score in [0, 1] (noisy-or of the reasons' weights); at the charter's
`approvals.when_risk_at_least` the post needs the approvals of `approvals.posts_require`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache

from vigile.analysis.base import CommentScorer
from vigile.domain.charter import Charter
from vigile.domain.checks import (
    ApprovalNeed,
    CheckResult,
    Finding,
    FindingSeverity,
    PastCase,
    PastIncident,
    PostContext,
)
from vigile.domain.model import as_utc
from vigile.playbooks import lexicon as lx
from vigile.playbooks.networks import limits
from vigile.playbooks.reply_check import (
    banned_words,
    detect_language,
    length_findings,
    score_texts,
)

NOTE, WARN, BLOCK = FindingSeverity.NOTE, FindingSeverity.WARN, FindingSeverity.BLOCK
# Weights of the reasons (chosen on the dev split of the post set). One strong topic, an
# open incident, a charter date or an innuendo alone reaches the 0.5 of the example charters.
TOPIC_WEIGHTS = {
    "tragedy": 0.55, "war_terror": 0.5, "politics": 0.5, "religion": 0.5, "ethnicity": 0.5,
    "sexuality": 0.45, "health": 0.5, "money_scandal": 0.35,
}  # fmt: skip
OPEN_INCIDENT = 0.5
SENSITIVE_DATE = 0.5
DOUBLE_MEANING = 0.5
RISKY_HUMOUR = 0.5
TOXIC_AT, TOXIC = 0.6, 0.6
NEGATIVE_AT, NEGATIVE = 0.85, 0.15
SIMILAR = 0.5
SIMILAR_AT = 0.17  # character 4-5-grams: catches "recharge" ~ "charging", FR ~ EN
# A past case study this close (fused similarity, community.semantic) is shown with what
# its authors would change; 0.34 is the dev choice of `vigile eval cases` (precision 0.9).
SIMILAR_CASE, SIMILAR_CASE_AT, MAX_CASES = 0.25, 0.34, 3
DEFAULT_RISK_AT = 0.5  # when the charter names nobody to approve posts
DATE_MARGIN = timedelta(days=1)


def check_post(
    text: str,
    *,
    charter: Charter,
    scorer: CommentScorer,
    context: PostContext,
    lang: str | None = None,
) -> CheckResult:
    """Check one post: the scorer runs once, the rest is lexical and arithmetic."""
    lang = lang or detect_language(text, fallback=charter.language)
    scores = score_texts(scorer, [text], [lang])[0]
    return assess_post(text, charter=charter, scores=scores, lang=lang, context=context)


def assess_post(
    text: str, *, charter: Charter, scores: dict[str, float], lang: str, context: PostContext
) -> CheckResult:
    """The reasons, the risk score and the approvals for a post whose scores are known."""
    folded = lx.fold(text)
    topics = sensitive_topics(folded, lang)
    findings = [
        *topics,
        *_humour(folded, lang, sensitive=bool(topics)),
        *_innuendo(folded, lang),
        *_timing(context, charter.sensitive_dates),
        *_similar(text, context.past_incidents),
        *similar_cases(context.past_cases),
        *_tone(scores),
        *(_weighted(f, 0.5) for f in banned_words(folded, charter.tone.banned_words)),
        *(length_findings(text, context.network) if context.network in limits() else []),
    ]
    risk = 1.0
    for finding in findings:
        risk *= 1.0 - finding.weight
    risk = round(1.0 - risk, 3)
    approvals = _approvals(charter, risk)
    threshold = charter.approvals.when_risk_at_least if charter.approvals.posts_require else None
    blocked = any(f.severity is BLOCK for f in findings)
    ok = not blocked and risk < (threshold if threshold is not None else DEFAULT_RISK_AT)
    ordered = sorted(findings, key=lambda f: -f.weight)
    return CheckResult(
        kind="post", lang=lang, ok=ok, risk=risk, findings=tuple(ordered),
        scores=scores, approvals=approvals,
    )  # fmt: skip


def _weighted(finding: Finding, weight: float) -> Finding:
    return Finding(
        finding.code, WARN, finding.span, finding.values, finding.suggestion, weight=weight
    )


def sensitive_topics(folded: lx.Folded, lang: str) -> list[Finding]:
    """One finding per sensitive topic, idioms that only look sensitive left out."""
    clean = lx.masked(folded, lx.terms(lang, "innocent"))
    by_topic: dict[str, list[lx.Hit]] = {}
    for hit in lx.find(clean, lx.terms(lang, "sensitive")):
        by_topic.setdefault(hit.label, []).append(hit)
    out = []
    for topic, hits in by_topic.items():
        words = ", ".join(dict.fromkeys(h.text for h in hits))
        weight = TOPIC_WEIGHTS.get(topic, 0.4)
        out.append(Finding("sensitive_topic", WARN, hits[0].span,
                           {"topic": topic, "text": words}, weight=weight))  # fmt: skip
    return out


def _humour(folded: lx.Folded, lang: str, *, sensitive: bool) -> list[Finding]:
    if not sensitive:
        return []
    hits = lx.find(folded, lx.terms(lang, "humour"))
    if not hits:
        return []
    return [Finding("risky_humour", WARN, hits[0].span, {"text": hits[0].text},
                    weight=RISKY_HUMOUR)]  # fmt: skip


def _innuendo(folded: lx.Folded, lang: str) -> list[Finding]:
    hits = lx.find(folded, lx.terms(lang, "innuendo"))
    if not hits:
        return []
    words = ", ".join(dict.fromkeys(h.text for h in hits))
    return [Finding("double_meaning", WARN, hits[0].span, {"text": words},
                    weight=DOUBLE_MEANING)]  # fmt: skip


def _timing(context: PostContext, sensitive_dates: Sequence[str]) -> list[Finding]:
    out = []
    if context.open_incidents:
        out.append(Finding("open_incident", WARN, None,
                           {"count": len(context.open_incidents),
                            "title": context.open_incidents[0]},
                           weight=OPEN_INCIDENT))  # fmt: skip
    if context.at is not None:
        for day in near_dates(as_utc(context.at), sensitive_dates):
            out.append(Finding("sensitive_date", WARN, None, {"date": day.isoformat()},
                               weight=SENSITIVE_DATE))  # fmt: skip
    return out


def near_dates(at: datetime, listed: Sequence[str]) -> list[date]:
    """The charter dates within a day of `at`: ISO dates, or `MM-DD` for every year."""
    found = []
    for value in listed:
        day = _date(value, at.year)
        if day is None:
            continue
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=at.tzinfo)
        if abs(moment - at) <= DATE_MARGIN + timedelta(hours=12):
            found.append(day)
    return found


def _date(value: str, year: int) -> date | None:
    text = value.strip()
    try:
        if len(text) == 5:
            return date.fromisoformat(f"{year}-{text}")
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _similar(text: str, past: Sequence[PastIncident]) -> list[Finding]:
    """The closest past incident thread by TF-IDF cosine, when close enough."""
    if not past:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectoriser = TfidfVectorizer(
        preprocessor=_without_stopwords, analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True
    )
    try:
        matrix = vectoriser.fit_transform([text, *(p.text for p in past)])
    except ValueError:  # nothing but stop words
        return []
    similarity = cosine_similarity(matrix[0], matrix[1:])[0]
    best = int(similarity.argmax())
    value = float(similarity[best])
    if value < SIMILAR_AT:
        return []
    return [Finding("similar_incident", WARN, None,
                    {"similarity": round(value, 2), "ref": past[best].ref},
                    weight=SIMILAR)]  # fmt: skip


def similar_cases(cases: Sequence[PastCase]) -> list[Finding]:
    """The past case studies close enough to the post; only the closest adds to the risk."""
    close = [case for case in cases if case.similarity >= SIMILAR_CASE_AT][:MAX_CASES]
    return [
        Finding(
            "similar_case",
            NOTE,
            None,
            {
                "ref": case.ref,
                "title": case.title,
                "tags": case.tags,
                "change": case.change or "—",
                "similarity": round(case.similarity, 2),
            },
            weight=SIMILAR_CASE if rank == 0 else 0.0,
        )
        for rank, case in enumerate(close)
    ]


def _without_stopwords(text: str) -> str:
    stop = _stopwords()
    return " ".join(w for w in lx.fold(text).evasion.split() if w.strip(".,;:!?'\"") not in stop)


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(lx.fold(str(w)).folded for w in lx.lexicon("en").get("stopwords", []))


def _tone(scores: dict[str, float]) -> list[Finding]:
    out = []
    if scores.get("toxicity", 0.0) >= TOXIC_AT:
        out.append(Finding("toxicity", BLOCK, None, {"value": round(scores["toxicity"], 2)},
                           weight=TOXIC))  # fmt: skip
    if scores.get("negativity", 0.0) >= NEGATIVE_AT:
        out.append(Finding("negativity", NOTE, None, {"value": round(scores["negativity"], 2)},
                           weight=NEGATIVE))  # fmt: skip
    return out


def _approvals(charter: Charter, risk: float) -> tuple[ApprovalNeed, ...]:
    rules = charter.approvals
    if not rules.posts_require or risk < rules.when_risk_at_least:
        return ()
    return tuple(
        ApprovalNeed(target, tuple(c.name for c in charter.resolve(target)))
        for target in rules.posts_require
    )
