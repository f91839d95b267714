"""Command line: thin wrappers over the workspace, pipeline and web layers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from vigile.analysis.registry import load_forecaster, load_scorer
from vigile.cli_accounts import has_users, org_app, token_app, user_app
from vigile.cli_alerts import alert_app, decisions_app, incident_app, notify
from vigile.cli_cases import case_app, cases_app
from vigile.cli_checks import post_app, reply_check_command
from vigile.cli_common import counting_progress, err, handles_errors, out, print_analysis
from vigile.cli_connect import connect_app, reply_send, run, sync
from vigile.cli_eval import bench_app, eval_app
from vigile.cli_incidents import replay, workspace_charter_error
from vigile.cli_peer import peer_app
from vigile.cli_playbook import playbook_app, reply_app
from vigile.cli_rescore import rescore
from vigile.cli_train import train_app
from vigile.i18n import pick_language, t
from vigile.settings import DEFAULT_FORECASTER, DEFAULT_SCORERS, settings_reference
from vigile.workspace import Workspace, init_workspace, open_workspace

app = typer.Typer(
    help="Vigile: a self-hosted copilot for community managers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
score_app = typer.Typer(
    help="Score files in the standard formats (no workspace needed).", no_args_is_help=True
)
charter_app = typer.Typer(help="Check the company charter.", no_args_is_help=True)
app.add_typer(score_app, name="score")
app.add_typer(charter_app, name="charter")
app.add_typer(eval_app, name="eval")
app.add_typer(alert_app, name="alert")
app.add_typer(incident_app, name="incident")
app.add_typer(decisions_app, name="decisions")
app.add_typer(train_app, name="train")
app.add_typer(bench_app, name="bench")
app.add_typer(post_app, name="post")
app.add_typer(playbook_app, name="playbook")
app.add_typer(reply_app, name="reply")
reply_app.command("check")(reply_check_command)
reply_app.command("send")(reply_send)
app.add_typer(connect_app, name="connect")
app.add_typer(case_app, name="case")
app.add_typer(cases_app, name="cases")
app.add_typer(peer_app, name="peer")
for group, group_name in ((org_app, "org"), (user_app, "user"), (token_app, "token")):
    app.add_typer(group, name=group_name)


HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Workspace folder (default: VIGILE_HOME, then . and parents)."),
]
InputOption = Annotated[
    Path, typer.Option("--input", "-i", exists=True, dir_okay=False, readable=True)
]
OutputOption = Annotated[Path, typer.Option("--output", "-o", dir_okay=False)]


def _lang(workspace: Workspace | None = None) -> str:
    return pick_language(workspace.settings.language if workspace else None)


@app.command()
@handles_errors
def init(
    folder: Annotated[
        Path | None, typer.Argument(help="Folder to create the workspace in.")
    ] = None,
    language: Annotated[str, typer.Option(help="Language of messages: en or fr.")] = "en",
) -> None:
    """Create a workspace (vigile.toml, charter.yaml, database) in FOLDER or VIGILE_HOME or here."""
    import os

    target = folder or Path(os.environ.get("VIGILE_HOME") or ".")
    workspace = init_workspace(target, language=language)
    out.print(t("init.done", _lang(workspace), home=workspace.settings.home), markup=False)


@app.command("import")
@handles_errors
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    home: HomeOption = None,
    show_errors: Annotated[int, typer.Option(help="Rejected lines to print.")] = 20,
) -> None:
    """Import comments from JSON Lines or CSV (standard comment format); idempotent."""
    from vigile.pipeline.ingest import import_file

    workspace = open_workspace(home)
    lang = _lang(workspace)
    with _bytes_progress(t("import.progress", lang), file.stat().st_size) as advance:
        summary = import_file(workspace.db, file, on_progress=advance)
    for error in summary.errors[:show_errors]:
        err.print(t("import.rejected_line", lang, error=error.message), markup=False)
    if summary.rejected > show_errors:
        err.print(t("import.more_errors", lang, count=summary.rejected - show_errors))
    for field, line in sorted(summary.unknown_fields.items()):
        err.print(t("import.unknown_field", lang, field=field, line=line), markup=False)
    out.print(
        t(
            "import.summary",
            lang,
            added=summary.added,
            updated=summary.updated,
            skipped=summary.skipped,
            rejected=summary.rejected,
        )
    )
    if summary.rejected:
        raise typer.Exit(1)


@app.command()
@handles_errors
def status(
    home: HomeOption = None, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Counts of pages, posts, comments, threads, alerts, incidents and the analysis backlog."""
    from vigile.pipeline.analyse import backlog_size
    from vigile.pipeline.rescore import stale_count
    from vigile.store.queries import status_counts

    workspace = open_workspace(home)
    scorers = [load_scorer(name) for name in workspace.settings.scorers]
    with workspace.db.session() as session:
        counts = status_counts(session, backlog=backlog_size(session))
        counts["stale_scores"] = stale_count(session, scorers)
    charter_error = workspace_charter_error(workspace)
    if as_json:
        typer.echo(json.dumps({**counts, "charter_error": charter_error}))
        return
    lang = _lang(workspace)
    table = Table(title=t("status.title", lang, home=workspace.settings.home), show_header=False)
    for key, value in counts.items():
        table.add_row(t(f"status.{key}", lang), str(value))
    out.print(table)
    if counts["stale_scores"]:
        err.print(t("status.rescore_hint", lang, count=counts["stale_scores"]), markup=False)
    if charter_error is not None:
        err.print(f"{t('status.charter_error', lang)}: {charter_error}", markup=False)


