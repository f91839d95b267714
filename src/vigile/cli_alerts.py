"""`vigile alerts`, `vigile alert ack`, `vigile incident ack`, `vigile notify`."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from vigile.cli_common import err, handles_errors, out
from vigile.domain.charter import CharterSet
from vigile.domain.model import IncidentStatus, utc_now
from vigile.i18n import pick_language, t
from vigile.incidents.escalate import DispatchSummary
from vigile.workspace import Workspace, open_workspace

alert_app = typer.Typer(help="Alerts: list and acknowledge.", no_args_is_help=True)
incident_app = typer.Typer(
    help="Incidents: list, acknowledge, move, annotate, report.", no_args_is_help=True
)
decisions_app = typer.Typer(help="The decision log: export and verify.", no_args_is_help=True)

HomeOption = Annotated[Path | None, typer.Option("--home", help="Workspace folder.")]
ActorOption = Annotated[str, typer.Option("--by", help="Who acknowledges (name or handle).")]


@alert_app.command("list")
@handles_errors
def alert_list(
    home: HomeOption = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Latest alerts first."""
    from vigile.store.queries import alerts

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        rows = alerts(session, limit=limit)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("id", "at", "severity", "kind", "page", "status")
    for row in rows:
        table.add_row(
            str(row["id"]), row["at"], row["severity"], row["kind"], row["page"], row["status"]
        )
    out.print(table)


@alert_app.command("ack")
@handles_errors
def alert_ack(alert_id: int, by: ActorOption = "cli", home: HomeOption = None) -> None:
    """Acknowledge an alert: its escalation stops, the decision log records who and when."""
    from vigile.store.journal import acknowledge_alert

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        alert = acknowledge_alert(session, alert_id, actor=by, via="cli")
        when = alert.acknowledged_at
    out.print(
        t("ack.done", _lang(workspace), what=f"alert {alert_id}", by=by, at=when), markup=False
    )


@incident_app.command("ack")
@handles_errors
def incident_ack(incident_id: int, by: ActorOption = "cli", home: HomeOption = None) -> None:
    """Acknowledge an incident and its alerts."""
    from vigile.store.journal import acknowledge_incident

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        acknowledge_incident(session, incident_id, actor=by, via="cli")
    out.print(
        t("ack.done", _lang(workspace), what=f"incident {incident_id}", by=by, at=utc_now()),
        markup=False,
    )


@incident_app.command("list")
@handles_errors
def incident_list(
    home: HomeOption = None, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Incidents, newest first."""
    from vigile.store.queries import incidents

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        rows = incidents(session)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("id", "opened", "severity", "status", "title")
    for row in rows:
        table.add_row(
            str(row["id"]), row["opened_at"], row["severity"], row["status"], row["title"]
        )
    out.print(table)


@incident_app.command("status")
@handles_errors
def incident_status(
    incident_id: int,
    status: Annotated[
        IncidentStatus, typer.Argument(help="acknowledged, responding, monitoring, resolved")
    ],
    by: ActorOption = "cli",
    home: HomeOption = None,
) -> None:
    """Move an incident along open → acknowledged → responding → monitoring → resolved."""
    from vigile.store.journal import set_incident_status

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        set_incident_status(session, incident_id, status, actor=by)
    out.print(
        t("incident.moved", _lang(workspace), id=incident_id, status=status.value, by=by),
        markup=False,
    )


@incident_app.command("note")
@handles_errors
def incident_note(
    incident_id: int, text: str, by: ActorOption = "cli", home: HomeOption = None
) -> None:
    """Add a note to an incident (kept in the decision log, never edited)."""
    from vigile.store.journal import add_incident_note

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        add_incident_note(session, incident_id, text, actor=by)
    out.print(t("incident.noted", _lang(workspace), id=incident_id), markup=False)


@decisions_app.command("export")
@handles_errors
def decisions_export(
    output: Annotated[Path, typer.Option("--output", "-o", dir_okay=False)],
    home: HomeOption = None,
) -> None:
    """Write the whole decision log as JSON Lines, with each entry's hash and the previous hash."""
    from vigile.store.queries import decisions

    workspace = open_workspace(home)
    with workspace.db.session() as session, output.open("w", encoding="utf-8") as sink:
        count = 0
        for entry in decisions(session):
            sink.write(json.dumps(entry, ensure_ascii=False) + "\n")
            count += 1
    out.print(t("decisions.exported", _lang(workspace), count=count, path=output), markup=False)


@decisions_app.command("verify")
@handles_errors
def decisions_verify(home: HomeOption = None) -> None:
    """Check the hash chain of the decision log; exit 1 and name the first broken entry."""
    from vigile.store.journal import verify_chain

    workspace = open_workspace(home)
    with workspace.db.session() as session:
        broken = verify_chain(session)
    if broken is not None:
        out.print(t("decisions.broken", _lang(workspace), id=broken), markup=False)
        raise typer.Exit(1)
    out.print(t("decisions.intact", _lang(workspace)), markup=False)


@handles_errors
def notify(
    home: HomeOption = None,
    watch: Annotated[
        float | None, typer.Option(help="Repeat every N seconds until stopped.")
    ] = None,
) -> None:
    """Send the notifications the escalation matrix says are due now.

    Each alert follows its organisation's charter (its own, else the default). With
    --watch, an edited charter is applied at the next tick; a broken edit is refused with
    its line and field, and the last valid charter stays in force.
    """
    from vigile.policy.charters import CharterBook
    from vigile.policy.reload import Reload

    workspace = open_workspace(home)
    lang = _lang(workspace)
    book = CharterBook.start(workspace.charter_files())
    while True:
        for watcher, reload in book.refresh():
            if reload is Reload.REFUSED:
                err.print(t("charter.reload_refused", lang, error=watcher.error), markup=False)
            elif reload is Reload.APPLIED:
                err.print(t("charter.reload_applied", lang, path=watcher.path), markup=False)
        summary = run_dispatch(workspace, book.snapshot())
        out.print(
            t(
                "notify.summary",
                lang,
                sent=summary.sent,
                failed=summary.failed,
                escalations=summary.escalations,
            )
        )
        if watch is None:
            return
        time.sleep(watch)


def run_dispatch(workspace: Workspace, charters: CharterSet) -> DispatchSummary:
    from vigile.incidents.escalate import Delivery, dispatch
    from vigile.policy.notify.base import AppriseNotifier

    delivery = Delivery(
        notifier=AppriseNotifier(),
        base_url=workspace.settings.base_url,
        secret=workspace.secret(),
        retries=workspace.settings.notify_retries,
    )
    return dispatch(workspace.db, charters, delivery, now=utc_now())


def _lang(workspace: Workspace) -> str:
    return pick_language(workspace.settings.language)
