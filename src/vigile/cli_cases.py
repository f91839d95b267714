"""`vigile case draft|preview|show` and `vigile cases list|export|import|search`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from vigile.cli_alerts import HomeOption
from vigile.cli_common import err, handles_errors, out
from vigile.domain.errors import InputError
from vigile.domain.model import utc_now
from vigile.i18n import LANGUAGES, pick_language, t
from vigile.workspace import Workspace, open_workspace

case_app = typer.Typer(
    help="One case study: draft it from an incident, preview what was anonymised.",
    no_args_is_help=True,
)
cases_app = typer.Typer(
    help="The case library: list, search, export and import bundles.", no_args_is_help=True
)

BrandOption = Annotated[
    list[str] | None,
    typer.Option("--brand", help="Brand or product name to replace (adds to settings)."),
]


def _lang(workspace: Workspace) -> str:
    return pick_language(workspace.settings.language)


def _brands(workspace: Workspace, extra: list[str] | None) -> tuple[str, ...]:
    return (*workspace.settings.brands, *(extra or ()))


@case_app.command("draft")
@handles_errors
def case_draft(
    incident_id: int,
    lang: Annotated[str | None, typer.Option("--lang", help="en or fr")] = None,
    brand: BrandOption = None,
    scenario: Annotated[str | None, typer.Option(help="Scenario tag.")] = None,
    worked: Annotated[str, typer.Option(help="What worked (anonymised too).")] = "",
    change: Annotated[str, typer.Option(help="What to change (anonymised too).")] = "",
    by: Annotated[str, typer.Option("--by", help="Who drafts it.")] = "cli",
    home: HomeOption = None,
) -> None:
    """Draft an anonymised post-mortem of an incident and keep it in the library."""
    from vigile.cli_incidents import workspace_charter
    from vigile.community.casestudy import CaseOptions, draft_case
    from vigile.community.library import store_draft

    workspace = open_workspace(home)
    charter = workspace_charter(workspace)
    language = lang if lang in LANGUAGES else charter.language
    options = CaseOptions(
        language, _brands(workspace, brand), scenario, worked=worked, change=change
    )
    now = utc_now()
    with workspace.db.session() as session:
        draft = draft_case(session, incident_id, charter, options=options, now=now)
        row = store_draft(session, draft, incident_id=incident_id, actor=by, now=now)
        session.commit()
        case_id, count = row.id, len(row.replacements["items"])
    messages = _lang(workspace)
    out.print(
        t("cases.drafted", messages, id=case_id, incident=incident_id, count=count), markup=False
    )


@case_app.command("show")
@handles_errors
def case_show(
    case_id: int,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    home: HomeOption = None,
) -> None:
    """The case study as it would be shared (Markdown, or JSON)."""
    from vigile.community.library import get_case, shared
    from vigile.community.render import to_markdown

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        case = shared(get_case(session, case_id, lang=_lang(workspace)))
    if as_json:
        typer.echo(json.dumps(case.as_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(to_markdown(case, case_id=case_id), nl=False)


@case_app.command("preview")
@handles_errors
def case_preview(case_id: int, brand: BrandOption = None, home: HomeOption = None) -> None:
    """Every replacement made (kind, original → replacement) and anything still found."""
    from vigile.community.bundle import leftovers
    from vigile.community.library import get_case, shared

    workspace = open_workspace(home)
    lang = _lang(workspace)
    with workspace.db.session() as session:
        row = get_case(session, case_id, lang=lang)
        items, case, origin = list(row.replacements["items"]), shared(row), row.origin
    out.print(t("cases.preview.title", lang, id=case_id, count=len(items)), markup=False)
    if origin == "imported":
        out.print(t("cases.preview.imported", lang), markup=False)
    table = Table(show_header=True)
    for column in ("kind", "original", "replacement"):
        table.add_column(t(f"cases.preview.{column}", lang))
    for item in items:
        table.add_row(*(escape(item[k]) for k in ("kind", "original", "replacement")))
    if items:
        out.print(table)
    left = leftovers(case, brands=_brands(workspace, brand))
    for where, span in left:
        left_line = t("cases.preview.left", lang, kind=span.kind, where=where, text=span.text)
        out.print(left_line, markup=False)
    if not left:
        out.print(t("cases.preview.clean", lang), markup=False)
    if left:
        raise typer.Exit(1)


@case_app.command("similar")
@handles_errors
def case_similar(
    incident_id: int,
    limit: Annotated[int, typer.Option(min=1)] = 5,
    home: HomeOption = None,
) -> None:
    """Case studies closest to an incident's threads (TF-IDF cosine, FR/EN glossary)."""
    from vigile.cli_incidents import workspace_charter
    from vigile.community.bundle import document
    from vigile.community.casestudy import incident_text
    from vigile.community.library import list_cases
    from vigile.community.search import similar

    workspace = open_workspace(home)
    lang = _lang(workspace)
    charter = workspace_charter(workspace)
    with workspace.db.session() as session:
        text = incident_text(session, incident_id, charter, now=utc_now())
        rows = [row for row in list_cases(session) if row.incident_id != incident_id]
        documents = [document(row) for row in rows]
        found = [
            {**_summary(rows[i]), "score": f"{score:.3f}"}
            for i, score in similar(text, documents, limit=limit)
        ]
    if not found:
        out.print(t("cases.similar.none", lang, id=incident_id), markup=False)
        return
    out.print(_table(lang, found, ("id", "score", "title", "tags")))


