"""Server-rendered pages: the Jinja2 environment and one `render` shared by every route."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from babel.dates import format_datetime, get_date_format, get_datetime_format, get_time_format
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from vigile.domain.model import as_utc
from vigile.i18n import describe, t

templates = Jinja2Templates(directory=str(resources.files("vigile.web").joinpath("templates")))


def _locale(context: Context) -> str:
    return str(context.get("lang") or "en")


Style = Literal["full", "long", "medium", "short"]


@lru_cache(maxsize=32)
def _datetime_pattern(style: Style, locale: str) -> str:
    """The CLDR pattern of a date and time in `style`, built once (Babel would look the
    three parts up on every call: a page of 50 rows felt it)."""
    combined = str(get_datetime_format(style, locale))
    date = get_date_format(style, locale).pattern
    return combined.replace("{1}", date).replace("{0}", get_time_format(style, locale).pattern)


@pass_context
def datetime_filter(context: Context, value: datetime | str | None, style: Style = "medium") -> str:
    """A date and time in the page's language (times are shown in UTC, and say so)."""
    if value is None:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    locale = _locale(context)
    pattern = _datetime_pattern(style, locale)
    return f"{format_datetime(as_utc(moment), pattern, tzinfo=UTC, locale=locale)} UTC"


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
