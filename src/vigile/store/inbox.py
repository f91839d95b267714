"""The inbox: one organisation's analysed threads, riskiest first, filtered and counted.

Every filter reads plain columns of `thread_states` (kept by the pipeline) or an indexed
look-up of the thread's alerts, so a page of the inbox costs the same with a million
comments as with a hundred: one count over the threads, one page of ids, one read of
those rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from vigile.store.queries import org_pages, page_named
from vigile.store.schema import Alert, Comment, Page, Post, ThreadState

SIGNALS = ("toxic", "negative", "derailing", "pile_on", "buzz")
STATUSES = ("all", "open", "acknowledged")
TABS = ("all", "answer", "moderation")
DERAILING_AT = 0.7  # the default charter's thread_derailment rule
NEGATIVE_SHARE = 3  # "negative": at least one comment in three is negative


@dataclass(frozen=True)
class InboxFilter:
    """What the CM asked to see; `derailing_at` comes from the charter in force."""

    page: str | None = None  # network:handle
    network: str | None = None
    lang: str | None = None
    signal: str | None = None  # one of SIGNALS
    status: str = "all"  # one of STATUSES
    tab: str = "all"  # one of TABS
    derailing_at: float = DERAILING_AT

    def with_tab(self, tab: str) -> InboxFilter:
        return replace(self, tab=tab)


@dataclass(frozen=True)
class InboxThread:
    post_id: int
    page: str
    network: str
    post_text: str | None
    lang: str | None
    comments: int
    derailment: float
    toxicity_max: float
    negativity_mean: float
    toxic: int
    negative: int
    unanswered: int
    last_comment_at: datetime
    open_alerts: int
    alerts: int
    reasons: list[dict[str, Any]] = field(default_factory=list)


def _alert_on_thread(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(Alert.post_id == ThreadState.post_id, *where)


def _signal_is(name: str) -> ColumnElement[bool]:
    signal: ColumnElement[str] = Alert.evidence["signal"].as_string()
    return signal == name


def _threads_with_alert(signal: str) -> ColumnElement[bool]:
    """Threads with an alert of this signal (one uncorrelated look-up, alerts are few)."""
    return ThreadState.post_id.in_(select(Alert.post_id).where(_signal_is(signal)))


def _threads_with_buzz() -> ColumnElement[bool]:
    """Threads where one comment set off a negative-buzz alert of its page."""
    source = aliased(Page)
    triggers = (
        select(Comment.post_id)
        .select_from(Alert)
        .join(source, source.id == Alert.page_id)
        .join(
            Comment,
            and_(
                Comment.network == source.network,
                Comment.external_id == Alert.evidence["trigger"].as_string(),
            ),
        )
        .where(_signal_is("negative_buzz"))
    )
    return ThreadState.post_id.in_(triggers)


def _conditions(wanted: InboxFilter) -> dict[str, ColumnElement[bool]]:
    """The SQL condition of each signal and tab."""
    derailing = or_(
        ThreadState.derailment >= wanted.derailing_at, _threads_with_alert("derailment")
    )
    pile_on = _threads_with_alert("pile_on")
    return {
        "toxic": ThreadState.toxic > 0,
        "negative": and_(
            ThreadState.negative > 0,
            ThreadState.negative * NEGATIVE_SHARE >= ThreadState.comments,
        ),
        "derailing": derailing,
        "pile_on": pile_on,
        "buzz": _threads_with_buzz(),
        "answer": ThreadState.unanswered > 0,
        "moderation": or_(ThreadState.toxic > 0, ThreadState.spam > 0, derailing, pile_on),
    }


def _in_organisation(organisation_id: int, *where: ColumnElement[bool]) -> ColumnElement[bool]:
    """Threads of the organisation's pages (matching `where` on Page): a test on the
    page id that the covering index `ix_thread_states_risk` holds, so the inbox never
    reads the wide rows (they carry the forecaster's window of recent comments)."""
    return ThreadState.page_id.in_(org_pages(organisation_id).where(*where))


def _where(wanted: InboxFilter, organisation_id: int) -> list[ColumnElement[bool]]:
    """Every filter but the tab."""
    on_page: list[ColumnElement[bool]] = []
    if wanted.page:
        on_page.append(page_named(wanted.page))
    if wanted.network:
        on_page.append(Page.network == wanted.network)
    where = [_in_organisation(organisation_id, *on_page)]
    if wanted.lang:
        where.append(ThreadState.lang == wanted.lang)
    if wanted.signal:
        where.append(_conditions(wanted).get(wanted.signal, false()))
    if wanted.status == "open":
        where.append(_alert_on_thread(Alert.status == "open"))
    elif wanted.status == "acknowledged":
        where += [_alert_on_thread(), ~_alert_on_thread(Alert.status == "open")]
    return where


def _tab(wanted: InboxFilter) -> ColumnElement[bool]:
    return _conditions(wanted)[wanted.tab] if wanted.tab in ("answer", "moderation") else true()


@dataclass(frozen=True)
class InboxCounts:
    """Threads per tab under the filters, and the languages found under the others."""

    tabs: dict[str, int]
    langs: list[str]


def inbox_counts(session: Session, wanted: InboxFilter, *, organisation_id: int) -> InboxCounts:
    """One pass over the organisation's threads, grouped by language: the chosen
    language's row gives the counts, every row offers its language to the filter."""
    conditions = _conditions(wanted)
    query = (
        select(
            ThreadState.lang,
            func.count(),
            func.coalesce(func.sum(case((conditions["answer"], 1), else_=0)), 0),
            func.coalesce(func.sum(case((conditions["moderation"], 1), else_=0)), 0),
        )
        .where(*_where(replace(wanted, lang=None), organisation_id))
        .group_by(ThreadState.lang)
    )
    tabs = dict.fromkeys(TABS, 0)
    langs = []
    for lang, total, answer, moderation in session.execute(query):
        if lang:
            langs.append(lang)
        if wanted.lang and lang != wanted.lang:
            continue
        for tab, n in zip(TABS, (total, answer, moderation), strict=True):
            tabs[tab] += int(n)
    return InboxCounts(tabs=tabs, langs=sorted(langs))


def inbox_threads(
    session: Session,
    wanted: InboxFilter,
    *,
    organisation_id: int,
    limit: int = 50,
    offset: int = 0,
) -> list[InboxThread]:
    """One page of the tab: a complaint waiting longest-unanswered first in "answer",
    the likeliest to go awry first elsewhere."""
    order: tuple[Any, ...]
    if wanted.tab == "answer":
        order = (ThreadState.unanswered.desc(), ThreadState.negativity_mean.desc())
    else:
        order = (ThreadState.derailment.desc(), ThreadState.toxicity_max.desc())
    ids = list(
        session.scalars(
            select(ThreadState.post_id)
            .where(*_where(wanted, organisation_id), _tab(wanted))
            .order_by(*order, ThreadState.post_id)
            .limit(limit)
            .offset(offset)
        )
    )
    return threads_by_id(session, ids)


def threads_by_id(session: Session, ids: list[int]) -> list[InboxThread]:
    """The rows of these threads, in the order given, with their alert counts."""
    if not ids:
        return []
    counted = session.execute(
        select(Alert.post_id, func.count(), func.sum(case((Alert.status == "open", 1), else_=0)))
        .where(Alert.post_id.in_(ids))
        .group_by(Alert.post_id)
    ).all()
    every = {post_id: int(n) for post_id, n, _ in counted}
    alerts = {post_id: int(n or 0) for post_id, _, n in counted}
    rows = session.execute(
        select(*_COLUMNS, Post.text, Page.network, Page.handle)
        .join(Post, Post.id == ThreadState.post_id)
        .join(Page, Page.id == Post.page_id)
        .where(ThreadState.post_id.in_(ids))
    )
    found = {}
    for row in rows:
        state = row._mapping
        found[state["post_id"]] = InboxThread(
            **{c.key: state[c.key] for c in _COLUMNS if c.key != "reasons"},
            page=f"{state['network']}:{state['handle']}",
            network=state["network"],
            post_text=state["text"],
            open_alerts=alerts.get(state["post_id"], 0),
            alerts=every.get(state["post_id"], 0),
            reasons=list((state["reasons"] or {}).get("reasons", [])),
        )
    return [found[i] for i in ids if i in found]


# what a row shows: never the window of recent comments nor the detector state
_COLUMNS = (
    ThreadState.post_id,
    ThreadState.lang,
    ThreadState.comments,
    ThreadState.derailment,
    ThreadState.toxicity_max,
    ThreadState.negativity_mean,
    ThreadState.toxic,
    ThreadState.negative,
    ThreadState.unanswered,
    ThreadState.last_comment_at,
    ThreadState.reasons,
)


def pages_offered(session: Session, *, organisation_id: int) -> list[str]:
    """The organisation's pages, `network:handle`, for the page and network filters."""
    rows = session.execute(
        select(Page.network, Page.handle)
        .where(Page.organisation_id == organisation_id)
        .order_by(Page.network, Page.handle)
    )
    return [f"{network}:{handle}" for network, handle in rows]
