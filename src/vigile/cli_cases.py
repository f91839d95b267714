"""`vigile case draft|preview|show` and `vigile cases list|export|import|search`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from vigile.cli_alerts import HomeOption
from vigile.cli_common import handles_errors, out
from vigile.domain.errors import InputError
from vigile.domain.model import utc_now
from vigile.i18n import LANGUAGES, pick_language, t
from vigile.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from vigile.domain.charter import Charter
    from vigile.store.schema import CaseStudyRow

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


def _case_charter(workspace: Workspace, row: CaseStudyRow) -> Charter:
    """The charter of the case's incident's organisation (whose contacts are known people)."""
    if row.incident_id is None:
        return workspace.charters().default
    return workspace.charter_of("incident", row.incident_id)


@case_app.command("draft")
@handles_errors
def case_draft(
    incident_id: int,
    lang: Annotated[str | None, typer.Option("--lang", help="en or fr")] = None,
    brand: BrandOption = None,
    scenario: Annotated[str | None, typer.Option(help="Scenario tag.")] = None,
    worked: Annotated[str, typer.Option(help="What worked (anonymised too).")] = "",
    change: Annotated[str, typer.Option(help="What to change (anonymised too).")] = "",
    sector: Annotated[
        str | None, typer.Option(help="Sector tag (default: the `sector` setting).")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Who drafts it.")] = "cli",
    home: HomeOption = None,
) -> None:
    """Draft an anonymised post-mortem of an incident; it stays private to the incident's
    organisation until shared (`vigile case share`)."""
    from vigile.community.casestudy import CaseOptions, draft_case
    from vigile.community.library import store_draft

    workspace = open_workspace(home)
    charter = workspace.charter_of("incident", incident_id)
    language = lang if lang in LANGUAGES else charter.language
    options = CaseOptions(
        language,
        _brands(workspace, brand),
        scenario,
        worked=worked,
        change=change,
        sector=workspace.settings.sector if sector is None else sector,
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
    from vigile.community.bundle import case_leftovers
    from vigile.community.library import get_case, shared
    from vigile.community.render import to_markdown

    workspace = open_workspace(home)
    lang = _lang(workspace)
    brands = _brands(workspace, brand)
    with workspace.db.session() as session:
        row = get_case(session, case_id, lang=lang)
        items, case, origin = list(row.replacements["items"]), shared(row), row.origin
        left = case_leftovers(session, row, charter=_case_charter(workspace, row), brands=brands)
    typer.echo(to_markdown(case, case_id=case_id), nl=False)  # exactly what would be shared
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
    """Case studies closest to an incident's threads (its organisation's and the commons),
    by the fused full-text and semantic similarity."""
    from vigile.community.casestudy import incident_text
    from vigile.community.matching import similar_cases
    from vigile.store.queries import owning_organisation

    workspace = open_workspace(home)
    lang = _lang(workspace)
    charter = workspace.charter_of("incident", incident_id)
    with workspace.db.session() as session:
        text = incident_text(session, incident_id, charter, now=utc_now())
        org = owning_organisation(session, "incident", incident_id)
        matches = similar_cases(
            session, text, organisation_id=org, exclude_incident=incident_id, limit=limit
        )
        found = [{**_summary(m.case), "score": f"{m.score:.3f}"} for m in matches]
    if not found:
        out.print(t("cases.similar.none", lang, id=incident_id), markup=False)
        return
    out.print(_table(lang, found, ("id", "score", "title", "tags")))


@case_app.command("share")
@handles_errors
def case_share(
    case_id: int,
    brand: BrandOption = None,
    by: Annotated[str, typer.Option("--by", help="Who shares it.")] = "cli",
    home: HomeOption = None,
) -> None:
    """Put a previewed case in the commons, where every organisation of this server (and
    the bundles you export) can read it; refused while personal data is left."""
    from vigile.community.bundle import case_leftovers
    from vigile.community.library import get_case, share_case

    workspace = open_workspace(home)
    lang = _lang(workspace)
    brands = _brands(workspace, brand)
    with workspace.db.session() as session:
        row = get_case(session, case_id, lang=lang)
        charter = _case_charter(workspace, row)
        for where, span in case_leftovers(session, row, charter=charter, brands=brands)[:1]:
            raise InputError(t("cases.pii_left", lang, id=case_id, kind=span.kind, where=where))
        done = share_case(session, row, actor=by)
        session.commit()
    key = "library.shared" if done else "library.already_shared"
    out.print(t(key, lang, id=case_id), markup=False)


OrgOption = Annotated[
    str | None,
    typer.Option("--org", help="Organisation slug: its cases and the commons (default: all)."),
]
ScenarioOption = Annotated[str | None, typer.Option(help="Only this scenario tag.")]
SectorOption = Annotated[str | None, typer.Option(help="Only this sector tag.")]
NetworkOption = Annotated[str | None, typer.Option(help="Only this network tag.")]
SeverityOption = Annotated[str | None, typer.Option(help="Only this severity tag.")]


@cases_app.command("list")
@handles_errors
def cases_list(
    org: OrgOption = None,
    scenario: ScenarioOption = None,
    sector: SectorOption = None,
    network: NetworkOption = None,
    severity: SeverityOption = None,
    home: HomeOption = None,
) -> None:
    """The case studies of the library (one organisation's view with --org)."""
    from vigile.community.matching import search_cases

    workspace = open_workspace(home)
    lang = _lang(workspace)
    tags = _tags(scenario, sector, network, severity)
    with workspace.db.session() as session:
        org_id = _org_id(session, org, lang)
        found = search_cases(session, "", organisation_id=org_id, tags=tags, limit=10_000)
        rows = [_summary(m.case) for m in found]
    if not rows:
        out.print(t("cases.none", lang), markup=False)
        return
    out.print(_table(lang, rows, ("id", "title", "tags", "origin")))


def _tags(*values: str | None) -> dict[str, str]:
    from vigile.community.library import TAGS

    return {tag: value for tag, value in zip(TAGS, values, strict=True) if value}


def _org_id(session: Any, slug: str | None, lang: str) -> int | None:
    if slug is None:
        return None
    from sqlalchemy import select

    from vigile.store.schema import Organisation

    found = session.scalar(select(Organisation.id).where(Organisation.slug == slug))
    if found is None:
        raise InputError(t("library.no_org", lang, slug=slug), field="--org")
    return int(found)


def _summary(row: Any) -> dict[str, str]:
    from vigile.community.matching import tag_line

    where = "commons" if row.commons else "private"
    origin = f"{row.origin}, {where}"
    return {"id": str(row.id), "title": row.title, "tags": tag_line(row), "origin": origin}


def _table(lang: str, rows: list[dict[str, str]], columns: tuple[str, ...]) -> Table:
    table = Table(show_header=True)
    for column in columns:
        table.add_column(t(f"cases.col.{column}", lang))
    for row in rows:
        table.add_row(*(escape(row[c]) for c in columns))
    return table


@cases_app.command("search")
@handles_errors
def cases_search(
    query: str,
    limit: Annotated[int, typer.Option(min=1)] = 10,
    org: OrgOption = None,
    scenario: ScenarioOption = None,
    sector: SectorOption = None,
    network: NetworkOption = None,
    severity: SeverityOption = None,
    home: HomeOption = None,
) -> None:
    """Search the library in French or English: full-text (TF-IDF, FR/EN glossary) and
    semantic (multilingual word vectors), fused; tags filter."""
    from vigile.community.matching import search_cases

    workspace = open_workspace(home)
    lang = _lang(workspace)
    tags = _tags(scenario, sector, network, severity)
    with workspace.db.session() as session:
        org_id = _org_id(session, org, lang)
        matches = search_cases(session, query, organisation_id=org_id, tags=tags, limit=limit)
        found = [{**_summary(m.case), "score": f"{m.score:.3f}"} for m in matches]
    if not found:
        out.print(t("cases.search.none", lang, query=query), markup=False)
        return
    out.print(_table(lang, found, ("id", "score", "title", "tags")))


import vigile.cli_bundles  # noqa: E402, F401  (registers `cases export|import|key`)
