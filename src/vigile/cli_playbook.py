"""`vigile playbook list|show|check|recommend` and `vigile reply draft`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from vigile.cli_common import err, handles_errors, out
from vigile.domain.checks import CheckResult
from vigile.domain.errors import InputError, WorkspaceNotFound
from vigile.domain.playbook import Draft, Scenario
from vigile.i18n import LANGUAGES, pick_language, t
from vigile.settings import Settings, find_home, load_settings

playbook_app = typer.Typer(
    help="Scenarios for negative comments, trolls, pile-ons and crises.", no_args_is_help=True
)
reply_app = typer.Typer(
    help="Replies: drafts in the house tone, and their check before sending.", no_args_is_help=True
)

HomeOption = Annotated[Path | None, typer.Option("--home", help="Workspace folder.")]
LangOption = Annotated[
    str | None, typer.Option("--lang", help="en or fr (default: the workspace's).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _settings(home: Path | None) -> Settings | None:
    """The workspace's settings; None outside a workspace unless --home was given."""
    try:
        return load_settings(find_home(home))
    except WorkspaceNotFound:
        if home is not None:
            raise
        return None


def _language(lang: str | None, settings: Settings | None) -> str:
    if lang in LANGUAGES:
        return str(lang)
    return pick_language(settings.language if settings else None)


def _library(settings: Settings | None) -> Any:
    from vigile.playbooks.library import load_library

    return load_library(settings.scenarios_path if settings else None)


@playbook_app.command("list")
@handles_errors
def playbook_list(home: HomeOption = None, lang: LangOption = None) -> None:
    """The scenarios: shipped ones and the workspace's own."""
    settings = _settings(home)
    language = _language(lang, settings)
    library = _library(settings)
    table = Table(
        t("playbook.list.id", language),
        t("playbook.list.scenario", language),
        t("playbook.list.inform", language),
        title=t("playbook.list.title", language, count=len(library)),
    )
    for scenario in library:
        table.add_row(scenario.id, scenario.title[language], ", ".join(scenario.inform))
    out.print(table)


@playbook_app.command("show")
@handles_errors
def playbook_show(scenario_id: str, home: HomeOption = None, lang: LangOption = None) -> None:
    """One scenario: when it applies, steps, reply templates, what to avoid, who to inform."""
    settings = _settings(home)
    language = _language(lang, settings)
    scenario = _library(settings).get(scenario_id)
    for line in _describe(scenario, language, settings):
        out.print(line, markup=False)


def _describe(scenario: Scenario, lang: str, settings: Settings | None) -> list[str]:
    address = None
    if settings is not None and settings.charter_path.exists():
        from vigile.policy.charter import load_charter

        address = load_charter(settings.charter_path).tone.address
    lines = [f"{scenario.id}: {scenario.title[lang]}", "", scenario.description[lang], ""]
    lines.append(t("playbook.show.when", lang))
    for c in scenario.when:
        bounds = [
            f"≥ {c.at_least:g}" if c.at_least is not None else "",
            f"≤ {c.at_most:g}" if c.at_most is not None else "",
        ]
        count = f" ×{c.comments}" if c.comments > 1 else ""
        flag = f" ({t('playbook.show.required', lang)})" if c.required else ""
        lines.append(
            f"  - {c.signal} {' '.join(b for b in bounds if b)}{count} [{c.weight:+g}]{flag}"
        )
    lines += ["", t("playbook.show.steps", lang)]
    lines += [f"  {i}. {step}" for i, step in enumerate(scenario.steps[lang], 1)]
    lines += ["", t("playbook.show.templates", lang)]
    for template in scenario.templates:
        lines += [
            f"  [{template.id}] {template.label[lang]}",
            f"    {template.for_language(lang, address)}",
        ]
    lines += ["", t("playbook.show.avoid", lang)]
    lines += [f"  - {item}" for item in scenario.avoid[lang]]
    lines += ["", t("playbook.show.inform", lang, roles=", ".join(scenario.inform) or "—")]
    lines.append(t("playbook.show.source", lang, source=scenario.source))
    return lines


