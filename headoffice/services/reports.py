"""One entry for `hoctl report NAME`: the report's name to its use case, with its period.

Each report is its own function (services/sales_reports.py, services/stock_reports.py);
this table refuses an unknown name with the list of known ones and turns the options
into a Period in the shops' time zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.report_document import Report
from headoffice.domain.report_names import NAMES
from headoffice.domain.report_period import period_of, today_of
from headoffice.domain.roles import Staff
from headoffice.domain.stock_reports import DEFAULT_COVER_DAYS, DEFAULT_WITHIN_DAYS
from headoffice.services import sales_reports as sales
from headoffice.services import stock_reports as stock
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.supplier_reports import DEFAULT_ON_TIME_DAYS, supplier_report


@dataclass(frozen=True)
class ReportRequest:
    name: str
    store_code: str = ""
    since: str = ""
    until: str = ""
    days: int = 0
    by: str = ""
    top: int = 0
    cover_days: int = 0
    within_days: int = -1  # near-expiry: -1 for the default


def check_name(name: str) -> str:
    if name not in NAMES:
        raise InvalidInput(
            _("there is no report called {name}; the reports are {names}").format(
                name=repr(name), names=", ".join(NAMES)
            )
        )
    return name


def run_report(
    uow: UnitOfWorkPort,
    staff: Staff,
    request: ReportRequest,
    utc_offset_minutes: int = 0,
    now_ms: int | None = None,
    promised_lead_days: int = DEFAULT_ON_TIME_DAYS,
) -> Report:
    """The report the request names, over its period, for the stores the caller sees.
    `promised_lead_days`: the suppliers' configured lead time, what the supplier report
    judges an order on time against."""
    name = check_name(request.name)
    now = clock_now_ms() if now_ms is None else now_ms
    if name == "near-expiry":
        if request.by or request.since or request.until or request.days:
            raise InvalidInput(_("the near-expiry report takes --within-days, not a period"))
        within = DEFAULT_WITHIN_DAYS if request.within_days < 0 else request.within_days
        today = today_of(now, utc_offset_minutes)
        return stock.near_expiry_report(
            uow, staff, today, request.store_code, within, utc_offset_minutes
        )
    period = period_of(request.since, request.until, request.days, now, utc_offset_minutes)
    store = request.store_code
    if name == "sales":
        top = request.top or sales.DEFAULT_TOP
        return sales.sales_report(uow, staff, period, store, request.by or "store", top)
    if name == "margin":
        return sales.margin_report(uow, staff, period, store, request.by or "category")
    if request.by:
        raise InvalidInput(_("only the sales and margin reports take --by"))
    if name == "cashiers":
        return sales.cashier_report(uow, staff, period, store)
    if name == "turnover":
        return stock.turnover_report(uow, staff, period, store)
    if name == "shrink":
        return stock.shrink_report(uow, staff, period, store)
    if name == "suppliers":
        return supplier_report(uow, staff, period, now, store, promised_lead_days)
    if name == "slow-movers":
        cover = request.cover_days or DEFAULT_COVER_DAYS
        return stock.slow_movers_report(uow, staff, period, store, cover)
    return stock.no_sale_report(uow, staff, period, store)
