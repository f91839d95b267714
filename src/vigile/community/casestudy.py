"""Draft an anonymised post-mortem ("cas d'école") from an incident.

The facts and the timeline come from the accountability report (the store and the
hash-chained decision log); the thread excerpts are the comments of the threads the
alerts point at. Everyone in the incident (`people.incident_people`) is registered
first, then every field — title, tags, what happened, timeline, post, quotes and the
CM's free texts — goes through one `Pseudonyms` table, so a person keeps the same
pseudonym everywhere, named with or without their `@`. Times become offsets ("+01:05")
from the incident's opening, or from the first excerpt: no date leaves with the case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.community.anonymise import Anonymised, People, Pseudonyms, Replacement, anonymise
from vigile.community.people import incident_people
from vigile.domain.charter import Charter
from vigile.domain.model import as_utc, utc_now
from vigile.i18n import t
from vigile.incidents.report import LogEntry, Report, build_incident_report
from vigile.store.schema import Author, Comment, Incident, Page

SYSTEM_ACTORS = frozenset({"vigile", "system"})
MAX_EXCERPTS = 12


@dataclass(frozen=True, slots=True)
class CaseOptions:
    lang: str = "en"
    brands: tuple[str, ...] = ()
    scenario: str | None = None
    worked: str = ""
    change: str = ""
    sector: str = ""


@dataclass(frozen=True, slots=True)
class Draft:
    """A case study before it is stored: tags, anonymised body, what was replaced."""

    title: str
    lang: str
    tags: dict[str, str]
    body: dict[str, Any]
    replacements: tuple[tuple[str, Replacement], ...]  # (where, replacement)


class _Anonymiser:
    """One case's pseudonym table and the running list of replacements."""

    def __init__(self, lang: str, brands: Sequence[str], people: People) -> None:
        self.brands = tuple(brands)
        self.pseudonyms = Pseudonyms(lang)
        self.pseudonyms.know(
            People(tuple(h for h in people.handles if self.is_person(h)), people.names)
        )
        self.made: list[tuple[str, Replacement]] = []

    def text(self, text: str, *, where: str) -> str:
        result: Anonymised = anonymise(text, self.pseudonyms, brands=self.brands)
        self.made.extend((where, r) for r in result.replacements)
        return result.text

    def is_person(self, handle: str) -> bool:
        folded = handle.casefold()
        return folded not in SYSTEM_ACTORS and all(folded != b.casefold() for b in self.brands)

    def person(self, handle: str, *, where: str) -> str:
        if handle.casefold() in SYSTEM_ACTORS:
            return handle
        if not self.is_person(handle):
            return self.text(handle, where=where)
        pseudonym = self.pseudonyms.person(handle)
        self.made.append((where, Replacement(0, len(handle), "author", handle, pseudonym)))
        return pseudonym


def draft_case(
    session: Session, incident_id: int, charter: Charter, *, options: CaseOptions, now: datetime
) -> Draft:
    """The post-mortem of one incident, anonymised, with every replacement listed."""
    report = build_incident_report(session, incident_id, charter, now=now)
    assert report.incident is not None
    page = session.get_one(Page, session.get_one(Incident, incident_id).page_id)
    people = incident_people(session, report, charter)
    anon = _Anonymiser(options.lang, _brands(options, page, charter), people)
    kinds = sorted({a.alert.kind for a in report.alerts})
    sector = anon.text(options.sector.strip(), where="sector")
    tags = {
        "scenario": anon.text(
            options.scenario or (kinds[0] if kinds else "incident"), where="tags"
        ),
        "network": page.network,
        "severity": report.incident.severity,
        **({"sector": sector} if sector else {}),
    }
    title = t("cases.incident_title", options.lang, kind=tags["scenario"], **_net(tags))
    title = anon.text(title, where="title")
    post, excerpts = _excerpts(session, report, anon)
    body = {
        "happened": anon.text(_happened(report, options.lang, kinds), where="happened"),
        "timeline": [_entry(e, report, anon) for e in report.log],
        "post": post,
        "excerpts": excerpts,
        "worked": anon.text(options.worked, where="worked"),
        "change": anon.text(options.change, where="change"),
    }
    return Draft(title, options.lang, tags, body, tuple(anon.made))


def _brands(options: CaseOptions, page: Page, charter: Charter) -> list[str]:
    """The brands to replace: the options', the page handle (and its name), the charter's."""
    derived = (page.handle, re.split(r"[@.]", page.handle)[0], charter.organisation)
    return [*options.brands, *(name for name in derived if len(name) >= 3)]


