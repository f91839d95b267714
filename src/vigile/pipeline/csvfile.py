"""CSV records with the line each one starts on; a broken quote is named, not left to swallow rows.

The csv module reads a quoted field across lines until its closing quote, so one
unclosed quote would turn every following row into that field's text. Records are read
strictly: one the parser cannot close is rejected, naming the line it starts on, and the
lines after that line are read again as rows. A byte-order mark (what Excel and Google
Sheets write first) is not part of the header.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator
from typing import BinaryIO

from vigile.domain.errors import InputError

Line = tuple[int, str | InputError]
Record = tuple[int, list[str] | InputError]


def csv_records(stream: BinaryIO, *, max_line: int) -> Iterator[Record]:
    """Each non-blank record (the header first) or the error naming its first line."""
    lines = _Lines(_text_lines(stream, max_line=max_line))
    reader = csv.reader(lines, strict=True)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield lines.reject(exc)
            continue
        start, too_long = lines.finish()
        if too_long is not None:
            yield start, too_long
        elif values:
            yield start, values


class _Lines:
    """The csv reader's line source: it remembers the lines of the record being read, and
    serves lines given back again before reading on."""

    def __init__(self, source: Iterator[Line]) -> None:
        self._source = source
        self._again: deque[Line] = deque()
        self._taken: list[Line] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._again.popleft() if self._again else next(self._source)
        self._taken.append(line)
        return "\n" if isinstance(line[1], InputError) else line[1]

    def finish(self) -> tuple[int, InputError | None]:
        """The record's first line and, if one of its lines was too long, that error."""
        taken, self._taken = self._taken, []
        errors = [text for _, text in taken if isinstance(text, InputError)]
        return taken[0][0], errors[0] if errors else None

    def reject(self, exc: csv.Error) -> Record:
        """The error for a record the parser could not close; its later lines come again."""
        taken, self._taken = self._taken, []
        start, end = taken[0][0], taken[-1][0]
        self._again.extendleft(reversed(taken[1:]))
        if end > start:
            reason = (
                f"unclosed quote: the quoted field opened on this line runs on to line {end};"
                " the lines after this one are read again as rows"
            )
        elif "end of data" in str(exc):
            reason = "unclosed quote: the quoted field opened on this line is never closed"
        else:
            reason = f"malformed CSV ({exc})"
        return start, InputError(reason, line=start)


def _text_lines(stream: BinaryIO, *, max_line: int) -> Iterator[Line]:
    """Decoded lines (any line ending) with their numbers; an overlong line is skipped."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        line_no = 0
        while line := text.readline(max_line + 1):
            line_no += 1
            if len(line) > max_line and not line.endswith(("\n", "\r")):
                while (rest := text.readline(max_line)) and not rest.endswith(("\n", "\r")):
                    pass
                yield line_no, InputError(f"line longer than {max_line} bytes", line=line_no)
            else:
                yield line_no, line
    finally:
        if not stream.closed:
            text.detach()  # the caller's stream stays open (it reports progress from it)
