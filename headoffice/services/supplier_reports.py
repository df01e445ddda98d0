"""Supplier performance (hoctl report suppliers): one use case, over the orders sent in the
report's period and what arrived against them (domain/supplier_reports.py)."""

from __future__ import annotations

from typing import Any

from headoffice.domain.report_document import Report
from headoffice.domain.report_period import Period
from headoffice.domain.roles import Staff
from headoffice.domain.supplier_reports import (
    DEFAULT_ON_TIME_DAYS,
    price_history,
    supplier_figures,
)
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.replenish import policy_from_config
from headoffice.services.sales_reports import store_scope

__all__ = ["DEFAULT_ON_TIME_DAYS", "promised_lead_days", "supplier_report"]


def promised_lead_days(config: dict[str, dict[str, Any]]) -> int:
    """The lead time an order is judged on time against: the configured suppliers' lead time
    ([replenishment] default_lead_time_days, checked as replenishment checks it)."""
    return policy_from_config(config).default_lead_time_days


def supplier_report(
    uow: UnitOfWorkPort,
    staff: Staff,
    period: Period,
    now_ms: int,
    store_code: str = "",
    on_time_days: int = DEFAULT_ON_TIME_DAYS,
) -> Report:
    """Per supplier, over the orders sent in the period: orders, fill rate, average lead time
    in days, on-time share (a first delivery within `on_time_days` of sending: the configured
    lead time), and each SKU's delivered price history (domain/supplier_reports.py says how
    each is counted)."""
    with uow:
        codes = store_scope(uow, staff, store_code)
        orders, receipts = uow.sales_report.supplier_facts(codes, period.since_ms, period.until_ms)
    supplier_of = {o.po_no: o.supplier_code for o in orders}
    prices = price_history(receipts, supplier_of)
    rows = [f.document() for f in supplier_figures(orders, receipts, now_ms, on_time_days)]
    return Report(
        name="suppliers",
        period=period,
        by="supplier",
        rows=rows,
        chart_key="supplier",
        chart_value="fill_rate_bp",
        totals={"orders_count": len(orders)},
        extra={"price_history": prices, "on_time_days": on_time_days},
    )
