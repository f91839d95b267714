"""Cut a text into segments so the findings' spans can be marked (`<mark>`) in a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text and the (1-based) numbers of the findings that cover it."""

    text: str
    findings: tuple[int, ...] = ()


def highlight(text: str, spans: Sequence[Sequence[int] | None]) -> list[Segment]:
    """Segments of `text` in order; spans may overlap, be empty, or fall outside the text."""
    cuts = {0, len(text)}
    bounded: list[tuple[int, int, int]] = []
    for number, span in enumerate(spans, start=1):
        if not span or len(span) != 2:
            continue
        start, end = (max(0, min(len(text), int(x))) for x in span)
        if start < end:
            bounded.append((start, end, number))
            cuts |= {start, end}
    edges = sorted(cuts)
    segments = []
    for start, end in pairwise(edges):
        covering = tuple(n for s, e, n in bounded if s <= start and end <= e)
        segments.append(Segment(text[start:end], covering))
    return segments
