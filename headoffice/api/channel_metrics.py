"""Channels on /metrics, one series per store and never per SKU (the hoctl commands name
the SKUs): open reservations (held, confirmed or picked) and open offline-oversell conflicts.

Each is read from the database at scrape time (one small grouped count), so every
head-office replica reports the same figure; a read that fails reports no series and logs.
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


class StoreCountsCollector(Collector):
    """A gauge labelled by store, its counts read from `source` at each scrape."""

    def __init__(self, name: str, documentation: str, source: CountsSource) -> None:
        self._name = name
        self._documentation = documentation
        self._source = source

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(self._name, self._documentation, labels=["store"])
        try:
            counts = self._source()
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "a channel metric is unavailable",
                      metric=self._name, error=str(exc))  # fmt: skip
            counts = {}
        for store, n in sorted(counts.items()):
            gauge.add_metric([store], n)
        yield gauge

    def describe(self) -> Iterator[Metric]:
        return iter(())


class OpenReservationsCollector(StoreCountsCollector):
    """storeledger_channel_reservations_open{store}."""

    def __init__(self, source: CountsSource) -> None:
        super().__init__(
            "storeledger_channel_reservations_open",
            "Channel reservations held, confirmed or picked, per store (hoctl channel "
            "reservations lists them).",
            source,
        )


class ChannelConflictsCollector(StoreCountsCollector):
    """storeledger_channel_conflicts_open{store}."""

    def __init__(self, source: CountsSource) -> None:
        super().__init__(
            "storeledger_channel_conflicts_open",
            "Online orders a store's till sales left short, not yet resolved "
            "(hoctl channel conflicts lists them).",
            source,
        )
