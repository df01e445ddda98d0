"""The accuracy gauges on head office's /metrics, for the trailing window of [counts].

Working the report out takes the database a few hundred milliseconds for a big
chain (BENCHMARKS.md, "Accuracy report"), too much for every scrape, and the
figures only change when a count is posted. So the gauges are set at start and
again after each batch that posted a count; a scrape reads them as they are.
Requests coalesce: postings arriving while a refresh runs cause one more, not
one each. A refresh that fails (the database down) is logged and leaves the
previous figures until the next posting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from common.clock import now_ms as clock_now_ms
from common.errors import StoreLedgerError
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.counts import CountPolicy
from headoffice.domain.roles import ADMIN, Staff
from headoffice.reports.accuracy_metrics import AccuracyMetrics
from headoffice.services.counts_reports import accuracy, since_of
from headoffice.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)
READER = Staff("metrics", ADMIN)  # the gauges cover every store


def posts_a_count(entries: Sequence[ledger_pb2.JournalEntry]) -> bool:
    return any(e.WhichOneof("body") == "count_posting" for e in entries)


class AccuracyGauges:
    """Sets `metrics` from the report over the last policy.accuracy_days days."""

    def __init__(
        self,
        metrics: AccuracyMetrics,
        new_uow: UnitOfWorkFactory,
        policy: CountPolicy,
        clock: Callable[[], int] = clock_now_ms,
    ) -> None:
        self._metrics = metrics
        self._new_uow = new_uow
        self._policy = policy
        self._clock = clock
        self._wanted = asyncio.Event()
        self.refreshes = 0

    def refresh(self) -> None:
        """Work the figures out and set the gauges (blocking: run it in a thread)."""
        since = since_of("", self._policy, self._clock())
        report = accuracy(
            self._new_uow(), READER, since, utc_offset_minutes=self._policy.utc_offset_minutes,
            top_n=0,
        )  # fmt: skip
        self._metrics.update(report)
        self.refreshes += 1

    def posted(self) -> None:
        """A count was posted: refresh soon (on the event loop's thread)."""
        self._wanted.set()

    async def run(self) -> None:
        """Refresh now, then after each posting, until cancelled."""
        self._wanted.set()
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                await asyncio.to_thread(self.refresh)
            except StoreLedgerError as exc:
                log_event(log, logging.WARNING, "accuracy gauges not refreshed", error=str(exc))
