"""`vigile import`: idempotent, line-accurate errors, good rows kept, CSV and JSON Lines."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from conftest import SAMPLE, Cli, status, write_jsonl
from vigile.store.schema import Comment
from vigile.workspace import open_workspace


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


def test_csv_import_ends_with_its_summary_small_and_large(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    """The progress callback reads the file's position after the last row (issue 18.1)."""
    small = tmp_path / "g.csv"
    small.write_text("id,text\ng1,hello\ng2,world\n", "utf-8")
    result = cli("import", small, "--home", home)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 0 skipped, 0 rejected" in result.output
    large = tmp_path / "large.csv"
    rows = "".join(f'big{i},"comment {i}, with a comma",fr\n' for i in range(5000))
    large.write_text("id,text,lang\n" + rows, "utf-8")
    result = cli("import", large, "--home", home)
    assert result.exit_code == 0, result.output
    assert "5000 added, 0 updated, 0 skipped, 0 rejected" in result.output
    assert status(cli, home)["comments"] == 5002


def test_progress_reaches_the_end_of_a_csv_file(tmp_path: Path) -> None:
    from vigile.pipeline.ingest import import_file
    from vigile.workspace import init_workspace

    workspace = init_workspace(tmp_path / "ws")
    path = tmp_path / "c.csv"
    path.write_text("id,text\n" + "".join(f"c{i},text {i}\n" for i in range(2500)), "utf-8")
    positions: list[int] = []
    summary = import_file(workspace.db, path, on_progress=positions.append)
    assert summary.added == 2500
    assert positions == sorted(positions) and positions[-1] == path.stat().st_size
    assert len(positions) == 3  # after each chunk of 1,000 rows and at the end


def test_a_byte_order_mark_is_not_part_of_the_first_field(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    bom = "\ufeff"
    excel = tmp_path / "excel.csv"
    excel.write_text(bom + "id,text,lang\r\nx1,Très bien,fr\r\nx2,Bof,fr\r\n", "utf-8")
    result = cli("import", excel, "--home", home)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 0 skipped, 0 rejected" in result.output
    assert "unknown field" not in result.output
    lines = tmp_path / "bom.jsonl"
    lines.write_text(bom + '{"id": "j1", "text": "un"}\n{"id": "j2", "text": "deux"}\n', "utf-8")
    result = cli("import", lines, "--home", home)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 0 skipped, 0 rejected" in result.output


def test_an_unclosed_quote_is_named_and_the_rows_after_it_are_kept(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        "id,text\n"
        'q1,"a fine ""quoted"" text"\n'  # 2
        'q2,"this quote is never closed\n'  # 3
        "q3,next row\n"  # 4
        'q4,"a real\nmulti-line text"\n'  # 5-6
        "q5,last row\n",  # 7
        "utf-8",
    )
    result = cli("import", path, "--home", home)
    assert result.exit_code == 1
    assert "line 3: unclosed quote" in result.output
    assert "4 added, 0 updated, 0 skipped, 1 rejected" in result.output
    with open_workspace(home).db.session() as session:
        texts = dict(session.execute(select(Comment.external_id, Comment.text)).all())
    assert texts == {
        "q1": 'a fine "quoted" text',
        "q3": "next row",
        "q4": "a real\nmulti-line text",
        "q5": "last row",
    }


def test_an_unclosed_quote_on_the_last_line_is_named(cli: Cli, home: Path, tmp_path: Path) -> None:
    path = tmp_path / "end.csv"
    path.write_text('id,text\ne1,fine\ne2,"never closed\n', "utf-8")
    result = cli("import", path, "--home", home)
    assert result.exit_code == 1
    assert "line 3: unclosed quote: the quoted field opened on this line is never closed" in (
        result.output
    )
    assert "1 added, 0 updated, 0 skipped, 1 rejected" in result.output


def test_a_file_without_rows_says_so(cli: Cli, home: Path, tmp_path: Path) -> None:
    for name, content in (("empty.jsonl", ""), ("empty.csv", ""), ("header.csv", "id,text\n")):
        path = tmp_path / name
        path.write_text(content, "utf-8")
        result = cli("import", path, "--home", home)
        assert result.exit_code == 0, result.output
        assert f"{path} has no rows (an empty file, or only a header)" in result.output
        french = cli("import", path, "--home", home, env={"VIGILE_LANGUAGE": "fr"})
        assert "ne contient aucune ligne" in french.output
    result = cli("import", write_jsonl(tmp_path / "c.jsonl", SAMPLE), "--home", home)
    assert "no rows" not in result.output


def test_a_repeated_id_with_new_content_counts_as_updated(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    rows = [
        {"id": "r1", "text": "first version"},
        {"id": "r2", "text": "same"},
        {"id": "r1", "text": "second version"},
        {"id": "r2", "text": "same"},
    ]
    result = cli("import", write_jsonl(tmp_path / "r.jsonl", rows), "--home", home)
    assert "2 added, 1 updated, 1 skipped, 0 rejected" in result.output
    again = cli("import", write_jsonl(tmp_path / "r.jsonl", rows), "--home", home)
    # against the stored "second version": r1 is changed back, then forward again
    assert "0 added, 2 updated, 2 skipped, 0 rejected" in again.output
    with open_workspace(home).db.session() as session:
        stored = session.scalar(select(Comment.text).where(Comment.external_id == "r1"))
    assert stored == "second version"


def test_nul_characters_are_dropped_and_no_row_is_lost(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    """PostgreSQL cannot store U+0000: both back ends store the text without it."""
    rows = [
        {"id": "n1", "text": "a\u0000b", "author": "nu\u0000l", "post": "p\u0000ost"},
        {"id": "n2", "text": "fine"},
    ]
    result = cli("import", write_jsonl(tmp_path / "nul.jsonl", rows), "--home", home)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 0 skipped, 0 rejected" in result.output
    with open_workspace(home).db.session() as session:
        texts = dict(session.execute(select(Comment.external_id, Comment.text)).all())
    assert texts == {"n1": "ab", "n2": "fine"}
    again = cli("import", write_jsonl(tmp_path / "nul.jsonl", rows), "--home", home)
    assert "0 added, 0 updated, 2 skipped, 0 rejected" in again.output


def test_deeply_nested_json_is_rejected_by_line(cli: Cli, home: Path, tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"id": "d1", "text": "ok"}\n' + "[" * 100_000 + "\n", "utf-8")
    result = cli("import", path, "--home", home)
    assert result.exit_code == 1
    assert "line 2: JSON nested deeper than 32 levels" in result.output
    assert "1 added" in result.output
