"""Promotion uplift (hoctl report uplift, ReportsAdmin.PromotionUplift): the promoted SKUs'
sales during the offer's window against the as many days before it (domain/uplift.py),
from the per-day SKU roll-ups, for the stores the offer reaches that the caller sees.

The roll-ups count days in the shops' offset (services/report_days.py), so the windows
are whole shops' days. The whole chain reads sales_sku_chain_daily, some stores
sales_sku_daily: the same sums, as the sales report reads them.
"""

from __future__ import annotations

from common.clock import now_ms as clock_now_ms
from common.errors import InvalidInput, NotFound
from common.i18n import _
from common.ids import check_store_code
from headoffice.domain.report_document import Report
from headoffice.domain.report_period import Period, today_of
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.uplift import before_window, offer_window, total_row, uplift_rows
from headoffice.services.ports_promotions import PromotionsUnitOfWorkPort
from headoffice.services.sales_reports import store_scope


def _stores(
    uow: PromotionsUnitOfWorkPort, staff: Staff, store_code: str, scope: frozenset[str]
) -> set[str] | None:
    """The stores to add up: --store (it must be in the offer's scope), else the offer's
    stores the caller sees, else every store the caller sees (None: the whole chain)."""
    if store_code:
        check_store_code(store_code)
        if scope and store_code not in scope:
            raise InvalidInput(
                _("the promotion does not run at store {store}; it runs at {stores}").format(
                    store=store_code, stores=", ".join(sorted(scope))
                )
            )
    seen = store_scope(uow, staff, store_code)
    if store_code or not scope:
        return seen
    return set(scope) if seen is None else set(scope) & seen


def _sums(
    uow: PromotionsUnitOfWorkPort, codes: set[str] | None, period: Period, skus: frozenset[str]
) -> dict[str, tuple[int, int]]:
    rows = uow.sales_report.sales_by("sku", codes, period)
    return {r.key: (r.qty_base, r.amount_minor) for r in rows if not skus or r.key in skus}


def uplift_report(
    uow: PromotionsUnitOfWorkPort,
    staff: Staff,
    promo_id: str,
    store_code: str = "",
    utc_offset_minutes: int = 0,
    now_ms: int | None = None,
) -> Report:
    """The uplift of promotion `promo_id`; an offer on every line compares every SKU."""
    staff.require(Permission.REPORT_READ)
    if not promo_id:
        raise InvalidInput(_("say which promotion: --promo P"))
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        promotion = uow.promotions.get(promo_id)
        if promotion is None:
            raise NotFound(_("there is no promotion {promo}").format(promo=promo_id))
        during = offer_window(promotion, today_of(now, utc_offset_minutes), utc_offset_minutes)
        before = before_window(during)
        skus = promotion.offer.target_skus()
        codes = _stores(uow, staff, store_code, promotion.offer.stores)
        if codes is not None and not codes:
            raise InvalidInput(
                _("promotion {promo} runs at none of the stores you may see").format(promo=promo_id)
            )
        rows = uplift_rows(skus, _sums(uow, codes, before, skus), _sums(uow, codes, during, skus))
    total = total_row(rows).document()
    del total["sku"]
    return Report(
        name="uplift",
        period=during,
        by="sku",
        rows=[r.document() for r in rows],
        chart_key="sku",
        chart_value="during_minor",
        totals=total | {"store": store_code},
        extra={
            "promotion": promo_id,
            "stores": sorted(codes) if codes is not None else [],
            "before_first_day": before.first_text,
            "before_last_day": before.last_text,
            "days": during.days,
        },
    )
