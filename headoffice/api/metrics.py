"""Prometheus metrics for store sync and every RPC, on a registry passed in.

Per-store lag, backlog, last contact and whether head office refuses the
store's batches are read at scrape time from the sync status (the database),
so the lag keeps growing between heartbeats when a store stops being able to
deliver, and every replica reports the same. Refused batches are counted per
store and reason code as they happen (storeledger_batches_refused_total), and sales
applied per store (storeledger_sales_applied_total: new sales only, not duplicates).
Every call's duration and status code go to storeledger_rpc_seconds through the
Timing interceptor (rpc_finished).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from common.errors import StoreLedgerError
from common.logs import log_event
from headoffice.services import count_effects
from headoffice.services.member_sales_apply import MemberApplied
from headoffice.services.status import StoreSyncView

log = logging.getLogger(__name__)

StatusSource = Callable[[], Sequence[StoreSyncView]]


class SyncStatusCollector(Collector):
    def __init__(self, status_source: StatusSource) -> None:
        self._status_source = status_source

    def collect(self) -> Iterator[Metric]:
        lag = GaugeMetricFamily(
            "storeledger_sync_lag_seconds",
            "How long the store's oldest entry not yet committed at head office has waited.",
            labels=["store"],
        )
        backlog = GaugeMetricFamily(
            "storeledger_sync_backlog_entries",
            "Journal entries the store has written that head office has not committed.",
            labels=["store"],
        )
        contact = GaugeMetricFamily(
            "storeledger_sync_last_contact_timestamp_seconds",
            "When the store last spoke to head office (Unix time).",
            labels=["store"],
        )
        refused = GaugeMetricFamily(
            "storeledger_store_refused",
            "1 while head office refuses the store's batches (hoctl sync status says why).",
            labels=["store"],
        )
        try:
            views = self._status_source()
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "sync status unavailable for metrics", error=str(exc))
            views = []
        for view in views:
            lag.add_metric([view.store_code], view.lag_ms / 1000)
            backlog.add_metric([view.store_code], view.backlog_count)
            contact.add_metric([view.store_code], view.last_contact_ms / 1000)
            refused.add_metric([view.store_code], 1 if view.refused else 0)
        yield lag
        yield backlog
        yield contact
        yield refused

    def describe(self) -> Iterator[Metric]:
        return iter(())


class CountBookMismatches(Collector):
    """Count lines whose book, as the store said it, differed from head office's own ledger at
    the line's journal position (count_effects tallies them once their batch has committed;
    a batch that rolled back and is applied again counts them once)."""

    def collect(self) -> Iterator[Metric]:
        found = CounterMetricFamily(
            "storeledger_count_book_mismatches",
            "Count lines whose store book differs from head office's at the line's position.",
            labels=["store"],
        )
        for store, n in sorted(count_effects.BOOK_MISMATCHES.items()):
            found.add_metric([store], n)
        yield found

    def describe(self) -> Iterator[Metric]:
        return iter(())


class SyncMetrics:
    def __init__(
        self,
        registry: CollectorRegistry,
        status_source: StatusSource,
        connected_stores: Callable[[], int],
    ) -> None:
        self.registry = registry
        self.entries_applied = Counter(
            "storeledger_sync_entries_applied",
            "Journal entries applied at head office.",
            ["store"],
            registry=registry,
        )
        self.sales_applied = Counter(
            "storeledger_sales_applied",
            "Sales entries applied at head office (the dashboard's sales per minute).",
            ["store"],
            registry=registry,
        )
        self.duplicate_entries = Counter(
            "storeledger_sync_duplicate_entries",
            "Journal entries received again and ignored (already committed).",
            ["store"],
            registry=registry,
        )
        self.apply_duration = Histogram(
            "storeledger_sync_apply_duration_seconds",
            "Time to apply one batch in one database transaction.",
            registry=registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.rpc_seconds = Histogram(
            "storeledger_rpc_seconds",
            "Time to answer one RPC (a stream: from its start to its end), by method and code.",
            ["method", "code"],
            registry=registry,
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.batches_refused = Counter(
            "storeledger_batches_refused",
            "Store batches refused whole, by store and reason code.",
            ["store", "reason"],
            registry=registry,
        )
        self.offline_debits = Counter(
            "storeledger_offline_debits",
            "Stored-value debits tills made offline, booked by head office when it applied them.",
            ["store"],
            registry=registry,
        )
        self.offline_debits_exceeded = Counter(
            "storeledger_offline_debits_exceeded",
            "Offline stored-value debits above the offline allowance or past the member's "
            "balance (hoctl report offline-debits names them).",
            ["store"],
            registry=registry,
        )
        self.offline_shortfall = Counter(
            "storeledger_offline_debit_shortfall_minor",
            "What members' balances did not cover of offline debits, in minor units (owed).",
            ["store"],
            registry=registry,
        )
        connected = Gauge(
            "storeledger_sync_connected_stores",
            "Stores with an open upstream stream to this server.",
            registry=registry,
        )
        connected.set_function(lambda: float(connected_stores()))
        registry.register(SyncStatusCollector(status_source))
        registry.register(CountBookMismatches())

    def batch_applied(
        self, store_code: str, applied: int, duplicates: int, seconds: float, sales: int = 0
    ) -> None:
        self.entries_applied.labels(store=store_code).inc(applied)
        self.sales_applied.labels(store=store_code).inc(sales)
        self.duplicate_entries.labels(store=store_code).inc(duplicates)
        self.apply_duration.observe(seconds)

    def offline_debits_booked(self, store_code: str, booked: MemberApplied) -> None:
        self.offline_debits.labels(store=store_code).inc(booked.offline_debits)
        self.offline_debits_exceeded.labels(store=store_code).inc(booked.offline_exceeded)
        self.offline_shortfall.labels(store=store_code).inc(booked.shortfall_minor)

    def batch_refused(self, store_code: str, reason: str) -> None:
        self.batches_refused.labels(store=store_code, reason=reason).inc()

    def rpc_finished(self, method: str, code: str, seconds: float) -> None:
        """Observe one call (common.rpc.interceptors.Timing's observer)."""
        self.rpc_seconds.labels(method=rpc_label(method), code=code).observe(seconds)


def rpc_label(method: str) -> str:
    """'/storeledger.v1.Admin/ListStores' -> 'Admin/ListStores': short, one per RPC."""
    service, _, name = method.lstrip("/").rpartition("/")
    return f"{service.rsplit('.', 1)[-1]}/{name}" if service else name
