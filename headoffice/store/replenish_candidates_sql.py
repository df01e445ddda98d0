"""The pairs a replenishment run plans, chosen by the database (one query, streamed).

headoffice.domain.replenishment defines a store and SKU's need: the order-up-to
S = d̄·(L+R) + z·σ·√(L+R) rounded up (or the max of a min/max set by hand), the position
on hand + inbound + on order − reserved, the suggestion max(0, S − position) (for a
min/max: max − position once the position is at or below min), and the surplus it can
give, on hand − reserved − (S + what it sells while a transfer travels). This query
computes the same integers from replenish_demand (the kept demand sums, with the rule
that a level at or below zero and no open span censors every day applied here), the
stock levels, open transfers and purchase orders and min/max, and sends only:

- the pairs short of their order-up-to (a store that may receive: enabled, and the run's
  store when it has one), and
- the pairs with surplus (enabled stores) of the SKUs some store is short of: with every
  store-to-store cost at the default (:every_donor 0), a short store draws on the others
  in store code order, so only those whose predecessors' surplus does not already cover
  the SKU's whole shortage can be drawn on, and only those are sent; with costs set by
  hand (:every_donor 1), every one,

in SKU (bytes) then store order. The service computes each sent pair's Need again in
Python (domain.replenishment.need_of) and plans from it; the figures here only choose
the pairs, and they are exactly the domain's (tests/db/test_replenish_candidates.py
compares them on random chains, both databases): the floats are the same IEEE
operations in the same order (d̄ = v/1000, z·σ·√span with z and √span computed in Python
and passed in, ε = 1e-9 before rounding up), σ exact in integers (PostgreSQL: numeric
and an integer square root corrected by ±1; SQLite: the domain's own sigma_milli_of,
registered as a function on the connection).

Rows come in SKU order as Python orders strings, a SKU's short pairs first then its
donors, each in store order (planning does not depend on the order within a SKU), each
named by its numbers:
repl_run_skus numbers the SKUs (sku_no, given by the caller), the stores are numbered in
bytes order (store_no, 1 for the first; the caller numbers them the same way), so the
sort by SKU and store carries integers only.

Parameters: :window (7, 30 or 90), :zz (z/1000), :review, :transfer (days), :eps,
:store ('' for every store), :every_donor; the per-SKU lead time L, √L, L + R and √(L + R)
come from the temporary table repl_run_skus (the goods in the run's scope, filled by the
caller). The same steps with another end give each pair's reorder point for the low-stock
alert (`points`), from the kept sums rather than 90 days of sales.
"""

from __future__ import annotations

from common.domain.transfer_states import OPEN, SHIPPED
from headoffice.domain import purchasing as po_rules
from headoffice.domain.demand import WINDOWS

RUN_SKUS = "repl_run_skus"
F = "DOUBLE PRECISION"


def _most(a: str, b: str) -> str:
    return f"(CASE WHEN {a} > {b} THEN {a} ELSE {b} END)"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _ceil(value: str) -> str:
    """domain.replenishment._ceil: max(ceil(value − ε), 0), as an integer."""
    return _most(f"CAST(CEIL(({value}) - :eps) AS BIGINT)", "0")


