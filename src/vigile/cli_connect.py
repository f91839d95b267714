"""`vigile connect ...`, `vigile sync`, `vigile run`: pages polled through connectors."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from vigile.cli_common import err, handles_errors, out, print_analysis
from vigile.domain.errors import ConfigError
from vigile.domain.model import PageRef, iso_z, utc_now
from vigile.i18n import pick_language, t
from vigile.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from vigile.connectors.reply import ToneGate
    from vigile.connectors.sync import SyncOptions, SyncResult
    from vigile.pipeline.analyse import Stages

connect_app = typer.Typer(
    help="Connect a page of a network, or a source that pushes comments.", no_args_is_help=True
)
HomeOption = Annotated[Path | None, typer.Option("--home", help="Workspace folder.")]
DEFAULT_TOKEN_ENV = "VIGILE_MASTODON_TOKEN"
DEFAULT_BLUESKY_ENV = "VIGILE_BLUESKY_APP_PASSWORD"
DEFAULT_REDDIT_ENV = "VIGILE_REDDIT_CLIENT"
DEFAULT_YOUTUBE_ENV = "VIGILE_YOUTUBE_API_KEY"


def now() -> datetime:
    """The sync clock (tests replace it)."""
    return utc_now()


def _lang(workspace: Workspace) -> str:
    return pick_language(workspace.settings.language)


@connect_app.command("mastodon")
@handles_errors
def connect_mastodon(
    instance: Annotated[str, typer.Option(help="The instance, e.g. https://mastodon.social.")],
    account: Annotated[str, typer.Option(help="The brand's account, e.g. @brand.")],
    token_env: Annotated[
        str, typer.Option(help="Environment variable that holds the access token.")
    ] = DEFAULT_TOKEN_ENV,
    token_file: Annotated[
        Path | None, typer.Option(help="Or a file holding it (relative to the workspace).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Add a Mastodon account's posts and replies to the pages `vigile sync` polls."""
    from vigile.connectors.mastodon import page_ref

    page, options = page_ref(instance, account)
    _connect(home, page=page, connector="mastodon", options=options, env=token_env, file=token_file)


def _connect(
    home: Path | None,
    *,
    page: PageRef,
    connector: str,
    options: dict[str, str],
    env: str,
    file: Path | None,
    missing: str = "connect.no_token",
) -> None:
    """Store the connection (secret names only) and say whether a secret is there yet."""
    from vigile.connectors.credentials import connector_token
    from vigile.store.connections import connect_page

    workspace = open_workspace(home)
    lang = _lang(workspace)
    options = {**options, "token_env": env, **({"token_file": str(file)} if file else {})}
    with workspace.db.session() as session:
        _, created = connect_page(session, page=page, connector=connector, options=options)
    out.print(t("connect.added" if created else "connect.updated", lang, page=page), markup=False)
    if connector_token(workspace.settings.home, options) is None:
        err.print(t(missing, lang, env=env), markup=False)


