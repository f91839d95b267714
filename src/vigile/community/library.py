"""The case library of one server: store, read and list case studies.

Every write appends to the decision log (action `case.drafted` or `case.imported`),
with the case's id and digest only: never its text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.community.anonymise import Replacement
from vigile.community.casestudy import Draft
from vigile.domain.errors import NotFound
from vigile.i18n import t
from vigile.store.journal import append_decision
from vigile.store.schema import CaseStudyRow

TAGS = ("scenario", "network", "severity")


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
    return Shared(row.title, row.lang, {tag: getattr(row, tag) for tag in TAGS}, dict(row.body))


def store_draft(
    session: Session, draft: Draft, *, incident_id: int, actor: str, now: datetime
) -> CaseStudyRow:
    """Keep a drafted case (a new draft of the same incident is a new case)."""
    case = Shared(draft.title, draft.lang, draft.tags, draft.body)
    row = _row(case, origin="local", now=now, incident_id=incident_id)
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


def get_case(session: Session, case_id: int, *, lang: str = "en") -> CaseStudyRow:
    row = session.get(CaseStudyRow, case_id)
    if row is None:
        raise NotFound(t("cases.not_found", lang, id=case_id))
    return row


def list_cases(session: Session, ids: list[int] | None = None) -> list[CaseStudyRow]:
    query = select(CaseStudyRow).order_by(CaseStudyRow.id)
    if ids:
        query = query.where(CaseStudyRow.id.in_(ids))
    return list(session.scalars(query))


def _row(case: Shared, *, origin: str, now: datetime, incident_id: int | None) -> CaseStudyRow:
    return CaseStudyRow(
        origin=origin,
        incident_id=incident_id,
        title=case.title[:300],
        lang=case.lang,
        scenario=case.tags.get("scenario", "")[:100],
        network=case.tags.get("network", "")[:50],
        severity=case.tags.get("severity", "")[:20],
        body=case.body,
        replacements={"items": []},
        digest=case.digest,
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
