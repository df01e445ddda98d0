"""Accuracy and shrink per store as Prometheus gauges, on a registry passed in.

Set from an AccuracyReport whenever head office works one out (a scheduled job
over the last weeks, or after a count is posted), so a dashboard shows, per
store, the share of counted SKUs within tolerance and the value lost. Every
value is the report's integer: basis points and minor units, as their names
say. A store whose figure is unknown (nothing counted, no sales) has no sample
rather than a 0 that would read as "all wrong" or "nothing lost"; each update
replaces the previous one, so a store no longer in the report drops out.
Chain-wide figures are not summed from these (basis points do not add up): the
report's chain figures are the store label CHAIN_LABEL.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Gauge

from headoffice.domain.accuracy import AccuracyReport, Figures

CHAIN_LABEL = "_chain"  # a store code starts with a letter or digit (common.ids): never this


class AccuracyMetrics:
    """The three gauges; `update(report)` sets them from the report's whole-period figures."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.accuracy_bp = Gauge(
            "storeledger_inventory_accuracy_bp",
            "Share of counted SKUs within tolerance over the report period (basis points).",
            ["store"],
            registry=registry,
        )
        self.shrink_value_minor = Gauge(
            "storeledger_shrink_value_minor",
            "Value of count losses over the report period (minor units, positive).",
            ["store"],
            registry=registry,
        )
        self.shrink_sales_bp = Gauge(
            "storeledger_shrink_sales_bp",
            "Count losses as a share of sales over the report period (basis points).",
            ["store"],
            registry=registry,
        )

    def update(self, report: AccuracyReport) -> None:
        for gauge in (self.accuracy_bp, self.shrink_value_minor, self.shrink_sales_bp):
            gauge.clear()
        for figures in (report.chain, *report.stores):
            self._set(CHAIN_LABEL if figures is report.chain else figures.store_code, figures)

    def _set(self, store: str, figures: Figures) -> None:
        if figures.accuracy_bp is not None:
            self.accuracy_bp.labels(store=store).set(figures.accuracy_bp)
        self.shrink_value_minor.labels(store=store).set(figures.shrink_minor)
        if figures.shrink_sales_bp is not None:
            self.shrink_sales_bp.labels(store=store).set(figures.shrink_sales_bp)


def set_accuracy_gauges(registry: CollectorRegistry, report: AccuracyReport) -> AccuracyMetrics:
    """Register the gauges on `registry` and set them from `report`; keep the result and call
    its update() for the next report (a registry takes each metric name once)."""
    metrics = AccuracyMetrics(registry)
    metrics.update(report)
    return metrics
