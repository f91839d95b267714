"""`vigile alerts`, `vigile alert ack`, `vigile incident ack`, `vigile notify`."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from vigile.cli_common import handles_errors, out
from vigile.domain.model import utc_now
from vigile.i18n import pick_language, t
from vigile.incidents.escalate import DispatchSummary
from vigile.workspace import Workspace, open_workspace

alert_app = typer.Typer(help="Alerts: list and acknowledge.", no_args_is_help=True)
incident_app = typer.Typer(help="Incidents: acknowledge.", no_args_is_help=True)

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


@handles_errors
def notify(
    home: HomeOption = None,
    watch: Annotated[
        float | None, typer.Option(help="Repeat every N seconds until stopped.")
    ] = None,
) -> None:
    """Send the notifications the escalation matrix says are due now."""
    workspace = open_workspace(home)
    while True:
        summary = run_dispatch(workspace)
        out.print(
            t(
                "notify.summary",
                _lang(workspace),
                sent=summary.sent,
                failed=summary.failed,
                escalations=summary.escalations,
            )
        )
        if watch is None:
            return
        time.sleep(watch)


def run_dispatch(workspace: Workspace) -> DispatchSummary:
    from vigile.incidents.escalate import Delivery, dispatch
    from vigile.policy.charter import load_charter
    from vigile.policy.notify.base import AppriseNotifier

    charter_path = workspace.settings.charter_path
    charter = load_charter(charter_path if charter_path.exists() else None)
    delivery = Delivery(
        notifier=AppriseNotifier(),
        base_url=workspace.settings.base_url,
        secret=workspace.secret(),
        retries=workspace.settings.notify_retries,
    )
    return dispatch(workspace.db, charter, delivery, now=utc_now())


def _lang(workspace: Workspace) -> str:
    return pick_language(workspace.settings.language)
