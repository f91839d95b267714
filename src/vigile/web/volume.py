"""A page's volume and negativity per hour as a small server-side SVG: no JavaScript, no CDN.

Two bars per hour (all comments, and the clearly negative ones in front), with the
page's burst onsets and recoveries drawn as vertical markers. The SVG has a `<title>`
and a `<desc>` that says the figures in words; the page also shows the same numbers as
a table for screen readers and for printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from vigile.store.rooms import HourBucket

WIDTH, HEIGHT, PAD, AXIS = 720, 200, 28, 18
VOLUME, NEGATIVE = "#8aa1c1", "#b3261e"
MARKERS = {"negative_buzz": "#7a1f9b", "buzz_recovery": "#1e7a3a"}


@dataclass(frozen=True)
class Marker:
    at: datetime
    signal: str  # negative_buzz or buzz_recovery
    label: str


def volume_svg(
    buckets: Sequence[HourBucket], markers: Sequence[Marker], *, title: str, desc: str
) -> str:
    """An accessible SVG of comments and negative comments per hour; '' without buckets."""
    if not buckets:
        return ""
    top = max(max(b.comments for b in buckets), 1)
    slot = (WIDTH - 2 * PAD) / len(buckets)
    base = HEIGHT - PAD - AXIS

    def y(count: int) -> float:
        return base - count / top * (base - PAD)

    parts = [
        f'<svg class="volume" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="volume-title volume-desc">'
        f'<title id="volume-title">{escape(title)}</title>'
        f'<desc id="volume-desc">{escape(desc)}</desc>',
        f'<line x1="{PAD}" y1="{base}" x2="{WIDTH - PAD}" y2="{base}" stroke="#888"/>',
        f'<text x="{PAD - 4}" y="{PAD + 4}" font-size="11" text-anchor="end">{top}</text>',
        f'<text x="{PAD - 4}" y="{base}" font-size="11" text-anchor="end">0</text>',
    ]
    for i, bucket in enumerate(buckets):
        x = PAD + i * slot
        width = max(slot - 1, 1)
        for count, colour, name in (
            (bucket.comments, VOLUME, "volume"),
            (bucket.negative, NEGATIVE, "negative"),
        ):
            if count:
                parts.append(
                    f'<rect data-series="{name}" data-hour="{bucket.start.isoformat()}" '
                    f'x="{x:.1f}" y="{y(count):.1f}" width="{width:.1f}" '
                    f'height="{base - y(count):.1f}" fill="{colour}"/>'
                )
    parts += _ticks(buckets, slot, base)
    parts += _markers(buckets, markers, slot, base)
    parts.append("</svg>")
    return "".join(parts)


def _ticks(buckets: Sequence[HourBucket], slot: float, base: float) -> list[str]:
    """A label every few hours so that they never overlap."""
    every = max(1, round(len(buckets) / 8))
    return [
        f'<text x="{PAD + i * slot:.1f}" y="{base + 14}" font-size="11">'
        f"{b.start.strftime('%d/%m %Hh')}</text>"
        for i, b in enumerate(buckets)
        if i % every == 0
    ]


def _markers(
    buckets: Sequence[HourBucket], markers: Sequence[Marker], slot: float, base: float
) -> list[str]:
    first, hour = buckets[0].start, timedelta(hours=1)
    end = buckets[-1].start + hour
    parts = []
    for marker in markers:
        if not first <= marker.at < end:
            continue
        x = PAD + (marker.at - first) / hour * slot
        colour = MARKERS.get(marker.signal, "#333")
        parts.append(
            f'<g data-marker="{escape(marker.signal)}"><title>{escape(marker.label)}</title>'
            f'<line x1="{x:.1f}" y1="{PAD - 6}" x2="{x:.1f}" y2="{base}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="5 3"/>'
            f'<polygon points="{x - 5:.1f},{PAD - 12} {x + 5:.1f},{PAD - 12} {x:.1f},{PAD - 4}" '
            f'fill="{colour}"/></g>'
        )
    return parts
