"""The case library of one server: store, read, share and list case studies.

A drafted case belongs to the organisation of its incident's page and is private to it
until a CM shares it to the commons; imported cases land in the commons. An organisation
reads its own cases and the commons, never another organisation's private ones.
Every write appends to the decision log (`case.drafted`, `case.shared`, `case.imported`),
with the case's id and digest only: never its text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from vigile.community.anonymise import Replacement
from vigile.community.casestudy import Draft
from vigile.domain.errors import NotFound
from vigile.i18n import t
from vigile.store.journal import append_decision
from vigile.store.queries import owning_organisation
from vigile.store.schema import CaseStudyRow

TAGS = ("scenario", "sector", "network", "severity")


@dataclass(frozen=True, slots=True)
class Shared:
    """What leaves the organisation: the anonymised case, nothing else."""

    title: str
    lang: str
    tags: dict[str, str]
    body: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "lang": self.lang, "tags": self.tags, "body": self.body}

    @property
    def digest(self) -> str:
        return sha256_of(self.as_json())


def canonical(value: Any) -> bytes:
    """The bytes a hash is taken over: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_of(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def shared(row: CaseStudyRow) -> Shared:
    """The case as it leaves the organisation (an empty sector is no tag)."""
    tags = {tag: value for tag in TAGS if (value := getattr(row, tag)) or tag != "sector"}
    return Shared(row.title, row.lang, tags, dict(row.body))


def store_draft(
    session: Session, draft: Draft, *, incident_id: int, actor: str, now: datetime
) -> CaseStudyRow:
    """Keep a drafted case (a new draft of the same incident is a new case)."""
    case = Shared(draft.title, draft.lang, draft.tags, draft.body)
    row = _row(case, origin="local", now=now, incident_id=incident_id)
    row.organisation_id = owning_organisation(session, "incident", incident_id)
    row.digest = sha256_of({"case": case.as_json(), "drafted": now.isoformat()})
    row.replacements = {"items": _grouped(draft.replacements)}
    session.add(row)
    session.flush()
    append_decision(
        session,
        actor=actor,
        action="case.drafted",
        subject_type="case",
        subject_id=row.id,
        details={"incident": incident_id, "replacements": len(draft.replacements)},
    )
    return row


def store_imported(session: Session, case: Shared, *, actor: str, now: datetime) -> bool:
    """Keep a case received in a bundle; False when the same case is already here."""
    if session.scalar(select(CaseStudyRow.id).where(CaseStudyRow.digest == case.digest)):
        return False
    row = _row(case, origin="imported", now=now, incident_id=None)
    row.commons = True
    session.add(row)
    session.flush()
    append_decision(
        session,
        actor=actor,
        action="case.imported",
        subject_type="case",
        subject_id=row.id,
        details={"digest": case.digest},
    )
    return True


def share_case(session: Session, row: CaseStudyRow, *, actor: str) -> bool:
    """Put a case in the commons; False when it already is."""
    if row.commons:
        return False
    row.commons = True
    append_decision(
        session,
        actor=actor,
        action="case.shared",
        subject_type="case",
        subject_id=row.id,
        details={"digest": row.digest},
    )
    return True


def visible(row: CaseStudyRow, organisation_id: int | None) -> bool:
    """The commons and the organisation's own cases (everything for the operator: None)."""
    return organisation_id is None or row.commons or row.organisation_id == organisation_id


def get_case(
    session: Session, case_id: int, *, lang: str = "en", organisation_id: int | None = None
) -> CaseStudyRow:
    """One case; another organisation's private case is as unknown as a missing one."""
    row = session.get(CaseStudyRow, case_id)
    if row is None or not visible(row, organisation_id):
        raise NotFound(t("cases.not_found", lang, id=case_id))
    return row


def list_cases(
    session: Session,
    ids: list[int] | None = None,
    *,
    organisation_id: int | None = None,
    tags: dict[str, str] | None = None,
) -> list[CaseStudyRow]:
    """The cases an organisation reads (all of them when None), with these tag values."""
    query = _scoped(select(CaseStudyRow).order_by(CaseStudyRow.id), organisation_id)
    if ids:
        query = query.where(CaseStudyRow.id.in_(ids))
    for tag, value in (tags or {}).items():
        if tag in TAGS and value:
            query = query.where(getattr(CaseStudyRow, tag) == value)
    return list(session.scalars(query))


def tag_values(session: Session, *, organisation_id: int | None = None) -> dict[str, list[str]]:
    """Every value each tag takes in the cases an organisation reads (for filter menus)."""
    rows = list_cases(session, organisation_id=organisation_id)
    return {tag: sorted({v for row in rows if (v := getattr(row, tag))}) for tag in TAGS}


def _scoped(query: Select[CaseStudyRow], organisation_id: int | None) -> Select[CaseStudyRow]:
    if organisation_id is None:
        return query
    return query.where(
        or_(CaseStudyRow.commons.is_(True), CaseStudyRow.organisation_id == organisation_id)
    )


def _row(case: Shared, *, origin: str, now: datetime, incident_id: int | None) -> CaseStudyRow:
    return CaseStudyRow(
        origin=origin,
        incident_id=incident_id,
        title=case.title[:300],
        lang=case.lang,
        scenario=case.tags.get("scenario", "")[:100],
        sector=case.tags.get("sector", "")[:100],
        network=case.tags.get("network", "")[:50],
        severity=case.tags.get("severity", "")[:20],
        body=case.body,
        replacements={"items": []},
        digest=case.digest,
        commons=False,
        created_at=now,
    )


def _grouped(made: tuple[tuple[str, Replacement], ...]) -> list[dict[str, Any]]:
    """One entry per (kind, original, replacement), with every place it was made."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for where, r in made:
        places = grouped.setdefault((r.kind, r.original, r.replacement), [])
        if where not in places:
            places.append(where)
    return [
        {"kind": kind, "original": original, "replacement": replacement, "where": places}
        for (kind, original, replacement), places in grouped.items()
    ]
