"""Typed settings: defaults < vigile.toml < VIGILE_* environment < command-line flags.

A workspace is a folder holding `vigile.toml` (and by default the SQLite database and
the charter), found like git finds a repository: `--home`, then `VIGILE_HOME`, then the
current folder and its parents.
"""

from __future__ import annotations

import ipaddress
import json
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from vigile.domain.errors import ConfigError, WorkspaceNotFound
from vigile.domain.model import known_zone

CONFIG_NAME = "vigile.toml"
DEFAULT_SCORERS = ["comments"]
DEFAULT_FORECASTER = "derail"
MIN_SECRET = 16
PLACEHOLDER_SECRETS = frozenset(
    {"changethis", "changeme", "change-me", "secret", "secret_key", "your-secret-key", "xxx"}
)


class Settings(BaseSettings):
    """Every setting, with its help text; `vigile settings` prints this table."""

    model_config = SettingsConfigDict(env_prefix="VIGILE_", extra="forbid")

    home: Path = Field(description="Workspace folder (holds vigile.toml).")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is SQLite in the workspace "
        "(postgresql+psycopg://user@host/db for PostgreSQL).",
    )
    charter: Path = Field(
        default=Path("charter.yaml"), description="Charter file, relative to home."
    )
    scorers: list[str] = Field(
        default=DEFAULT_SCORERS, description="Comment scorers to run, by name."
    )
    forecaster: str = Field(
        default=DEFAULT_FORECASTER, description="Thread derailment forecaster, by name."
    )
    batch_size: int = Field(
        default=1000, ge=1, le=100_000, description="Comments analysed per batch."
    )
    scoring_process: bool = Field(
        default=False,
        description="Score the next batch and forecast its threads in a second process while "
        "analysing one (faster on two or more cores; the models load twice).",
    )
    host: str = Field(default="127.0.0.1", description="Address `vigile serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `vigile serve` listens on.")
    trusted_proxies: list[str] = Field(
        default=[],
        description="Addresses or networks (CIDR) of the reverse proxies in front of "
        "`vigile serve`: only from them are X-Forwarded-For and X-Forwarded-Proto believed. "
        "Empty: those headers are ignored and the client is the connection's address.",
    )
    language: Literal["en", "fr"] = Field(
        default="en", description="Language of messages (en or fr)."
    )
    timezone: str = Field(
        default="UTC",
        max_length=64,
        description="Time zone (IANA name, e.g. Europe/Paris) the dashboard shows times in, "
        "for users who did not choose their own.",
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Public address of the dashboard, for links in notifications.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key that signs acknowledgment links; from VIGILE_SECRET_KEY or the "
        "workspace's .secret_key file, never from vigile.toml.",
    )
    session_max_age: int = Field(
        default=43_200,
        ge=300,
        le=2_592_000,
        description="Seconds a dashboard login lasts; the session cookie is marked Secure "
        "when base_url starts with https://.",
    )
    notify_retries: int = Field(
        default=3, ge=1, le=10, description="Attempts per channel before trying the next one."
    )
    sync_interval: int = Field(
        default=300, ge=10, le=86_400, description="Seconds between two polls of `vigile run`."
    )
    sync_lookback_days: int = Field(
        default=7,
        ge=1,
        le=90,
        description="Posts younger than this are re-read at each sync (new, edited and "
        "deleted replies).",
    )
    sync_max_wait: int = Field(
        default=900,
        ge=0,
        le=3600,
        description="Longest rate-limit wait (seconds) a sync sits through; a longer one "
        "parks the page until then.",
    )
    ingest_max_bytes: int = Field(
        default=5_000_000,
        ge=1000,
        le=100_000_000,
        description="Largest body `POST /ingest` accepts (bytes); larger gets HTTP 413.",
    )
    ingest_tolerance: int = Field(
        default=300,
        ge=10,
        le=3600,
        description="Seconds the signed X-Vigile-Timestamp of `POST /ingest` may differ from "
        "the server's clock; an older request is refused as a replay (HTTP 401).",
    )
    scenarios: Path = Field(
        default=Path("scenarios"),
        description="Folder of the organisation's scenario files, relative to home; "
        "they replace (same id) or add to the shipped ones.",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint for reply drafts (e.g. "
        "http://127.0.0.1:11434/v1); unset, drafts come from the templates only.",
    )
    llm_model: str | None = Field(
        default=None, description="Model name sent to the LLM endpoint (needed with it)."
    )
    llm_api_key: SecretStr | None = Field(
        default=None,
        description="Key for the LLM endpoint; from VIGILE_LLM_API_KEY or the workspace's "
        ".llm_api_key file, never from vigile.toml.",
    )
    llm_timeout: float = Field(
        default=20.0,
        gt=0,
        le=300,
        description="Seconds to wait for the LLM before falling back to the template draft.",
    )
    smtp_url: str | None = Field(
        default=None,
        description="Mail server for account e-mails (invitations, password resets, peer "
        "help): smtp://host:25, smtp+starttls://user@host:587 or smtps://user@host:465; "
        "unset, the links are shown to the admin instead.",
    )
    smtp_password: SecretStr | None = Field(
        default=None,
        description="Password for smtp_url's user; from VIGILE_SMTP_PASSWORD or the "
        "workspace's .smtp_password file, never from vigile.toml.",
    )
    mail_from: str = Field(
        default="vigile@localhost", description="Sender address of account e-mails."
    )
    brands: list[str] = Field(
        default=[],
        description="Brand and product names replaced in case studies (with the page "
        "handles and the charter's organisation, always replaced).",
    )
    sector: str = Field(
        default="",
        max_length=100,
        description="The organisation's sector (retail, telecoms...): the `sector` tag of "
        "its case studies, for peers who search the library by sector.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if known_zone(value) is None:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name: Europe/Paris)")
        return value

    @field_validator("secret_key")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """A key that signs sessions and links must not be a placeholder from a tutorial."""
        if value is None:
            return None
        key = value.get_secret_value()
        if key.strip().lower() in PLACEHOLDER_SECRETS or len(key) < MIN_SECRET:
            raise ValueError(
                f"placeholder or too short (at least {MIN_SECRET} random characters; "
                "leave it unset to use the workspace's generated .secret_key)"
            )
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_addresses(cls, value: list[str]) -> list[str]:
        """Each proxy is an IP address or network; "*" (trust anyone) is refused."""
        for entry in value:
            try:
                ipaddress.ip_network(entry.strip(), strict=False)
            except ValueError:
                raise ValueError(
                    f"{entry!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)"
                ) from None
        return [entry.strip() for entry in value]

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'vigile.db'}"

    @property
    def charter_path(self) -> Path:
        return self.charter if self.charter.is_absolute() else self.home / self.charter

    @property
    def scenarios_path(self) -> Path:
        return self.scenarios if self.scenarios.is_absolute() else self.home / self.scenarios


