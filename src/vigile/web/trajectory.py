"""The thread's trajectory as a small server-side SVG: no JavaScript, no CDN.

One line per signal over the comments in order, on a 0–1 scale, with the 0.5 line
marked: each comment's toxicity and negativity, and the thread's derailment forecast as
of that comment. A CM sees at a glance where the thread turned.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD = 640, 160, 24
SERIES = (("toxicity", "#c0392b"), ("negativity", "#2c6fbb"), ("derailment", "#7d3c98"))


def trajectory_svg(
    scores: Sequence[dict[str, float]], *, title: str, legend: dict[str, str]
) -> str:
    """An accessible SVG of the thread's signals per comment; '' under two comments."""
    if len(scores) < 2:
        return ""
    step = (WIDTH - 2 * PAD) / (len(scores) - 1)

    def y(value: float) -> float:
        return PAD + (1.0 - min(max(value, 0.0), 1.0)) * (HEIGHT - 2 * PAD)

    parts = [
        f'<svg class="trajectory" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{PAD}" y1="{y(0.5):.1f}" x2="{WIDTH - PAD}" y2="{y(0.5):.1f}" '
        'stroke="#999" stroke-dasharray="4 4"/>',
    ]
    for row, (signal, colour) in enumerate(SERIES):
        points = " ".join(
            f"{PAD + i * step:.1f},{y(s.get(signal, 0.0)):.1f}" for i, s in enumerate(scores)
        )
        parts.append(
            f'<polyline data-signal="{signal}" fill="none" stroke="{colour}" stroke-width="2" '
            f'points="{points}"/>'
        )
        parts.append(
            f'<text x="{PAD + row * 140}" y="{HEIGHT - 4}" fill="{colour}" font-size="12">'
            f"{escape(legend[signal])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
