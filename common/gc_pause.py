"""Pausing Python's cyclic garbage collector while a report builds many small objects.

A report of 20,000 SKUs makes a tuple or two a SKU; every 700 new containers the cyclic
collector walks the young ones, and every so often the whole heap, though none of these
objects is garbage yet (the variance report spent a quarter of its time there). `paused()`
turns the collector off for the duration of such a build only.

Why this is safe in a server: reference counting still frees every object as soon as its
last reference goes; only cycles wait, and they are collected by the first collection after
the pause (gc thresholds count the allocations made meanwhile, so it comes soon). The pause
is process-wide, so it is counted: overlapping builds in other threads (the gRPC servicers
run reports in worker threads) keep it off until the last one ends, and a collector someone
else had turned off stays off. A build raises? The collector is turned back on all the same.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_restore = False


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off inside the block (re-entrant, across threads)."""
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                gc.enable()
