"""Server-rendered pages: the Jinja2 environment and one `render` shared by every route."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Any

from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from vigile.dates import format_moment
from vigile.domain.model import known_zone
from vigile.i18n import describe, t

templates = Jinja2Templates(directory=str(resources.files("vigile.web").joinpath("templates")))


def _locale(context: Context) -> str:
    return str(context.get("lang") or "en")


ZONE_COOKIE = "vigile_tz"


def user_zone(request: Request) -> str:
    """The time zone a page shows times in: the user's (remembered at login and when they
    change it on their account page), else the workspace's `timezone` setting."""
    chosen = known_zone(request.cookies.get(ZONE_COOKIE))
    return chosen or str(request.app.state.workspace.settings.timezone)


def remember_zone(response: Response, zone: str | None) -> None:
    """Keep the user's time zone for the pages to come; None: the workspace's."""
    if zone:
        response.set_cookie(ZONE_COOKIE, zone, samesite="lax")
    else:
        response.delete_cookie(ZONE_COOKIE)


@pass_context
def datetime_filter(context: Context, value: datetime | str | None) -> str:
    """A moment in the page's language and the user's time zone (`vigile.dates`)."""
    return format_moment(value, lang=_locale(context), zone=str(context.get("tz") or "UTC"))


@pass_context
def percent_filter(context: Context, value: float | None) -> str:
    """A score in [0, 1] as a whole percentage ("42 %" in French, "42%" in English)."""
    return "" if value is None else format_percent(value, locale=_locale(context))


@pass_context
def number_filter(context: Context, value: float | None) -> str:
    """A count with the language's grouping ("1 000 000" in French, "1,000,000" in English)."""
    return "" if value is None else format_decimal(value, locale=_locale(context))


templates.env.filters.update(datetime=datetime_filter, percent=percent_filter, number=number_filter)


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
            "tz": user_zone(request),
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
