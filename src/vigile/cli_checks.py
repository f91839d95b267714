"""`vigile reply check` and `vigile post check`: the tone check and the risk check."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from vigile.cli_common import handles_errors, out
from vigile.domain.charter import Charter
from vigile.domain.checks import CheckResult, FindingSeverity, PostContext
from vigile.domain.errors import InputError, WorkspaceNotFound
from vigile.i18n import pick_language, t
from vigile.workspace import Workspace, open_workspace

post_app = typer.Typer(help="Brand posts: check a post before it goes out.", no_args_is_help=True)

TextArgument = Annotated[str | None, typer.Argument(help="The text (or use --file).")]
FileOption = Annotated[
    Path | None,
    typer.Option("--file", "-f", exists=True, dir_okay=False, readable=True, help="Read the text."),
]
HomeOption = Annotated[Path | None, typer.Option("--home", help="Workspace folder.")]
CharterOption = Annotated[
    Path | None,
    typer.Option(exists=True, dir_okay=False, help="Charter file (default: the workspace's)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
_MARKS = {FindingSeverity.BLOCK: "✗", FindingSeverity.WARN: "!", FindingSeverity.NOTE: "·"}


@handles_errors
def reply_check_command(
    text: TextArgument = None,
    file: FileOption = None,
    network: Annotated[
        str | None, typer.Option(help="Network the reply goes to (length limits).")
    ] = None,
    home: HomeOption = None,
    charter: CharterOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check a reply's tone against the charter; exit 1 when something blocks it."""
    from vigile.analysis.registry import load_scorer
    from vigile.playbooks.reply_check import check_reply

    body = _read_text(text, file)
    workspace = _workspace(home)
    rules = _charter(workspace, charter)
    result = check_reply(body, charter=rules, scorer=load_scorer("comments"), network=network)
    _show(result, _lang(workspace, rules), as_json=as_json, charter=rules)


@post_app.command("check")
@handles_errors
def post_check_command(
    text: TextArgument = None,
    file: FileOption = None,
    page: Annotated[
        str | None, typer.Option(help="network:handle of the page (default: every page).")
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="When it would go out, ISO 8601 (default: now).")
    ] = None,
    home: HomeOption = None,
    charter: CharterOption = None,
    as_json: JsonOption = False,
) -> None:
    """Risk of a brand post before it goes out, the reasons and the approvals it needs;
    exit 1 when it needs approval or something blocks it."""
    from vigile.analysis.registry import load_scorer
    from vigile.domain.model import utc_now
    from vigile.pipeline.rows import parse_time
    from vigile.playbooks.post_check import check_post

    body = _read_text(text, file)
    when = (parse_time(at) if at else None) or utc_now()
    workspace = _workspace(home)
    rules = _charter(workspace, charter)
    context = _context(workspace, page=page, at=when, text=body)
    result = check_post(body, charter=rules, scorer=load_scorer("comments"), context=context)
    _show(result, _lang(workspace, rules), as_json=as_json, charter=rules)


def _read_text(text: str | None, file: Path | None) -> str:
    body = file.read_text("utf-8") if file is not None else text
    if not body or not body.strip():
        raise InputError(t("check.no_text", pick_language()))
    return body.strip()


def _workspace(home: Path | None) -> Workspace | None:
    """The workspace when there is one; checks also run without (default charter)."""
    try:
        return open_workspace(home)
    except WorkspaceNotFound:
        if home is not None:
            raise
        return None


def _charter(workspace: Workspace | None, path: Path | None) -> Charter:
    from vigile.policy.charter import load_charter

    if path is None and workspace is not None and workspace.settings.charter_path.exists():
        path = workspace.settings.charter_path
    return load_charter(path)


def _context(
    workspace: Workspace | None, *, page: str | None, at: datetime, text: str
) -> PostContext:
    from dataclasses import replace

    from vigile.domain.model import PageRef

    network = PageRef.parse(page).network if page else None
    if workspace is None:
        return PostContext(at=at, network=network)
    from vigile.community.matching import past_cases
    from vigile.store.post_context import post_context

    with workspace.db.session() as session:
        context = post_context(session, page=page, at=at, network=network)
        return replace(context, past_cases=past_cases(session, text))


def _lang(workspace: Workspace | None, charter: Charter) -> str:
    return pick_language(workspace.settings.language if workspace else charter.language)


def _show(result: CheckResult, lang: str, *, as_json: bool, charter: Charter) -> None:
    from vigile.playbooks.render import as_dict, explain

    if as_json:
        typer.echo(json.dumps(as_dict(result, lang), ensure_ascii=False))
    else:
        verdict = "ok" if result.ok else "fail"
        out.print(t(f"check.{result.kind}.{verdict}", lang, language=result.lang, risk=result.risk))
        for finding in result.findings:
            message, fix = explain(finding, lang)
            severity = t(f"check.severity.{finding.severity.value}", lang)
            mark = _MARKS[finding.severity]
            line = t("check.line", lang, mark=mark, severity=severity, message=message)
            out.print(f"  {line}", markup=False)
            out.print(f"      {t('check.fix', lang, fix=fix)}", markup=False)
        for need in result.approvals:
            names = ", ".join(need.names) or t("check.nobody", lang)
            threshold = charter.approvals.when_risk_at_least
            out.print(
                t("check.approval", lang, threshold=threshold, target=need.target, names=names),
                markup=False,
            )
    if not result.ok:
        raise typer.Exit(1)
