"""storeledger_voucher_differences{platform}: the differences the latest reconciliation run
of each platform found, read from voucher_reconciliations at scrape time (every replica
reports what the last run wrote, whichever ran it)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from common.errors import StoreLedgerError
from common.logs import log_event

log = logging.getLogger(__name__)


class VoucherDifferencesCollector(Collector):
    def __init__(self, source: Callable[[], Mapping[str, int]]) -> None:
        self._source = source

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "storeledger_voucher_differences",
            "Differences the latest voucher reconciliation of each platform found "
            "(hoctl voucher differences lists them).",
            labels=["platform"],
        )
        try:
            counts = self._source()
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "voucher differences unavailable", error=str(exc))
            counts = {}
        for platform, n in sorted(counts.items()):
            gauge.add_metric([platform], n)
        yield gauge

    def describe(self) -> Iterator[Metric]:
        return iter(())
