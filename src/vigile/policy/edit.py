"""Saving an edited charter: checked first, written atomically, the previous one kept.

A refused charter never touches the file. An accepted one replaces it in one rename
(a crash leaves the old file or the new one, never half of each) after the previous
content was copied to `charter.yaml.bak`. Running processes pick the new file up through
their `CharterWatcher`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from vigile.domain.charter import Charter
from vigile.domain.errors import ConfigError
from vigile.policy.charter import CharterProblem, check_charter, default_charter_text
from vigile.policy.yamlfile import read_text

BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True)
class Saved:
    charter: Charter
    digest: str  # SHA-256 of the new file
    previous: str  # SHA-256 of what it replaced
    backup: Path | None  # None when there was no file before


class CharterRefused(ConfigError):
    """The text is not a valid charter: nothing was written."""

    def __init__(self, problems: list[CharterProblem]) -> None:
        first = problems[0]
        where = ", ".join(
            part
            for part in (
                f"line {first.line}" if first.line else "",
                f"field '{first.field}'" if first.field else "",
            )
            if part
        )
        super().__init__(f"{where}: {first.message}" if where else first.message)
        self.problems = problems


class CharterChanged(ConfigError):
    """The file changed since the editor loaded it: saving would lose that change."""

    code = "charter_changed"
    http_status = 409


def current_text(path: Path) -> str:
    """What the editor starts from: the file, or the shipped default when there is none."""
    return read_text(path) if path.exists() else default_charter_text()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_charter(
    path: Path, text: str, *, base: str | None = None, before: str | None = None
) -> Saved:
    """Check `text` and write it to `path`; `base` is the digest the editor started from,
    `before` the text it replaces when that is not the file's (an inherited charter)."""
    charter, problems = check_charter(text)
    if charter is None:
        raise CharterRefused(problems)
    if before is None:
        before = current_text(path)
    if base is not None and base != digest(before):
        raise CharterChanged(f"{path.name} changed since it was opened: reload it and edit again")
    backup = None
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        backup = path.with_name(path.name + BACKUP_SUFFIX)
        _atomic_write(backup, path.read_bytes())
    _atomic_write(path, text.encode("utf-8"))
    return Saved(charter, digest(text), digest(before), backup)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename over `path`."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
