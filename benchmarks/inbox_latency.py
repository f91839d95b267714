"""Inbox page latency with a large SQLite workspace (issue 7: p95 <= 150 ms at 1M comments).

    nice -n 19 .venv/bin/python benchmarks/inbox_latency.py /tmp/vigile-1m [--comments N]

Builds the workspace under the given folder once (bulk inserts into the store's own
schema, through the migrations; no analysers): two organisations, 40 pages on five
networks, threads of realistic sizes, every comment with toxicity and negativity scores,
thread states with the inbox's counters, and alerts (derailment, pile-on, negative buzz,
most acknowledged). A later run with the same folder reuses it. Then it logs in and
requests the inbox (`GET /`) through the ASGI client with several filter combinations,
after a warm-up, and prints p50/p95 per combination and over all requests: wall time,
and the process's CPU time (client and server together), which a busy machine inflates
less than the wall time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from vigile.store.accounts import add_organisation, add_user
from vigile.store.schema import Comment, Page
from vigile.web.app import create_app
from vigile.workspace import Workspace, init_workspace, open_workspace

NETWORKS = ("facebook", "instagram", "mastodon", "bluesky", "youtube")
PAGES = 40
OWN_PAGES = 30  # pages of the organisation that logs in; the rest belong to another
AUTHORS = 60_000
START = datetime(2025, 11, 1, tzinfo=UTC)
EMAIL, PASSWORD = "bench@example.org", "benchmark password 1"
TEXTS = {
    "fr": ["Toujours pas livré, commande {n}", "Merci pour la réponse rapide {n}",
           "C'est une honte, remboursez-moi {n}", "Quand sort le modèle {n} ?",
           "Super vélo, bravo à l'équipe {n}", "Vous êtes des escrocs {n}"],
    "en": ["Still not delivered, order {n}", "Thanks for the quick answer {n}",
           "This is a disgrace, refund me {n}", "When does model {n} ship?",
           "Great bike, well done team {n}", "You are all crooks {n}"],
}  # fmt: skip
COMBINATIONS = (
    "/",
    "/?tab=answer",
    "/?tab=moderation",
    "/?signal=toxic",
    "/?status=open",
    "/?language=fr&network=facebook",
    "/?page=PAGE",
    "/?tab=moderation&signal=pile_on",
    "/?signal=buzz",
    "/?offset=1000",
)


def stamp(moment: datetime) -> str:
    """How SQLAlchemy stores a UTC datetime in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def build(home: Path, comments: int, seed: int = 7) -> Workspace:
    """A workspace with `comments` comments, or the one already there."""
    if (home / "vigile.toml").exists():
        workspace = open_workspace(home)
        with workspace.db.session() as s:
            if (s.scalar(select(func.count(Comment.id))) or 0) >= comments:
                return workspace
        raise SystemExit(f"{home} holds fewer comments than asked: give another folder")
    workspace = init_workspace(home)
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    with workspace.db.session() as s:
        own = add_organisation(s, "Bench brand")
        other = add_organisation(s, "Other brand")
        add_user(s, email=EMAIL, name="Bench", password=PASSWORD, role="cm", organisation=own.slug)
        own_id, other_id = own.id, other.id
    raw = workspace.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        _fill(cursor, rng, comments, own_id, other_id)
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    print(f"built {comments:,} comments in {time.perf_counter() - started:.0f} s", flush=True)
    return workspace