def secret_setting(value: SecretStr | None, home: Path, filename: str) -> str | None:
    """A secret from its setting (the environment) or else the workspace's `filename`;
    never from vigile.toml. None when neither has it."""
    if value is not None:
        return value.get_secret_value()
    path = home / filename
    return (path.read_text("utf-8").strip() or None) if path.is_file() else None


def find_home(explicit: Path | None = None, *, start: Path | None = None) -> Path:
    """The workspace folder, or WorkspaceNotFound naming what was tried."""
    if explicit is not None:
        return _require(explicit.expanduser().resolve())
    if env := os.environ.get("VIGILE_HOME"):
        return _require(Path(env).expanduser().resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise WorkspaceNotFound(f"no {CONFIG_NAME} in {here} or its parents: run `vigile init` first")


def _require(folder: Path) -> Path:
    if not (folder / CONFIG_NAME).is_file():
        raise WorkspaceNotFound(
            f"{folder} is not a Vigile workspace (no {CONFIG_NAME}): run `vigile init`"
        )
    return folder


def load_settings(home: Path, **overrides: Any) -> Settings:
    """Settings of the workspace at `home`, with command-line `overrides` on top."""
    toml_path = home / CONFIG_NAME
    file_values = _read_toml(toml_path)

    class _WorkspaceSettings(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            return (init_settings, env_settings, InitSettingsSource(settings_cls, file_values))

    values = {**{k: v for k, v in overrides.items() if v is not None}, "home": home}
    try:
        return _WorkspaceSettings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{toml_path}: setting '{field}': {first['msg']}") from exc


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from exc
    section = data.get("vigile", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [vigile] must be a table")
    for secret in ("secret_key", "llm_api_key", "smtp_password"):
        if secret in section:
            raise ConfigError(
                f"{path}: setting '{secret}': secrets belong in VIGILE_{secret.upper()}, "
                "not in this file"
            )
    return section


def settings_reference() -> list[tuple[str, str, str]]:
    """(name, default, help) for every setting, for docs and `vigile settings`."""
    rows = []
    for name, info in Settings.model_fields.items():
        default = "" if info.is_required() else json.dumps(info.default, default=str)
        rows.append((name, default, info.description or ""))
    return rows