@app.command()
@handles_errors
def analyze(
    home: HomeOption = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Comments per batch.")] = None,
) -> None:
    """Analyse new and changed comments: scores, thread and page state, alerts."""
    workspace = open_workspace(home, batch_size=batch_size)
    lang = _lang(workspace)
    print_analysis(_analyze(workspace, lang), lang)


def _analyze(workspace: Workspace, lang: str) -> Any:
    from vigile.pipeline.analyse import backlog_size, run_backlog

    stages = workspace.stages()
    with workspace.db.session() as session:
        total = backlog_size(session)
    with counting_progress() as progress:
        task = progress.add_task(t("analyze.progress", lang), total=total)
        with _scoring_worker(workspace, stages) as worker:
            return run_backlog(
                workspace.db,
                stages,
                batch_size=workspace.settings.batch_size,
                on_batch=lambda n: progress.advance(task, n),
                worker=worker,
            )


@contextmanager
def _scoring_worker(workspace: Workspace, stages: Any) -> Iterator[Any]:
    """A scoring process when the settings ask for one, else None."""
    if not workspace.settings.scoring_process:
        yield None
        return
    from vigile.pipeline.scoring import ScoringWorker

    with ScoringWorker(stages.scorers, stages.forecaster) as worker:
        yield worker


@app.command()
@handles_errors
def serve(
    home: HomeOption = None,
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
) -> None:
    """Serve the dashboard and the REST API."""
    workspace = open_workspace(home, host=host, port=port)
    _serve(workspace)


def _serve(workspace: Workspace) -> None:
    import uvicorn

    from vigile.web.app import create_app

    settings = workspace.settings
    out.print(t("serve.listening", _lang(workspace), host=settings.host, port=settings.port))
    if not has_users(workspace):
        err.print(t("accounts.first_user", _lang(workspace)), markup=False)
    # proxy headers are the app's business (setting trusted_proxies): uvicorn's own layer
    # would believe X-Forwarded-For from 127.0.0.1, which any local process can send
    uvicorn.run(
        create_app(workspace),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        proxy_headers=False,
        server_header=False,
    )


@score_app.command("comments")
@handles_errors
def score_comments(
    input: InputOption,
    output: OutputOption,
    scorer: Annotated[list[str] | None, typer.Option(help="Scorer name(s).")] = None,
) -> None:
    """Score a JSON Lines comment file: one output line per input line, same order."""
    from vigile.pipeline.contracts import score_comment_file

    scorers = [load_scorer(name) for name in scorer or DEFAULT_SCORERS]
    with output.open("w", encoding="utf-8") as sink:
        scored, rejected = score_comment_file(input, sink, scorers)
    err.print(t("score.summary", pick_language(), scored=scored, rejected=rejected, output=output))
    if rejected:
        raise typer.Exit(1)