def _sigma_sql(postgresql: bool) -> tuple[str, str]:
    """(the x columns of level `x`, σ of level `e`) in SQL (domain.demand.sigma_milli_of):
    σ = (isqrt(4·10⁶·spread // (n(n−1))) + 1) // 2, spread = n·Σv² − (Σv)², exact. On
    PostgreSQL in bigint while 4·10⁶·spread fits (the root from a float, corrected by ±1),
    else in numeric, the spread itself in numeric when Σv² ≥ 10¹⁷ (below, n·Σv² and
    (Σv)² ≤ n·Σv² fit a bigint); on SQLite the domain's own function."""
    if not postgresql:
        return "", "sl_sigma_milli(x.n, x.t, x.sq)"
    spread = _most("a.n * a.sq - a.t * a.t", "0")
    wide = _most("CAST(a.n AS NUMERIC) * a.sq - CAST(a.t AS NUMERIC) * a.t", "0")
    big = f"DIV(4000000 * {wide}, CAST(a.n AS NUMERIC) * (a.n - 1))"
    columns = f""",
    CASE WHEN a.n < 2 THEN 0 WHEN a.sq >= 100000000000000000 THEN NULL
         WHEN {spread} >= 2000000000000 THEN NULL
         ELSE 4000000 * {spread} / (a.n * (a.n - 1)) END AS xs,
    CASE WHEN a.n < 2 THEN NULL WHEN a.sq >= 100000000000000000 THEN {big}
         WHEN {spread} >= 2000000000000 THEN {big} END AS xb"""
    rs = f"CAST(FLOOR(SQRT(CAST(x.xs AS {F}))) AS BIGINT)"
    rb = "FLOOR(SQRT(x.xb))"

    def root(r: str, v: str) -> str:
        return (
            f"{r} - CASE WHEN {r} * {r} > {v} THEN 1 ELSE 0 END"
            f" + CASE WHEN ({r} + 1) * ({r} + 1) <= {v} THEN 1 ELSE 0 END"
        )

    sigma = f"""CASE WHEN x.n < 2 THEN 0
         WHEN x.xs IS NOT NULL THEN ({root(rs, "x.xs")} + 1) / 2
         ELSE CAST(DIV({root(rb, "x.xb")} + 1, 2) AS BIGINT) END"""
    return columns, sigma


