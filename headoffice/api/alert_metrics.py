"""The last alert evaluation on /metrics: active alerts per store and kind, and when.

Read from alert_counts at scrape time (one small read), so every head-office replica
reports what the evaluation job last wrote, whichever replica ran it. Labels are the
store and the alert kind only: a chain of 1,000 stores has at most 1,000 x 5
series, however many SKUs are below zero; `hoctl alerts` names the SKUs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from common.errors import StoreLedgerError
from common.logs import log_event

log = logging.getLogger(__name__)

CountsSource = Callable[[], Sequence[tuple[str, str, int, int]]]


class AlertCountsCollector(Collector):
    """storeledger_alerts_active{store,kind} and storeledger_alerts_evaluated_timestamp_seconds."""

    def __init__(self, counts_source: CountsSource) -> None:
        self._counts_source = counts_source

    def collect(self) -> Iterator[Metric]:
        active = GaugeMetricFamily(
            "storeledger_alerts_active",
            "Alerts the last evaluation found, per store and kind (hoctl alerts lists them).",
            labels=["store", "kind"],
        )
        evaluated = GaugeMetricFamily(
            "storeledger_alerts_evaluated_timestamp_seconds",
            "When alerts were last evaluated (Unix time; absent before the first evaluation).",
        )
        try:
            rows = self._counts_source()
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "alert counts unavailable for metrics", error=str(exc))
            rows = []
        newest = 0
        for store, kind, n, at_ms in rows:
            active.add_metric([store, kind], n)
            newest = max(newest, at_ms)
        yield active
        if newest:
            evaluated.add_metric([], newest / 1000)
            yield evaluated

    def describe(self) -> Iterator[Metric]:
        return iter(())