@score_app.command("threads")
@handles_errors
def score_threads(
    input: InputOption,
    output: OutputOption,
    forecaster: Annotated[str, typer.Option(help="Forecaster name.")] = DEFAULT_FORECASTER,
) -> None:
    """Forecast derailment for a JSON Lines thread file: `id`, `derailment`, `derails`."""
    from vigile.pipeline.contracts import score_thread_file

    with output.open("w", encoding="utf-8") as sink:
        scored, rejected = score_thread_file(
            input, sink, [load_scorer(n) for n in DEFAULT_SCORERS], load_forecaster(forecaster)
        )
    err.print(t("score.summary", pick_language(), scored=scored, rejected=rejected, output=output))
    if rejected:
        raise typer.Exit(1)


app.command()(replay)
app.command()(rescore)


@charter_app.command("check")
@handles_errors
def charter_check(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Validate a charter file; errors name the line and the field."""
    from vigile.policy.charter import load_charter

    charter = load_charter(file)
    out.print(
        t("charter.valid", pick_language(), path=file, rules=len(charter.rules)), markup=False
    )


@charter_app.command("explain")
@handles_errors
def charter_explain(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    lang: Annotated[
        str | None, typer.Option("--lang", help="en or fr (default: the charter's)")
    ] = None,
) -> None:
    """Say in plain words what happens at each level: who is told, when, and what next."""
    from vigile.policy.charter import load_charter
    from vigile.policy.explain import explain

    charter = load_charter(file)
    for line in explain(charter, lang if lang in ("en", "fr") else charter.language):
        out.print(line, markup=False)


@app.command()
def settings(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the table of docs/settings.md.")
    ] = False,
) -> None:
    """List every setting with its environment variable, default and meaning."""
    rows = settings_reference()
    if markdown:
        typer.echo("| setting | environment | default | meaning |\n|---|---|---|---|")
        for name, default, help_text in rows:
            shown = f"`{default}`" if default else "—"
            typer.echo(f"| `{name}` | `VIGILE_{name.upper()}` | {shown} | {help_text} |")
        return
    table = Table("setting", "default", "help")
    for name, default, help_text in rows:
        table.add_row(name, default, help_text)
    out.print(table)


@app.command()
@handles_errors
def demo(
    folder: Annotated[Path, typer.Argument(help="Where to build the demo workspace.")] = Path(
        "vigile-demo"
    ),
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the dashboard.")
    ] = True,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
) -> None:
    """Build a demo workspace (bilingual demo brand), analyse it and serve the dashboard."""
    from vigile.demo import build_demo, demo_login

    workspace = build_demo(folder, port=port)
    login = demo_login(workspace)
    with workspace.db.session() as session:
        from vigile.store.queries import status_counts

        counts = status_counts(session, backlog=0)
    out.print(
        t(
            "demo.built",
            _lang(workspace),
            home=workspace.settings.home,
            comments=counts["comments"],
            alerts=counts["alerts"],
        ),
        markup=False,
    )
    out.print(
        t(
            "demo.login",
            _lang(workspace),
            url=f"http://{workspace.settings.host}:{workspace.settings.port}/login",
            email=login.email,
            password=login.password,
            file=login.file,
        ),
        markup=False,
    )
    if serve_after:
        _serve(workspace)


class _bytes_progress:
    """A progress bar over bytes read; yields the `advance(position)` callback."""

    def __init__(self, label: str, total: int) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        )
        self._task = self._progress.add_task(label, total=total)

    def __enter__(self) -> Callable[[int], None]:
        self._progress.start()
        return lambda position: self._progress.update(self._task, completed=position)

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()


app.command()(notify)
app.command()(sync)
app.command()(run)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