def candidates_sql(postgresql: bool, window_days: int, points: str = "") -> str:
    """The candidates query; with `points` ("all" or "low") instead each enabled store's
    reorder point per SKU (the low-stock alert's figures, _points_tail)."""
    if window_days not in WINDOWS:
        raise ValueError(f"window_days must be one of {WINDOWS}")
    w = window_days
    po_states = _quoted((po_rules.DRAFT, *po_rules.OPEN_STATES))
    c = ' COLLATE "C"' if postgresql else ""
    # Each step a subquery the planner keeps (OFFSET 0): inlined, every column would be
    # its whole expression again wherever a later step names it, many times over.
    fence = " OFFSET 0" if postgresql else " LIMIT -1 OFFSET 0"
    # the chosen window's sums (domain.demand.DemandSums, quiet_sums): none count with a
    # level at or below zero and no open span; kept when the pair has a row; else all
    # days count with a level above zero (no sale, no span), none without
    blank = "(b.blank = 1)"
    n = (
        f"CASE WHEN {blank} THEN 0 WHEN r.sku IS NOT NULL THEN {w} - r.out_{w}"
        f" WHEN b.on_hand > 0 THEN {w} ELSE 0 END"
    )
    t = f"CASE WHEN {blank} OR r.sku IS NULL THEN 0 ELSE r.total_{w} END"
    sq = f"CASE WHEN {blank} OR r.sku IS NULL THEN 0 ELSE r.squares_{w} END"
    velocity = _most(
        f"CAST(FLOOR(CAST(a.t AS {F}) / CAST(a.n AS {F}) * CAST(1000 AS {F})"
        f" + CAST(0.5 AS {F})) AS BIGINT)",
        "0",
    )
    x_columns, sigma = _sigma_sql(postgresql)
    d = f"(CAST(e.v AS {F}) / CAST(1000 AS {F}))"
    s_up = _ceil(
        f"{d} * CAST(e.span_days AS {F}) + (:zz * (CAST(e.sig AS {F}) / CAST(1000 AS {F})))"
        " * e.root_span"
    )
    tneed = _ceil(f"{d} * CAST(:transfer AS {F})")
    pos = "(k.on_hand + k.inb + k.ord - k.res)"
    target = "(CASE WHEN k.mx IS NOT NULL THEN k.mx ELSE k.s_up END)"
    raw = _most(
        f"CASE WHEN k.mx IS NOT NULL THEN (CASE WHEN {pos} <= k.mn THEN k.mx - {pos} ELSE 0 END)"
        f" ELSE k.s_up - {pos} END",
        "0",
    )
    surplus = _most(f"k.on_hand - k.res - ({target} + k.tneed)", "0")
    tail = (
        _points_tail(points, fence)
        if points
        else f"""cand AS (
  SELECT k.sku_no, k.store_no, k.on_hand, k.inb, k.ord, k.res, k.mn, k.mx,
         k.v, k.sig, {target} AS target, {raw} AS raw, {surplus} AS surplus, k.tneed,
         CASE WHEN {raw} > 0 AND NOT k.disabled AND (:store = '' OR k.store_code = :store)
              THEN 1 ELSE 0 END AS short,
         CASE WHEN NOT k.disabled THEN 1 ELSE 0 END AS enabled
  FROM k{fence}
),
chosen AS (
  -- numbers, not codes, through the sort: narrower rows (the caller maps them). One sort
  -- and one pass of running sums: a SKU's short pairs first, so at each surplus pair
  -- after them the running sum of the shortages is the SKU's whole shortage (wanted),
  -- and the surplus pairs follow in store order (given: theirs and their predecessors').
  SELECT c.sku_no, c.store_no, c.on_hand, c.inb, c.ord, c.res, c.mn, c.mx, c.v, c.sig,
    c.target, c.raw, c.surplus, c.tneed, c.short,
    CAST(SUM(CASE WHEN c.short = 1 THEN c.raw ELSE 0 END) OVER w AS BIGINT) AS wanted,
    CAST(SUM(CASE WHEN c.short = 1 THEN 0 ELSE c.surplus END) OVER w AS BIGINT) AS given
  FROM cand c WHERE c.short = 1 OR (c.surplus > 0 AND c.enabled = 1)
  WINDOW w AS (PARTITION BY c.sku_no ORDER BY c.short DESC, c.store_no ROWS UNBOUNDED PRECEDING)
)
SELECT sku_no, store_no, on_hand, inb, ord, res, mn, mx, v, sig, target, raw, surplus, tneed
FROM chosen
WHERE short = 1 OR (wanted > 0 AND (:every_donor = 1 OR given - surplus < wanted))
ORDER BY sku_no, short DESC, store_no
"""
    )
    return f"""
WITH op AS (
  SELECT store_code, sku, CAST(SUM(inb) AS BIGINT) AS inb, CAST(SUM(ord) AS BIGINT) AS ord,
         CAST(SUM(res) AS BIGINT) AS res FROM (
    SELECT t.to_store AS store_code, tl.sku AS sku,
           CASE WHEN t.state = '{OPEN}' THEN tl.qty_base ELSE tl.shipped_qty_base END AS inb,
           0 AS ord, 0 AS res
    FROM transfers t JOIN transfer_lines tl ON tl.transfer_id = t.id
    WHERE t.state IN ('{OPEN}', '{SHIPPED}')
    UNION ALL
    SELECT t.from_store, tl.sku, 0, 0, tl.qty_base
    FROM transfers t JOIN transfer_lines tl ON tl.transfer_id = t.id
    WHERE t.state = '{OPEN}'
    UNION ALL
    SELECT o.store_code, ol.sku, 0,
           {_most("ol.ordered_qty_base - ol.received_qty_base", "0")}, 0
    FROM purchase_orders o JOIN purchase_order_lines ol ON ol.po_no = o.po_no
    WHERE o.state IN ({po_states})
  ) x GROUP BY store_code, sku
),
extra AS (
  SELECT store_code, sku FROM op
  UNION
  SELECT store_code, sku FROM replenish_min_max
),
base AS (
  SELECT l.store_code, l.sku, l.qty_base AS on_hand,
         -- a level at or below zero without an open span: every day censored (looked up
         -- in the spans' key only for those, ~5 % of the levels, rather than joining every
         -- pair to the spans; the fence keeps it a lookup by the spans' primary key, not
         -- a hash of every open span built again for each stock_levels partition)
         CASE WHEN l.qty_base > 0 THEN 0
              WHEN EXISTS (SELECT 1 FROM stockout_spans o WHERE o.store_code = l.store_code
                           AND o.sku = l.sku AND o.back_at_ms IS NULL{fence}) THEN 0
              ELSE 1 END AS blank
  FROM stock_levels l
  UNION ALL
  SELECT e.store_code, e.sku, 0, 0 FROM extra e
  WHERE NOT EXISTS (
    SELECT 1 FROM stock_levels l WHERE l.store_code = e.store_code AND l.sku = e.sku)
),
store_rank AS (  -- the stores in code (bytes) order, as integers: a cheaper sort key
  SELECT code, disabled, ROW_NUMBER() OVER (ORDER BY code{c}) AS store_no FROM stores
),
a AS (
  SELECT b.store_code, b.sku, k.sku_no, st.store_no, b.on_hand, st.disabled,
         COALESCE(op.inb, 0) AS inb, COALESCE(op.ord, 0) AS ord, COALESCE(op.res, 0) AS res,
         mm.min_qty_base AS mn, mm.max_qty_base AS mx, k.span_days, k.root_span,
         k.lead_days, k.root_lead,
         {n} AS n, {t} AS t, {sq} AS sq
  FROM base b
  JOIN {RUN_SKUS} k ON k.sku = b.sku
  JOIN store_rank st ON st.code = b.store_code
  LEFT JOIN replenish_demand r ON r.store_code = b.store_code AND r.sku = b.sku
  LEFT JOIN op ON op.store_code = b.store_code AND op.sku = b.sku
  LEFT JOIN replenish_min_max mm ON mm.store_code = b.store_code AND mm.sku = b.sku{fence}
),
x AS (
  SELECT a.*, CASE WHEN a.n > 0 THEN {velocity} ELSE 0 END AS v{x_columns}
  FROM a{fence}
),
e AS (
  SELECT x.store_code, x.sku, x.sku_no, x.store_no, x.on_hand, x.disabled, x.inb, x.ord, x.res, x.mn, x.mx,
         x.span_days, x.root_span, x.lead_days, x.root_lead, x.v, {sigma} AS sig
  FROM x{fence}
),
k AS (
  SELECT e.store_code, e.sku, e.sku_no, e.store_no, e.on_hand, e.disabled, e.inb, e.ord, e.res, e.mn, e.mx,
         e.v, e.sig, {s_up} AS s_up, {tneed} AS tneed
  FROM e{fence}
),
{tail}"""


