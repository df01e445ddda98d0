"""Open offline-oversell conflicts on /metrics: storeledger_channel_conflicts_open{store}.

Read from the database at scrape time (one small grouped read), so every head-office replica
reports the same figure. Labelled by store only, never by SKU: `hoctl channel conflicts`
names the SKUs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from common.errors import StoreLedgerError
from common.logs import log_event

log = logging.getLogger(__name__)

CountsSource = Callable[[], Mapping[str, int]]


class ChannelConflictsCollector(Collector):
    def __init__(self, counts_source: CountsSource) -> None:
        self._counts_source = counts_source

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "storeledger_channel_conflicts_open",
            "Online orders a store's till sales left short, not yet resolved "
            "(hoctl channel conflicts lists them).",
            labels=["store"],
        )
        try:
            counts = self._counts_source()
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "channel conflicts unavailable for metrics",
                      error=str(exc))  # fmt: skip
            counts = {}
        for store, n in sorted(counts.items()):
            gauge.add_metric([store], n)
        yield gauge

    def describe(self) -> Iterator[Metric]:
        return iter(())