def _net(tags: dict[str, str]) -> dict[str, str]:
    return {"network": tags["network"], "severity": tags["severity"]}


def _happened(report: Report, lang: str, kinds: list[str]) -> str:
    incident = report.incident
    assert incident is not None

    def after(moment: datetime | None) -> str:
        if moment is None:
            return t("cases.never", lang)
        minutes = round((as_utc(moment) - as_utc(incident.opened_at)).total_seconds() / 60)
        return t("cases.after", lang, minutes=minutes)

    return t(
        "cases.happened",
        lang,
        severity=incident.severity,
        network=incident.page.split(":", 1)[0],
        alerts=len(report.alerts),
        kinds=", ".join(kinds),
        acknowledged=after(incident.acknowledged_at),
        resolved=after(incident.resolved_at),
    )


def _offset(moment: datetime, origin: datetime) -> str:
    seconds = max(0, int((as_utc(moment) - as_utc(origin)).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"+{hours:02d}:{rest // 60:02d}"


def _entry(entry: LogEntry, report: Report, anon: _Anonymiser) -> dict[str, str]:
    """One line of the timeline: when, who (pseudonymised), what."""
    assert report.incident is not None
    where = f"timeline {entry.id}"
    details = []
    for key, value in sorted(entry.details.items()):
        if key in ("contact", "by"):
            details.append(f"{key}={anon.person(str(value), where=where)}")
        elif isinstance(value, str | int | float):
            details.append(f"{key}={anon.text(str(value), where=where)}")
    return {
        "at": _offset(entry.at, report.incident.opened_at),
        "actor": anon.person(entry.actor, where=where),
        "action": entry.action,
        "details": ", ".join(details),
    }


def _excerpts(
    session: Session, report: Report, anon: _Anonymiser
) -> tuple[str, list[dict[str, str]]]:
    """The first thread's post and its comments, anonymised (at most MAX_EXCERPTS)."""
    if not report.threads:
        return "", []
    thread = report.threads[0]
    rows = session.execute(
        select(Comment.external_id, Comment.text, Comment.created_at, Author.handle)
        .outerjoin(Author, Author.id == Comment.author_id)
        .where(Comment.post_id == thread.id, Comment.deleted_at.is_(None))
        .order_by(Comment.created_at, Comment.id)
        .limit(MAX_EXCERPTS)
    ).all()
    for row in rows:  # names hidden in handles are known before any text is read
        if row.handle and anon.is_person(row.handle):
            anon.pseudonyms.person(row.handle)
    post = anon.text(thread.text or "", where="post")
    origin = rows[0].created_at if rows else None
    excerpts = []
    for number, row in enumerate(rows, 1):
        where = f"excerpt {number}"
        excerpts.append(
            {
                "at": _offset(row.created_at, origin) if origin else "",
                "author": anon.person(row.handle, where=where) if row.handle else "",
                "text": anon.text(row.text, where=where),
            }
        )
    return post, excerpts


def incident_text(session: Session, incident_id: int, charter: Charter, *, now: datetime) -> str:
    """The posts and comments of an incident's threads, to find similar cases (not stored)."""
    report = build_incident_report(session, incident_id, charter, now=now)
    post_ids = [thread.id for thread in report.threads]
    comments = session.scalars(select(Comment.text).where(Comment.post_id.in_(post_ids)))
    return "\n".join([*(thread.text or "" for thread in report.threads), *comments])


def help_context(
    session: Session, incident_id: int, charter: Charter, *, question: str, options: CaseOptions
) -> Draft:
    """A help request's anonymised question and context: what happened, post, excerpts."""
    report = build_incident_report(session, incident_id, charter, now=utc_now())
    page = session.get_one(Page, session.get_one(Incident, incident_id).page_id)
    people = incident_people(session, report, charter)
    anon = _Anonymiser(options.lang, _brands(options, page, charter), people)
    kinds = sorted({a.alert.kind for a in report.alerts})
    post, excerpts = _excerpts(session, report, anon)
    asked = anon.text(question, where="question")
    body: dict[str, Any] = {
        "question": asked,
        "happened": anon.text(_happened(report, options.lang, kinds), where="happened"),
        "post": post,
        "excerpts": excerpts,
    }
    tags = {
        "network": page.network,
        "severity": report.incident.severity if report.incident else "",
    }
    return Draft(asked[:300], options.lang, tags, body, tuple(anon.made))
