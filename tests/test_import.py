"""`vigile import`: idempotent, line-accurate errors, good rows kept, CSV and JSON Lines."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE, Cli, status, write_jsonl


def test_importing_twice_stores_nothing_twice(cli: Cli, home: Path, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "c.jsonl", SAMPLE)
    first = cli("import", data, "--home", home)
    assert first.exit_code == 0, first.output
    assert "3 added, 0 updated, 0 skipped, 0 rejected" in first.output
    before = status(cli, home)
    second = cli("import", data, "--home", home)
    assert "0 added, 0 updated, 3 skipped, 0 rejected" in second.output
    assert status(cli, home) == before
    assert before["comments"] == 3 and before["pages"] == 1 and before["posts"] == 1
    assert before["backlog"] == 3


def test_changed_comment_is_updated_and_queued_again(cli: Cli, home: Path, tmp_path: Path) -> None:
    cli("import", write_jsonl(tmp_path / "a.jsonl", SAMPLE), "--home", home)
    assert cli("analyze", "--home", home).exit_code == 0
    assert status(cli, home)["backlog"] == 0
    edited = [dict(SAMPLE[0], text="Super vélo, merci ! (édité)")]
    result = cli("import", write_jsonl(tmp_path / "b.jsonl", edited), "--home", home)
    assert "0 added, 1 updated, 0 skipped" in result.output
    counts = status(cli, home)
    assert counts["comments"] == 3 and counts["backlog"] == 1


def test_broken_rows_are_named_by_line_and_good_rows_kept(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    good = '{"id": "ok1", "text": "fine"}\n'
    lines = [
        good,  # 1
        "{not json\n",  # 2
        '{"text": "no id here"}\n',  # 3
        '{"id": "x", "text": 42}\n',  # 4
        b'{"id": "enc", "text": "caf\xe9"}\n',  # 5 (Latin-1 byte)
        '{"id": "t", "text": "a", "created_at": "yesterday"}\n',  # 6
        '["a", "list"]\n',  # 7
        '{"id": "ok2", "text": "also fine", "source": "x"}\n',  # 8
    ]
    path = tmp_path / "broken.jsonl"
    path.write_bytes(b"".join(x if isinstance(x, bytes) else x.encode() for x in lines))
    before = status(cli, home)
    result = cli("import", path, "--home", home)
    assert result.exit_code == 1
    out = result.output
    assert "2 added, 0 updated, 0 skipped, 6 rejected" in out
    assert "line 2: not JSON" in out
    assert "line 3, field 'id': missing" in out
    assert "line 4, field 'text': must be a string" in out
    assert "line 5: not UTF-8" in out
    assert "line 6, field 'created_at': not an ISO 8601 time" in out
    assert "line 7: expected a JSON object" in out
    assert "unknown field 'source' (first seen on line 8)" in out
    assert status(cli, home)["comments"] == before["comments"] + 2


def test_csv_import_with_line_numbers(cli: Cli, home: Path, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "id,text,lang,author,created_at,page\n"
        "a1,Bonjour,fr,zoe,2026-11-10T10:00:00Z,instagram:brand\n"
        ",missing id,en,,,\n"
        'a2,"multi\nline, with comma",en,,2026-11-10T10:01:00+01:00,instagram:brand\n',
        "utf-8",
    )
    result = cli("import", path, "--home", home)
    assert result.exit_code == 1
    assert "line 3, field 'id': missing" in result.output
    assert "2 added" in result.output
    assert status(cli, home)["comments"] == 2


def test_huge_line_is_rejected_without_losing_the_rest(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "huge.jsonl"
    huge = '{"id": "big", "text": "' + "a" * 1_200_000 + '"}\n'
    path.write_text('{"id": "before", "text": "x"}\n' + huge + '{"id": "after", "text": "y"}\n')
    result = cli("import", path, "--home", home)
    assert result.exit_code == 1
    assert "line 2: line longer than" in result.output
    assert "2 added" in result.output


def test_import_outside_a_workspace_says_how_to_start(cli: Cli, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "c.jsonl", SAMPLE)
    result = cli("import", data, "--home", tmp_path / "nowhere")
    assert result.exit_code == 3
    assert "vigile init" in result.output
