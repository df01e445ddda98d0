"""Where the SKU reports' days begin: the shops' time zone the SKU roll-ups count days in.

The category and SKU figures come from rows a store, SKU and day (store/sales_tables.py);
a day there is counted at the offset from UTC recorded with them, which apply_batch reads
for every batch, so one table never mixes two zones. The configured offset ([counts]
utc_offset_minutes, what every report's period is counted in) becomes the recorded one
while no sale has been added up by SKU (a new chain, a fresh upgrade with no sales), or
when an operator rebuilds the roll-ups (headoffice rebuild-report-rollups).
"""

from __future__ import annotations

from headoffice.services.ports import UnitOfWorkPort


def align_sku_days(uow: UnitOfWorkPort, configured_minutes: int) -> int | None:
    """Record `configured_minutes` as the SKU rows' day offset when that changes no row's day;
    None when the rows now count the configured days, else the offset they still count
    (rows already added up: the caller says a rebuild is needed)."""
    with uow:
        recorded = uow.sales_report.sku_day_offset()
        if recorded == configured_minutes:
            return None
        if uow.sales_report.has_sku_rows():
            return recorded
        uow.sales_report.set_sku_day_offset(configured_minutes)
        uow.commit()
    return None
