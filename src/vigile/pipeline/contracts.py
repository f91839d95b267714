"""The stable scoring contracts: file in, file out, no workspace (used for evaluation).

`score comments` and `score threads` read the standard formats of DESIGN.md and write
one JSON line per input row, in the same order. A bad row gets `{"line", "error"}`
in its place so that line numbers still match. `score comments` reads comments exactly
as `vigile import` does (JSON Lines, or CSV for a `.csv` name).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from vigile.analysis.base import CommentScorer, ThreadForecaster
from vigile.domain.errors import InputError
from vigile.domain.model import CommentInput, IncomingComment, ThreadComment
from vigile.i18n import describe
from vigile.pipeline.analyse import score_batch
from vigile.pipeline.rows import load_json, numbered_lines, parse_time, read_rows

BATCH = 512
T = TypeVar("T")


def score_comment_file(
    source: Path, out: IO[str], scorers: Sequence[CommentScorer], *, batch: int = BATCH
) -> tuple[int, int]:
    """(scored, rejected) after writing one output line per input row (the formats and
    checks of `vigile import`: JSON Lines, or CSV for a `.csv` name)."""
    scored = rejected = 0
    with source.open("rb") as stream:
        for chunk in _chunks(read_rows(source, stream), batch):
            inputs = [_comment_input(row.comment) for row in chunk if row.comment is not None]
            results = iter(score_batch(scorers, inputs)) if inputs else iter(())
            for row in chunk:
                if row.comment is None:
                    message = row.error.message if row.error else "rejected"
                    out.write(
                        json.dumps({"line": row.line, "error": message}, ensure_ascii=False) + "\n"
                    )
                    rejected += 1
                    continue
                _, combined = next(results)
                record: dict[str, Any] = {"id": row.given_id}
                record.update(combined.values)
                record.update(combined.flags)
                record.update(combined.labels)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                scored += 1
    return scored, rejected


def score_thread_file(
    source: Path,
    out: IO[str],
    scorers: Sequence[CommentScorer],
    forecaster: ThreadForecaster,
    *,
    batch: int = 64,
) -> tuple[int, int]:
    scored = rejected = 0
    for chunk in _chunks(_json_lines(source, validate=_check_thread), batch):
        good = [data for _, data in chunk if isinstance(data, dict)]
        threads = scored_threads(good, scorers)
        forecasts = iter(forecaster.forecast(threads, [d.get("post") for d in good]))
        for line, data in chunk:
            if isinstance(data, InputError):
                out.write(
                    json.dumps({"line": line, "error": data.message}, ensure_ascii=False) + "\n"
                )
                rejected += 1
                continue
            forecast = next(forecasts)
            out.write(
                json.dumps(
                    {
                        "id": data.get("id"),
                        "derailment": forecast.derailment,
                        "derails": forecast.derails,
                        "reasons": [describe(r.as_dict(), "en") for r in forecast.reasons],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            scored += 1
    return scored, rejected


def scored_threads(
    threads: list[dict[str, Any]], scorers: Sequence[CommentScorer]
) -> list[list[ThreadComment]]:
    flat = [
        (i, c, CommentInput(text=c["text"], lang=_lang_or_none(t), post_text=t.get("post")))
        for i, t in enumerate(threads)
        for c in t["comments"]
    ]
    results = score_batch(scorers, [inp for _, _, inp in flat]) if flat else []
    out: list[list[ThreadComment]] = [[] for _ in threads]
    for (i, c, inp), (_, combined) in zip(flat, results, strict=True):
        at = c.get("created_at")
        out[i].append(
            ThreadComment(
                text=c["text"],
                author=c.get("author"),
                created_at=_time_or_none(at),
                scores=dict(combined.values),
                # the declared language, else the scorers' (the forecaster need not detect it)
                lang=inp.lang or combined.labels.get("lang"),
            )
        )
    return out


def _lang_or_none(thread: dict[str, Any]) -> str | None:
    lang = thread.get("lang")
    return lang if isinstance(lang, str) and lang else None


def _time_or_none(value: Any) -> datetime | None:
    """Thread comments' times are optional context: an unreadable one is left out."""
    try:
        return parse_time(value)
    except InputError:
        return None


def _comment_input(comment: IncomingComment) -> CommentInput:
    """What a scorer reads; `parent` is the replied-to comment's text here (no store)."""
    return CommentInput(
        text=comment.text,
        lang=comment.lang,
        post_text=comment.post_text,
        parent_text=comment.parent,
    )


def _check_thread(data: Any, line: int) -> None:
    if not isinstance(data, dict):
        raise InputError("expected a JSON object", line=line)
    if "id" not in data:
        raise InputError("missing", line=line, field="id")
    comments = data.get("comments")
    if not isinstance(comments, list):
        raise InputError("missing or not a list", line=line, field="comments")
    for i, comment in enumerate(comments):
        if not isinstance(comment, dict) or not isinstance(comment.get("text"), str):
            raise InputError(
                "each comment needs a string 'text'", line=line, field=f"comments[{i}]"
            )


def _json_lines(source: Path, *, validate: Any) -> Iterator[tuple[int, Any]]:
    with source.open("rb") as stream:
        for line, raw in numbered_lines(stream):
            if isinstance(raw, InputError):
                yield line, raw
                continue
            if not raw.strip():
                continue
            try:
                data = load_json(raw.decode("utf-8"), line=line)
                validate(data, line)
            except UnicodeDecodeError:
                yield line, InputError("not UTF-8", line=line)
            except InputError as exc:
                yield line, exc
            else:
                yield line, data


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
