"""Loaders for the labelled JSON Lines files of ../shared/data (and any file in that format)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vigile.domain.errors import InputError


def _objects(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})", line=number) from None


def read_labelled(path: Path, *, label: str) -> Iterator[dict[str, Any]]:
    """Rows with `text` and the `label` field; a row without them is an error naming its line."""
    for number, row in _objects(path):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise InputError("needs a string 'text'", line=number, field="text")
        if label not in row:
            raise InputError(f"needs the label '{label}'", line=number, field=label)
        yield row


def read_threads(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of the thread format with a `label`."""
    for number, row in _objects(path):
        comments = row.get("comments") if isinstance(row, dict) else None
        if not isinstance(comments, list) or not all(
            isinstance(c, dict) and "text" in c for c in comments
        ):
            raise InputError("needs 'comments' with a 'text' each", line=number, field="comments")
        if "label" not in row:
            raise InputError("needs the label 'label'", line=number, field="label")
        yield row
