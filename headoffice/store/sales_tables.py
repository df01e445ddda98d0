"""The sales roll-ups the reports read (migration 0024_sales_rollups), on the one metadata.

Head office keeps no selling prices in its movements (they are in the journal's
payloads), so apply_batch adds each applied sale and return to two roll-ups in
the batch's transaction (domain/sales_tally.py):

- sales_sku_daily: per store, SKU and shops' day (below), the quantity sold, the revenue and
  the cost of goods sold at the moving-average cost the movements were valued at;
- sales_hourly: per store, UTC hour, cashier and shift, the sales and returns,
  their revenue and cost: the store/day/hour and cashier reports read it;
- sales_sku_chain_daily (migration 0027_sales_chain_rollup): sales_sku_daily added up
  over the stores of each of CHAIN_SHARDS groups (domain/sales_tally.py chain_shard):
  the chain-wide SKU and category reports and top sellers read it (a few rows a
  SKU-day instead of one a store).

Quantities, money and counts are net of returns (a return subtracts). Hours are
numbered since 1970-01-01 UTC: a report in the shops' (whole-hour) time zone reads
them exactly. The SKU rows' days are numbered since 1970-01-01 in the shops' time,
at the offset report_rollup_settings records (docs/reports.md), so a SKU report's
day begins at the shops' midnight as a store report's does.

Why sales_hourly and sales_day_rollup (0018, store/sales_rollup_table.py) both
exist, though each holds a store-hour's sales at cost (tests/db/test_sales_reports.py
checks they agree): neither serves the other's reader without a loss. sales_day_rollup
is a row a store and day with the 24 hours as columns, all the accuracy report needs
(sales at cost per store and period, a year of 1,000 shops = 365,000 rows);
sales_hourly is a row a store, hour, cashier and shift because the cashier and shift
reports need those and the sales reports revenue, quantity and tickets, so reading it
for the accuracy report would add up about 15 times as many rows (448,800 against
30,000 for a month of the sales benchmark's 1,000 shops: 15 trading hours, 3
cashiers) on the report whose target was the hardest to meet (BENCHMARKS.md). Widening
sales_day_rollup to the sales reports' figures would still leave the cashier and shift
reports without their keys. Keeping both costs one more upsert a batch.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
)

from headoffice.store.tables import metadata

sales_sku_daily = Table(
    "sales_sku_daily",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("day", Integer, nullable=False),  # days since 1970-01-01 UTC
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("cost_minor", BigInteger, nullable=False),
    Column("lines", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "day", "sku", name="pk_sales_sku_daily"),
    Index("ix_sales_sku_daily_day", "day", "store_code"),
)

sales_sku_chain_daily = Table(
    "sales_sku_chain_daily",
    metadata,
    Column("day", Integer, nullable=False),  # days since 1970-01-01 UTC
    Column("sku", String(64), nullable=False),
    Column("shard", SmallInteger, nullable=False),  # chain_shard(store_code)
    Column("qty_base", BigInteger, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("cost_minor", BigInteger, nullable=False),
    Column("lines", BigInteger, nullable=False),
    PrimaryKeyConstraint("day", "sku", "shard", name="pk_sales_sku_chain_daily"),
)

sales_hourly = Table(
    "sales_hourly",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("hour", Integer, nullable=False),  # hours since 1970-01-01 UTC
    Column("cashier", String(64), nullable=False),
    Column("shift_id", String(64), nullable=False),
    Column("sales_count", BigInteger, nullable=False),
    Column("returns_count", BigInteger, nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("returns_minor", BigInteger, nullable=False),
    Column("cost_minor", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "hour", "cashier", "shift_id", name="pk_sales_hourly"),
    Index("ix_sales_hourly_hour", "hour", "store_code"),
)

# Lots received with a best-before day (a delivery line with expiry_date), for the
# near-expiry report; written by the delivery's effect (services/purchasing_effects.py).
stock_lots = Table(
    "stock_lots",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("expiry_day", Integer, nullable=False),  # days since 1970-01-01
    PrimaryKeyConstraint("store_code", "seq", "line_no", name="pk_stock_lots"),
    Index("ix_stock_lots_expiry", "expiry_day", "store_code"),
)

# What each delivery against a purchase order brought, line by line, with when and at what
# cost (the supplier report: lead time, fill rate, on-time share, price history); written
# by the delivery's effect (services/purchasing_effects.py).
po_receipts = Table(
    "po_receipts",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("po_no", BigInteger, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("unit_cost_minor", BigInteger, nullable=False),
    Column("occurred_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "seq", "line_no", name="pk_po_receipts"),
    Index("ix_po_receipts_po", "po_no"),
)

# One row (id 1): the shops' offset from UTC, in minutes, that sales_sku_daily's and
# sales_sku_chain_daily's days are counted in (0027; [counts] utc_offset_minutes when the
# roll-ups were last rebuilt, or set at start while they are empty). apply_batch reads it,
# so the rows of one table never mix two zones.
report_rollup_settings = Table(
    "report_rollup_settings",
    metadata,
    Column("id", SmallInteger, primary_key=True, autoincrement=False),
    Column("sku_day_offset_minutes", Integer, nullable=False),
)

SKU_SUMS = ("qty_base", "amount_minor", "cost_minor", "lines")
HOUR_SUMS = (
    "sales_count",
    "returns_count",
    "qty_base",
    "amount_minor",
    "returns_minor",
    "cost_minor",
)
