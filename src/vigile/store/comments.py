"""Idempotent storage of incoming comments, keyed by (network, external id)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, replace
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Table, insert, select, tuple_, update
from sqlalchemy.orm import Session

from vigile.domain.charter import DEFAULT_ORGANISATION as DEFAULT_ORGANISATION
from vigile.domain.model import IncomingComment, PageRef, utc_now
from vigile.store.schema import Author, Comment, Organisation, Page, Post

K = TypeVar("K")
V = TypeVar("V")


@dataclass
class UpsertCounts:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    stale: int = 0  # older than the stored version (a replayed or late push): not applied

    def __iadd__(self, other: UpsertCounts) -> UpsertCounts:
        self.added += other.added
        self.updated += other.updated
        self.skipped += other.skipped
        self.stale += other.stale
        return self


@dataclass(frozen=True, slots=True)
class _Stored:
    id: int
    content_hash: str
    created_at: datetime
    deleted_at: datetime | None
    version_at: datetime | None


def ensure_organisation(session: Session, slug: str = DEFAULT_ORGANISATION) -> Organisation:
    found = session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if found:
        return found
    organisation = Organisation(slug=slug, name=slug)
    session.add(organisation)
    session.flush()
    return organisation


def upsert_comments(session: Session, incoming: Sequence[IncomingComment]) -> UpsertCounts:
    """Add new comments, update changed ones, skip identical ones (last duplicate wins).

    Rows are counted as if stored one after the other: a repeated id is *updated* when its
    content differs from the row before it, else *skipped*. A row whose `version_at` is
    older than the stored version's is *stale*: never applied, so a replayed or late push
    cannot bring old content back. Text loses any NUL character (which PostgreSQL cannot
    store) on every back end alike. Bulk statements, not one ORM
    object per row: import speed is bounded by this function.
    """
    latest, counts = _latest(incoming)
    if not latest:
        return counts
    pages = _pages(session, {c.page for c, _, _ in latest.values()})
    authors = _authors(
        session, {(c.page.network, c.author) for c, _, _ in latest.values() if c.author}
    )
    posts = _posts(session, [c for c, _, _ in latest.values()], pages)
    existing = _stored(session, latest)
    now = utc_now()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for key, (item, first_hash, last_hash) in latest.items():
        fields = {
            "page_id": pages[item.page],
            "post_id": posts[(item.page, item.post_id)] if item.post_id else None,
            "author_id": authors[(item.page.network, item.author)] if item.author else None,
            "parent_ref": item.parent,
            "text": item.text,
            "lang": item.lang,
            "created_at": item.created_at or now,
            "content_hash": last_hash,
            "pending": True,
            "edited_at": item.edited_at,
            "deleted_at": None,
            "version_at": item.version_at,
        }
        found = existing.get(key)
        if found is None:
            inserts.append({"network": key[0], "external_id": key[1], "imported_at": now, **fields})
            continue
        if _older(item.version_at, than=found.version_at):
            counts.stale += 1
            continue
        back = found.deleted_at is not None  # seen deleted on its network, now shown again
        if back or found.content_hash != first_hash:
            counts.updated += 1
        else:
            counts.skipped += 1
        if back or found.content_hash != last_hash:
            kept = {
                "created_at": item.created_at or found.created_at,
                "version_at": item.version_at or found.version_at,
            }
            updates.append({"id": found.id, **fields, **kept})
    if inserts:
        session.execute(
            insert(cast(Table, Comment.__table__)), inserts
        )  # Core: no per-row ORM cost
    if updates:
        session.execute(update(Comment), updates)
    counts.added += len(inserts)
    return counts


Key = tuple[str, str]
Latest = dict[Key, tuple[IncomingComment, str, str]]


def _latest(incoming: Sequence[IncomingComment]) -> tuple[Latest, UpsertCounts]:
    """Per (network, id): its last row, the content hash of its first and of its last row;
    and the counts of the repeats (updated when they differ from the row before)."""
    latest: Latest = {}
    repeats = UpsertCounts()
    for item in map(_storable, incoming):
        key = (item.page.network, item.external_id)
        digest = content_hash(item)
        seen = latest.get(key)
        if seen is None:
            latest[key] = (item, digest, digest)
            continue
        if digest == seen[2]:
            repeats.skipped += 1
        else:
            repeats.updated += 1
        latest[key] = (item, seen[1], digest)
    return latest, repeats


def _stored(session: Session, latest: Iterable[Key]) -> dict[Key, _Stored]:
    """What is stored of these (network, external id) keys."""
    return {
        (row.network, row.external_id): _Stored(
            row.id, row.content_hash, row.created_at, row.deleted_at, row.version_at
        )
        for wanted_network, ids in _group(latest).items()
        for row in session.execute(
            select(
                Comment.network,
                Comment.external_id,
                Comment.id,
                Comment.content_hash,
                Comment.created_at,
                Comment.deleted_at,
                Comment.version_at,
            ).where(Comment.network == wanted_network, Comment.external_id.in_(ids))
        )
    }


def _older(version: datetime | None, *, than: datetime | None) -> bool:
    """True when both versions are known and `version` came before (equal is not older)."""
    return version is not None and than is not None and version < than


_TEXT_FIELDS = ("external_id", "text", "lang", "author", "post_id", "post_text", "parent")


def _storable(item: IncomingComment) -> IncomingComment:
    """The comment without NUL characters: PostgreSQL text cannot hold U+0000, and
    SQLite must store exactly what PostgreSQL does."""
    changes: dict[str, Any] = {
        name: value.replace("\x00", "")
        for name in _TEXT_FIELDS
        if isinstance(value := getattr(item, name), str) and "\x00" in value
    }
    if "\x00" in str(item.page):
        changes["page"] = PageRef(*(part.replace("\x00", "") for part in astuple(item.page)))
    return replace(item, **changes) if changes else item


def mark_deleted(session: Session, *, page: PageRef, post_id: str, present: Iterable[str]) -> int:
    """Mark the stored comments of a post that the network no longer shows; returns how many.

    Rows stay (alerts and the decision log point at them); `deleted_at` records when
    Vigile saw them gone.
    """
    keep = set(present)
    rows = session.execute(
        select(Comment.id, Comment.external_id)
        .join(Post, Post.id == Comment.post_id)
        .join(Page, Page.id == Post.page_id)
        .where(
            Page.network == page.network,
            Page.handle == page.handle,
            Post.external_id == post_id,
            Comment.deleted_at.is_(None),
        )
    ).all()
    gone = [{"id": row_id, "deleted_at": utc_now()} for row_id, ext in rows if ext not in keep]
    if gone:
        session.execute(update(Comment), gone)
    return len(gone)


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


def _group(pairs: Iterable[tuple[K, V]]) -> dict[K, list[V]]:
    """(outer, inner) pairs grouped by outer: single-column IN lists are cheap to compile."""
    grouped: dict[K, list[V]] = {}
    for outer, inner in pairs:
        grouped.setdefault(outer, []).append(inner)
    return grouped


def _pages(session: Session, refs: set[PageRef]) -> dict[PageRef, int]:
    def lookup() -> dict[PageRef, int]:
        keys = [(r.network, r.handle) for r in refs]
        rows = session.execute(
            select(Page.network, Page.handle, Page.id).where(
                tuple_(Page.network, Page.handle).in_(keys)
            )
        )
        return {PageRef(network, handle): page_id for network, handle, page_id in rows}

    found = lookup()
    missing = refs - found.keys()
    if missing:
        organisation = ensure_organisation(session)
        session.execute(
            insert(Page),
            [
                {"organisation_id": organisation.id, "network": r.network, "handle": r.handle}
                for r in missing
            ],
        )
        found = lookup()
    return found


def _authors(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    def lookup() -> dict[tuple[str, str], int]:
        return {
            (network, handle): author_id
            for network, handles in _group(keys).items()
            for network, handle, author_id in session.execute(
                select(Author.network, Author.handle, Author.id).where(
                    Author.network == network, Author.handle.in_(handles)
                )
            )
        }

    if not keys:
        return {}
    found = lookup()
    missing = keys - found.keys()
    if missing:
        session.execute(insert(Author), [{"network": n, "handle": h} for n, h in missing])
        found = lookup()
    return found


def _posts(
    session: Session, items: Iterable[IncomingComment], pages: dict[PageRef, int]
) -> dict[tuple[PageRef, str | None], int]:
    wanted: dict[tuple[int, str], IncomingComment] = {}
    for item in items:
        if item.post_id:
            wanted.setdefault((pages[item.page], item.post_id), item)
    if not wanted:
        return {}

    def lookup() -> dict[tuple[int, str], tuple[int, str | None]]:
        # one query for every page (the unique index serves both IN lists); the few rows
        # of a wanted page under another page's post id are dropped here
        rows = session.execute(
            select(Post.page_id, Post.external_id, Post.id, Post.text).where(
                Post.page_id.in_({page for page, _ in wanted}),
                Post.external_id.in_({ext for _, ext in wanted}),
            )
        )
        return {
            (page_id, ext): (post_id, text)
            for page_id, ext, post_id, text in rows
            if (page_id, ext) in wanted
        }

    found = lookup()
    missing = wanted.keys() - found.keys()
    if missing:
        session.execute(
            insert(Post),
            [{"page_id": k[0], "external_id": k[1], "text": wanted[k].post_text} for k in missing],
        )
        found = lookup()
    late_texts = [
        {"id": post_id, "text": wanted[k].post_text}
        for k, (post_id, text) in found.items()
        if text is None and wanted[k].post_text
    ]
    if late_texts:
        session.execute(update(Post), late_texts)
    return {(item.page, item.post_id): found[key][0] for key, item in wanted.items()}