def _points_tail(points: str, fence: str) -> str:
    """The query's end for reorder points: s = d̄·L + z·σ·√L rounded up
    (domain.replenishment.reorder_point; L and √L from repl_run_skus), or the min of a
    min/max, for each pair of an enabled store (the run's store when it has one) whose
    point is above 0; "low": only those below it with nothing inbound or on order."""
    d = f"(CAST(e.v AS {F}) / CAST(1000 AS {F}))"
    point = _ceil(
        f"{d} * CAST(e.lead_days AS {F}) + (:zz * (CAST(e.sig AS {F}) / CAST(1000 AS {F})))"
        " * e.root_lead"
    )
    low = " AND p.on_hand < p.point AND p.inbound = 0" if points == "low" else ""
    return f"""pts AS (
  SELECT e.sku_no, e.store_no, e.on_hand, e.inb + e.ord AS inbound,
         CASE WHEN e.mx IS NOT NULL THEN e.mn ELSE {point} END AS point,
         CASE WHEN e.mx IS NOT NULL THEN 1 ELSE 0 END AS by_hand
  FROM e WHERE NOT e.disabled AND (:store = '' OR e.store_code = :store){fence}
)
SELECT p.sku_no, p.store_no, p.on_hand, p.inbound, p.point, p.by_hand FROM pts p
WHERE p.point > 0{low}
ORDER BY p.sku_no, p.store_no
"""
