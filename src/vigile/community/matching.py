"""Find cases in the library: search by a query, or the cases closest to an incident or
a post. One fused similarity (`semantic.fused`) ranks them all, scoped to what the
organisation reads: its own cases and the commons."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vigile.community.bundle import document
from vigile.community.library import list_cases
from vigile.community.semantic import fused, ranked
from vigile.domain.checks import PastCase
from vigile.store.schema import CaseStudyRow

# a search lists the cases scoring at least half the best one's: the fused score of a
# short document runs lower than a long one's, so an absolute floor would hide it
RELATIVE_AT = 0.5


@dataclass(frozen=True, slots=True)
class Match:
    case: CaseStudyRow
    score: float


def search_cases(
    session: Session,
    query: str,
    *,
    organisation_id: int | None = None,
    tags: dict[str, str] | None = None,
    limit: int = 10,
) -> list[Match]:
    """The cases that match `query` best (every case with these tags when it is empty)."""
    rows = list_cases(session, organisation_id=organisation_id, tags=tags)
    if not query.strip():
        return [Match(row, 0.0) for row in rows[:limit]]
    scores = fused(query, [document(row) for row in rows])
    floor = RELATIVE_AT * max(scores, default=0.0)
    return [Match(rows[i], s) for i, s in ranked(scores, limit=limit, at_least=floor)]


def similar_cases(
    session: Session,
    text: str,
    *,
    organisation_id: int | None = None,
    exclude_incident: int | None = None,
    limit: int = 5,
    at_least: float = 0.0,
) -> list[Match]:
    """The cases closest to `text` (an incident's threads, a post), best first."""
    rows = [
        row
        for row in list_cases(session, organisation_id=organisation_id)
        if exclude_incident is None or row.incident_id != exclude_incident
    ]
    scores = fused(text, [document(row) for row in rows])
    return [Match(rows[i], s) for i, s in ranked(scores, limit=limit, at_least=at_least)]


def past_cases(
    session: Session, text: str, *, organisation_id: int | None = None, limit: int = 3
) -> tuple[PastCase, ...]:
    """The closest cases to a post, in the form the post check reads."""
    return tuple(
        PastCase(
            ref=str(m.case.id),
            title=m.case.title,
            tags=tag_line(m.case),
            change=str(m.case.body.get("change", "")),
            similarity=m.score,  # unrounded: the check compares it with its threshold
        )
        for m in similar_cases(session, text, organisation_id=organisation_id, limit=limit)
    )


def tag_line(row: CaseStudyRow) -> str:
    """ "scenario, sector, network, severity" without the empty ones."""
    values = (row.scenario, row.sector, row.network, row.severity)
    return ", ".join(v for v in values if v)
