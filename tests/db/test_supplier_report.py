"""The supplier report on SQLite and PostgreSQL: orders sent through the purchasing service,
deliveries against them applied as a store sends them; lead time, fill rate, on-time share
and price history worked out by hand."""

from __future__ import annotations

from common.clock import now_ms as clock_now_ms
from headoffice.domain.report_period import period_of
from headoffice.services import purchasing
from headoffice.services.supplier_reports import supplier_report
from headoffice.services.sync import apply_batch
from tests.db.test_purchasing import BEA, UoW, po_delivery
from tests.db.test_purchasing import ready as ready  # noqa: F401  (the fixture)
from tests.db.test_sales_reports import ADMIN, DAY_MS


def test_lead_time_fill_rate_on_time_and_prices(uow: UoW, ready: str) -> None:  # noqa: F811
    now = clock_now_ms()
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
