"""Read the standard comment format (JSON Lines or CSV), streaming, one result per line.

Every bad line becomes an `InputError` naming its line number and the reason; good
lines become `IncomingComment`. Nothing here touches storage.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate
from pathlib import Path
from typing import Any, BinaryIO

from vigile.domain.errors import InputError
from vigile.domain.model import IncomingComment, PageRef, as_utc
from vigile.pipeline.csvfile import csv_records

MAX_TEXT = 50_000
MAX_LINE = 1_000_000
MAX_DEPTH = 32
BOM = b"\xef\xbb\xbf"
KNOWN_FIELDS = frozenset(
    {"id", "text", "lang", "author", "created_at", "page", "post", "post_id", "parent"}
)


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    comment: IncomingComment | None
    error: InputError | None
    unknown_fields: frozenset[str] = frozenset()
    given_id: str | int | None = None  # as the file wrote it (`score comments` echoes it)


def read_rows(path: Path, stream: BinaryIO) -> Iterator[Row]:
    """Rows of a `.csv` file, or of JSON Lines for any other name."""
    if path.suffix.lower() == ".csv":
        return _csv_rows(stream)
    return _jsonl_rows(stream)


def _jsonl_rows(stream: BinaryIO) -> Iterator[Row]:
    for line_no, raw in numbered_lines(stream):
        if isinstance(raw, InputError):
            yield Row(line_no, None, raw)
            continue
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Row(line_no, None, InputError(f"not UTF-8 (byte {exc.start})", line=line_no))
            continue
        try:
            data = load_json(text, line=line_no)
        except InputError as exc:
            yield Row(line_no, None, exc)
            continue
        yield row_from_mapping(line_no, data)


def load_json(text: str | bytes, *, line: int) -> Any:
    """One JSON value; InputError (naming `line`) when it is not JSON or nests too deep."""
    if _deeper_than(text, MAX_DEPTH):
        raise InputError(f"JSON nested deeper than {MAX_DEPTH} levels", line=line)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON ({exc.msg})", line=line) from None


_NOT_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[^\[\]{}"]+|"')


def _deeper_than(text: str | bytes, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` deep (brackets in strings ignored);
    the parser recurses once per level, so this is checked before it runs."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _NOT_BRACKETS.sub("", text)
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0) > limit


def numbered_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | InputError]]:
    """Lines with their numbers; a line over MAX_LINE bytes is skipped, not loaded."""
    line_no = 0
    while True:
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            return
        line_no += 1
        if line_no == 1:
            raw = raw.removeprefix(BOM)  # what Excel and some editors write first
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass
            yield line_no, InputError(f"line longer than {MAX_LINE} bytes", line=line_no)
            continue
        yield line_no, raw


def _csv_rows(stream: BinaryIO) -> Iterator[Row]:
    header: list[str] | None = None
    for line_no, record in csv_records(stream, max_line=MAX_LINE):
        if isinstance(record, InputError):
            yield Row(line_no, None, record)
        elif header is None:
            header = record
        else:
            yield _csv_row(line_no, header, record)


def _csv_row(line_no: int, header: list[str], values: list[str]) -> Row:
    if any(_has_surrogates(v) for v in values):
        return Row(line_no, None, InputError("not UTF-8", line=line_no))
    if len(values) > len(header):
        return Row(line_no, None, InputError("more values than header columns", line=line_no))
    cells: list[str | None] = [v if v != "" else None for v in values]
    cells += [None] * (len(header) - len(values))
    return row_from_mapping(line_no, dict(zip(header, cells, strict=True)))


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in value)


def row_from_mapping(line_no: int, data: Any) -> Row:
    """One decoded JSON value (or CSV record) as a row: a comment or the error naming why."""
    if not isinstance(data, dict):
        return Row(line_no, None, InputError("expected a JSON object", line=line_no))
    unknown = frozenset(k for k in data if k not in KNOWN_FIELDS)
    try:
        comment = parse_comment(data, line=line_no)
    except InputError as exc:
        return Row(line_no, None, exc, unknown)
    return Row(line_no, comment, None, unknown, data["id"])


def parse_comment(data: dict[str, Any], *, line: int | None = None) -> IncomingComment:
    """Validate one mapping of the standard comment format."""
    external_id = _id(data.get("id"), line=line)
    text = _text(data, "text", line=line, required=True) or ""
    if len(text) > MAX_TEXT:
        raise InputError(f"longer than {MAX_TEXT} characters", line=line, field="text")
    page = PageRef.parse(_text(data, "page", line=line))
    post_id, post_text = _post(data, page, line=line)
    lang = _text(data, "lang", line=line)
    return IncomingComment(
        external_id=external_id,
        text=text,
        page=page,
        lang=lang.strip().lower()[:10] if lang else None,
        author=_text(data, "author", line=line),
        created_at=parse_time(data.get("created_at"), line=line),
        post_id=post_id,
        post_text=post_text,
        parent=_text(data, "parent", line=line, allow_int=True),
    )


def _id(value: Any, *, line: int | None) -> str:
    if value is None or value == "":
        raise InputError("missing", line=line, field="id")
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError("must be a string or an integer", line=line, field="id")
    return str(value)[:300]


def _text(
    data: dict[str, Any],
    name: str,
    *,
    line: int | None,
    required: bool = False,
    allow_int: bool = False,
) -> str | None:
    value = data.get(name)
    if value is None:
        if required:
            raise InputError("missing", line=line, field=name)
        return None
    if allow_int and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(f"must be a string, not {type(value).__name__}", line=line, field=name)
    return value


def _post(
    data: dict[str, Any], page: PageRef, *, line: int | None
) -> tuple[str | None, str | None]:
    value = data.get("post")
    post_id = _text(data, "post_id", line=line, allow_int=True)
    if isinstance(value, dict):
        post_id = post_id or _text(value, "id", line=line, allow_int=True)
        text = _text(value, "text", line=line)
    elif value is None or isinstance(value, str):
        text = value
    else:
        raise InputError("must be a string or an object", line=line, field="post")
    if post_id is None and text:
        post_id = "h" + hashlib.sha1(f"{page}|{text}".encode()).hexdigest()[:16]
    return post_id, text


def parse_time(value: Any, *, line: int | None = None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 ('Z' accepted); InputError names the line."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError("must be an ISO 8601 string", line=line, field="created_at")
    try:
        return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        raise InputError(
            f"not an ISO 8601 time: {value[:40]!r}", line=line, field="created_at"
        ) from None
