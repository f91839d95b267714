"""Secrets for connectors and pushed sources: from the environment or a private file.

Secrets are never stored in the database or vigile.toml, and never logged.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

SECRETS_DIR = "secrets"
SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,62}")


def read_secret(*, env: str | None, file: Path | None) -> str | None:
    """The value of the environment variable `env`, else the first line of `file`."""
    if env and (value := os.environ.get(env, "").strip()):
        return value
    if file is not None and file.is_file():
        return file.read_text("utf-8").strip() or None
    return None


def connector_token(home: Path, options: Mapping[str, str]) -> str | None:
    """A page's token: `token_env` names a variable, `token_file` a file (relative to home)."""
    file = options.get("token_file")
    return read_secret(env=options.get("token_env"), file=home / file if file else None)


def valid_source(source: str) -> bool:
    """Source names are lower-case letters, digits, `_`, `.` and `-` (they name a file)."""
    return SOURCE_NAME.fullmatch(source) is not None


def source_env(source: str) -> str:
    """The variable holding a pushed source's secret: VIGILE_INGEST_SECRET_<SOURCE>."""
    return "VIGILE_INGEST_SECRET_" + re.sub(r"[^A-Z0-9]", "_", source.upper())


def source_file(home: Path, source: str) -> Path:
    return home / SECRETS_DIR / f"ingest-{source}.key"


def ingest_secret(home: Path, source: str) -> str | None:
    return read_secret(env=source_env(source), file=source_file(home, source))


def create_source_secret(home: Path, source: str) -> Path:
    """Write a new random secret for `source` (mode 600) unless one exists; its path."""
    path = source_file(home, source)
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(32) + "\n", "utf-8")
    return path
