"""Acknowledging an alert from the dashboard or the API (cm or above, own organisation)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from vigile.domain.errors import NotFound
from vigile.domain.model import iso_z
from vigile.store.journal import acknowledge_alert
from vigile.store.queries import owning_organisation
from vigile.web.auth import CmUser, Principal
from vigile.web.deps import ItemId, SessionDep

router = APIRouter()


def _acknowledge(s: Session, user: Principal, alert_id: int, *, via: str) -> dict[str, Any]:
    """404 for another organisation's alert, exactly as for one that does not exist."""
    if owning_organisation(s, "alert", alert_id) != user.organisation_id:
        raise NotFound(f"no alert {alert_id}")
    alert = acknowledge_alert(s, alert_id, actor=user.email, via=via)
    return {
        "id": alert.id,
        "status": alert.status,
        "acknowledged_by": alert.acknowledged_by,
        "acknowledged_at": iso_z(alert.acknowledged_at) if alert.acknowledged_at else None,
    }


@router.post("/api/alerts/{alert_id}/ack", tags=["alerts"])
def api_ack_alert(s: SessionDep, user: CmUser, alert_id: ItemId) -> dict[str, Any]:
    """Acknowledge the alert: its escalation stops and the decision log records who did it."""
    return _acknowledge(s, user, alert_id, via="api" if user.via == "token" else "dashboard")


@router.post("/alerts/{alert_id}/ack", include_in_schema=False)
def ack_alert_form(
    s: SessionDep, user: CmUser, alert_id: ItemId, back: Annotated[str, Form(alias="next")] = "/"
) -> RedirectResponse:
    """Back to the page the button was on (a path of this site only, never another host)."""
    _acknowledge(s, user, alert_id, via="dashboard")
    local = back.startswith("/") and not back.startswith(("//", "/\\"))
    return RedirectResponse(back if local else "/", status_code=303)