def _fill(cursor: Any, rng: np.random.Generator, total: int, own: int, other: int) -> None:
    pages = [
        (i + 1, own if i < OWN_PAGES else other, NETWORKS[i % 5], f"brand-{i}.example")
        for i in range(PAGES)
    ]
    cursor.executemany("INSERT INTO pages VALUES (?, ?, ?, ?)", pages)
    cursor.executemany(
        "INSERT INTO authors VALUES (?, ?, ?)",
        [(i + 1, NETWORKS[i % 5], f"user{i}") for i in range(AUTHORS)],
    )
    sizes = np.clip(rng.lognormal(3.4, 1.0, size=total // 20), 1, 2000).astype(int)
    sizes = sizes[np.cumsum(sizes) <= total]
    sizes = np.append(sizes, total - sizes.sum()) if sizes.sum() < total else sizes
    comment_id = 0
    states, alerts = [], []
    for thread, size in enumerate(sizes, start=1):
        page_id, _, network, _ = pages[thread % PAGES]
        lang = "fr" if rng.random() < 0.55 else "en"
        opened = START + timedelta(minutes=int(rng.integers(0, 525_600)))
        cursor.execute(
            "INSERT INTO posts VALUES (?, ?, ?, ?, ?)",
            (thread, page_id, f"post-{thread}", f"Post {thread} of the brand", stamp(opened)),
        )
        toxicity = rng.beta(0.5, 6, size=size)
        negativity = rng.beta(1.2, 3, size=size)
        minutes = np.sort(rng.exponential(240, size=size)).cumsum() / 10
        rows, scores = [], []
        for k in range(size):
            comment_id += 1
            at = stamp(opened + timedelta(minutes=float(minutes[k])))
            text = TEXTS[lang][k % 6].format(n=comment_id)
            digest = hashlib.sha256(text.encode()).hexdigest()
            sentiment = "negative" if negativity[k] >= 0.5 else "neutral"
            rows.append((comment_id, network, f"c{comment_id}", page_id, thread,
                         int(rng.integers(1, AUTHORS)), None, text, lang, sentiment, at, at,
                         digest, digest, 0, None, None))  # fmt: skip
            scores += [
                (comment_id, "toxicity", float(toxicity[k]), "bench", "1"),
                (comment_id, "negativity", float(negativity[k]), "bench", "1"),
            ]
        cursor.executemany(f"INSERT INTO comments VALUES ({', '.join('?' * 17)})", rows)
        cursor.executemany(
            "INSERT INTO scores (comment_id, signal, value, model, version) VALUES (?,?,?,?,?)",
            scores,
        )
        derailment = 0.97 if thread == 1 else float(rng.beta(1, 5))
        toxic = int((toxicity >= 0.5).sum())
        negative = int(((negativity >= 0.5) | (toxicity >= 0.5)).sum())
        unanswered = int(rng.integers(1, 4)) if rng.random() < 0.15 else 0
        last = rows[-1][10]
        states.append((thread, int(size), derailment, float(toxicity.max()),
                       float(negativity.mean()), json.dumps({"reasons": []}), "bench", "1",
                       last, _window(rows), "{}", toxic, negative, unanswered, lang,
                       page_id))  # fmt: skip
        alerts += _alerts(rng, thread, page_id, derailment, rows, len(alerts))
        if thread % 2000 == 0:
            print(f"  {comment_id:,} comments", flush=True)
    cursor.executemany(
        "INSERT INTO thread_states (post_id, comments, derailment, toxicity_max,"
        " negativity_mean, reasons, model, version, last_comment_at, window, dynamics, toxic,"
        f" negative, unanswered, lang, page_id) VALUES ({', '.join('?' * 16)})",
        states,
    )
    cursor.executemany(
        "INSERT INTO alerts (id, key, kind, severity, rule, status, at, page_id, post_id,"
        " evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        alerts,
    )


def _window(rows: list[Any]) -> str:
    """The last ten comments, as the pipeline keeps them for the forecaster."""
    recent = [
        {"id": r[2], "author": f"user{r[5]}", "at": r[10], "text": r[7] * 4, "scores": {}}
        for r in rows[-10:]
    ]
    return json.dumps({"recent": recent, "langs": {}})


def _alerts(
    rng: np.random.Generator, thread: int, page: int, derailment: float, rows: list[Any], n: int
) -> list[tuple[Any, ...]]:
    """The thread's alerts: derailment when high, a pile-on or a page burst now and then."""
    kinds = []
    if derailment >= 0.7:
        kinds.append(("thread_derailment", "derailment", thread))
    if thread == 1 or rng.random() < 0.01:
        kinds.append(("pile_on", "pile_on", thread))
    if rng.random() < 0.005:
        kinds.append(("negative_buzz", "negative_buzz", None))
    at, trigger = rows[-1][10], rows[-1][2]
    found = []
    for i, (kind, signal, post) in enumerate(kinds):
        evidence = json.dumps({"signal": signal, "value": 1.0, "trigger": trigger})
        status = "open" if thread == 1 or rng.random() < 0.4 else "acknowledged"
        found.append((n + i + 1, f"{kind}:{thread}", kind, "high", kind, status, at, page,
                      post, evidence, at))  # fmt: skip
    return found


def log_in(client: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    data = {"email": EMAIL, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303


def measure(workspace: Workspace, requests: int) -> None:
    client = TestClient(create_app(workspace))
    log_in(client)
    with workspace.db.session() as s:
        page = s.execute(select(Page.network, Page.handle).order_by(Page.id)).first()
    assert page is not None
    urls = [u.replace("PAGE", f"{page[0]}:{page[1]}") for u in COMBINATIONS]
    for url in urls:  # warm-up: the first request of each shape
        assert client.get(url).status_code == 200, url
    first = client.get("/").text
    top = re.search(r'data-thread="(\d+)"', first)
    timings: dict[str, list[float]] = {url: [] for url in urls}
    cpu: dict[str, list[float]] = {url: [] for url in urls}
    load = os.getloadavg()[0]
    for i in range(requests):
        url = urls[i % len(urls)]
        started, used = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings[url].append((time.perf_counter() - started) * 1000)
        cpu[url].append((time.process_time() - used) * 1000)
        assert response.status_code == 200, url
    print(f"top thread: {top.group(1) if top else None} (the seeded derailing thread is 1)")
    print(f"load average {load:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'filters':45} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8}")
    for url, values in timings.items():
        print(f"{url:45} {len(values):>4} {_p(values, 50):>8.1f} {_p(values, 95):>8.1f}"
              f" {_p(cpu[url], 50):>8.1f} {_p(cpu[url], 95):>8.1f}")  # fmt: skip
    every = [v for values in timings.values() for v in values]
    used_all = [v for values in cpu.values() for v in values]
    print(f"{'all':45} {len(every):>4} {_p(every, 50):>8.1f} {_p(every, 95):>8.1f}"
          f" {_p(used_all, 50):>8.1f} {_p(used_all, 95):>8.1f}")  # fmt: skip


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path, help="workspace folder (built when missing)")
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    workspace = build(args.home, args.comments)
    with workspace.db.session() as s:
        count = s.scalar(select(func.count(Comment.id))) or 0
    print(f"workspace {args.home}: {count:,} comments")
    measure(workspace, args.requests)


if __name__ == "__main__":
    main(sys.argv[1:])