@playbook_app.command("check")
@handles_errors
def playbook_check(
    folder: Annotated[
        Path | None, typer.Argument(help="Scenario folder (default: the workspace's).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Validate scenario files; errors name the file, the line and the field."""
    from vigile.playbooks.library import read_folder

    settings = None
    if folder is None:
        settings = load_settings(find_home(home))
        folder = settings.scenarios_path
    scenarios = read_folder(folder)
    language = pick_language(settings.language if settings else None)
    out.print(t("playbook.check.valid", language, path=folder, count=len(scenarios)), markup=False)


@playbook_app.command("recommend")
@handles_errors
def playbook_recommend(
    thread_id: int, home: HomeOption = None, lang: LangOption = None, as_json: JsonOption = False
) -> None:
    """Rank the scenarios for an analysed thread, with the reasons in plain words."""
    from vigile.pipeline.advice import recommend_thread, workspace_library
    from vigile.playbooks.recommend import as_record
    from vigile.workspace import open_workspace

    workspace = open_workspace(home)
    language = _language(lang, workspace.settings)
    library = workspace_library(workspace.settings)
    with workspace.db.session() as session:
        _, ranked = recommend_thread(session, thread_id, library)
    records = [as_record(r, language) for r in ranked]
    if as_json:
        typer.echo(json.dumps({"thread": thread_id, "scenarios": records}, ensure_ascii=False))
        return
    if not records:
        out.print(t("playbook.recommend.none", language, thread=thread_id), markup=False)
        return
    out.print(t("playbook.recommend.title", language, thread=thread_id), markup=False)
    for i, record in enumerate(records, 1):
        fit = t("playbook.recommend.score", language, score=record["score"])
        out.print(f"{i}. {record['scenario']}: {record['title']} ({fit})", markup=False)
        for reason in record["reasons"]:
            out.print(f"   - {reason}", markup=False)


@reply_app.command("draft")
@handles_errors
def reply_draft(
    thread_id: int,
    scenario: Annotated[
        str | None, typer.Option(help="Scenario id (default: the best fit).")
    ] = None,
    comment: Annotated[str | None, typer.Option(help="Comment id to answer.")] = None,
    template: Annotated[str | None, typer.Option(help="Template id of the scenario.")] = None,
    slot: Annotated[
        list[str] | None,
        typer.Option("--slot", help="NAME=VALUE for a slot you know, e.g. product='la Ruche'."),
    ] = None,
    home: HomeOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draft a reply in the comment's language and the charter's tone (LLM when configured)."""
    from vigile.analysis.registry import load_scorer
    from vigile.pipeline.advice import draft_for_thread, llm_config, load_thread, workspace_library
    from vigile.playbooks.drafts import as_record
    from vigile.playbooks.render import as_dict
    from vigile.playbooks.reply_check import check_reply
    from vigile.workspace import open_workspace

    workspace = open_workspace(home)
    settings = workspace.settings
    language = _language(lang, settings)
    charter = workspace.charter_of("thread", thread_id)
    with workspace.db.session() as session:
        network = load_thread(session, thread_id).page.partition(":")[0] or None
        draft = draft_for_thread(
            session,
            thread_id,
            library=workspace_library(settings),
            charter=charter,
            lang=language,
            scenario_id=scenario,
            comment_id=comment,
            template_id=template,
            slots=_slot_values(slot or []),
            llm=llm_config(settings),
        )
    # the draft goes through the same tone and charter check as the CM's own reply
    scorer = load_scorer("comments")
    check = check_reply(
        draft.text, charter=charter, scorer=scorer, network=network, lang=draft.lang
    )
    if as_json:
        record = {**as_record(draft), "check": as_dict(check, language)}
        typer.echo(json.dumps(record, ensure_ascii=False))
        return
    _print_draft(draft, language)
    _print_check(check, language)


def _print_check(check: CheckResult, language: str) -> None:
    """The draft's tone check on stderr: the verdict, then each finding with its fix."""
    from vigile.playbooks.render import explain

    verdict = "ok" if check.ok else "fail"
    err.print(t(f"check.reply.{verdict}", language, language=check.lang, risk=check.risk))
    for finding in check.findings:
        message, fix = explain(finding, language)
        err.print(f"  {message} — {fix}", markup=False)


def _slot_values(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            raise InputError(f"expected NAME=VALUE, got {pair!r}", field="--slot")
        values[name.strip()] = value
    return values


def _print_draft(draft: Draft, language: str) -> None:
    """The text on stdout (to pipe or copy); how it was made and what is missing on stderr."""
    if draft.notice:
        err.print(draft.notice, markup=False)
    header = t(
        "playbook.draft.header",
        language,
        scenario=draft.scenario,
        template=draft.template,
        reply_lang=draft.lang,
        backend=draft.backend,
    )
    err.print(header, markup=False)
    out.print(draft.text, markup=False)
    if draft.missing:
        missing = ", ".join(draft.missing)
        err.print(t("playbook.draft.missing", language, slots=missing), markup=False)