@connect_app.command("bluesky")
@handles_errors
def connect_bluesky(
    handle: Annotated[str, typer.Option(help="The brand's handle, e.g. brand.bsky.social.")],
    service: Annotated[
        str, typer.Option(help="The account's service (PDS), for signing in.")
    ] = "https://bsky.social",
    password_env: Annotated[
        str, typer.Option(help="Environment variable that holds an app password.")
    ] = DEFAULT_BLUESKY_ENV,
    password_file: Annotated[
        Path | None, typer.Option(help="Or a file holding it (relative to the workspace).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Add a Bluesky account's posts and reply threads to the pages `vigile sync` polls."""
    from vigile.connectors.bluesky import page_ref

    page, options = page_ref(handle, service=service)
    _connect(
        home, page=page, connector="bluesky", options=options, env=password_env, file=password_file
    )


@connect_app.command("reddit")
@handles_errors
def connect_reddit(
    user: Annotated[str | None, typer.Option(help="The brand's user, e.g. u/brand.")] = None,
    subreddit: Annotated[
        str | None, typer.Option(help="Or the brand's subreddit, e.g. r/brand.")
    ] = None,
    client_id: Annotated[
        str | None, typer.Option(help="The app's client id, if the secret holds only the secret.")
    ] = None,
    secret_env: Annotated[
        str, typer.Option(help="Environment variable that holds CLIENT_ID:CLIENT_SECRET.")
    ] = DEFAULT_REDDIT_ENV,
    secret_file: Annotated[
        Path | None, typer.Option(help="Or a file holding it (relative to the workspace).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Add a Reddit user's or subreddit's posts and comment trees to the pages polled."""
    from vigile.connectors.reddit import page_ref

    page, options = page_ref(user=user, subreddit=subreddit)
    options.update({"client_id": client_id} if client_id else {})
    _connect(
        home,
        page=page,
        connector="reddit",
        options=options,
        env=secret_env,
        file=secret_file,
        missing="connect.no_secret",
    )


@connect_app.command("youtube")
@handles_errors
def connect_youtube(
    channel: Annotated[str, typer.Option(help="The brand's channel id, e.g. UCxxxx.")],
    key_env: Annotated[
        str, typer.Option(help="Environment variable that holds the API key.")
    ] = DEFAULT_YOUTUBE_ENV,
    key_file: Annotated[
        Path | None, typer.Option(help="Or a file holding it (relative to the workspace).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Add the comment threads of a YouTube channel's videos to the pages polled."""
    from vigile.connectors.youtube import page_ref

    page, options = page_ref(channel)
    _connect(
        home,
        page=page,
        connector="youtube",
        options=options,
        env=key_env,
        file=key_file,
        missing="connect.no_secret",
    )


@connect_app.command("webhook")
@handles_errors
def connect_webhook(
    source: Annotated[str, typer.Argument(help="Name of the pushing system, e.g. zapier.")],
    home: HomeOption = None,
) -> None:
    """Create the shared secret a source signs its `POST /ingest` requests with."""
    from vigile.connectors.credentials import create_source_secret, source_env, valid_source

    workspace = open_workspace(home)
    lang = _lang(workspace)
    if not valid_source(source):
        raise ConfigError(t("connect.bad_source", lang, source=source))
    path = create_source_secret(workspace.settings.home, source)
    out.print(
        t("connect.webhook", lang, source=source, path=path, env=source_env(source)),
        markup=False,
    )


@connect_app.command("list")
@handles_errors
def connect_list(home: HomeOption = None) -> None:
    """Connected pages, when each was last synced, and the last error."""
    from vigile.store.connections import connections

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        views = connections(session)
    table = Table("page", "connector", "synced", "error")
    for view in views:
        synced = iso_z(view.synced_at) if view.synced_at else "—"
        table.add_row(str(view.page), view.connector, synced, view.error or "")
    out.print(table)


@handles_errors
def sync(home: HomeOption = None) -> None:
    """Poll every connected page once: new, edited and deleted comments."""
    workspace = open_workspace(home)
    if not _sync_once(workspace):
        raise typer.Exit(1)


@handles_errors
def run(
    home: HomeOption = None,
    interval: Annotated[
        int | None, typer.Option(min=1, help="Seconds between polls (setting sync_interval).")
    ] = None,
    cycles: Annotated[int | None, typer.Option(hidden=True, min=1)] = None,
) -> None:
    """Keep polling every connected page and analysing what arrives; Ctrl+C stops."""
    workspace = open_workspace(home, sync_interval=interval)
    lang = _lang(workspace)
    stages = workspace.stages()
    done = 0
    try:
        while True:
            _sync_once(workspace)
            _analyse(workspace, stages, lang)
            done += 1
            if cycles is not None and done >= cycles:
                return
            time.sleep(workspace.settings.sync_interval)
    except KeyboardInterrupt:
        err.print(t("run.stopped", lang), markup=False)


@handles_errors
def reply_send(
    comment: Annotated[
        str, typer.Argument(help="The comment as network:id, e.g. mastodon:host/123.")
    ],
    text: Annotated[str, typer.Option(help="The reply to publish.")],
    by: Annotated[str, typer.Option("--by", help="Who publishes (for the decision log).")] = "cli",
    override: Annotated[
        bool, typer.Option(help="Publish even if the reply check blocks it (logged).")
    ] = False,
    home: HomeOption = None,
) -> None:
    """Publish a reply under a stored comment after the reply check; logged as a decision."""
    from vigile.connectors.reply import reply_to_comment

    workspace = open_workspace(home)
    lang = _lang(workspace)
    network, _, external_id = comment.partition(":")
    published = reply_to_comment(
        workspace.db,
        network=network,
        comment_id=external_id,
        text=text,
        actor=by,
        gate=_reply_gate(workspace, lang, network=network, comment_id=external_id),
        options=_sync_options(workspace),
        override=override,
    )
    if published.overridden:
        err.print(t("reply.overridden", lang, actor=by), markup=False)
    message = t("reply.published", lang, reply=published.reply_id, decision=published.decision_id)
    out.print(message, markup=False)


def _reply_gate(workspace: Workspace, lang: str, *, network: str, comment_id: str) -> ToneGate:
    """The reply check (tone, charter, the network's length limit) as the gate."""
    from vigile.domain.charter import DEFAULT_ORGANISATION
    from vigile.pipeline.replies import reply_gate
    from vigile.store.queries import comment_slug

    with workspace.db.session() as session:
        slug = comment_slug(session, network, comment_id) or DEFAULT_ORGANISATION
    charter = workspace.charters().for_org(slug)
    return reply_gate(charter, lang, network=network)


def _sync_options(workspace: Workspace) -> SyncOptions:
    from vigile.connectors.sync import SyncOptions

    settings = workspace.settings
    return SyncOptions(
        home=settings.home,
        lookback=timedelta(days=settings.sync_lookback_days),
        max_wait=float(settings.sync_max_wait),
        clock=now,
    )


def _sync_once(workspace: Workspace) -> bool:
    """One sync of every page with a spinner; prints one line per page; False on a failure."""
    from vigile.connectors.sync import sync_all

    lang = _lang(workspace)
    options = _sync_options(workspace)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err) as progress:
        task = progress.add_task(t("sync.progress", lang, posts=0), total=None)

        def advance(result: SyncResult) -> None:
            label = t("sync.progress_page", lang, page=result.page, posts=result.posts)
            progress.update(task, description=label)

        results = sync_all(workspace.db, options, on_post=advance)
    for result in results:
        _print_result(result, lang)
    totals = [sum(getattr(r.counts, k) for r in results) for k in ("added", "updated")]
    out.print(
        t(
            "sync.summary",
            lang,
            pages=len(results),
            added=totals[0],
            updated=totals[1],
            deleted=sum(r.deleted for r in results),
        )
    )
    return not any(r.error for r in results)


def _print_result(result: SyncResult, lang: str) -> None:
    if result.error is None and result.waiting_until is not None:
        message = t("sync.waiting", lang, page=result.page, at=iso_z(result.waiting_until))
        err.print(message, markup=False)
    elif result.error is not None:
        err.print(t("sync.failed", lang, page=result.page, error=result.error), markup=False)
    else:
        line = t(
            "sync.page",
            lang,
            page=result.page,
            posts=result.posts,
            added=result.counts.added,
            updated=result.counts.updated,
            deleted=result.deleted,
        )
        out.print(line, markup=False)


def _analyse(workspace: Workspace, stages: Stages, lang: str) -> None:
    from vigile.pipeline.analyse import run_backlog

    summary = run_backlog(workspace.db, stages, batch_size=workspace.settings.batch_size)
    if summary.comments:
        print_analysis(summary, lang)
