"""The scenario library: shipped YAML files, overridden or extended by the workspace's.

Each file holds one scenario. The organisation's folder (`<workspace>/scenarios/` by
default) is read after the shipped set: a scenario with the same `id` replaces the
shipped one, a new `id` adds one. Unknown keys are refused; errors name the file, the
line and the field, as for the charter.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vigile.domain.charter import Role
from vigile.domain.errors import ConfigError, NotFound
from vigile.domain.playbook import Condition, Scenario, Template
from vigile.playbooks.cues import CUES
from vigile.playbooks.facts import COMMENT_SIGNALS, SIGNALS
from vigile.policy import yamlfile

Text = Annotated[str, Field(min_length=1)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Bilingual(_Spec):
    en: Text
    fr: Text


class _Lines(_Spec):
    en: list[Text] = Field(min_length=1)
    fr: list[Text] = Field(min_length=1)


class _Address(_Spec):
    vous: Text
    tu: Text


class _ConditionSpec(_Spec):
    signal: str
    at_least: float | None = None
    at_most: float | None = None
    comments: int = Field(default=1, ge=1)
    share: float = Field(default=0.0, ge=0.0, le=1.0)
    weight: float = 1.0
    required: bool = False

    @model_validator(mode="after")
    def _meaningful(self) -> _ConditionSpec:
        if self.signal not in SIGNALS:
            raise _Located(("signal",), f"unknown signal '{self.signal}' (known: {SIGNALS})")
        per_comment = self.signal in COMMENT_SIGNALS or self.signal in CUES
        if per_comment and self.at_most is not None:
            raise _Located(("at_most",), "comment signals and cues count comments: use comments")
        if not per_comment and self.at_least is None and self.at_most is None:
            raise _Located(("at_least",), f"'{self.signal}' needs at_least or at_most")
        if self.weight == 0:
            raise _Located(("weight",), "a weight of 0 never counts: remove the condition")
        return self


class _TemplateSpec(_Spec):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: _Bilingual
    en: Text
    fr: Text | _Address

    @model_validator(mode="after")
    def _same_slots(self) -> _TemplateSpec:
        texts = _texts(self)
        slots = {key: _slots(text, key) for key, text in texts.items()}
        for key, found in slots.items():
            if found != slots["en"]:
                raise _Located(
                    tuple(key.split(".")),
                    f"slots {sorted(found)} differ from the English text's {sorted(slots['en'])}",
                )
        return self


class _ScenarioSpec(_Spec):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: _Bilingual
    description: _Bilingual
    when: list[_ConditionSpec] = Field(min_length=1)
    steps: _Lines
    templates: list[_TemplateSpec] = Field(min_length=1)
    avoid: _Lines
    inform: list[Role] = []

    @model_validator(mode="after")
    def _unique_templates(self) -> _ScenarioSpec:
        ids = [t.id for t in self.templates]
        for i, template_id in enumerate(ids):
            if template_id in ids[:i]:
                raise _Located(("templates", i, "id"), f"template id '{template_id}' is used twice")
        return self


class _Located(ValueError):
    """A validation error that knows its place, so that the message names the line."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def _texts(spec: _TemplateSpec) -> dict[str, str]:
    if isinstance(spec.fr, str):
        return {"en": spec.en, "fr.vous": spec.fr, "fr.tu": spec.fr}
    return {"en": spec.en, "fr.vous": spec.fr.vous, "fr.tu": spec.fr.tu}


def _slots(text: str, key: str) -> set[str]:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise _Located(tuple(key.split(".")), f"unbalanced braces ({exc})") from None
    for name in fields:
        if not name.isidentifier():
            raise _Located(tuple(key.split(".")), f"slot {{{name}}} must be a plain name")
    return fields


@dataclass(frozen=True)
class Library:
    """Scenarios by id, in a stable order (shipped order, then the workspace's additions)."""

    scenarios: dict[str, Scenario]

    def get(self, scenario_id: str) -> Scenario:
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            known = ", ".join(self.scenarios)
            raise NotFound(f"no scenario '{scenario_id}' (known: {known})") from None

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.scenarios.values())

    def __len__(self) -> int:
        return len(self.scenarios)


def shipped_folder() -> Path:
    return Path(str(resources.files("vigile.playbooks").joinpath("scenarios")))


def load_library(workspace_folder: Path | None = None) -> Library:
    """The shipped scenarios, then the workspace folder's (same id replaces, new id adds)."""
    scenarios = {s.id: s for s in read_folder(shipped_folder())}
    if workspace_folder is not None and workspace_folder.is_dir():
        for scenario in read_folder(workspace_folder):
            scenarios[scenario.id] = scenario
    return Library(scenarios)


def read_folder(folder: Path) -> list[Scenario]:
    """Every `*.yaml` / `*.yml` file of a folder, sorted by name; an id used twice is refused."""
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such folder (create it to add or replace scenarios)")
    found: dict[str, Scenario] = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        scenario = read_scenario(path)
        if scenario.id in found:
            other = found[scenario.id].source
            raise ConfigError(f"{path}, field 'id': scenario '{scenario.id}' is also in {other}")
        found[scenario.id] = scenario
    return list(found.values())


def read_scenario(path: Path) -> Scenario:
    return parse_scenario(yamlfile.read_text(path), source=str(path))


def parse_scenario(text: str, *, source: str) -> Scenario:
    """Validate one scenario's YAML; a ConfigError names the source, the line and the field."""
    raw, data = yamlfile.load(text, source=source)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a scenario file must be a mapping with an 'id'")
    try:
        spec = _ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        cause = first.get("ctx", {}).get("error")
        loc: tuple[str | int, ...] = tuple(first["loc"])
        if isinstance(cause, _Located):
            loc = (*loc, *cause.loc)
        message = str(cause) if isinstance(cause, _Located) else first["msg"]
        raise ConfigError(f"{yamlfile.where(source, raw, loc)}: {message}") from exc
    return _scenario(spec, source)


def _scenario(spec: _ScenarioSpec, source: str) -> Scenario:
    return Scenario(
        id=spec.id,
        title={"en": spec.title.en, "fr": spec.title.fr},
        description={"en": spec.description.en, "fr": spec.description.fr},
        when=tuple(
            Condition(c.signal, c.at_least, c.at_most, c.comments, c.share, c.weight, c.required)
            for c in spec.when
        ),
        steps={"en": tuple(spec.steps.en), "fr": tuple(spec.steps.fr)},
        templates=tuple(
            Template(t.id, {"en": t.label.en, "fr": t.label.fr}, _texts(t)) for t in spec.templates
        ),
        avoid={"en": tuple(spec.avoid.en), "fr": tuple(spec.avoid.fr)},
        inform=tuple(r.value for r in spec.inform),
        source=source,
    )
