"""Demand sums per store and SKU computed by the database (one row a pair, not a row a day).

headoffice.domain.demand defines the figures: a day is a 24-hour span counted back from
the run (day 0 the last 24 hours); a day counts when the SKU was in stock at the store both
when it opened and when it closed, the closing stock being walked back from today's
level through each day's net movements. The query here computes the same thing:

1. `d`: per SKU, store and day, the demand (sales minus returns) and the net movement;
2. `w`: per day row, its closing stock `cl` = on hand − the net of the later days (those
   numbered lower), its opening stock `op` = cl − its own net, the previous and the next
   day with a row (90 after the last);
3. per SKU and store, per window W of 7, 30 and 90 days: the days that count, which are
   the rows with cl > 0 and op > 0, the quiet days after a row up to the next (their stock
   is the row's opening stock, so they count when op > 0), and the quiet days before
   the first row (today's level); the demand summed over the rows that count; and over
   the chosen window, the squares of that demand.

The service turns the sums into velocities and σ (domain.demand.demand_from_sums, exact
integers), so a pair's figures equal those of demand_of over its day rows
(tests/db/test_replenish_demand_sql.py holds them equal on random ledgers, both
databases). The pairs that moved on none of the 90 days have no row here: their sums
follow from their stock level alone (domain.demand.quiet_sums).
"""

from __future__ import annotations

from headoffice.domain.demand import DAY_MS, DEMAND_REASONS, HISTORY_DAYS, WINDOWS


def _window_terms(window: int) -> tuple[str, str]:
    """(days that count, demand summed over them) of one window, as SQL over `w`'s rows."""
    kept = f"(w.day < {window} AND w.cl > 0 AND w.op > 0)"
    days = (
        f"SUM(CASE WHEN {kept} THEN 1 ELSE 0 END"
        # the quiet days after the row, inside the window, at the row's opening stock
        f" + CASE WHEN w.op > 0 AND w.day + 1 < {window} THEN"
        f" (CASE WHEN w.next_day < {window} THEN w.next_day ELSE {window} END) - w.day - 1"
        " ELSE 0 END"
        # the quiet days before the first row, at today's level
        f" + CASE WHEN w.prev_day IS NULL AND w.oh > 0 THEN"
        f" (CASE WHEN w.day < {window} THEN w.day ELSE {window} END) ELSE 0 END)"
    )
    total = f"SUM(CASE WHEN {kept} THEN w.dem ELSE 0 END)"
    return days, total


def demand_sums_sql(postgresql: bool, window_days: int, by_category: bool) -> str:
    """The query: bind parameters :now, :since (and :category when `by_category`); rows of
    (sku, store, on hand, days_7, total_7, days_30, total_30, days_90, total_90, squares)
    in SKU order (bytes, as Python orders strings) then store."""
    if window_days not in WINDOWS:
        raise ValueError(f"window_days must be one of {WINDOWS}")
    reasons = ", ".join(f"'{reason}'" for reason in DEMAND_REASONS)
    day = (
        f"CASE WHEN :now - m.occurred_at_ms < 0 THEN 0"
        f" ELSE (:now - m.occurred_at_ms) / {DAY_MS} END"
    )
    category = (
        " AND m.sku IN (SELECT p.sku FROM products p WHERE p.category = :category)"
        if by_category
        else ""
    )
    columns: list[str] = []
    for window in WINDOWS:
        columns += _window_terms(window)
    kept = f"(w.day < {window_days} AND w.cl > 0 AND w.op > 0)"
    squares = f"SUM(CASE WHEN {kept} THEN w.dem * w.dem ELSE 0 END)"
    # Bytes order ("C") on PostgreSQL: the order Python's strings sort in, and sorting 20 M
    # movements by a locale's rules costs most of the query; SQLite's BINARY is bytes already.
    c = ' COLLATE "C"' if postgresql else ""
    return f"""
WITH d AS (
  SELECT m.sku{c} AS sku, m.store_code{c} AS store_code, {day} AS day,
         SUM(CASE WHEN m.reason IN ({reasons}) THEN -m.qty_base ELSE 0 END) AS dem,
         SUM(m.qty_base) AS net
  FROM movements m
  WHERE m.occurred_at_ms > :since{category}
  GROUP BY m.sku{c}, m.store_code{c}, {day}
),
w AS (
  SELECT d.sku, d.store_code, d.day, d.dem, COALESCE(s.qty_base, 0) AS oh,
         COALESCE(s.qty_base, 0) - SUM(d.net) OVER pair + d.net AS cl,
         COALESCE(s.qty_base, 0) - SUM(d.net) OVER pair AS op,
         LAG(d.day) OVER pair AS prev_day,
         LEAD(d.day, 1, {HISTORY_DAYS}) OVER pair AS next_day
  FROM d LEFT JOIN stock_levels s ON s.store_code{c} = d.store_code AND s.sku{c} = d.sku
  -- one window: days are unique in a pair, so its default frame (up to the current row's
  -- day) is the running sum; LAG and LEAD ignore the frame
  WINDOW pair AS (PARTITION BY d.sku, d.store_code ORDER BY d.day)
)
SELECT w.sku, w.store_code, MAX(w.oh), {", ".join(columns)}, {squares}
FROM w
GROUP BY w.sku, w.store_code
ORDER BY w.sku, w.store_code
"""
