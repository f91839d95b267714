"""Everyone in an incident, for the anonymiser: who wrote in its threads, who acted on it
(the decision log's actors and the contacts it told) and the charter's contacts.

Read before any text of a case is anonymised, so that a person written bare in a free
text ("merci à Sophie_Cargo") is replaced like the author of a quoted comment, and
checked again before a case is shared: a known handle left in any field refuses it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.community.anonymise import People
from vigile.domain.charter import Charter
from vigile.incidents.report import Report
from vigile.store.schema import Author, Comment, User

SYSTEM_ACTORS = frozenset({"vigile", "system", "cli"})
PERSON_DETAILS = ("contact", "by", "to")


def incident_people(session: Session, report: Report, charter: Charter) -> People:
    """The handles and names of everyone in the incident the report is about."""
    post_ids = [thread.id for thread in report.threads]
    authors = session.scalars(
        select(Author.handle)
        .join(Comment, Comment.author_id == Author.id)
        .where(Comment.post_id.in_(post_ids))
        .distinct()
    )
    actors = {entry.actor for entry in report.log}
    for entry in report.log:
        for key in PERSON_DETAILS:
            value = entry.details.get(key)
            actors |= {str(v) for v in value} if isinstance(value, list) else {str(value)}
    actors = {a for a in actors if a and a != "None" and a.casefold() not in SYSTEM_ACTORS}
    users = session.scalars(select(User.display_name).where(User.email.in_(actors)))
    handles = [*sorted(set(authors)), *sorted(actors), *(c.id for c in charter.contacts)]
    names = [*users, *(c.name for c in charter.contacts)]
    return People(tuple(dict.fromkeys(handles)), tuple(dict.fromkeys(names)))
