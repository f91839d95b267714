"""`vigile rescore`: score analysed comments again after a comment model upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vigile.analysis.registry import load_scorer
from vigile.cli_common import counting_progress, handles_errors, out
from vigile.i18n import pick_language, t
from vigile.workspace import open_workspace

HomeOption = Annotated[Path | None, typer.Option("--home", help="Workspace folder.")]


@handles_errors
def rescore(
    home: HomeOption = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Comments per batch.")] = None,
) -> None:
    """Score again the analysed comments whose scores came from another model or version
    (after an upgrade); thread, page and author history and the alerts stay as they were."""
    from vigile.pipeline.rescore import rescore as run
    from vigile.pipeline.rescore import stale_count

    workspace = open_workspace(home, batch_size=batch_size)
    lang = pick_language(workspace.settings.language)
    scorers = [load_scorer(name) for name in workspace.settings.scorers]
    with workspace.db.session() as session:
        total = stale_count(session, scorers)
    with counting_progress() as progress:
        task = progress.add_task(t("rescore.progress", lang), total=total)
        summary = run(
            workspace.db,
            scorers,
            batch_size=workspace.settings.batch_size,
            on_batch=lambda n: progress.advance(task, n),
        )
    models = ", ".join(f"{s.name}@{s.version}" for s in scorers)
    out.print(
        t(
            "rescore.summary",
            lang,
            comments=summary.comments,
            threads=summary.threads,
            models=models,
        ),
        markup=False,
    )
