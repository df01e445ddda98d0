"""Demand sums per store and SKU computed by the database (one row a pair, not a row a day).

headoffice.domain.demand defines the figures: a day is a calendar day in the shops' zone
(the days sales_sku_daily counts in), the history the 90 whole days before today (day 0
yesterday); a day's demand is its sales_sku_daily quantity (sold less returned); a day is
censored when a stock-out span (stockout_spans, recorded at apply) touches it, and every
day is when the level is at or below zero now without an open span. The query reads those
two tables, not the movements:

1. `sp`: the spans that touch the history, as first and last calendar day, clipped to it,
   with the pairs out now without an open span as one span over the whole history
   (stock_levels' partial index on levels at or below zero finds them);
2. `u`: each span's days not already covered by an earlier span of the pair (spans do
   not overlap in time, but two can touch the same day), per window of 7, 30 and 90 days;
3. the sales days of the history that no span touches, per window their demand, and
   over the chosen window the squares of the daily demand;
4. one row per store and SKU with a sale or a span (the two grouped apart, then joined):
   censored days and demand per window.

The service turns the sums into velocities and σ (domain.demand.demand_from_sums, exact
integers), so a pair's figures equal those of demand_of over its day rows and spans
(tests/db/test_replenish_demand_sql.py holds them equal on random ledgers, both
databases). The pairs with neither have no row here: their sums follow from their stock
level alone (domain.demand.quiet_sums).
"""

from __future__ import annotations

from headoffice.domain.demand import DAY_MS, WINDOWS


def _most(a: str, b: str) -> str:
    return f"(CASE WHEN {a} > {b} THEN {a} ELSE {b} END)"


def _fresh_days(window: int) -> str:
    """A span's days in the window not covered by an earlier span of the pair, over `u`."""
    low = f"(:last - {window - 1})"
    start = f"{_most('u.a', low)} - 1"
    covered = "COALESCE(u.pm, u.a - 1)"
    fresh = f"u.b - {_most(start, covered)}"
    return f"{_most(fresh, '0')}"


