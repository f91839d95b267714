"""The inbox at `/`: risk order, filters, the two tabs, pagination, dates and numbers in the
page's language; and the per-thread counters (and their migration) it reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from conftest import SAMPLE, Cli, logged_in, write_jsonl
from vigile.store.db import _alembic_config
from vigile.store.schema import Alert, Comment, ThreadState
from vigile.web import routes_inbox
from vigile.web.app import create_app
from vigile.web.templating import templates
from vigile.workspace import open_workspace

ROW = re.compile(r'<tr class="thread" data-thread="(\d+)"')
TAB = re.compile(r'data-tab="(\w+)"[^>]*>[^<]*<span class="count">([^<]+)</span>')


@pytest.fixture(scope="module")
def client(demo_home: Path) -> TestClient:
    return logged_in(create_app(open_workspace(demo_home)))


def rows(client: TestClient, query: str = "") -> list[int]:
    response = client.get(f"/?{query}")
    assert response.status_code == 200, response.text
    return [int(x) for x in ROW.findall(response.text)]


def api_ids(client: TestClient, query: str = "") -> list[int]:
    response = client.get(f"/api/threads?{query}")
    assert response.status_code == 200, response.text
    return [t["post_id"] for t in response.json()]


def test_the_derailing_thread_is_at_the_top_by_default(client: TestClient) -> None:
    threads = client.get("/api/threads").json()
    assert rows(client) == [t["post_id"] for t in threads]
    top = threads[0]
    assert top["derailment"] == max(t["derailment"] for t in threads)
    assert "Ruche" in top["post_text"] and top["open_alerts"] >= 1
    # a pile-on thread is flagged for moderation and sits in the first rows
    piled = {a["thread_id"] for a in client.get("/api/alerts?kind=pile_on").json()}
    assert top["post_id"] in piled


def test_tabs_split_answer_from_moderation_with_counts(client: TestClient) -> None:
    page = client.get("/?lang=en").text
    counts = {name: int(n.replace(",", "")) for name, n in TAB.findall(page)}
    assert set(counts) == {"all", "answer", "moderation"}
    assert 'aria-current="page"' in page and "Needs an answer" in page
    for tab in ("answer", "moderation"):
        listed = rows(client, f"tab={tab}")
        assert len(listed) == counts[tab] > 0
        response = client.get(f"/api/threads?tab={tab}")
        assert int(response.headers["X-Total-Count"]) == counts[tab]
    answer = client.get("/api/threads?tab=answer").json()
    assert all(t["unanswered"] > 0 for t in answer)
    moderation = client.get("/api/threads?tab=moderation").json()
    assert all(t["toxic"] > 0 or t["derailment"] >= 0.7 or t["alerts"] for t in moderation)
    assert counts["all"] == len(rows(client))
    assert "À répondre" in client.get("/?lang=fr").text


def test_filters_narrow_the_inbox(client: TestClient) -> None:
    everything = client.get("/api/threads").json()
    pages = {t["page"] for t in everything}
    for page in pages:
        shown = rows(client, f"page={page}")
        assert shown == [t["post_id"] for t in everything if t["page"] == page]
    mastodon = rows(client, "network=mastodon")
    assert mastodon and mastodon == [t["post_id"] for t in everything if t["network"] == "mastodon"]
    english = rows(client, "language=en")
    assert english == [t["post_id"] for t in everything if t["lang"] == "en"]
    open_only = client.get("/api/threads?status=open").json()
    assert open_only and all(t["open_alerts"] for t in open_only)
    assert rows(client, "status=open") == [t["post_id"] for t in open_only]
    piled = {a["thread_id"] for a in client.get("/api/alerts?kind=pile_on").json()}
    assert set(rows(client, "signal=pile_on")) == piled
    workspace = client.app.state.workspace  # type: ignore[attr-defined]
    with workspace.db.session() as s:
        triggers = {
            a.evidence.get("trigger") for a in s.scalars(select(Alert)) if a.kind == "negative_buzz"
        }
        buzzed = set(s.scalars(select(Comment.post_id).where(Comment.external_id.in_(triggers))))
    assert buzzed and set(rows(client, "signal=buzz")) == buzzed
    toxic = rows(client, "signal=toxic")
    assert toxic == [t["post_id"] for t in everything if t["toxic"] > 0]
    # filters combine, and the form shows what was chosen
    page = client.get("/?network=mastodon&signal=toxic&lang=en").text
    assert '<option value="mastodon" selected>' in page and "Clear filters" in page
    assert "Clear filters" not in client.get("/?tab=answer&lang=en").text
    combined = [t["post_id"] for t in everything if t["network"] == "mastodon" and t["toxic"]]
    assert rows(client, "network=mastodon&signal=toxic") == combined


def test_unknown_filter_values_are_ignored_on_the_page_and_refused_by_the_api(
    client: TestClient,
) -> None:
    assert rows(client, "signal=nonsense&status=x&page=nowhere:x&offset=-3") == rows(client)
    refused = client.get("/api/threads?signal=nonsense")
    assert refused.status_code == 422
    assert client.get("/api/threads?limit=0").status_code == 422


def test_pagination_links_keep_the_filters(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = rows(client)
    monkeypatch.setattr(routes_inbox, "PAGE_SIZE", 3)
    first = client.get("/?status=all&lang=en").text
    assert [int(x) for x in ROW.findall(first)] == everything[:3]
    following = re.search(r'<a href="([^"]+)" rel="next">', first)
    assert following and "offset=3" in following.group(1)
    assert 'rel="prev"' not in first
    second = client.get(following.group(1).replace("&amp;", "&")).text
    assert [int(x) for x in ROW.findall(second)] == everything[3:6]
    assert 'rel="prev"' in second and f"Threads 4–6 of {len(everything)}" in second
    toxic = rows(client, "signal=toxic&offset=0")
    assert len(toxic) == 3
    link = re.search(r'<a href="([^"]+)" rel="next">', client.get("/?signal=toxic").text)
    assert link and "signal=toxic" in link.group(1) and "offset=3" in link.group(1)


def test_dates_and_numbers_follow_the_page_language(client: TestClient) -> None:
    english = client.get("/?lang=en").text
    french = client.get("/?lang=fr").text
    assert re.search(r"<time datetime=\"[^\"]+\">[A-Z][a-z]{2} \d{1,2}, \d{4}, ", english)
    assert re.search(
        r"<time datetime=\"[^\"]+\">\d{1,2} [a-zéû]+\.? \d{4}, \d{2}:\d{2} UTC", french
    )
    number = templates.env.from_string("{{ n|number }} {{ p|percent }} {{ d|datetime }}")
    from datetime import UTC, datetime

    moment = datetime(2026, 11, 10, 10, 5, tzinfo=UTC)
    assert number.render(lang="en", n=1234567, p=0.42, d=moment) == (
        "1,234,567 42% Nov 10, 2026, 10:05\u202fAM UTC"
    )
    assert number.render(lang="fr", n=1234567, p=0.42, d=moment) == (
        "1\u202f234\u202f567 42\u00a0% 10 nov. 2026, 10:05 UTC"
    )


def test_a_brand_reply_takes_a_thread_out_of_needs_an_answer(home: Path, cli: Cli) -> None:
    assert cli("import", write_jsonl(home / "in.jsonl", SAMPLE), "--home", home).exit_code == 0
    assert cli("analyze", "--home", home).exit_code == 0
    app = create_app(open_workspace(home))
    client = logged_in(app)
    [thread] = client.get("/api/threads").json()
    assert thread["unanswered"] >= 1 and thread["toxic"] >= 1 and thread["lang"]
    assert api_ids(client, "tab=answer") == [thread["post_id"]]
    assert api_ids(client, "tab=moderation") == [thread["post_id"]]
    reply = {
        **SAMPLE[0],
        "id": "c4",
        "author": "brand",
        "text": "Sorry about the delay, we are looking into your order right now.",
        "created_at": "2026-11-10T10:30:00Z",
        "parent": "c2",
    }
    assert cli("import", write_jsonl(home / "r.jsonl", [reply]), "--home", home).exit_code == 0
    assert cli("analyze", "--home", home).exit_code == 0
    assert api_ids(client, "tab=answer") == []
    question = {**reply, "id": "c5", "author": "dan", "text": "When will it ship?"}
    question["created_at"] = "2026-11-10T11:00:00Z"
    assert cli("import", write_jsonl(home / "q.jsonl", [question]), "--home", home).exit_code == 0
    assert cli("analyze", "--home", home).exit_code == 0
    assert api_ids(client, "tab=answer") == [thread["post_id"]]
    app.state.workspace.db.dispose()


def test_migration_0012_fills_the_counters_of_existing_threads(demo_home: Path) -> None:
    """The backfill reads stored scores (toxicity >= 0.5, not the model's per-language
    threshold): languages match the pipeline exactly, counters approximately."""
    workspace = open_workspace(demo_home)

    def counters() -> dict[int, tuple[int, int, int, str | None]]:
        with workspace.db.session() as s:
            return {
                r.post_id: (r.toxic, r.negative, r.unanswered, r.lang)
                for r in s.scalars(select(ThreadState))
            }

    def pages() -> dict[int, int | None]:
        with workspace.db.session() as s:
            return dict(s.execute(select(ThreadState.post_id, ThreadState.page_id)).all())

    before, page_of = counters(), pages()
    assert None not in page_of.values()
    config = _alembic_config(workspace.db.engine)
    command.downgrade(config, "0011")
    command.upgrade(config, "head")
    after = counters()
    assert pages() == page_of
    assert {k: v[3] for k, v in after.items()} == {k: v[3] for k, v in before.items()}
    for post_id, (toxic, negative, unanswered, _) in after.items():
        assert negative >= toxic and (negative > 0) == (before[post_id][1] > 0)
        assert abs(unanswered - before[post_id][2]) <= 2
    with workspace.db.session() as s:  # the module's other tests read the fresh values
        for post_id, (toxic, negative, unanswered, _) in before.items():
            s.execute(
                update(ThreadState)
                .where(ThreadState.post_id == post_id)
                .values(toxic=toxic, negative=negative, unanswered=unanswered)
            )
    assert counters() == before
    workspace.db.dispose()
