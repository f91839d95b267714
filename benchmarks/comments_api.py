"""`GET /api/comments` latency at a large size, on SQLite or PostgreSQL (issue 18, item 13:
p95 <= 150 ms for the first and a later page at 1,000,000 comments).

    nice -n 19 .venv/bin/python benchmarks/comments_api.py /tmp/vigile-comments [--comments N]
        [--database-url postgresql+psycopg://user@host/db] [--requests 50]

Builds the workspace under the given folder once, through the store's own schema and
migrations (bulk inserts, no analysers): two organisations, 40 pages, threads of realistic
sizes, every comment with toxicity and negativity scores. A later run with the same
folder (and database) reuses it. Then it requests the list through the ASGI client with
an API token, after a warm-up, and prints p50/p95 per case:

- `first`: the newest 100 comments; `later`: 100 comments from a cursor half-way down the
  list; `later+filter`, `first+page`: the same with a language or page filter;
- the baseline, what the list did before cursors: `count` (the first page with the full
  count it used to take on every request) and `offset` (a page half-way down by offset).

Wall time per request, client and server together, on this machine as it is (a loaded
machine inflates it); the build time is printed too.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import Table, func, insert, select

from vigile.store.accounts import add_organisation, add_user, create_token
from vigile.store.listing import Cursor
from vigile.store.schema import Author, Comment, Organisation, Page, Post, ScoreRow
from vigile.web.app import create_app
from vigile.workspace import Workspace, init_workspace, open_workspace

NETWORKS = ("facebook", "instagram", "mastodon", "bluesky", "youtube")
PAGES, OWN_PAGES, AUTHORS, CHUNK = 40, 30, 50_000, 20_000
START = datetime(2025, 11, 1, tzinfo=UTC)
EMAIL, PASSWORD = "bench@example.org", "benchmark password 1"
TEXTS = ("Toujours pas livré, commande {n}", "Thanks for the quick answer {n}",
         "C'est une honte, remboursez-moi {n}", "When does model {n} ship?",
         "Super vélo, bravo à l'équipe {n}", "You are all crooks {n}")  # fmt: skip


def build(home: Path, comments: int, database_url: str | None, seed: int = 7) -> Workspace:
    """A workspace with `comments` comments, or the one already there."""
    overrides = {"database_url": database_url} if database_url else {}
    if (home / "vigile.toml").exists():
        workspace = open_workspace(home, **overrides)
        with workspace.db.session() as s:
            if (s.scalar(select(func.count(Comment.id))) or 0) >= comments:
                return workspace
        raise SystemExit(f"{home} holds fewer comments than asked: give another folder")
    started = time.perf_counter()
    workspace = init_workspace(home, **overrides)
    with workspace.db.session() as s:
        own = add_organisation(s, "Bench brand")
        other = add_organisation(s, "Other brand")
        add_user(s, email=EMAIL, name="Bench", password=PASSWORD, role="cm", organisation=own.slug)
        ids = (own.id, other.id)
    _fill(workspace, np.random.default_rng(seed), comments, ids)
    with workspace.db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    print(f"built {comments:,} comments in {time.perf_counter() - started:.0f} s", flush=True)
    return workspace


def _fill(
    workspace: Workspace, rng: np.random.Generator, total: int, orgs: tuple[int, int]
) -> None:
    pages = [
        {"id": i + 1, "organisation_id": orgs[0] if i < OWN_PAGES else orgs[1],
         "network": NETWORKS[i % 5], "handle": f"brand-{i}.example"}
        for i in range(PAGES)
    ]  # fmt: skip
    authors = [
        {"id": i + 1, "network": NETWORKS[i % 5], "handle": f"user{i}"} for i in range(AUTHORS)
    ]
    with workspace.db.session() as s:
        s.execute(insert(_table(Page)), pages)
        s.execute(insert(_table(Author)), authors)
        s.commit()
    done = 0
    for posts, rows, scores in _chunks(rng, total):
        with workspace.db.session() as s:
            if posts:
                s.execute(insert(_table(Post)), posts)
            s.execute(insert(_table(Comment)), rows)
            s.execute(insert(_table(ScoreRow)), scores)
            s.commit()
        done += len(rows)
        print(f"  {done:,} comments", flush=True)


def _chunks(
    rng: np.random.Generator, total: int
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]]:
    """Threads of lognormal sizes, CHUNK comments at a time (with their posts and scores)."""
    posts: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    comment_id, thread = 0, 0
    while comment_id < total:
        thread += 1
        page = (thread % PAGES) + 1
        opened = START + timedelta(minutes=int(rng.integers(0, 525_600)))
        posts.append({"id": thread, "page_id": page, "external_id": f"post-{thread}",
                      "text": f"Post {thread}", "created_at": opened})  # fmt: skip
        size = min(int(np.clip(rng.lognormal(3.4, 1.0), 1, 2000)), total - comment_id)
        minutes = np.sort(rng.exponential(240, size=size)).cumsum() / 10
        for k in range(size):
            comment_id += 1
            rows.append(
                _comment(comment_id, page, thread, opened + timedelta(minutes=minutes[k]), rng)
            )
            scores += [
                {"comment_id": comment_id, "signal": "toxicity", "value": float(rng.beta(0.5, 6)),
                 "model": "bench", "version": "1"},
                {"comment_id": comment_id, "signal": "negativity", "value": float(rng.beta(1.2, 3)),
                 "model": "bench", "version": "1"},
            ]  # fmt: skip
        if len(rows) >= CHUNK or comment_id >= total:
            yield posts, rows, scores
            posts, rows, scores = [], [], []


def _comment(
    number: int, page: int, thread: int, at: datetime, rng: np.random.Generator
) -> dict[str, Any]:
    text = TEXTS[number % 6].format(n=number)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return {
        "id": number, "network": NETWORKS[(page - 1) % 5], "external_id": f"c{number}",
        "page_id": page, "post_id": thread, "author_id": int(rng.integers(1, AUTHORS)),
        "parent_ref": None, "text": text, "lang": "fr" if number % 6 in (0, 2, 4) else "en",
        "sentiment": None, "created_at": at, "imported_at": at, "content_hash": digest,
        "analysed_hash": digest, "pending": False, "edited_at": None, "deleted_at": None,
    }  # fmt: skip


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def cases(workspace: Workspace) -> dict[str, str]:
    """The requests to time: the new list, and the baseline of how it paged before."""
    with workspace.db.session() as s:
        own = s.scalar(select(Organisation.id).where(Organisation.slug == "bench-brand"))
        mine = select(Comment.created_at, Comment.id).join(Page).where(Page.organisation_id == own)
        total = s.scalar(select(func.count()).select_from(mine.subquery())) or 0
        middle = s.execute(
            mine.order_by(Comment.created_at.desc(), Comment.id.desc()).offset(total // 2).limit(1)
        ).one()
    cursor = Cursor(middle[0], middle[1]).encode()
    return {
        "first": "/api/comments?limit=100",
        "later": f"/api/comments?limit=100&cursor={cursor}",
        "later+filter": f"/api/comments?limit=100&language=fr&cursor={cursor}",
        "first+page": "/api/comments?limit=100&page=facebook:brand-5.example",
        "baseline count": "/api/comments?limit=100&count=true",
        "baseline offset": f"/api/comments?limit=100&offset={total // 2}",
    }


def measure(client: TestClient, url: str, requests: int) -> list[float]:
    client.get(url)  # warm-up
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and len(response.json()) == 100, response.text
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path, help="workspace folder (built once, then reused)")
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in the folder)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per case")
    args = parser.parse_args(argv)
    workspace = build(args.home, args.comments, args.database_url)
    with workspace.db.session() as s:
        token = create_token(s, email=EMAIL, name="bench", organisation="bench-brand")
        s.commit()
    client = TestClient(create_app(workspace), headers={"Authorization": f"Bearer {token}"})
    backend = workspace.db.engine.dialect.name
    print(f"{backend}, {args.comments:,} comments, {args.requests} requests per case")
    print(f"{'case':<16} {'p50 ms':>8} {'p95 ms':>8}")
    for name, url in cases(workspace).items():
        times = measure(client, url, args.requests if "baseline" not in name else 5)
        p95 = float(np.percentile(times, 95))
        print(f"{name:<16} {statistics.median(times):8.1f} {p95:8.1f}", flush=True)
    workspace.db.dispose()


if __name__ == "__main__":
    sys.exit(main())
