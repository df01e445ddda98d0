"""The SKU reports' days begin at the shops' midnight, as the store reports' days do (both
databases): [counts] utc_offset_minutes = 480 (China), a sale a minute before the shops'
midnight (15:59 UTC) and one at it (16:00 UTC) fall on two days in the SKU, category and
store-by-day reports alike; a rebuild at another offset re-counts the SKU rows' days, and
the offset is not changed under rows already counted."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from headoffice.domain.report_period import Period
from headoffice.services import sales_reports as sr
from headoffice.services.report_days import align_sku_days
from headoffice.services.sync import apply_batch
from headoffice.store import report_rollups_rebuild
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_sales_reports import ADMIN, DAY_MS, FIRST_DAY, priced_sale

UoW = Callable[[], UnitOfWork]
CHINA = 480
D = FIRST_DAY
MINUTE = 60_000
SHOPS_MIDNIGHT = (D + 1) * DAY_MS - CHINA * MINUTE  # day D+1 begins in the shops: 16:00 UTC


def _figures(uow: UoW, by: str, period: Period) -> dict[str, int]:
    report = sr.sales_report(uow(), ADMIN, period, by=by)
    return {str(r[by]): int(r["amount_minor"]) for r in report.rows}


def test_sku_days_follow_the_shops_time_zone_across_midnight(
    uow: UoW, store: str, engine: sa.Engine
) -> None:
    assert align_sku_days(uow(), CHINA) is None  # no SKU rows yet: recorded as configured
    late = priced_sale(1, [("COLA", 1, 300)], SHOPS_MIDNIGHT - MINUTE, "anna", "sh-1")
    early = priced_sale(2, [("TEA", 2, 500)], SHOPS_MIDNIGHT, "anna", "sh-2")
    apply_batch(uow(), store, [late, early], now_ms=SHOPS_MIDNIGHT + DAY_MS)

    day_d, day_next = Period(D, D + 1, CHINA), Period(D + 1, D + 2, CHINA)
    both = Period(D, D + 2, CHINA)
    assert _figures(uow, "sku", day_d) == {"COLA": 300}
    assert _figures(uow, "sku", day_next) == {"TEA": 1000}
    by_day = _figures(uow, "day", both)  # the store report, from the UTC hours
    assert list(by_day.values()) == [300, 1000]
    assert sr.margin_report(uow(), ADMIN, day_d).totals["amount_minor"] == 300  # by category
    with uow() as u:  # the one-store SKU rows and the chain's agree
        mine = u.sales_report.sales_by("sku", {store}, day_next)
    assert [(f.key, f.amount_minor) for f in mine] == [("TEA", 1000)]

    # Rows are counted now: another configured offset does not move their days silently.
    assert align_sku_days(uow(), 0) == CHINA
    assert _figures(uow, "sku", day_d) == {"COLA": 300}
    # The operator's rebuild at UTC counts both sales on UTC day D.
    with engine.begin() as conn:
        report_rollups_rebuild.rebuild(conn, utc_offset_minutes=0)
    with uow() as u:
        assert u.sales_report.sku_day_offset() == 0
    assert _figures(uow, "sku", Period(D, D + 1, 0)) == {"COLA": 300, "TEA": 1000}
    assert align_sku_days(uow(), 0) is None
    # And back: the rebuild keeps the offset recorded when it is not given one.
    with engine.begin() as conn:
        report_rollups_rebuild.rebuild(conn, utc_offset_minutes=CHINA)
        report_rollups_rebuild.rebuild(conn)
    assert _figures(uow, "sku", day_next) == {"TEA": 1000}
