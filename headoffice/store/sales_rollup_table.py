"""The sales roll-up table (migration 0018_sales_day_rollup), on the schema's one metadata.

One row a store and UTC day (`day`: days since 1970-01-01 UTC), one column an hour
(`h00_minor` .. `h23_minor`: that hour's sales at cost, minor units), so any whole-hour
time zone reads it exactly (headoffice/domain/sales_rollup.py says why). sales_hourly
(store/sales_tables.py) holds the same sales at cost split by cashier and shift for the
sales reports; that module says why both are kept.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, PrimaryKeyConstraint, String, Table

from headoffice.domain.sales_rollup import HOURS
from headoffice.store.tables import metadata

HOUR_COLUMNS = tuple(f"h{h:02d}_minor" for h in range(HOURS))

sales_day_rollup = Table(
    "sales_day_rollup",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("day", BigInteger, nullable=False),
    *(Column(name, BigInteger, nullable=False) for name in HOUR_COLUMNS),
    PrimaryKeyConstraint("store_code", "day", name="pk_sales_day_rollup"),
)
