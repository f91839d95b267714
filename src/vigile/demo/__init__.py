"""The demo brand 'Brindille': a bilingual workspace built from a shipped comment file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from vigile.domain.errors import WorkspaceNotFound
from vigile.pipeline.analyse import run_backlog
from vigile.pipeline.ingest import import_file
from vigile.workspace import Workspace, init_workspace, open_workspace

DEMO_FILE = "brindille.jsonl"


def demo_comments_path() -> Path:
    return Path(str(resources.files("vigile.demo").joinpath(DEMO_FILE)))


def build_demo(folder: Path, **overrides: Any) -> Workspace:
    """Create (or reuse) the demo workspace, import the demo comments and analyse them."""
    try:
        workspace = open_workspace(folder, **overrides)
    except WorkspaceNotFound:
        init_workspace(folder)
        workspace = open_workspace(folder, **overrides)
    import_file(workspace.db, demo_comments_path())
    run_backlog(workspace.db, workspace.stages(), batch_size=workspace.settings.batch_size)
    return workspace
