"""Reading the workspace's YAML files (charter, scenarios) with errors that name the
source, the line and the field: one place for what every such file needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vigile.domain.errors import ConfigError


def read_text(path: Path) -> str:
    """The file as UTF-8 text; unreadable or not UTF-8 is a ConfigError naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
    return decode(path, data)


def decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def load(text: str, *, source: str) -> tuple[Any, Any]:
    """The node tree (for line numbers) and the data of a YAML text."""
    try:
        return yaml.compose(text), yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        raise ConfigError(f"{source}, {where}: invalid YAML ({exc})") from exc


def where(source: str, raw: Any, loc: tuple[str | int, ...]) -> str:
    """ "<source>, line N, field 'a.b.0.c'" for the field at `loc`."""
    line = line_of(raw, loc)
    field = ".".join(str(p) for p in loc)
    return f"{source}{f', line {line}' if line else ''}, field '{field}'"


def line_of(node: Any, loc: tuple[int | str, ...]) -> int | None:
    """Line (1-based) of the YAML node at `loc`, as close as the document allows."""
    line = None
    for key in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if key < len(node.value) else None
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line
