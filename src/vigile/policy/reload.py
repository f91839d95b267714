"""Keep a long-running process on the workspace charter as it is edited.

`vigile serve` and `vigile notify --watch` ask at each request or tick; the file is
read again only when its content changed. A broken edit is refused: the last valid
charter stays in force, a warning names the line and field, and `error` says why
until the file is valid again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from vigile.domain.charter import Charter
from vigile.domain.errors import ConfigError
from vigile.policy import yamlfile
from vigile.policy.charter import default_charter_text, load_charter, parse_charter

log = logging.getLogger(__name__)


class Reload(StrEnum):
    UNCHANGED = "unchanged"
    APPLIED = "applied"
    REFUSED = "refused"


@dataclass
class CharterWatcher:
    """The charter in force for a process, refreshed from `path` when it changes."""

    path: Path
    charter: Charter
    digest: str
    error: str | None = None

    @classmethod
    def start(cls, path: Path) -> CharterWatcher:
        """Load once; a broken file at start-up is refused (there is nothing to keep)."""
        if not path.exists():
            return cls(path, load_charter(None), _digest(default_charter_text().encode()))
        data = _read(path)
        return cls(path, _parse(path, data), _digest(data))

    @classmethod
    def follow(cls, path: Path, inherited: CharterWatcher) -> CharterWatcher:
        """Watch a file that appeared while `inherited` was in force: that charter stays
        until the file is valid (the next `refresh` reads it)."""
        return cls(path, inherited.charter, digest="")

    def current(self) -> Charter:
        self.refresh()
        return self.charter

    def refresh(self) -> Reload:
        """Apply the file if its content changed and is valid; keep the last charter if not."""
        try:
            data = _read(self.path)
        except ConfigError as exc:
            return self._refuse(_digest(str(exc).encode()), exc)
        digest = _digest(data)
        if digest == self.digest:
            return Reload.UNCHANGED
        try:
            charter = _parse(self.path, data)
        except ConfigError as exc:
            return self._refuse(digest, exc)
        self.charter, self.digest, self.error = charter, digest, None
        log.info("charter reloaded from %s", self.path)
        return Reload.APPLIED

    def _refuse(self, digest: str, exc: ConfigError) -> Reload:
        if digest == self.digest:
            return Reload.UNCHANGED  # the same broken content: already reported
        self.digest, self.error = digest, exc.message
        log.warning("charter change refused, keeping the last valid charter: %s", exc.message)
        return Reload.REFUSED


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc


def _parse(path: Path, data: bytes) -> Charter:
    return parse_charter(yamlfile.decode(path, data), source=str(path))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
