"""A workspace: settings, database and charter of one Vigile installation, opened once."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from vigile.analysis.registry import load_forecaster, load_scorer
from vigile.domain.charter import DEFAULT_ORGANISATION, Charter, CharterSet
from vigile.domain.errors import WorkspaceExists
from vigile.pipeline.analyse import Stages
from vigile.policy.charter import default_charter_text
from vigile.policy.charters import CharterFiles, load_charters
from vigile.settings import (
    CONFIG_NAME,
    DEFAULT_FORECASTER,
    DEFAULT_SCORERS,
    Settings,
    find_home,
    load_settings,
)
from vigile.store.comments import ensure_organisation
from vigile.store.db import Database, migrate
from vigile.store.queries import owning_slug

SECRET_FILE = ".secret_key"
CONFIG_TEMPLATE = """\
# Vigile workspace settings. Environment variables VIGILE_<NAME> override them,
# command-line flags override both. `vigile settings` lists every setting.
[vigile]
# database_url = "postgresql+psycopg://vigile@localhost/vigile"
charter = "charter.yaml"
scorers = {scorers}
forecaster = "{forecaster}"
batch_size = 1000
language = "{language}"
"""


@dataclass
class Workspace:
    settings: Settings

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.resolved_database_url)

    def secret(self) -> str:
        """The signing key: VIGILE_SECRET_KEY, else the workspace's private key file."""
        if self.settings.secret_key is not None:
            return self.settings.secret_key.get_secret_value()
        path = self.settings.home / SECRET_FILE
        if not path.exists():
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32), "utf-8")
        return path.read_text("utf-8").strip()

    def charter_files(self) -> CharterFiles:
        return CharterFiles.of(home=self.settings.home, charter_path=self.settings.charter_path)

    def charters(self) -> CharterSet:
        """The default charter and the organisations' own ones, read now."""
        return load_charters(self.charter_files())

    def charter_of(self, kind: str, item_id: int) -> Charter:
        """The charter of the organisation a thread, alert or incident belongs to."""
        with self.db.session() as session:
            slug = owning_slug(session, kind, item_id)
        return self.charters().for_org(slug or DEFAULT_ORGANISATION)

    def stages(self) -> Stages:
        """Models and charters for a run (models load once per process)."""
        charters = self.charters()
        return Stages(
            scorers=[load_scorer(name) for name in self.settings.scorers],
            forecaster=load_forecaster(self.settings.forecaster),
            charter=charters.default,
            org_charters=charters.own,
        )


def open_workspace(home: Path | None = None, **overrides: Any) -> Workspace:
    """Find the workspace, load its settings and bring its database schema up to date."""
    workspace = Workspace(load_settings(find_home(home), **overrides))
    migrate(workspace.db.engine)
    return workspace


def init_workspace(folder: Path, *, language: str = "en", **overrides: Any) -> Workspace:
    """Create vigile.toml, the charter and the database in `folder`, like `git init`."""
    folder = folder.expanduser().resolve()
    if (folder / CONFIG_NAME).exists():
        raise WorkspaceExists(f"{folder} is already a Vigile workspace")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_NAME).write_text(
        CONFIG_TEMPLATE.format(
            language=language, scorers=json.dumps(DEFAULT_SCORERS), forecaster=DEFAULT_FORECASTER
        ),
        "utf-8",
    )
    charter = folder / "charter.yaml"
    if not charter.exists():
        charter.write_text(default_charter_text(), "utf-8")
    workspace = Workspace(load_settings(folder, **overrides))
    migrate(workspace.db.engine)
    with workspace.db.session() as session:
        ensure_organisation(session)
    workspace.secret()
    return workspace
