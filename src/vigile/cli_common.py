"""What every command module shares: the consoles, the error handler, a progress bar."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from vigile.domain.errors import VigileError
from vigile.i18n import pick_language, t

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


def counting_progress() -> Progress:
    """A transient "label ━━━ done/total" bar on stderr, for commands that work in batches."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


def handles_errors(command: F) -> F:
    """Turn a VigileError into one line on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except VigileError as exc:
            err.print(t("error", pick_language(), message=exc.message), markup=False)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def print_analysis(summary: Any, lang: str) -> None:
    """The one-line summary of an analysis run (`vigile analyze`, `vigile sync`/`run`)."""
    out.print(
        t(
            "analyze.summary",
            lang,
            comments=summary.comments,
            batches=summary.batches,
            alerts=summary.alerts,
        )
    )
