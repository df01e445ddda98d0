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

Parameters: :window (7, 30 or 90), :zz (z/1000), :review, :transfer (days), :eps,
:store ('' for every store), :every_donor; the per-SKU lead time, L + R and √(L + R) come from the
temporary table repl_run_skus (the goods in the run's scope, filled by the caller).
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


def candidates_sql(postgresql: bool, window_days: int) -> str:
    if window_days not in WINDOWS:
        raise ValueError(f"window_days must be one of {WINDOWS}")
    w = window_days
    po_states = _quoted((po_rules.DRAFT, *po_rules.OPEN_STATES))
    c = ' COLLATE "C"' if postgresql else ""
    # Each step a subquery the planner keeps (OFFSET 0): inlined, every column would be
    # its whole expression again wherever a later step names it, many times over.
    fence = " OFFSET 0" if postgresql else " LIMIT -1 OFFSET 0"
    d = f"(CAST(h.v AS {F}) / CAST(1000 AS {F}))"
    s_value = (
        f"{d} * CAST(h.span_days AS {F}) + (:zz * (CAST(h.sig AS {F}) / CAST(1000 AS {F})))"
        " * h.root_span"
    )
    if postgresql:
        # σ = (isqrt(4·10⁶·spread // (n(n−1))) + 1) // 2, spread = n·Σv² − (Σv)², exact:
        # in bigint while 4·10⁶·spread fits (the square root from a float, corrected by
        # ±1), else in numeric; the spread itself in numeric only when Σv² ≥ 10¹⁷ (below,
        # n·Σv² and (Σv)² ≤ n·Σv² fit a bigint).
        spread = _most("g.n * g.sq - g.t * g.t", "0")
        big = (
            "DIV(4000000 * "
            + _most("CAST(g.n AS NUMERIC) * g.sq - CAST(g.t AS NUMERIC) * g.t", "0")
            + ", CAST(g.n AS NUMERIC) * (g.n - 1))"
        )
        roots = f"""
r0 AS (
  SELECT g.*, CASE WHEN g.n >= 2 AND g.sq < 100000000000000000 THEN {spread} END AS sp
  FROM g{fence}),
r1 AS (
  SELECT r0.*,
    CASE WHEN r0.n < 2 THEN 0
         WHEN r0.sp < 2000000000000 THEN 4000000 * r0.sp / (r0.n * (r0.n - 1)) END AS xs,
    CASE WHEN r0.n >= 2 AND (r0.sp IS NULL OR r0.sp >= 2000000000000)
         THEN {big.replace("g.", "r0.")} END AS xb
  FROM r0{fence}),
r2 AS (
  SELECT r1.*, CAST(FLOOR(SQRT(CAST(r1.xs AS {F}))) AS BIGINT) AS rs, FLOOR(SQRT(r1.xb)) AS rb
  FROM r1{fence}),
h0 AS (
  SELECT r2.*, CASE
    WHEN r2.n < 2 THEN 0
    WHEN r2.xs IS NOT NULL THEN (r2.rs - CASE WHEN r2.rs * r2.rs > r2.xs THEN 1 ELSE 0 END
                                 + CASE WHEN (r2.rs + 1) * (r2.rs + 1) <= r2.xs THEN 1 ELSE 0 END
                                 + 1) / 2
    ELSE CAST(DIV(r2.rb - CASE WHEN r2.rb * r2.rb > r2.xb THEN 1 ELSE 0 END
                  + CASE WHEN (r2.rb + 1) * (r2.rb + 1) <= r2.xb THEN 1 ELSE 0 END + 1, 2)
              AS BIGINT) END AS sig
  FROM r2{fence}),"""
        h_from = "h0 h"
    else:
        roots = f"""
h0 AS (SELECT g.*, sl_sigma_milli(g.n, g.t, g.sq) AS sig FROM g{fence}),"""
        h_from = "h0 h"
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
  SELECT l.store_code, l.sku, l.qty_base AS on_hand, 1 AS has_level FROM stock_levels l
  UNION ALL
  SELECT e.store_code, e.sku, 0, 0 FROM extra e
  WHERE NOT EXISTS (
    SELECT 1 FROM stock_levels l WHERE l.store_code = e.store_code AND l.sku = e.sku)
),
open_spans AS (
  SELECT DISTINCT store_code, sku FROM stockout_spans WHERE back_at_ms IS NULL
),
f AS (
  SELECT b.store_code, b.sku, b.on_hand, st.disabled,
         COALESCE(op.inb, 0) AS inb, COALESCE(op.ord, 0) AS ord, COALESCE(op.res, 0) AS res,
         mm.min_qty_base AS mn, mm.max_qty_base AS mx,
         k.span_days, k.root_span,
         CASE WHEN b.has_level = 1 AND b.on_hand <= 0 AND os.sku IS NULL THEN 1 ELSE 0 END AS blank,
         CASE WHEN r.sku IS NOT NULL THEN 1 ELSE 0 END AS kept,
         r.out_7, r.total_7, r.out_30, r.total_30, r.out_90, r.total_90, r.squares_{w} AS squares
  FROM base b
  JOIN {RUN_SKUS} k ON k.sku = b.sku
  JOIN stores st ON st.code = b.store_code
  LEFT JOIN replenish_demand r ON r.store_code = b.store_code AND r.sku = b.sku
  LEFT JOIN op ON op.store_code = b.store_code AND op.sku = b.sku
  LEFT JOIN replenish_min_max mm ON mm.store_code = b.store_code AND mm.sku = b.sku
  LEFT JOIN open_spans os ON os.store_code = b.store_code AND os.sku = b.sku
),
s AS (  -- the demand sums of every window (domain.demand.DemandSums, quiet_sums)
  SELECT f.*,
    {
        ", ".join(
            f'''CASE WHEN blank = 1 THEN 0 WHEN kept = 1 THEN {x} - out_{x}
         WHEN on_hand > 0 THEN {x} ELSE 0 END AS n{x},
    CASE WHEN blank = 1 OR kept = 0 THEN 0 ELSE total_{x} END AS t{x}'''
            for x in WINDOWS
        )
    },
    CASE WHEN blank = 1 OR kept = 0 THEN 0 ELSE squares END AS sq
  FROM f{fence}
),
g AS (
  SELECT s.*, s.n{w} AS n, s.t{w} AS t,
    CASE WHEN s.n{w} > 0
         THEN {
        _most(
            f"CAST(FLOOR(CAST(s.t{w} AS {F}) / CAST(s.n{w} AS {F}) * CAST(1000 AS {F}) + CAST(0.5 AS {F})) AS BIGINT)",
            "0",
        )
    }
         ELSE 0 END AS v
  FROM s{fence}
),{roots}
k1 AS (
  SELECT h.*, {_ceil(s_value)} AS s_up, {_ceil(f"{d} * CAST(:transfer AS {F})")} AS tneed,
         h.on_hand + h.inb + h.ord - h.res AS pos
  FROM {h_from}{fence}
),
k2 AS (
  SELECT k1.*, CASE WHEN k1.mx IS NOT NULL THEN k1.mx ELSE k1.s_up END AS target,
    {
        _most(
            "CASE WHEN k1.mx IS NOT NULL THEN (CASE WHEN k1.pos <= k1.mn THEN k1.mx - k1.pos ELSE 0 END) ELSE k1.s_up - k1.pos END",
            "0",
        )
    } AS raw
  FROM k1{fence}
),
cand AS (
  SELECT k2.*, {_most("k2.on_hand - k2.res - (k2.target + k2.tneed)", "0")} AS surplus,
    CASE WHEN k2.raw > 0 AND NOT k2.disabled AND (:store = '' OR k2.store_code = :store)
         THEN 1 ELSE 0 END AS short
  FROM k2{fence}
),
chosen AS (
  SELECT cand.*,
    CAST(SUM(CASE WHEN short = 1 THEN raw ELSE 0 END) OVER (PARTITION BY sku{c}) AS BIGINT)
      AS wanted,
    CAST(SUM(CASE WHEN short = 1 THEN 0 ELSE surplus END) OVER (
      PARTITION BY sku{c} ORDER BY store_code{c} ROWS UNBOUNDED PRECEDING) AS BIGINT) AS given
  FROM cand WHERE short = 1 OR (surplus > 0 AND NOT disabled)
)
SELECT sku{c} AS sku, store_code{c} AS store_code, on_hand, inb, ord, res, mn, mx,
       n7, t7, n30, t30, n90, t90, sq, v, sig, target, raw, surplus, tneed
FROM chosen
WHERE short = 1 OR (wanted > 0 AND (:every_donor = 1 OR given - surplus < wanted))
ORDER BY 1, 2
"""
