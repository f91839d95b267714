"""The stable scoring contracts: `score comments`, `score threads`, `replay`."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE, Cli, read_jsonl, write_jsonl
from vigile.demo import demo_comments_path


def test_score_comments_one_line_per_input_in_order(cli: Cli, tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": "Espèce de connard, ferme-la", "post": "Nouveau vélo"},
        {"id": "b", "text": "Ma commande n'est toujours pas arrivée, je suis déçue."},
        {"id": "c", "text": "Love the new colours 😍"},
        {"id": 4, "text": ""},
    ]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    target = tmp_path / "out.jsonl"
    result = cli("score", "comments", "--input", source, "--output", target)
    assert result.exit_code == 0, result.output
    out = read_jsonl(target)
    assert [o["id"] for o in out] == ["a", "b", "c", 4]
    for o in out:
        assert 0.0 <= o["toxicity"] <= 1.0 and 0.0 <= o["negativity"] <= 1.0
        assert isinstance(o["toxic"], bool)
        assert o["sentiment"] in {"negative", "neutral", "positive"}
        assert o["lang"] in {"fr", "en", "other"}
    assert "drift" in out[0] and "drift" not in out[1]
    assert out[0]["toxic"] and not out[1]["toxic"]
    assert out[1]["sentiment"] == "negative"
    assert out[0]["lang"] == "fr" and out[2]["lang"] == "en"


def test_score_comments_keeps_line_numbers_for_bad_lines(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "ok"}\nnope\n{"id": 3}\n{"id": 4, "text": "fine"}\n')
    target = tmp_path / "out.jsonl"
    result = cli("score", "comments", "--input", source, "--output", target)
    assert result.exit_code == 1
    out = read_jsonl(target)
    assert len(out) == 4
    assert out[1] == {"line": 2, "error": "line 2: not JSON (Expecting value)"}
    assert out[2]["line"] == 3 and "field 'text'" in out[2]["error"]
    assert out[3]["id"] == 4


def test_score_threads(cli: Cli, tmp_path: Path) -> None:
    threads = [
        {
            "id": "calm",
            "post": "New bike",
            "comments": [{"text": "Nice!"}, {"text": "Thanks, love it"}],
        },
        {
            "id": "hot",
            "comments": [
                {"text": "You are stupid idiots"},
                {"text": "Shut up, moron"},
                {"text": "Pathetic losers, fuck off"},
            ],
        },
        {"id": "empty", "comments": []},
    ]
    target = tmp_path / "out.jsonl"
    result = cli(
        "score",
        "threads",
        "--input",
        write_jsonl(tmp_path / "t.jsonl", threads),
        "--output",
        target,
    )
    assert result.exit_code == 0, result.output
    out = {o["id"]: o for o in read_jsonl(target)}
    assert list(out) == ["calm", "hot", "empty"]
    assert all(
        0.0 <= o["derailment"] <= 1.0 and isinstance(o["derails"], bool) for o in out.values()
    )
    assert out["hot"]["derailment"] > out["calm"]["derailment"]
    assert out["hot"]["derails"] and not out["calm"]["derails"]


def test_replay_demo_stream_raises_negative_buzz_in_event_time(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "alerts.jsonl"
    result = cli("replay", "--input", demo_comments_path(), "--output", target)
    assert result.exit_code == 0, result.output
    alerts = read_jsonl(target)
    assert all({"kind", "page", "thread", "at", "evidence"} <= a.keys() for a in alerts)
    assert [a["at"] for a in alerts] == sorted(a["at"] for a in alerts)
    buzz = [
        a for a in alerts if a["kind"] == "negative_buzz" and a["page"] == "facebook:brindille.fr"
    ]
    assert len(buzz) == 1
    # The pile-on starts at 17:41:09 and lasts half an hour: the alert fires inside it.
    assert "2026-11-11T17:41:09Z" <= buzz[0]["at"] <= "2026-11-11T18:10:40Z"
    second = tmp_path / "again.jsonl"
    cli("replay", "--input", demo_comments_path(), "--output", second)
    assert [(a["kind"], a["at"]) for a in read_jsonl(second)] == [
        (a["kind"], a["at"]) for a in alerts
    ]


def test_replay_rejects_rows_without_event_time(cli: Cli, tmp_path: Path) -> None:
    rows = [dict(SAMPLE[0]), {"id": "x", "text": "no time", "page": "facebook:brand"}]
    result = cli(
        "replay",
        "--input",
        write_jsonl(tmp_path / "r.jsonl", rows),
        "--output",
        tmp_path / "a.jsonl",
    )
    assert result.exit_code == 1
    assert "line 2, field 'created_at': required for a replay" in result.output


def test_score_comments_reads_csv_like_import(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "\ufeffid,text,lang\r\n"
        "a,Espèce de connard,fr\r\n"
        ",no id,en\r\n"
        'c,"Love the new colours,\r\nreally",en\r\n',
        "utf-8",
    )
    target = tmp_path / "out.jsonl"
    result = cli("score", "comments", "--input", source, "--output", target)
    assert result.exit_code == 1
    out = read_jsonl(target)
    assert [o.get("id") for o in out] == ["a", None, "c"]
    assert out[1] == {"line": 3, "error": "line 3, field 'id': missing"}
    assert out[0]["toxic"] and not out[2]["toxic"]
