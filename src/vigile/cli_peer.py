"""`vigile peer ask|list|show|answer|accept|close|reputation`: peer help (entraide)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from vigile.cli_alerts import HomeOption
from vigile.cli_common import handles_errors, out
from vigile.domain.model import utc_now
from vigile.i18n import LANGUAGES, pick_language, t
from vigile.store.schema import HelpAnswerRow, HelpRequestRow
from vigile.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from vigile.community.moderation import Screen

peer_app = typer.Typer(
    help="Peer help: anonymised help requests answered by CMs of other organisations.",
    no_args_is_help=True,
)
OrgOption = Annotated[str, typer.Option("--org", help="Your organisation (slug).")]
ByOption = Annotated[str, typer.Option("--by", help="Who you are (name or handle).")]


@peer_app.command("ask")
@handles_errors
def peer_ask(
    incident_id: int,
    question: Annotated[str, typer.Option("--question", "-q", help="What you need help with.")],
    lang: Annotated[str | None, typer.Option("--lang", help="en or fr")] = None,
    brand: Annotated[list[str] | None, typer.Option("--brand", help="Name to replace.")] = None,
    by: ByOption = "cli",
    home: HomeOption = None,
) -> None:
    """Open an anonymised help request from a live incident; print what peers will see."""
    from vigile.community.casestudy import CaseOptions, help_context
    from vigile.community.peerhelp import ask

    workspace = open_workspace(home)
    charter = workspace.charter_of("incident", incident_id)
    language = lang if lang in LANGUAGES else charter.language
    options = CaseOptions(language, (*workspace.settings.brands, *(brand or ())))
    with workspace.db.session() as session:
        draft = help_context(session, incident_id, charter, question=question, options=options)
        request_id = ask(
            session,
            draft,
            incident_id=incident_id,
            actor=by,
            now=utc_now(),
            screen=_screen(workspace),
        )
        held = session.get_one(HelpRequestRow, request_id).held_reasons
        session.commit()
    messages = pick_language(workspace.settings.language)
    count = len(draft.replacements)
    out.print(t("peer.asked", messages, id=request_id, count=count), markup=False)
    _print_held(held, messages)
    _print_request(request_id, draft.body, lang=messages)


@peer_app.command("list")
@handles_errors
def peer_list(org: OrgOption, home: HomeOption = None) -> None:
    """Open help requests of other organisations."""
    from vigile.community.peerhelp import open_requests

    workspace = open_workspace(home)
    lang = pick_language(workspace.settings.language)
    with workspace.db.session() as session:
        rows = [(r.id, r.lang, r.question) for r in open_requests(session, org=org)]
        session.commit()
    if not rows:
        out.print(t("peer.none", lang), markup=False)
        return
    for request_id, request_lang, question in rows:
        out.print(f"#{request_id} [{request_lang}] {question}", markup=False)


@peer_app.command("show")
@handles_errors
def peer_show(request_id: int, home: HomeOption = None) -> None:
    """A help request as every peer sees it (anonymised), with its answers."""
    from vigile.community.peerhelp import answers, get_request

    workspace = open_workspace(home)
    lang = pick_language(workspace.settings.language)
    with workspace.db.session() as session:
        row = get_request(session, request_id, lang=lang)
        body = {"question": row.question, **row.context}
        header = t("peer.request", lang, id=row.id, status=row.status, language=row.lang)
        given = [(a.id, a.author, slug, a.accepted, a.text) for a, slug in answers(session, row.id)]
    out.print(header, markup=False)
    _print_request(request_id, body, lang=lang)
    for answer_id, author, slug, accepted, text in given:
        helpful = t("peer.helpful", lang) if accepted else ""
        line = t(
            "peer.answer_line",
            lang,
            id=answer_id,
            author=author,
            org=slug,
            helpful=helpful,
            text=text,
        )
        out.print(line, markup=False)
    if not given:
        out.print(t("peer.no_answers", lang), markup=False)


def _screen(workspace: Workspace) -> Screen:
    """The commons' gate the dashboard uses too: the first scorer, the brand names."""
    from vigile.analysis.registry import load_scorer
    from vigile.community.moderation import Screen

    settings = workspace.settings
    return Screen(load_scorer(settings.scorers[0]), tuple(settings.brands))


def _print_held(reasons: list[dict[str, Any]] | None, lang: str) -> None:
    """Why the commons holds what was just written (nothing when it is published)."""
    from vigile.community.moderation import describe

    if reasons:
        out.print(t("peer.moderation.held", lang), markup=False)
        for reason in reasons:
            out.print(f"  - {describe(reason, lang)}", markup=False)


def _print_request(request_id: int, body: dict[str, object], *, lang: str) -> None:
    out.print(f"{t('peer.question', lang)}: {body.get('question', '')}", markup=False)
    out.print(str(body.get("happened", "")), markup=False)
    if body.get("post"):
        out.print(f"> {body['post']}", markup=False)
    for excerpt in body.get("excerpts", []) or []:  # type: ignore[attr-defined]
        out.print(f"  {excerpt['at']} {excerpt['author']}: {excerpt['text']}", markup=False)


@peer_app.command("answer")
@handles_errors
def peer_answer(
    request_id: int, text: str, org: OrgOption, by: ByOption = "cli", home: HomeOption = None
) -> None:
    """Answer another organisation's help request."""
    from vigile.community.peerhelp import answer

    workspace = open_workspace(home)
    lang = pick_language(workspace.settings.language)
    with workspace.db.session() as session:
        answer_id = answer(
            session,
            request_id,
            text,
            org=org,
            author=by,
            now=utc_now(),
            lang=lang,
            screen=_screen(workspace),
        )
        held = session.get_one(HelpAnswerRow, answer_id).held_reasons
        session.commit()
    out.print(t("peer.answered", lang, id=answer_id), markup=False)
    _print_held(held, lang)


@peer_app.command("accept")
@handles_errors
def peer_accept(
    answer_id: int, org: OrgOption, by: ByOption = "cli", home: HomeOption = None
) -> None:
    """Mark an answer to your organisation's request as helpful."""
    from vigile.community.peerhelp import accept

    workspace = open_workspace(home)
    lang = pick_language(workspace.settings.language)
    with workspace.db.session() as session:
        accept(session, answer_id, org=org, actor=by, lang=lang)
        session.commit()
    out.print(t("peer.accepted", lang, id=answer_id), markup=False)


@peer_app.command("close")
@handles_errors
def peer_close(request_id: int, by: ByOption = "cli", home: HomeOption = None) -> None:
    """Close a help request: no more answers."""
    from vigile.community.peerhelp import close

    workspace = open_workspace(home)
    lang = pick_language(workspace.settings.language)
    with workspace.db.session() as session:
        close(session, request_id, actor=by, lang=lang)
        session.commit()
    out.print(t("peer.closed_now", lang, id=request_id), markup=False)


@peer_app.command("reputation")
@handles_errors
def peer_reputation(home: HomeOption = None) -> None:
    """Authors by the number of their answers marked helpful."""
    from vigile.community.peerhelp import reputation

    workspace = open_workspace(home)
    lang = pick_language(workspace.settings.language)
    with workspace.db.session() as session:
        rows = reputation(session)
    table = Table(show_header=True)
    for column in ("org", "author", "accepted"):
        table.add_column(t(f"peer.col.{column}", lang))
    for slug, author, count in rows:
        table.add_row(escape(slug), escape(author), str(count))
    out.print(table)
