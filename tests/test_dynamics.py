"""Thread, author and page dynamics: pile-on, troll features, buzz onset and recovery."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import Cli, read_jsonl, write_jsonl
from vigile.analysis.authors import AuthorDetector, AuthorEvent
from vigile.analysis.buzz import BuzzDetector, BuzzOnset, BuzzRecovery
from vigile.analysis.pileon import PileOnDetector, ThreadEvent
from vigile.demo import demo_comments_path
from vigile.store.queries import alerts_in_event_order
from vigile.workspace import open_workspace

T0 = datetime(2026, 11, 10, 12, tzinfo=UTC)


def test_pile_on_names_the_instigator_once() -> None:
    detector, state = PileOnDetector(), {}
    assert detector.update(state, ThreadEvent("root", None, "calm", T0, negative=False)) is None
    assert detector.update(state, ThreadEvent("bad", None, "angry", T0, negative=True)) is None
    found = []
    for i in range(8):
        at = T0 + timedelta(minutes=i + 1)
        parent = "bad" if i % 2 == 0 else f"r{i - 1}"
        found.append(
            detector.update(state, ThreadEvent(f"r{i}", parent, f"u{i}", at, negative=True))
        )
    onsets = [f for f in found if f is not None]
    assert len(onsets) == 1
    assert onsets[0].instigator == "bad" and onsets[0].instigator_author == "angry"
    assert onsets[0].replies == 5
    json.dumps(state)  # state stays JSON-able for persistence


def test_negative_replies_spread_over_hours_are_no_pile_on() -> None:
    detector, state = PileOnDetector(), {}
    detector.update(state, ThreadEvent("bad", None, "a", T0, negative=True))
    for i in range(10):
        event = ThreadEvent(f"r{i}", "bad", f"u{i}", T0 + timedelta(hours=i + 1), negative=True)
        assert detector.update(state, event) is None


def test_buzz_fires_on_a_burst_not_on_a_steady_negative_page() -> None:
    detector, state = BuzzDetector(), {}
    # a week of steady complaints: 3 negative comments an hour, every hour
    onsets = []
    for minute in range(0, 7 * 24 * 60, 20):
        found = detector.update(state, T0 + timedelta(minutes=minute), negative=True)
        onsets.append(found)
    assert not any(
        isinstance(f, BuzzOnset) for f in onsets[24 * 3 :]
    )  # quiet once the baseline is learnt
    start = T0 + timedelta(days=7, minutes=5)
    burst = [detector.update(state, start + timedelta(minutes=m), negative=True) for m in range(40)]
    fired = [f for f in burst if isinstance(f, BuzzOnset)]
    assert len(fired) == 1
    assert fired[0].at - start < timedelta(minutes=15)


def test_buzz_recovery_after_the_brand_replies() -> None:
    detector, state = BuzzDetector(), {}
    for m in range(12):
        detector.update(state, T0 + timedelta(minutes=m), negative=True)
    assert "episode" in state
    detector.update(state, T0 + timedelta(minutes=13), negative=False, brand=True)
    later = [
        detector.update(state, T0 + timedelta(minutes=45 + m), negative=False) for m in range(5)
    ]
    recoveries = [f for f in later if isinstance(f, BuzzRecovery)]
    assert len(recoveries) == 1 and recoveries[0].negative_last_30_min == 0


def test_author_features_explain_a_burst_of_toxic_replies() -> None:
    detector, state = AuthorDetector(), {}
    quiet = detector.update(
        state, AuthorEvent("a", "t1", T0, toxic=False, negative=False, replies_to_other=False)
    )
    assert quiet.features == {} and quiet.score == 0.0
    result = quiet
    for i in range(6):
        result = detector.update(
            state,
            AuthorEvent(
                "a",
                f"t{i}",
                T0 + timedelta(minutes=i),
                toxic=True,
                negative=True,
                replies_to_other=True,
            ),
        )
    assert result.features["comments_in_10_min"] == 7
    assert result.features["threads_in_1_hour"] == 6
    assert (
        result.features["toxic_comments"] == 6 and result.features["toxic_replies_to_others"] == 6
    )
    assert 0.75 <= result.score <= 1.0


def test_demo_replay_shows_pile_on_and_recovery(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "alerts.jsonl"
    assert cli("replay", "--input", demo_comments_path(), "--output", target).exit_code == 0
    alerts = read_jsonl(target)
    pile_on = [a for a in alerts if a["kind"] == "pile_on"]
    facebook = [a for a in pile_on if a["page"] == "facebook:brindille.fr"]
    assert [a["evidence"]["instigator"] for a in facebook] == ["fb-1041"]
    assert "2026-11-11T17:41:09Z" < facebook[0]["at"] < "2026-11-11T18:10:40Z"
    derailer = [a for a in pile_on if a["page"].startswith("mastodon")]
    assert [a["evidence"]["instigator"] for a in derailer] == ["ma-3010"]  # the derailing comment
    recovery = [
        a for a in alerts if a["kind"] == "buzz_recovery" and a["page"] == "facebook:brindille.fr"
    ]
    assert len(recovery) == 1
    assert recovery[0]["at"] > "2026-11-11T18:35:00Z"  # after the brand's reply


def test_state_survives_a_restart_between_two_imports(
    cli: Cli, sqlite_home: Path, tmp_path: Path
) -> None:
    rows = read_jsonl(demo_comments_path())
    half = len(rows) // 2
    cli("import", write_jsonl(tmp_path / "a.jsonl", rows[:half]), "--home", sqlite_home)
    cli("analyze", "--home", sqlite_home)
    cli("import", write_jsonl(tmp_path / "b.jsonl", rows[half:]), "--home", sqlite_home)
    cli("analyze", "--home", sqlite_home)
    workspace = open_workspace(sqlite_home)
    with workspace.db.session() as session:
        stored = [(a["kind"], a["at"], a["page"]) for a in alerts_in_event_order(session)]
    workspace.db.dispose()
    target = tmp_path / "alerts.jsonl"
    cli("replay", "--input", demo_comments_path(), "--output", target)
    assert stored == [(a["kind"], a["at"], a["page"]) for a in read_jsonl(target)]
