"""hoctl replenish run's progress: how far head office is, on stderr, while the run computes.

The run streams RunReplenishmentWatched: progress messages (SKUs done of the SKUs in
scope) and, last, the run itself. Progress goes to stderr in every format, so stdout
keeps only the document (docs/output.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TextIO

from common.cli.cells import safe_text
from common.cli.values import seconds_text
from common.i18n import _
from common.pb.storeledger.v1 import replenish_admin_pb2 as pb
from headoffice.cli.clients import HoctlError

PROGRESS_EVERY_S = 2.0


class RunProgress:
    """The first report, then at most one line every PROGRESS_EVERY_S seconds, and the last."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._started = clock()
        self._shown_at: float | None = None

    def heard(self, done: int, total: int) -> None:
        now = self._clock()
        last = done >= total
        if self._shown_at is not None and not last and now - self._shown_at < PROGRESS_EVERY_S:
            return
        self._shown_at = now
        elapsed = seconds_text(int((now - self._started) * 1000))
        line = _("replenishment: {done} of {total} SKUs computed ({seconds} s)").format(
            done=done, total=total, seconds=elapsed
        )
        print(safe_text(line), file=self._stream, flush=True)


def watched_run(
    replies: Iterable[pb.ReplenishmentProgress], progress: RunProgress
) -> pb.ReplenishRun:
    """The run a RunReplenishmentWatched stream ends with, its progress told on the way."""
    run: pb.ReplenishRun | None = None
    for reply in replies:
        if reply.HasField("run"):
            run = reply.run
        else:
            progress.heard(reply.skus_done, reply.sku_count)
    if run is None:
        raise HoctlError(_("head office ended the replenishment run without its result"))
    return run
