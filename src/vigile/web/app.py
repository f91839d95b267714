"""The FastAPI application: REST API under /api, dashboard pages at the root.

Every route needs a logged-in user or an API token (`Depends(current_user)` on the routers)
except `/login`, the signed `/ack/...` links, `POST /ingest` (HMAC-signed), static files and
the OpenAPI description. Lists and details are limited to the user's current organisation.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from vigile import __version__
from vigile.incidents.links import verify
from vigile.pipeline.analyse import backlog_size
from vigile.policy.charters import CharterBook, CharterFiles
from vigile.store import queries
from vigile.store.journal import acknowledge_alert
from vigile.web.auth import CurrentOrg, SessionCookies, current_user
from vigile.web.deps import ItemId, LangDep, SessionDep, single_values
from vigile.web.errors import add_error_handlers
from vigile.web.headers import SecurityHeaders, add_api_docs
from vigile.web.limiter import LoginLimiter
from vigile.web.openapi import describe_errors
from vigile.web.routes_alerts import router as alerts_router
from vigile.web.routes_auth import router as auth_router
from vigile.web.routes_cases import router as cases_router
from vigile.web.routes_checks import router as checks_router
from vigile.web.routes_inbox import router as inbox_router
from vigile.web.routes_incidents import router as incidents_router
from vigile.web.routes_ingest import router as ingest_router
from vigile.web.routes_library import router as library_router
from vigile.web.routes_peer import router as peer_router
from vigile.web.routes_playbook import router as playbook_router
from vigile.web.routes_rooms import router as rooms_router
from vigile.web.routes_threads import router as threads_router
from vigile.web.routes_users import router as users_router
from vigile.web.templating import render
from vigile.workspace import Workspace

PAGE_SIZE = 100
pages = APIRouter()


def create_app(workspace: Workspace) -> FastAPI:
    app = FastAPI(
        title="Vigile",
        version=__version__,
        docs_url=None,  # add_api_docs: the same page under its own security policy
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(single_values)],
    )
    static = resources.files("vigile.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    settings = workspace.settings
    app.state.workspace = workspace
    app.state.charters = CharterBook.start(
        CharterFiles.of(home=settings.home, charter_path=settings.charter_path)
    )
    app.state.sessions = SessionCookies(
        workspace.secret(),
        max_age=settings.session_max_age,
        secure=settings.base_url.startswith("https://"),
    )
    app.state.login_limiter = LoginLimiter()
    add_error_handlers(app)

    signed_in = [Depends(current_user)]
    app.include_router(auth_router)
    app.include_router(playbook_router, dependencies=signed_in)
    app.include_router(pages, dependencies=signed_in)
    app.include_router(alerts_router, dependencies=signed_in)
    app.include_router(checks_router, dependencies=signed_in)
    app.include_router(incidents_router, dependencies=signed_in)
    app.include_router(cases_router, dependencies=signed_in)
    app.include_router(inbox_router, dependencies=signed_in)
    app.include_router(rooms_router, dependencies=signed_in)
    app.include_router(library_router, dependencies=signed_in)
    app.include_router(users_router)  # its own routes say who they need
    app.include_router(peer_router, dependencies=signed_in)
    app.include_router(threads_router, dependencies=signed_in)
    app.include_router(ingest_router)
    _add_ack_links(app, workspace)
    add_api_docs(app, path="/api/docs", openapi_url="/api/openapi.json")
    describe_errors(app)
    app.add_middleware(SecurityHeaders, https=settings.base_url.startswith("https://"))
    if settings.trusted_proxies:  # outermost: every other layer sees the real client
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app


@pages.get("/api/status", tags=["status"])
def api_status(s: SessionDep, org: CurrentOrg, request: Request) -> dict[str, int | str | None]:
    from vigile.web.charters import org_watcher

    backlog = backlog_size(s, organisation_id=org)
    counts = queries.status_counts(s, backlog=backlog, organisation_id=org)
    return {**counts, "charter_error": org_watcher(request, s, org).error}


def _add_ack_links(app: FastAPI, workspace: Workspace) -> None:
    """The link in a notification, signed for one contact and one alert: no login needed."""

    @app.get("/ack/{alert_id}", response_class=HTMLResponse, include_in_schema=False)
    def ack_page(
        request: Request, lang: LangDep, alert_id: ItemId, contact: str, sig: str
    ) -> HTMLResponse:
        """A page with one button (a GET never changes anything)."""
        valid = verify(workspace.secret(), alert_id, contact, sig)
        return _ack(request, lang, alert_id, contact=contact, sig=sig, valid=valid, done=False)

    @app.post("/ack/{alert_id}", response_class=HTMLResponse, include_in_schema=False)
    def ack_submit(
        request: Request,
        s: SessionDep,
        lang: LangDep,
        alert_id: ItemId,
        contact: Annotated[str, Form()],
        sig: Annotated[str, Form()],
    ) -> HTMLResponse:
        """The signature stands in for a CSRF token: only the link's holder knows it."""
        if not verify(workspace.secret(), alert_id, contact, sig):
            return _ack(request, lang, alert_id, contact=contact, sig=sig, valid=False, done=False)
        acknowledge_alert(s, alert_id, actor=contact, via="signed link")
        return _ack(request, lang, alert_id, contact=contact, sig=sig, valid=True, done=True)


def _ack(
    request: Request, lang: str, alert_id: int, *, contact: str, sig: str, valid: bool, done: bool
) -> HTMLResponse:
    return render(
        request,
        "ack.html",
        lang,
        status_code=200 if valid else 403,
        alert_id=alert_id,
        contact=contact,
        sig=sig,
        valid=valid,
        done=done,
    )