@cases_app.command("list")
@handles_errors
def cases_list(home: HomeOption = None) -> None:
    """The case studies of the library."""
    from vigile.community.library import list_cases

    workspace = open_workspace(home)
    lang = _lang(workspace)
    with workspace.db.session() as session:
        rows = [_summary(row) for row in list_cases(session)]
    if not rows:
        out.print(t("cases.none", lang), markup=False)
        return
    out.print(_table(lang, rows, ("id", "title", "tags", "origin")))


def _summary(row: Any) -> dict[str, str]:
    tags = f"{row.scenario}, {row.network}, {row.severity}"
    return {"id": str(row.id), "title": row.title, "tags": tags, "origin": row.origin}


def _table(lang: str, rows: list[dict[str, str]], columns: tuple[str, ...]) -> Table:
    table = Table(show_header=True)
    for column in columns:
        table.add_column(t(f"cases.col.{column}", lang))
    for row in rows:
        table.add_row(*(escape(row[c]) for c in columns))
    return table


@cases_app.command("export")
@handles_errors
def cases_export(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="Bundle to write (.json).")],
    case: Annotated[
        list[int] | None, typer.Option("--case", help="Case id(s); all by default.")
    ] = None,
    brand: BrandOption = None,
    home: HomeOption = None,
) -> None:
    """Write case studies as a versioned JSON bundle; refuse any with personal data left."""
    from vigile.community.bundle import leftovers, make_bundle
    from vigile.community.library import list_cases, shared

    workspace = open_workspace(home)
    lang = _lang(workspace)
    with workspace.db.session() as session:
        rows = [(row.id, shared(row)) for row in list_cases(session, case)]
    for case_id, item in rows:
        for where, span in leftovers(item, brands=_brands(workspace, brand))[:1]:
            raise InputError(t("cases.pii_left", lang, id=case_id, kind=span.kind, where=where))
    bundle = make_bundle([item for _, item in rows], now=utc_now())
    file.write_text(json.dumps(bundle, ensure_ascii=False, indent=2) + "\n", "utf-8")
    err.print(
        t("cases.exported", lang, count=len(rows), path=file, digest=bundle["sha256"][:12]),
        markup=False,
    )


@cases_app.command("import")
@handles_errors
def cases_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    brand: BrandOption = None,
    by: Annotated[str, typer.Option("--by", help="Who imports it.")] = "cli",
    home: HomeOption = None,
) -> None:
    """Verify a bundle (version, hashes, no personal data) and add its cases."""
    from vigile.community.bundle import read_bundle
    from vigile.community.library import store_imported

    workspace = open_workspace(home)
    lang = _lang(workspace)
    try:
        data = json.loads(file.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(t("cases.bundle.unreadable", lang, reason=exc)) from None
    cases = read_bundle(data, brands=_brands(workspace, brand), lang=lang)
    now = utc_now()
    with workspace.db.session() as session:
        added = sum(store_imported(session, c, actor=by, now=now) for c in cases)
        session.commit()
    out.print(
        t("cases.imported", lang, added=added, skipped=len(cases) - added, path=file),
        markup=False,
    )


@cases_app.command("search")
@handles_errors
def cases_search(
    query: str,
    limit: Annotated[int, typer.Option(min=1)] = 10,
    home: HomeOption = None,
) -> None:
    """Full-text search over the case library (TF-IDF, accents and case folded)."""
    from vigile.community.bundle import document
    from vigile.community.library import list_cases
    from vigile.community.search import rank

    workspace = open_workspace(home)
    lang = _lang(workspace)
    with workspace.db.session() as session:
        rows = list_cases(session)
        documents = [document(row) for row in rows]
        found = [
            {**_summary(rows[i]), "score": f"{score:.3f}"}
            for i, score in rank(query, documents, limit=limit)
        ]
    if not found:
        out.print(t("cases.search.none", lang, query=query), markup=False)
        return
    out.print(_table(lang, found, ("id", "score", "title", "tags")))
