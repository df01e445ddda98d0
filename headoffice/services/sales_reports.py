"""The sales reports: sales, gross margin, cashier performance (one use case a function).

Each reads the sales roll-ups (store/sales_report_repo.py) for the stores the caller
may see, inside one unit of work, and answers a domain Report. Unknown stores,
stores the caller does not manage and bad periods are refused before any read.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.errors import InvalidInput
from common.i18n import _
from common.ids import check_store_code
from headoffice.domain.errors import UnknownStore
from headoffice.domain.report_document import Report
from headoffice.domain.report_names import SALES_BY
from headoffice.domain.report_period import Period, day_text
from headoffice.domain.roles import Staff
from headoffice.domain.sales_reports import SalesFigures, top_sellers, total, trends
from headoffice.services.ports import UnitOfWorkPort

DEFAULT_TOP = 10
MAX_TOP = 1000


def check_by(by: str, allowed: Sequence[str]) -> str:
    if by not in allowed:
        raise InvalidInput(
            _("this report is by {valid}, not {by}").format(valid=", ".join(allowed), by=repr(by))
        )
    return by


def check_top(top: int) -> int:
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
        raise InvalidInput(_("--top takes a whole number from 1 to 1000"))
    return top


def store_scope(uow: UnitOfWorkPort, staff: Staff, store_code: str) -> set[str] | None:
    """The stores a report covers: one (known, and the caller's), or every store the caller
    sees (None: the whole chain). Call inside the unit of work."""
    if store_code:
        check_store_code(store_code)
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        staff.check_store(store_code)
        return {store_code}
    return None if staff.chain_wide else set(staff.stores)


def _key_text(by: str, key: str) -> str:
    return day_text(int(key)) if by == "day" else key


def _sorted(by: str, rows: list[SalesFigures]) -> list[SalesFigures]:
    if by in ("day", "hour"):
        return sorted(rows, key=lambda r: int(r.key))
    if by in ("sku", "category"):
        return sorted(rows, key=lambda r: (-r.amount_minor, r.key))
    return sorted(rows, key=lambda r: r.key)


def sales_report(
    uow: UnitOfWorkPort,
    staff: Staff,
    period: Period,
    store_code: str = "",
    by: str = "store",
    top: int = DEFAULT_TOP,
) -> Report:
    """Sales (revenue net of returns, quantity, tickets, cost and margin) by `by`, with the
    period's top sellers by SKU and the 7- and 30-day revenue trends to its end."""
    check_by(by, SALES_BY)
    check_top(top)
    with uow:
        codes = store_scope(uow, staff, store_code)
        rows = _sorted(by, uow.sales_report.sales_by(by, codes, period))
        skus = rows if by == "sku" else uow.sales_report.sales_by("sku", codes, period)
        by_day = uow.sales_report.revenue_by_day(
            codes, period.end_day - 60, period.end_day, period.utc_offset_minutes
        )
    whole = total(rows)
    return Report(
        name="sales",
        period=period,
        by=by,
        rows=[{**r.document(by), by: _key_text(by, r.key)} for r in rows],
        chart_key=by,
        chart_value="amount_minor",
        totals=whole.document("store") | {"store": store_code},
        extra={
            "top_sellers": [r.document("sku") for r in top_sellers(skus, top)],
            "trends": [t.document() for t in trends(by_day, period.end_day)],
        },
    )


def margin_report(
    uow: UnitOfWorkPort, staff: Staff, period: Period, store_code: str = "", by: str = "category"
) -> Report:
    """Gross margin at moving-average cost (revenue minus the cost the sale movements were
    valued at), by `by`, the lowest margin share first."""
    check_by(by, SALES_BY)
    with uow:
        codes = store_scope(uow, staff, store_code)
        rows = uow.sales_report.sales_by(by, codes, period)
    rows.sort(key=lambda r: (r.margin_bp if r.margin_bp is not None else 10_001, r.key))
    return Report(
        name="margin",
        period=period,
        by=by,
        rows=[{**r.document(by), by: _key_text(by, r.key)} for r in rows],
        chart_key=by,
        chart_value="margin_minor",
        totals=total(rows).document("store") | {"store": store_code},
    )


def cashier_report(
    uow: UnitOfWorkPort, staff: Staff, period: Period, store_code: str = ""
) -> Report:
    """Each cashier's sales per store (`S001/sam`): tickets, revenue, average basket and items
    per ticket, from the sales and returns they rang up."""
    with uow:
        codes = store_scope(uow, staff, store_code)
        rows = sorted(uow.sales_report.sales_by("cashier", codes, period), key=lambda r: r.key)
    out = []
    for r in rows:
        store, _sep, cashier = r.key.partition("/")
        count = r.sales_count
        out.append(
            {
                "store": store,
                "staff_code": cashier,
                "sales_count": count,
                "amount_minor": r.amount_minor,
                "qty_base": r.qty_base,
                "basket_minor": r.amount_minor // count if count > 0 else 0,
                "items_per_sale": r.qty_base // count if count > 0 else 0,
                "margin_minor": r.margin_minor,
            }
        )
    return Report(
        name="cashiers",
        period=period,
        by="cashier",
        rows=out,
        chart_key="staff_code",
        chart_value="amount_minor",
        totals=total(rows).document("store") | {"store": store_code},
    )
