"""The FastAPI application: REST API under /api, dashboard pages at the root."""

from __future__ import annotations

from dataclasses import asdict
from importlib import resources
from typing import Annotated, Any

from fastapi import FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from vigile import __version__
from vigile.domain.errors import NotFound, VigileError
from vigile.i18n import describe, t
from vigile.incidents.links import verify
from vigile.pipeline.analyse import backlog_size
from vigile.policy.reload import CharterWatcher
from vigile.store import queries
from vigile.store.journal import acknowledge_alert
from vigile.web.deps import LangDep, SessionDep
from vigile.web.routes_cases import router as cases_router
from vigile.web.routes_checks import router as checks_router
from vigile.web.routes_incidents import router as incidents_router
from vigile.web.routes_ingest import router as ingest_router
from vigile.web.routes_playbook import router as playbook_router
from vigile.web.routes_playbook import thread_advice
from vigile.workspace import Workspace

PAGE_SIZE = 100


def create_app(workspace: Workspace) -> FastAPI:
    app = FastAPI(
        title="Vigile", version=__version__, docs_url="/api/docs", openapi_url="/api/openapi.json"
    )
    package = resources.files("vigile.web")
    templates = Jinja2Templates(directory=str(package.joinpath("templates")))
    app.mount("/static", StaticFiles(directory=str(package.joinpath("static"))), name="static")

    app.state.workspace = workspace
    app.state.charter = CharterWatcher.start(workspace.settings.charter_path)

    @app.exception_handler(VigileError)
    async def vigile_error(_: Request, exc: VigileError) -> JSONResponse:
        return JSONResponse({"code": exc.code, "message": exc.message}, status_code=exc.http_status)

    app.include_router(playbook_router)

    @app.get("/api/status", tags=["status"])
    def api_status(s: SessionDep, request: Request) -> dict[str, int | str | None]:
        from vigile.web.routes_incidents import charter_watcher

        counts = queries.status_counts(s, backlog=backlog_size(s))
        return {**counts, "charter_error": charter_watcher(request).error}

    @app.get("/api/threads", tags=["threads"])
    def api_threads(
        s: SessionDep,
        limit: Annotated[int, Query(ge=1, le=1000)] = PAGE_SIZE,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[dict[str, Any]]:
        return [asdict(x) for x in queries.threads_by_risk(s, limit=limit, offset=offset)]

    @app.get("/api/threads/{thread_id}", tags=["threads"])
    def api_thread(s: SessionDep, thread_id: int) -> dict[str, Any]:
        summary = queries.thread_summary(s, thread_id)
        if summary is None:
            raise NotFound(f"no thread {thread_id}")
        return {
            **asdict(summary),
            "comments": [asdict(c) for c in queries.thread_comments(s, thread_id)],
        }

    @app.get("/api/alerts", tags=["alerts"])
    def api_alerts(
        s: SessionDep, limit: Annotated[int, Query(ge=1, le=1000)] = PAGE_SIZE
    ) -> list[dict[str, Any]]:
        return queries.alerts(s, limit=limit)

    def render(
        request: Request, name: str, lang: str, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        response = templates.TemplateResponse(
            request,
            name,
            {
                "lang": lang,
                "t": lambda key, **kw: t(key, lang, **kw),
                "why": lambda reasons: "; ".join(describe(r, lang) for r in reasons),
                **context,
            },
            status_code=status_code,
        )
        response.set_cookie("vigile_lang", lang, samesite="lax")
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request, s: SessionDep, lang: LangDep) -> HTMLResponse:
        return render(
            request,
            "threads.html",
            lang,
            threads=queries.threads_by_risk(s, limit=PAGE_SIZE),
            alerts=queries.alerts(s, limit=10),
        )

    @app.get("/threads/{thread_id}", response_class=HTMLResponse, include_in_schema=False)
    def thread_page(request: Request, s: SessionDep, lang: LangDep, thread_id: int) -> HTMLResponse:
        summary = queries.thread_summary(s, thread_id)
        if summary is None:
            return render(request, "not_found.html", lang, status_code=404)
        return render(
            request,
            "thread.html",
            lang,
            thread=summary,
            comments=queries.thread_comments(s, thread_id),
            advice=thread_advice(request, s, thread_id, lang),
        )

    @app.get("/ack/{alert_id}", response_class=HTMLResponse, include_in_schema=False)
    def ack_page(
        request: Request, lang: LangDep, alert_id: int, contact: str, sig: str
    ) -> HTMLResponse:
        """The link in a notification: a page with one button (a GET never changes anything)."""
        valid = verify(workspace.secret(), alert_id, contact, sig)
        return render(
            request,
            "ack.html",
            lang,
            status_code=200 if valid else 403,
            alert_id=alert_id,
            contact=contact,
            sig=sig,
            valid=valid,
            done=False,
        )

    @app.post("/ack/{alert_id}", response_class=HTMLResponse, include_in_schema=False)
    def ack_submit(
        request: Request,
        s: SessionDep,
        lang: LangDep,
        alert_id: int,
        contact: Annotated[str, Form()],
        sig: Annotated[str, Form()],
    ) -> HTMLResponse:
        if not verify(workspace.secret(), alert_id, contact, sig):
            return render(
                request,
                "ack.html",
                lang,
                status_code=403,
                alert_id=alert_id,
                contact=contact,
                sig=sig,
                valid=False,
                done=False,
            )
        acknowledge_alert(s, alert_id, actor=contact, via="signed link")
        return render(
            request,
            "ack.html",
            lang,
            alert_id=alert_id,
            contact=contact,
            sig=sig,
            valid=True,
            done=True,
        )

    app.include_router(cases_router)
    app.include_router(checks_router)
    app.include_router(incidents_router)
    app.include_router(ingest_router)
    return app
