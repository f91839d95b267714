"""Idempotent storage of incoming comments, keyed by (network, external id)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from vigile.domain.model import IncomingComment, PageRef, utc_now
from vigile.store.schema import Author, Comment, Organisation, Page, Post

DEFAULT_ORGANISATION = "default"


@dataclass
class UpsertCounts:
    added: int = 0
    updated: int = 0
    skipped: int = 0

    def __iadd__(self, other: UpsertCounts) -> UpsertCounts:
        self.added += other.added
        self.updated += other.updated
        self.skipped += other.skipped
        return self


def ensure_organisation(session: Session, slug: str = DEFAULT_ORGANISATION) -> Organisation:
    found = session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if found:
        return found
    organisation = Organisation(slug=slug, name=slug)
    session.add(organisation)
    session.flush()
    return organisation


def upsert_comments(session: Session, incoming: Sequence[IncomingComment]) -> UpsertCounts:
    """Add new comments, update changed ones, skip identical ones (last duplicate wins)."""
    latest = {(c.page.network, c.external_id): c for c in incoming}
    counts = UpsertCounts(skipped=len(incoming) - len(latest))
    pages = _pages(session, {c.page for c in latest.values()})
    authors = _authors(session, {(c.page.network, c.author) for c in latest.values() if c.author})
    posts = _posts(session, latest.values(), pages)
    existing = {
        (row.network, row.external_id): row
        for row in session.scalars(
            select(Comment).where(tuple_(Comment.network, Comment.external_id).in_(list(latest)))
        )
    }
    now = utc_now()
    for key, item in latest.items():
        fields = {
            "page_id": pages[item.page].id,
            "post_id": posts[(item.page, item.post_id)].id if item.post_id else None,
            "author_id": authors[(item.page.network, item.author)].id if item.author else None,
            "parent_ref": item.parent,
            "text": item.text,
            "lang": item.lang,
            "created_at": item.created_at or now,
            "content_hash": content_hash(item),
        }
        row = existing.get(key)
        if row is None:
            session.add(Comment(network=key[0], external_id=key[1], imported_at=now, **fields))
            counts.added += 1
        elif row.content_hash == fields["content_hash"]:
            counts.skipped += 1
        else:
            if item.created_at is None:
                fields["created_at"] = row.created_at
            for name, value in fields.items():
                setattr(row, name, value)
            counts.updated += 1
    session.flush()
    return counts


def content_hash(item: IncomingComment) -> str:
    payload = [
        item.text,
        item.lang,
        item.author,
        item.created_at.isoformat() if item.created_at else None,
        item.post_id,
        item.post_text,
        item.parent,
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _pages(session: Session, refs: set[PageRef]) -> dict[PageRef, Page]:
    found = {
        PageRef(p.network, p.handle): p
        for p in session.scalars(
            select(Page).where(
                tuple_(Page.network, Page.handle).in_([(r.network, r.handle) for r in refs])
            )
        )
    }
    missing = refs - found.keys()
    if missing:
        organisation = ensure_organisation(session)
        for ref in missing:
            found[ref] = Page(
                organisation_id=organisation.id, network=ref.network, handle=ref.handle
            )
            session.add(found[ref])
        session.flush()
    return found


def _authors(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], Author]:
    found = {
        (a.network, a.handle): a
        for a in session.scalars(
            select(Author).where(tuple_(Author.network, Author.handle).in_(list(keys)))
        )
    }
    for network, handle in keys - found.keys():
        found[(network, handle)] = Author(network=network, handle=handle)
        session.add(found[(network, handle)])
    session.flush()
    return found


def _posts(
    session: Session, items: Iterable[IncomingComment], pages: dict[PageRef, Page]
) -> dict[tuple[PageRef, str | None], Post]:
    wanted: dict[tuple[PageRef, str | None], IncomingComment] = {}
    for item in items:
        if item.post_id:
            wanted.setdefault((item.page, item.post_id), item)
    if not wanted:
        return {}
    keys = [(pages[ref].id, post_id) for ref, post_id in wanted]
    by_db_key = {
        (p.page_id, p.external_id): p
        for p in session.scalars(
            select(Post).where(tuple_(Post.page_id, Post.external_id).in_(keys))
        )
    }
    found: dict[tuple[PageRef, str | None], Post] = {}
    for (ref, post_id), item in wanted.items():
        post = by_db_key.get((pages[ref].id, post_id or ""))
        if post is None:
            post = Post(page_id=pages[ref].id, external_id=post_id, text=item.post_text)
            session.add(post)
        elif item.post_text and not post.text:
            post.text = item.post_text
        found[(ref, post_id)] = post
    session.flush()
    return found
