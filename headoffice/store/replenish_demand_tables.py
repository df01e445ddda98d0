"""The demand sums replenishment keeps per store and SKU (migration 0045_replenish_demand).

A run used to group 90 days of sales_sku_daily (100 M rows at 1,000 stores) into each
pair's sums; these tables keep the sums themselves, brought up to date by
headoffice/store/replenish_demand_keep.py, so a run reads one narrow row a pair:

- replenish_demand: per store and SKU and per window of 7, 30 and 90 days, the censored
  days (a stock-out span touches them), the demand of the days that count and the sum of
  its squares, as of replenish_demand_state's day (day 0 of the history). A pair with no
  row had no sale and no span in the 90 days (every day counts, demand 0). The rule "a
  level at or below zero without an open span censors every day" depends on the level
  now and is applied when a run reads the sums, not kept here.
- replenish_demand_state: one row (id 1): the day the sums are as of and the shops'
  offset they count days in; no row (or another offset) means the sums must be rebuilt.
- replenish_demand_dirty: the pairs apply touched in a way the day's roll-forward cannot
  see (a late batch's sales on a day the sums already hold, a stock-out span opened or
  closed); their sums are computed again from their rows before the next run reads them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, PrimaryKeyConstraint, String, Table

from headoffice.domain.demand import WINDOWS
from headoffice.store.tables import metadata

replenish_demand = Table(
    "replenish_demand",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    *(
        column
        for w in WINDOWS
        for column in (
            Column(f"out_{w}", Integer, nullable=False),  # censored days of the window
            Column(f"total_{w}", BigInteger, nullable=False),  # demand of the days that count
            Column(f"squares_{w}", BigInteger, nullable=False),  # Σ (a day's demand)²
        )
    ),
    PrimaryKeyConstraint("store_code", "sku", name="pk_replenish_demand"),
)

replenish_demand_state = Table(
    "replenish_demand_state",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("last_day", Integer, nullable=False),  # day 0 of the sums (days since 1970-01-01)
    Column("offset_minutes", Integer, nullable=False),  # the shops' offset from UTC
    Column("updated_at_ms", BigInteger, nullable=False),
)

replenish_demand_dirty = Table(
    "replenish_demand_dirty",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    PrimaryKeyConstraint("store_code", "sku", name="pk_replenish_demand_dirty"),
)

TABLES = (replenish_demand, replenish_demand_state, replenish_demand_dirty)
