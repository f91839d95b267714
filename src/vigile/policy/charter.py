"""Load a charter YAML file into typed rules, with errors that name the line and field."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vigile.domain.charter import Charter, Rule
from vigile.domain.errors import ConfigError
from vigile.domain.model import Severity

DEFAULT_CHARTER_NAME = "charter.yaml"


class _RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    level: str = Field(pattern="^(comment|thread|author|page)$")
    signal: str = Field(min_length=1)
    at_least: float = Field(ge=0.0)
    severity: Severity
    kind: str | None = None
    open_incident: bool = False


class _CharterSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    organisation: str = "default"
    rules: list[_RuleSpec]


def default_charter_text() -> str:
    return resources.files("vigile.policy").joinpath(DEFAULT_CHARTER_NAME).read_text("utf-8")


def load_charter(path: Path | None) -> Charter:
    """Read the workspace charter, or the shipped default when `path` is None."""
    if path is None:
        return parse_charter(default_charter_text(), source="<default charter>")
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
    return parse_charter(text, source=str(path))


def parse_charter(text: str, *, source: str) -> Charter:
    try:
        raw = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        raise ConfigError(f"{source}, {where}: invalid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the charter must be a mapping with a 'rules' list")
    try:
        spec = _CharterSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = [str(p) for p in first["loc"]]
        line = _line_of(raw, first["loc"])
        where = f", line {line}" if line else ""
        raise ConfigError(f"{source}{where}, field '{'.'.join(path)}': {first['msg']}") from exc
    rules = tuple(
        Rule(
            name=r.name,
            level=r.level,
            signal=r.signal,
            at_least=r.at_least,
            severity=r.severity,
            kind=r.kind or r.name,
            open_incident=r.open_incident,
        )
        for r in spec.rules
    )
    return Charter(organisation=spec.organisation, rules=rules)


def _line_of(node: Any, loc: tuple[int | str, ...]) -> int | None:
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