def demand_sums_sql(
    postgresql: bool,
    window_days: int,
    by_category: bool,
    *,
    kept: bool = False,
    dirty_only: bool = False,
) -> str:
    """The query: bind parameters :first and :last (the history's first and last calendar
    day), :since (the first day's start, ms), :offset (the shops' offset, ms) and
    :category when `by_category`; rows of (sku, store, out_7, total_7, out_30, total_30,
    out_90, total_90, squares) in SKU order (bytes, as Python orders strings) then store,
    `out_W` the window's censored days.

    `kept`: the rows replenish_demand keeps (replenish_demand_keep.py): the squares of
    every window (squares_7, squares_30, squares_90 instead of one), unordered, and without
    the rule that a level at or below zero with no open span censors every day (a run
    applies it when it reads the sums); `dirty_only`: only the pairs in
    replenish_demand_dirty."""
    if window_days not in WINDOWS:
        raise ValueError(f"window_days must be one of {WINDOWS}")
    category = "IN (SELECT p.sku FROM products p WHERE p.category = :category)"
    o_cat = f" AND o.sku {category}" if by_category else ""
    s_cat = f" AND s.sku {category}" if by_category else ""
    d_cat = f" AND d.sku {category}" if by_category else ""
    if dirty_only:
        dirty = "EXISTS (SELECT 1 FROM replenish_demand_dirty z WHERE z.store_code = {0}.store_code"
        dirty += " AND z.sku = {0}.sku)"
        o_cat += " AND " + dirty.format("o")
        d_cat += " AND " + dirty.format("d")
    back_day = f"({_most('o.back_at_ms - 1', 'o.out_at_ms')} + :offset) / {DAY_MS}"
    # A day's quantity as a 4-byte integer: its sum keeps an 8-byte state on PostgreSQL
    # (a bigint's sum keeps a 128-bit one); a store sells under 2^31 base units a day.
    q = "CAST(d.qty_base AS INTEGER)"
    totals = ", ".join(
        f"SUM(CASE WHEN d.day > :last - {w} THEN {q} ELSE 0 END) AS t{w}" for w in WINDOWS
    )
    square_windows = WINDOWS if kept else (window_days,)
    squares = ", ".join(
        f"SUM(CASE WHEN d.day > :last - {w} THEN d.qty_base * d.qty_base ELSE 0 END) AS sq{w}"
        for w in square_windows
    )
    sq_out = ", ".join(f"COALESCE(dz.sq{w}, 0) AS sq{w}" for w in square_windows)
    sq_only = ", ".join("0" for _w in square_windows)
    outs = ", ".join(f"SUM({_fresh_days(w)}) AS o{w}" for w in WINDOWS)
    # Bytes order ("C") on PostgreSQL: the order Python's strings sort in, much cheaper
    # than a locale's; SQLite's BINARY is bytes already.
    c = ' COLLATE "C"' if postgresql else ""
    out_cols = ", ".join(
        f"COALESCE(cz.o{w}, 0) AS o{w}, COALESCE(dz.t{w}, 0) AS t{w}" for w in WINDOWS
    )
    if postgresql:
        # one hash full join: the pairs with sales, with spans, or both
        pairs = f"""
SELECT COALESCE(dz.sku, cz.sku){c} AS sku, COALESCE(dz.store_code, cz.store_code){c} AS store,
       {out_cols}, {sq_out}
FROM dz FULL JOIN cz ON cz.store_code = dz.store_code AND cz.sku = dz.sku"""
    else:  # the same without FULL JOIN (SQLite before 3.39 has none)
        only = ", ".join(f"cz.o{w}, 0" for w in WINDOWS)
        pairs = f"""
SELECT dz.sku AS sku, dz.store_code AS store, {out_cols}, {sq_out}
FROM dz LEFT JOIN cz ON cz.store_code = dz.store_code AND cz.sku = dz.sku
UNION ALL
SELECT cz.sku, cz.store_code, {only}, {sq_only}
FROM cz WHERE NOT EXISTS (
  SELECT 1 FROM dz WHERE dz.store_code = cz.store_code AND dz.sku = cz.sku)"""
    now_rule = f"""
  UNION ALL
  SELECT s.store_code, s.sku, :first, :last
  FROM stock_levels s
  WHERE s.qty_base <= 0{s_cat} AND NOT EXISTS (
    SELECT 1 FROM stockout_spans o
    WHERE o.store_code = s.store_code AND o.sku = s.sku AND o.back_at_ms IS NULL)"""
    if kept:
        now_rule = ""
    order = "" if kept else "ORDER BY sku, store"
    return f"""
WITH sp AS (
  SELECT o.store_code, o.sku, (o.out_at_ms + :offset) / {DAY_MS} AS a0,
         CASE WHEN o.back_at_ms IS NULL THEN :last ELSE {back_day} END AS b0
  FROM stockout_spans o
  WHERE (o.back_at_ms IS NULL OR o.back_at_ms > :since){o_cat}{now_rule}
),
c AS (
  SELECT store_code, sku, CASE WHEN a0 < :first THEN :first ELSE a0 END AS a,
         CASE WHEN b0 > :last THEN :last ELSE b0 END AS b
  FROM sp WHERE a0 <= :last AND b0 >= :first
),
u AS (
  SELECT store_code, sku, a, b,
         MAX(b) OVER (PARTITION BY store_code, sku ORDER BY a, b
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pm
  FROM c
),
cz AS (
  SELECT u.store_code, u.sku, {outs} FROM u GROUP BY u.store_code, u.sku
),
dz AS (
  SELECT d.store_code, d.sku, {totals}, {squares}
  FROM sales_sku_daily d
  WHERE d.day >= :first AND d.day <= :last{d_cat} AND NOT EXISTS (
    SELECT 1 FROM c WHERE c.store_code = d.store_code AND c.sku = d.sku
    AND d.day >= c.a AND d.day <= c.b)
  GROUP BY d.store_code, d.sku
),
pairs AS ({pairs}
)
SELECT * FROM pairs {order}
"""
