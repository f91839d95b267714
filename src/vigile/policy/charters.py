"""Each organisation's charter, and the workspace default the organisations inherit.

The default is the workspace charter file (setting `charter`, `charter.yaml`); an
organisation's own charter is `charters/<slug>.yaml` in the workspace. An organisation
without a file of its own inherits the default as a whole. The `default` organisation
(the one that runs the server, whose admins own the workspace) has no file of its own:
its charter is the default. Every file is watched like the default is (`reload`): a
valid edit applies at once, a broken one is refused and the last valid charter stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from vigile.domain.charter import DEFAULT_ORGANISATION, Charter, CharterSet
from vigile.domain.errors import ConfigError
from vigile.policy.charter import load_charter
from vigile.policy.reload import CharterWatcher, Reload

CHARTERS_DIR = "charters"
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


@dataclass(frozen=True)
class CharterFiles:
    """Where the default and the organisations' charters live."""

    default: Path
    folder: Path

    @classmethod
    def of(cls, *, home: Path, charter_path: Path) -> CharterFiles:
        return cls(charter_path, home / CHARTERS_DIR)

    def path(self, slug: str) -> Path:
        """The file an organisation's charter is read from and saved to."""
        if slug == DEFAULT_ORGANISATION:
            return self.default
        if not _SLUG.fullmatch(slug):
            raise ConfigError(f"'{slug}' is not an organisation slug")
        return self.folder / f"{slug}.yaml"

    def inherits(self, slug: str) -> bool:
        """True when the organisation has no charter of its own (it uses the default)."""
        return slug != DEFAULT_ORGANISATION and not self.path(slug).exists()

    def own(self) -> dict[str, Path]:
        """The organisations that have a charter of their own, and its file."""
        if not self.folder.is_dir():
            return {}
        return {
            path.stem: path
            for path in sorted(self.folder.glob("*.yaml"))
            if _SLUG.fullmatch(path.stem) and path.stem != DEFAULT_ORGANISATION
        }


def load_charters(files: CharterFiles) -> CharterSet:
    """Every charter of the workspace, for a run (a broken one stops it, naming the line)."""
    default = load_charter(files.default if files.default.exists() else None)
    return CharterSet(default, {slug: load_charter(path) for slug, path in files.own().items()})


@dataclass
class CharterBook:
    """The charters in force for a long-running process, each refreshed when its file changes."""

    files: CharterFiles
    default: CharterWatcher
    own: dict[str, CharterWatcher] = field(default_factory=dict)

    @classmethod
    def start(cls, files: CharterFiles) -> CharterBook:
        """Load every file once; one that is broken at start-up is refused (ConfigError)."""
        own = {slug: CharterWatcher.start(path) for slug, path in files.own().items()}
        return cls(files, CharterWatcher.start(files.default), own)

    def watcher(self, slug: str) -> CharterWatcher:
        """The organisation's watcher (the default's when it inherits), refreshed."""
        return self._refreshed(slug)[0]

    def charter(self, slug: str) -> Charter:
        return self.watcher(slug).charter

    def refresh(self) -> list[tuple[CharterWatcher, Reload]]:
        """Refresh every file, new and removed ones included; what happened to each."""
        results = [(self.default, self.default.refresh())]
        for slug in sorted(set(self.files.own()) | set(self.own)):
            watcher, reload = self._refreshed(slug)
            if watcher is not self.default:
                results.append((watcher, reload))
        return results

    def _refreshed(self, slug: str) -> tuple[CharterWatcher, Reload]:
        if slug == DEFAULT_ORGANISATION or self.files.inherits(slug):
            self.own.pop(slug, None)  # a removed file: the organisation inherits again
            return self.default, self.default.refresh()
        found = self.own.get(slug)
        if found is None:  # a new file: until it is valid, the inherited charter stays
            self.default.refresh()
            found = self.own[slug] = CharterWatcher.follow(self.files.path(slug), self.default)
        return found, found.refresh()

    def snapshot(self) -> CharterSet:
        """The charters in force as last refreshed, for one dispatch."""
        own = {slug: watcher.charter for slug, watcher in self.own.items()}
        return CharterSet(self.default.charter, own)
