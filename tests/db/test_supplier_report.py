"""The supplier report on SQLite and PostgreSQL: orders sent through the purchasing service,
deliveries against them applied as a store sends them; lead time, fill rate, on-time share
and price history worked out by hand."""

from __future__ import annotations

import pytest

from common.clock import now_ms as clock_now_ms
from headoffice.domain.replenishment_errors import InvalidReplenishment
from headoffice.domain.report_period import day_text, period_of, today_of
from headoffice.services import purchasing
from headoffice.services.reports import ReportRequest, run_report
from headoffice.services.supplier_reports import promised_lead_days, supplier_report
from headoffice.services.sync import apply_batch
from tests.db.test_purchasing import BEA, UoW, po_delivery
from tests.db.test_purchasing import ready as ready  # noqa: F401  (the fixture)
from tests.db.test_sales_reports import ADMIN, DAY_MS


def _three_orders(uow: UoW, ready: str, now: int) -> None:  # noqa: F811
    """Three orders sent now: the first all delivered 2 days on, the second half a line 10
    days on, the third nothing."""
    po1 = purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 24, 180)]).order.po_id
    po2 = purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 20, 200), ("TEA", 10, 230)])
    po3 = purchasing.create_order(uow(), BEA, ready, "BEV", [("TEA", 5, 230)]).order.po_id
    for po in (po1, po2.order.po_id, po3):
        purchasing.send_order(uow(), BEA, po)
    first = po_delivery(1, po1, [("COLA", 24, 180)])  # all of it, 2 days after sending
    first.occurred_at_ms = now + 2 * DAY_MS + 3_600_000  # (sending took a moment past now)
    second = po_delivery(2, po2.order.po_id, [("COLA", 10, 200)])  # half of a line, day 10
    second.occurred_at_ms = now + 10 * DAY_MS + 3_600_000
    apply_batch(uow(), ready, [first, second], now_ms=now)


def test_lead_time_fill_rate_on_time_and_prices(uow: UoW, ready: str) -> None:  # noqa: F811
    now = clock_now_ms()
    _three_orders(uow, ready, now)
    period = period_of("", "", 1, now)
    report = supplier_report(uow(), ADMIN, period, now + 20 * DAY_MS)
    [bev] = report.rows
    assert bev == {
        "supplier": "BEV",
        "orders_count": 3,
        "delivered_count": 2,
        "ordered_qty_base": 24 + 30 + 5,
        "filled_qty_base": 24 + 10,
        "fill_rate_bp": 34 * 10_000 // 59,
        "lead_time_days": (2 + 10) // 2,
        "on_time_bp": 3_333,  # the first on time; the second late; the third overdue
    }
    [cola] = report.extra["price_history"]
    assert (cola["sku"], [p["unit_cost_minor"] for p in cola["prices"]], cola["change_bp"]) == (
        "COLA", [180, 200], 1_111,
    )  # fmt: skip
    early = supplier_report(uow(), ADMIN, period, now + 3 * DAY_MS)
    assert early.rows[0]["on_time_bp"] == 5_000  # the third is not due yet: not judged
    assert (
        supplier_report(uow(), ADMIN, period_of("2020-01-01", "2020-01-31", 0, now), now).rows == []
    )


def test_on_time_is_judged_against_the_configured_lead_time(uow: UoW, ready: str) -> None:  # noqa: F811
    """The promised lead time is [replenishment] default_lead_time_days, not a fixed 7 days:
    at 11 days the 10-day delivery is on time, at 1 day the 2-day one is late too."""
    now = clock_now_ms()
    _three_orders(uow, ready, now)
    asked = ReportRequest("suppliers", until=day_text(today_of(now, 0)), days=1)  # sent today
    for config, on_time_bp in (({}, 3_333), ({"default_lead_time_days": 11}, 6_666),
                               ({"default_lead_time_days": 1}, 0)):  # fmt: skip
        promised = promised_lead_days({"replenishment": config})
        report = run_report(uow(), ADMIN, asked, 0, now + 20 * DAY_MS, promised)
        assert report.rows[0]["on_time_bp"] == on_time_bp, config
        assert report.extra["on_time_days"] == config.get("default_lead_time_days", 7)
    with pytest.raises(InvalidReplenishment):  # refused at start, as replenishment refuses it
        promised_lead_days({"replenishment": {"default_lead_time_days": 0}})
