"""Stock reports: turnover days, shrink, slow movers and stock with no sale (one a function).

Stock is today's (stock_levels at moving-average cost); sales come from the
roll-ups over the report's period (store/sales_report_repo.py); shrink from the
posted counts and the done write-offs over it. Rules: domain/stock_reports.py.
"""

from __future__ import annotations

from typing import Any

from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.report_document import Report
from headoffice.domain.report_period import Period, day_text
from headoffice.domain.roles import Staff
from headoffice.domain.sales_reports import share_bp
from headoffice.domain.stock_reports import (
    DEFAULT_COVER_DAYS,
    DEFAULT_WITHIN_DAYS,
    near_expiry,
    no_sale,
    slow_movers,
    turnover_days,
)
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.sales_reports import store_scope

MAX_COVER_DAYS = 3650


def check_cover_days(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_COVER_DAYS:
        raise InvalidInput(
            _("--cover-days takes a whole number of days from 1 to {most}").format(
                most=MAX_COVER_DAYS
            )
        )
    return days


def turnover_report(
    uow: UnitOfWorkPort, staff: Staff, period: Period, store_code: str = ""
) -> Report:
    """Per store: stock on hand at cost today, cost of goods sold over the period and the days
    the stock turns in at that pace (the slowest first)."""
    with uow:
        codes = store_scope(uow, staff, store_code)
        values = uow.sales_report.stock_values(codes)
        sold = {r.key: r for r in uow.sales_report.sales_by("store", codes, period)}
    rows: list[dict[str, Any]] = []
    for code in sorted(set(values) | set(sold)):
        cogs = sold[code].cost_minor if code in sold else 0
        value = values.get(code, 0)
        rows.append(
            {
                "store": code,
                "stock_value_minor": value,
                "cost_minor": cogs,
                "turnover_days": turnover_days(value, cogs, period.days),
            }
        )
    rows.sort(key=lambda r: (-(r["turnover_days"] or 10**12), r["store"]))
    value_all = sum(r["stock_value_minor"] for r in rows)
    cogs_all = sum(r["cost_minor"] for r in rows)
    return Report(
        name="turnover",
        period=period,
        by="store",
        rows=rows,
        chart_key="store",
        chart_value="turnover_days",
        totals={
            "stock_value_minor": value_all,
            "cost_minor": cogs_all,
            "turnover_days": turnover_days(value_all, cogs_all, period.days),
        },
    )


def shrink_report(
    uow: UnitOfWorkPort, staff: Staff, period: Period, store_code: str = ""
) -> Report:
    """Per store: what the posted counts found missing and found over, what was written off,
    shrink (losses plus write-offs) and its share of the sales at cost."""
    with uow:
        codes = store_scope(uow, staff, store_code)
        found = uow.sales_report.shrink_by_store(codes, period.since_ms, period.until_ms)
        sold = {r.key: r for r in uow.sales_report.sales_by("store", codes, period)}
    rows: list[dict[str, Any]] = []
    for code in sorted(set(found) | set(sold)):
        loss, gain, written = found.get(code, (0, 0, 0))
        cogs = sold[code].cost_minor if code in sold else 0
        shrink = -loss + written
        rows.append(
            {
                "store": code,
                "loss_minor": -loss,
                "gain_minor": gain,
                "write_off_minor": written,
                "shrink_minor": shrink,
                "cost_minor": cogs,
                "shrink_sales_bp": share_bp(shrink, cogs),
            }
        )
    shrink_all = sum(r["shrink_minor"] for r in rows)
    cogs_all = sum(r["cost_minor"] for r in rows)
    return Report(
        name="shrink",
        period=period,
        by="store",
        rows=rows,
        chart_key="store",
        chart_value="shrink_minor",
        totals={
            "shrink_minor": shrink_all,
            "cost_minor": cogs_all,
            "shrink_sales_bp": share_bp(shrink_all, cogs_all),
        },
    )


def slow_movers_report(
    uow: UnitOfWorkPort,
    staff: Staff,
    period: Period,
    store_code: str = "",
    threshold_days: int = DEFAULT_COVER_DAYS,
) -> Report:
    """SKUs with more than `threshold_days` of cover at the period's pace of sales (or none
    sold in it), the value tied up at cost and a promotion (domain/stock_reports.py)."""
    check_cover_days(threshold_days)
    with uow:
        codes = store_scope(uow, staff, store_code)
        stock = uow.sales_report.stock_rows(codes, period.first_day, period.end_day)
    rows = [
        {
            "store": r.store_code,
            "sku": r.sku,
            "on_hand_qty_base": r.on_hand_qty,
            "sold_qty_base": r.sold_qty,
            "cover_days": cover,
            "value_minor": r.value_minor,
            "promotion": promo.kind,
            "markdown_bp": promo.markdown_bp,
        }
        for r, cover, promo in slow_movers(stock, period.days, threshold_days)
    ]
    return Report(
        name="slow-movers",
        period=period,
        by="sku",
        rows=rows,
        chart_key="sku",
        chart_value="value_minor",
        totals={"sku_count": len(rows), "value_minor": sum(r["value_minor"] for r in rows)},
        extra={"cover_days_threshold": threshold_days},
    )


def no_sale_report(
    uow: UnitOfWorkPort, staff: Staff, period: Period, store_code: str = ""
) -> Report:
    """SKUs in stock that sold nothing over the period (the last N days), the most value
    first, with the last day each sold (null: not since the roll-ups began)."""
    with uow:
        codes = store_scope(uow, staff, store_code)
        stock = uow.sales_report.stock_rows(codes, period.first_day, period.end_day)
    rows = [
        {
            "store": r.store_code,
            "sku": r.sku,
            "on_hand_qty_base": r.on_hand_qty,
            "value_minor": r.value_minor,
            "last_sale_day": None if r.last_sale_day is None else day_text(r.last_sale_day),
        }
        for r in no_sale(stock, period.first_day)
    ]
    return Report(
        name="no-sale",
        period=period,
        by="sku",
        rows=rows,
        chart_key="sku",
        chart_value="value_minor",
        totals={"sku_count": len(rows), "value_minor": sum(r["value_minor"] for r in rows)},
    )


def near_expiry_report(
    uow: UnitOfWorkPort,
    staff: Staff,
    today: int,
    store_code: str = "",
    within_days: int = DEFAULT_WITHIN_DAYS,
    utc_offset_minutes: int = 0,
) -> Report:
    """Lots received with a best-before day that falls within `within_days` days of today (or
    has passed), with what is left of each (first in, first out) and its value at cost, the
    soonest first (domain/stock_reports.near_expiry)."""
    if (
        isinstance(within_days, bool)
        or not isinstance(within_days, int)
        or not (0 <= within_days <= MAX_COVER_DAYS)
    ):
        raise InvalidInput(
            _("--within-days takes a whole number of days from 0 to {most}").format(
                most=MAX_COVER_DAYS
            )
        )
    with uow:
        codes = store_scope(uow, staff, store_code)
        lots, stock = uow.sales_report.lots_and_stock(codes, today + within_days)
    rows = [
        {
            "store": lot.store_code,
            "sku": lot.sku,
            "expiry_date": day_text(lot.expiry_day),
            "days_left": lot.expiry_day - today,
            "received_qty_base": lot.qty_base,
            "left_qty_base": left,
            "value_minor": value,
            "seq": lot.seq,
        }
        for lot, left, value in near_expiry(lots, stock, today, within_days)
    ]
    return Report(
        name="near-expiry",
        period=Period(today, today + within_days + 1, utc_offset_minutes),
        by="sku",
        rows=rows,
        chart_key="sku",
        chart_value="value_minor",
        totals={"sku_count": len(rows), "value_minor": sum(r["value_minor"] for r in rows)},
        extra={"within_days": within_days},
    )
