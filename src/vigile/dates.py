"""One way to show a moment to a person: through Babel, in their language and time zone.

`12 nov. 2026, 09:30 UTC+1` in French for Europe/Paris, `Nov 12, 2026, 8:30 AM UTC` in
English for UTC: the month in words (no day/month order to guess), hours and minutes in
the language's own clock, and the offset from UTC said every time. The dashboard's
`datetime` filter, the incident room and the notifications all use it; machine-readable
values (`<time datetime>`, the API) stay ISO 8601 in UTC.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, get_date_format, get_datetime_format, get_time_format

from vigile.domain.model import as_utc, known_zone

DEFAULT_ZONE = "UTC"


@lru_cache(maxsize=16)
def _pattern(locale: str) -> str:
    """The language's medium date and short time, joined its own way (built once: Babel
    would look the three parts up on every call)."""
    combined = str(get_datetime_format("medium", locale))
    date = get_date_format("medium", locale).pattern
    return combined.replace("{1}", date).replace("{0}", get_time_format("short", locale).pattern)


def format_moment(moment: datetime | str | None, *, lang: str, zone: str = DEFAULT_ZONE) -> str:
    """The moment in `lang` and the time zone `zone` (an IANA name), with its UTC offset;
    "" for None. A naive datetime or an ISO string without offset is taken as UTC."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    local = as_utc(moment).astimezone(ZoneInfo(known_zone(zone) or DEFAULT_ZONE))
    text = format_datetime(local, _pattern(lang), tzinfo=local.tzinfo, locale=lang)
    return f"{text} {_offset(local.utcoffset() or timedelta(0))}"


def _offset(offset: timedelta) -> str:
    """UTC, UTC+2, UTC−4, UTC+5:30."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes > 0 else "−"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
