"""Prometheus metrics of one edge agent, on a registry of its own."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from edge_agent.services.context import StoreContext
from edge_agent.services.queries import status

COMMIT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
# A local RPC is a commit (~1 ms), a print (up to the printer's timeout) or a stream.
RPC_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 2.5, 5.0)


class EdgeMetrics:
    def __init__(self, ctx: StoreContext, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self._ctx = ctx
        self.sales = Counter(
            "storeledger_edge_sales",
            "Sales committed to the store ledger.",
            registry=self.registry,
        )
        self.sale_commit_seconds = Histogram(
            "storeledger_edge_sale_commit_duration_seconds",
            "Time to price, pay and durably commit one sale.",
            buckets=COMMIT_BUCKETS,
            registry=self.registry,
        )
        self.rpc_seconds = Histogram(
            "storeledger_edge_rpc_seconds",
            "Time to answer one gRPC call on the agent's socket, by method and status code.",
            ["method", "code"],
            buckets=RPC_BUCKETS,
            registry=self.registry,
        )
        self.connected = Gauge(
            "storeledger_edge_headoffice_connected",
            "1 while the upstream stream to head office is established.",
            registry=self.registry,
        )
        self.refused = Gauge(
            "storeledger_edge_sync_refused",
            "1 while head office refuses the store's journal (pos status says why).",
            registry=self.registry,
        )
        self.batches_refused = Counter(
            "storeledger_edge_batches_refused",
            "Batches head office refused, by its reason code.",
            ["reason"],
            registry=self.registry,
        )
        backlog = Gauge(
            "storeledger_edge_sync_backlog_entries",
            "Journal entries head office has not committed yet.",
            registry=self.registry,
        )
        backlog.set_function(lambda: float(status(self._ctx).backlog_count))
        lag = Gauge(
            "storeledger_edge_sync_lag_seconds",
            "Age of the oldest journal entry head office has not committed yet (0 when caught up).",
            registry=self.registry,
        )
        lag.set_function(lambda: status(self._ctx).lag_ms / 1000)
        last_ack = Gauge(
            "storeledger_edge_last_ack_timestamp_seconds",
            "Unix time head office last acknowledged the journal (0 = never).",
            registry=self.registry,
        )
        last_ack.set_function(lambda: status(self._ctx).last_contact_ms / 1000)
        unwritable = Gauge(
            "storeledger_edge_ledger_unwritable",
            "1 while the store ledger's disk refuses writes (full): till actions are refused.",
            registry=self.registry,
        )
        unwritable.set_function(self._ledger_unwritable)

    def _ledger_unwritable(self) -> float:
        health = getattr(self._ctx.db, "health", None)  # tests' fake ledgers have none
        return 1.0 if health is not None and health.refusing else 0.0

    def observe_rpc(self, method: str, code: str, seconds: float) -> None:
        """The Timing interceptor's observer (edge_agent.api.server)."""
        self.rpc_seconds.labels(method=method, code=code).observe(seconds)
