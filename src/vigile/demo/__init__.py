"""The demo brand 'Brindille': a bilingual workspace built from a shipped comment file."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from vigile.domain.errors import NotFound, WorkspaceNotFound
from vigile.pipeline.analyse import run_backlog
from vigile.pipeline.ingest import import_file
from vigile.store.accounts import add_organisation, add_user, find_organisation, set_password
from vigile.store.comments import DEFAULT_ORGANISATION
from vigile.store.schema import Organisation, Page, User
from vigile.workspace import Workspace, init_workspace, open_workspace

DEMO_FILE = "brindille.jsonl"
DEMO_ORGANISATION = "Brindille"
DEMO_EMAIL = "demo@brindille.example"
LOGIN_FILE = "demo-login.txt"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    file: Path


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
    demo_login(workspace)
    return workspace


def demo_login(workspace: Workspace) -> DemoLogin:
    """The 'Brindille' organisation owns the demo pages; its admin's login is in
    `demo-login.txt` (created once, readable by the owner only)."""
    file = workspace.settings.home / LOGIN_FILE
    with workspace.db.session() as session:
        try:
            brand = find_organisation(session, DEMO_ORGANISATION)
        except NotFound:
            brand = add_organisation(session, DEMO_ORGANISATION)
        default = session.scalar(
            select(Organisation.id).where(Organisation.slug == DEFAULT_ORGANISATION)
        )
        session.execute(
            update(Page).where(Page.organisation_id == default).values(organisation_id=brand.id)
        )
        known = session.scalar(select(User.id).where(User.email == DEMO_EMAIL))
        if known is not None and file.exists():
            return DemoLogin(DEMO_EMAIL, file.read_text("utf-8").split()[-1], file)
        password = secrets.token_urlsafe(12)
        if known is None:
            add_user(
                session,
                email=DEMO_EMAIL,
                name="Camille (demo)",
                password=password,
                role="admin",
                organisation=DEMO_ORGANISATION,
            )
        else:
            set_password(session, DEMO_EMAIL, password)
    _write_private(file, f"{DEMO_EMAIL} {password}\n")
    return DemoLogin(DEMO_EMAIL, password, file)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
