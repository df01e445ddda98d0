"""Open channel reservations per store on /metrics (held, confirmed or picked).

Read at scrape time, one small grouped count, so every replica reports the same. One
series per store, never per SKU: `hoctl stock --states` names the SKUs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from common.errors import StoreLedgerError
from common.logs import log_event

log = logging.getLogger(__name__)


class OpenReservationsCollector(Collector):
    """storeledger_channel_reservations_open{store}."""

    def __init__(self, source: Callable[[], Mapping[str, int]]) -> None:
        self._source = source

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "storeledger_channel_reservations_open",
            "Channel reservations held, confirmed or picked, per store (hoctl channel "
            "reservations lists them).",
            labels=["store"],
        )
        try:
            counts = self._source()
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "open reservations unavailable for metrics",
                      error=str(exc))  # fmt: skip
            counts = {}
        for store, n in sorted(counts.items()):
            gauge.add_metric([store], n)
        yield gauge

    def describe(self) -> Iterator[Metric]:
        return iter(())
