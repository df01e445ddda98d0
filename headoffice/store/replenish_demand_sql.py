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
4. one row per store and SKU with a sale or a span: censored days and demand per window.

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


def demand_sums_sql(postgresql: bool, window_days: int, by_category: bool) -> str:
    """The query: bind parameters :first and :last (the history's first and last calendar
    day), :since (the first day's start, ms), :offset (the shops' offset, ms) and
    :category when `by_category`; rows of (sku, store, out_7, total_7, out_30, total_30,
    out_90, total_90, squares) in SKU order (bytes, as Python orders strings) then store,
    `out_W` the window's censored days."""
    if window_days not in WINDOWS:
        raise ValueError(f"window_days must be one of {WINDOWS}")
    category = "IN (SELECT p.sku FROM products p WHERE p.category = :category)"
    o_cat = f" AND o.sku {category}" if by_category else ""
    s_cat = f" AND s.sku {category}" if by_category else ""
    d_cat = f" AND d.sku {category}" if by_category else ""
    back_day = f"({_most('o.back_at_ms - 1', 'o.out_at_ms')} + :offset) / {DAY_MS}"
    sales = []
    censored = []
    for window in WINDOWS:
        sales += ["0", f"CASE WHEN d.k < {window} THEN d.q ELSE 0 END"]
        censored += [_fresh_days(window), "0"]
    sales.append(f"CASE WHEN d.k < {window_days} THEN d.q * d.q ELSE 0 END")
    censored.append("0")
    sums = ", ".join(f"SUM(z.v{n})" for n in range(len(sales)))
    named = ", ".join(f"{e} AS v{n}" for n, e in enumerate(sales))
    # Bytes order ("C") on PostgreSQL: the order Python's strings sort in, much cheaper
    # than a locale's; SQLite's BINARY is bytes already.
    c = ' COLLATE "C"' if postgresql else ""
    return f"""
WITH sp AS (
  SELECT o.store_code, o.sku, (o.out_at_ms + :offset) / {DAY_MS} AS a0,
         CASE WHEN o.back_at_ms IS NULL THEN :last ELSE {back_day} END AS b0
  FROM stockout_spans o
  WHERE (o.back_at_ms IS NULL OR o.back_at_ms > :since){o_cat}
  UNION ALL
  SELECT s.store_code, s.sku, :first, :last
  FROM stock_levels s
  WHERE s.qty_base <= 0{s_cat} AND NOT EXISTS (
    SELECT 1 FROM stockout_spans o
    WHERE o.store_code = s.store_code AND o.sku = s.sku AND o.back_at_ms IS NULL)
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
d AS (
  SELECT d.sku, d.store_code, :last - d.day AS k, d.qty_base AS q
  FROM sales_sku_daily d
  WHERE d.day >= :first AND d.day <= :last{d_cat} AND NOT EXISTS (
    SELECT 1 FROM c WHERE c.store_code = d.store_code AND c.sku = d.sku
    AND d.day >= c.a AND d.day <= c.b)
),
z AS (
  SELECT d.sku{c} AS sku, d.store_code{c} AS store_code, {named}
  FROM d
  UNION ALL
  SELECT u.sku{c}, u.store_code{c}, {", ".join(censored)}
  FROM u
)
SELECT z.sku, z.store_code, {sums}
FROM z
GROUP BY z.sku, z.store_code
ORDER BY z.sku, z.store_code
"""
