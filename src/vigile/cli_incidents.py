"""`vigile incident report` and the crisis rehearsal `vigile replay` (with `--report`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from vigile.analysis.registry import load_forecaster, load_scorer
from vigile.cli_alerts import HomeOption, incident_app
from vigile.cli_common import err, handles_errors
from vigile.domain.errors import InputError
from vigile.domain.model import utc_now
from vigile.i18n import LANGUAGES, pick_language, t
from vigile.settings import DEFAULT_FORECASTER, DEFAULT_SCORERS
from vigile.workspace import Workspace, open_workspace

InputOption = Annotated[
    Path, typer.Option("--input", "-i", exists=True, dir_okay=False, readable=True)
]
OutputOption = Annotated[Path, typer.Option("--output", "-o", dir_okay=False)]


@incident_app.command("report")
@handles_errors
def incident_report(
    incident_id: int,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="md, html or json (default: from --output, else md)."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False)] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="en or fr (default: the charter's)")
    ] = None,
    home: HomeOption = None,
) -> None:
    """The accountability report: what happened, what the charter required, what was done."""
    from vigile.incidents.render import render
    from vigile.incidents.report import build_incident_report

    workspace = open_workspace(home)
    charter = workspace.charter_of("incident", incident_id)
    with workspace.db.session() as session:
        report = build_incident_report(session, incident_id, charter, now=utc_now())
    language = lang if lang in LANGUAGES else charter.language
    text = render(report, report_format(fmt, output), language)
    write_report(text, output, lang=pick_language(workspace.settings.language))


def report_format(fmt: str | None, output: Path | None) -> str:
    """--format wins; else the output's extension; else Markdown."""
    from vigile.incidents.render import FORMATS

    chosen = fmt or (output.suffix.lstrip(".").lower() if output else "md")
    chosen = {"markdown": "md", "htm": "html"}.get(chosen, chosen)
    if chosen not in FORMATS:
        raise InputError(t("report.bad_format", pick_language(), format=chosen))
    return chosen


def write_report(text: str, output: Path | None, *, lang: str) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, "utf-8")
    err.print(t("report.written", lang, path=output), markup=False)


def workspace_charter_error(workspace: Workspace) -> str | None:
    """Why a charter of the workspace is refused (running processes keep their last valid
    one): the default's problem, else the first organisation's."""
    from vigile.domain.errors import ConfigError

    try:
        workspace.charters()
    except ConfigError as exc:
        return exc.message
    return None


@handles_errors
def replay(
    input: InputOption,
    output: OutputOption,
    charter: Annotated[Path | None, typer.Option(exists=True, dir_okay=False)] = None,
    notifications: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="Also write who the matrix tells when (a dry run)."),
    ] = None,
    acks: Annotated[
        Path | None,
        typer.Option(
            exists=True, dir_okay=False, help="Scripted acknowledgments: {kind, page, by, at}."
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            dir_okay=False,
            help="Also write the rehearsal as an accountability report (.md or .html).",
        ),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Report language, en or fr (default: charter's).")
    ] = None,
) -> None:
    """Replay a timestamped comment stream in event time; write every alert as a JSON line."""
    from vigile.analysis.buzz import BuzzDetector
    from vigile.pipeline.analyse import Stages
    from vigile.pipeline.replay import replay as run_replay
    from vigile.policy.charter import load_charter

    stages = Stages(
        scorers=[load_scorer(n) for n in DEFAULT_SCORERS],
        forecaster=load_forecaster(DEFAULT_FORECASTER),
        charter=load_charter(charter),
        buzz=BuzzDetector(),
    )
    report_fmt = _report_format(report) if report is not None else None
    with output.open("w", encoding="utf-8") as sink:
        summary, errors = run_replay(input, sink, stages)
    if notifications is not None or report is not None:
        _write_timeline(
            output,
            stages.charter,
            acks,
            notifications=notifications,
            report=(report, report_fmt, lang) if report is not None else None,
        )
    messages = pick_language()
    for error in errors[:20]:
        err.print(t("import.rejected_line", messages, error=error.message), markup=False)
    err.print(
        t(
            "replay.summary",
            messages,
            comments=summary.comments,
            alerts=summary.alerts,
            output=output,
        )
    )
    if errors:
        raise typer.Exit(1)


def _report_format(path: Path) -> str:
    """A rehearsal report is Markdown or HTML, as its file name says."""
    fmt = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(path.suffix.lower())
    if fmt is None:
        raise InputError(t("report.bad_extension", pick_language(), path=path))
    return fmt


def _write_timeline(
    alerts_file: Path,
    charter: Any,
    acks_file: Path | None,
    *,
    notifications: Path | None,
    report: tuple[Path, str | None, str | None] | None,
) -> None:
    """Write the dry-run escalation timeline, and the rehearsal report drawn from it."""
    from vigile.incidents.render import render
    from vigile.incidents.timeline import read_acks, rehearsal_report, timeline

    alerts = [
        json.loads(line) for line in alerts_file.read_text("utf-8").splitlines() if line.strip()
    ]
    events = timeline(charter, alerts, read_acks(acks_file) if acks_file else [])
    if notifications is not None:
        with notifications.open("w", encoding="utf-8") as sink:
            for event in events:
                sink.write(json.dumps(event, ensure_ascii=False) + "\n")
    if report is not None:
        target, fmt, lang = report
        text = render(
            rehearsal_report(charter, alerts, events),
            fmt or "md",
            lang if lang in ("en", "fr") else charter.language,
        )
        write_report(text, target, lang=pick_language())
