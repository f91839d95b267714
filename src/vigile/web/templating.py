"""Server-rendered pages: the Jinja2 environment and one `render` shared by every route."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from vigile.i18n import describe, t

templates = Jinja2Templates(directory=str(resources.files("vigile.web").joinpath("templates")))


def render(
    request: Request, name: str, lang: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """The page `name` in `lang`, with `t`, `why`, the logged-in user and their CSRF token."""
    principal = getattr(request.state, "principal", None)
    response = templates.TemplateResponse(
        request,
        name,
        {
            "lang": lang,
            "t": lambda key, **kw: t(key, lang, **kw),
            "why": lambda reasons: "; ".join(describe(r, lang) for r in reasons),
            "user": principal,
            "csrf": principal.csrf if principal is not None else None,
            **context,
        },
        status_code=status_code,
    )
    response.set_cookie("vigile_lang", lang, samesite="lax")
    return response
