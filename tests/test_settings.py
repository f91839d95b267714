"""Workspace discovery and settings precedence: defaults < vigile.toml < env < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli
from vigile.domain.errors import ConfigError, WorkspaceNotFound
from vigile.settings import find_home, load_settings


def test_init_creates_workspace_files_and_refuses_twice(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "brand"
    result = cli("init", folder)
    assert result.exit_code == 0
    assert {p.name for p in folder.iterdir()} >= {"vigile.toml", "charter.yaml", "vigile.db"}
    again = cli("init", folder)
    assert again.exit_code == 3
    assert "already a Vigile workspace" in again.output


def test_init_uses_vigile_home(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "from-env"
    assert cli("init", env={"VIGILE_HOME": str(folder)}).exit_code == 0
    assert (folder / "vigile.toml").exists()
    assert cli("status", env={"VIGILE_HOME": str(folder)}).exit_code == 0


def test_workspace_is_found_from_a_subfolder(
    sqlite_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIGILE_HOME", raising=False)
    nested = sqlite_home / "a" / "b"
    nested.mkdir(parents=True)
    assert find_home(start=nested) == sqlite_home
    with pytest.raises(WorkspaceNotFound, match="vigile init"):
        find_home(start=sqlite_home.parent)


def test_precedence(sqlite_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = sqlite_home / "vigile.toml"
    config.write_text(config.read_text().replace("batch_size = 1000", "batch_size = 10"))
    assert load_settings(sqlite_home).batch_size == 10
    monkeypatch.setenv("VIGILE_BATCH_SIZE", "20")
    assert load_settings(sqlite_home).batch_size == 20
    assert load_settings(sqlite_home, batch_size=30).batch_size == 30


def test_bad_settings_name_the_field(sqlite_home: Path, cli: Cli) -> None:
    config = sqlite_home / "vigile.toml"
    config.write_text(config.read_text() + "colour = 'blue'\n")
    with pytest.raises(ConfigError, match="setting 'colour'"):
        load_settings(sqlite_home)
    config.write_text("[vigile]\nbatch_size = 'many'\n")
    result = cli("status", "--home", sqlite_home)
    assert result.exit_code == 2
    assert "setting 'batch_size'" in result.output
    config.write_text("[vigile\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(sqlite_home)


def test_settings_command_documents_every_setting(cli: Cli) -> None:
    result = cli("settings")
    for name in ("database_url", "batch_size", "scorers", "language"):
        assert name in result.output


def test_database_url_from_environment(sqlite_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = sqlite_home / "elsewhere.db"
    monkeypatch.setenv("VIGILE_DATABASE_URL", f"sqlite:///{other}")
    assert load_settings(sqlite_home).resolved_database_url == f"sqlite:///{other}"
