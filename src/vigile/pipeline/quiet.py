"""Less garbage-collector work while the pipeline runs, restored afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_collector() -> Iterator[None]:
    """The objects alive before the block (the models' vocabularies and weights, hundreds
    of thousands) are frozen: each full pass would walk them all again. Young passes come
    every 10,000 allocations instead of 700: a batch allocates hundreds of thousands of
    short-lived rows, dicts and lists, nearly all freed by reference counting before a
    pass would look at them. Both are undone when the block ends."""
    if gc.get_freeze_count():  # frozen by someone else (a nested run, a server): leave it
        yield
        return
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
