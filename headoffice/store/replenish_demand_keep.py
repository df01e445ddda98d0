"""Keeping replenish_demand (replenish_demand_tables.py) up to date, on a connection.

`bring_up_to(conn, last, offset)` makes the sums hold the 90 days whose newest is `last`
(day 0 of a run made on day `last + 1`), in three ways, cheapest first:

- roll forward one day at a time (`ROLL`): per window, the day entering is added and the
  day leaving taken away, each as a sale day that counts (its quantity and square) or a
  censored day (one more or one fewer out), whichever the stock-out spans say it is. A
  day's reading reads 4 days of sales_sku_daily (the one entering and the three leaving)
  and the spans touching them, not 90 days;
- the dirty pairs (apply marked them: a late batch's sales on a day the sums already
  hold, a span opened or closed) computed again from their rows alone;
- everything computed again (`rebuild`: the first time, after more than MAX_ROLL_DAYS
  days without a run, a run dated before the sums, or another shops' offset).

The figures are exactly what headoffice/store/replenish_demand_sql.py computes from the
rows (tests/db/test_replenish_demand_keep.py checks it after random applies and days,
both databases). On PostgreSQL the state row is locked for the update (FOR UPDATE) and
apply reads it FOR SHARE (`mark_late_sales`), so a batch committing sales for a day the
roll reads is either seen by the roll or marks its pairs dirty afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from headoffice.domain.demand import DAY_MS, HISTORY_DAYS, WINDOWS
from headoffice.store.replenish_demand_sql import demand_sums_sql
from headoffice.store.replenish_demand_tables import (
    replenish_demand,
    replenish_demand_dirty,
    replenish_demand_state,
)

MAX_ROLL_DAYS = 7
_KEPT = (
    ", ".join(f"out_{w}, total_{w}" for w in WINDOWS)
    + ", "
    + ", ".join(f"squares_{w}" for w in WINDOWS)
)


def _touches(day: str) -> str:
    """SQL: span `o` touches calendar day `day` (an open span runs to the newest day)."""
    back_day = (
        "((CASE WHEN o.back_at_ms - 1 > o.out_at_ms THEN o.back_at_ms - 1 ELSE o.out_at_ms END)"
        f" + :offset) / {DAY_MS}"
    )
    return (
        f"(o.out_at_ms + :offset) / {DAY_MS} <= {day}"
        f" AND (o.back_at_ms IS NULL OR {back_day} >= {day})"
    )


def _roll_sql() -> str:
    """One day forward: :day enters every window, :day - W leaves window W."""
    days = " UNION ALL ".join(
        ["SELECT :day AS day, 0 AS w"] + [f"SELECT :day - {w}, {w}" for w in WINDOWS]
    )
    out_cols = ", ".join(
        f"CASE WHEN x.w = 0 THEN 1 WHEN x.w = {w} THEN -1 ELSE 0 END AS out_{w}, "
        f"0 AS total_{w}, 0 AS squares_{w}"
        for w in WINDOWS
    )
    q = "d.qty_base"
    sale_cols = ", ".join(
        f"0, CASE WHEN x.w = 0 THEN {q} WHEN x.w = {w} THEN -{q} ELSE 0 END, "
        f"CASE WHEN x.w = 0 THEN {q} * {q} WHEN x.w = {w} THEN -{q} * {q} ELSE 0 END"
        for w in WINDOWS
    )
    cols = [f"out_{w}, total_{w}, squares_{w}" for w in WINDOWS]
    sums = ", ".join(f"SUM(out_{w}), SUM(total_{w}), SUM(squares_{w})" for w in WINDOWS)
    sets = ", ".join(
        f"{c} = replenish_demand.{c} + excluded.{c}"
        for w in WINDOWS
        for c in (f"out_{w}", f"total_{w}", f"squares_{w}")
    )
    return f"""
WITH x AS ({days}),
cen AS (
  SELECT DISTINCT o.store_code, o.sku, x.day, x.w
  FROM stockout_spans o JOIN x ON {_touches("x.day")}
  WHERE o.back_at_ms IS NULL OR o.back_at_ms > :since
),
delta AS (
  SELECT cen.store_code, cen.sku, {out_cols.replace("x.w", "cen.w")}
  FROM cen
  UNION ALL
  SELECT d.store_code, d.sku, {sale_cols}
  FROM sales_sku_daily d JOIN x ON d.day = x.day
  WHERE NOT EXISTS (
    SELECT 1 FROM cen WHERE cen.store_code = d.store_code AND cen.sku = d.sku
    AND cen.day = d.day)
)
INSERT INTO replenish_demand (store_code, sku, {", ".join(cols)})
SELECT store_code, sku, {sums} FROM delta WHERE 1 = 1 GROUP BY store_code, sku
ON CONFLICT (store_code, sku) DO UPDATE SET {sets}
"""


ROLL = _roll_sql()


def _kept_insert(postgresql: bool, dirty_only: bool) -> str:
    query = demand_sums_sql(postgresql, 30, False, kept=True, dirty_only=dirty_only)
    return f"INSERT INTO replenish_demand (sku, store_code, {_KEPT})\n{query}"


def _params(last: int, offset_minutes: int) -> dict[str, int]:
    first = last - HISTORY_DAYS + 1
    offset = offset_minutes * 60_000
    return {"first": first, "last": last, "since": first * DAY_MS - offset, "offset": offset}


def state(conn: sa.Connection, lock: bool = False, share: bool = False) -> tuple[int, int] | None:
    """(last day, offset minutes) the sums are as of, or None (to be rebuilt)."""
    t = replenish_demand_state
    query = sa.select(t.c.last_day, t.c.offset_minutes).where(t.c.id == 1)
    if conn.dialect.name == "postgresql" and (lock or share):
        query = query.with_for_update(read=share and not lock)
    row = conn.execute(query).first()
    return None if row is None else (int(row[0]), int(row[1]))


def _set_state(conn: sa.Connection, last: int, offset_minutes: int, now_ms: int) -> None:
    t = replenish_demand_state
    values = {"last_day": last, "offset_minutes": offset_minutes, "updated_at_ms": now_ms}
    if not conn.execute(t.update().where(t.c.id == 1), values).rowcount:
        conn.execute(t.insert(), {"id": 1, **values})


def forget(conn: sa.Connection) -> None:
    """The sums no longer follow their rows (the roll-ups were rebuilt): the next run
    rebuilds them."""
    conn.execute(replenish_demand_state.delete())


def rebuild(conn: sa.Connection, last: int, offset_minutes: int, now_ms: int) -> None:
    """Every pair's sums computed again from sales_sku_daily and stockout_spans."""
    postgresql = conn.dialect.name == "postgresql"
    conn.execute(replenish_demand.delete())
    conn.execute(replenish_demand_dirty.delete())
    conn.execute(sa.text(_kept_insert(postgresql, False)), _params(last, offset_minutes))
    _set_state(conn, last, offset_minutes, now_ms)


def roll(conn: sa.Connection, day: int, offset_minutes: int) -> None:
    """Sums as of `day - 1` become sums as of `day`."""
    offset = offset_minutes * 60_000
    since = (day - HISTORY_DAYS) * DAY_MS - offset  # the start of the day leaving the 90
    conn.execute(sa.text(ROLL), {"day": day, "offset": offset, "since": since})


def recompute_dirty(conn: sa.Connection, last: int, offset_minutes: int) -> int:
    """The marked pairs' sums computed again from their rows; the number of pairs."""
    d, z = replenish_demand, replenish_demand_dirty
    count = conn.execute(sa.select(sa.func.count()).select_from(z)).scalar() or 0
    if not count:
        return 0
    postgresql = conn.dialect.name == "postgresql"
    marked = sa.select(z.c.store_code).where(z.c.store_code == d.c.store_code, z.c.sku == d.c.sku)
    conn.execute(d.delete().where(marked.exists()))
    conn.execute(sa.text(_kept_insert(postgresql, True)), _params(last, offset_minutes))
    conn.execute(z.delete())
    return int(count)


def bring_up_to(conn: sa.Connection, last: int, offset_minutes: int, now_ms: int) -> str:
    """Make the sums hold the 90 days ending with day `last`; how: "current", "rolled",
    or "rebuilt" (the caller commits)."""
    found = state(conn, lock=True)
    if (
        found is None
        or found[1] != offset_minutes
        or last < found[0]
        or last - found[0] > MAX_ROLL_DAYS
    ):
        rebuild(conn, last, offset_minutes, now_ms)
        return "rebuilt"
    how = "current"
    for day in range(found[0] + 1, last + 1):
        roll(conn, day, offset_minutes)
        how = "rolled"
    recompute_dirty(conn, last, offset_minutes)
    if how == "rolled":
        _set_state(conn, last, offset_minutes, now_ms)
    return how


def mark(conn: sa.Connection, store_code: str, skus: Iterable[str]) -> None:
    """Mark the store's SKUs dirty (their sums are computed again before the next run)."""
    rows = [{"store_code": store_code, "sku": sku} for sku in sorted(set(skus))]
    if not rows:
        return
    z = replenish_demand_dirty
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql as pg

        conn.execute(pg.insert(z).on_conflict_do_nothing(), rows)
    else:
        from sqlalchemy.dialects import sqlite

        conn.execute(sqlite.insert(z).on_conflict_do_nothing(), rows)


def mark_late_sales(
    conn: sa.Connection, store_code: str, days_skus: Iterable[tuple[int, str]]
) -> None:
    """apply's hook: the batch's (day, SKU) sales rows on a day the sums already hold mark
    their pairs dirty; sales of a day still to come (today's) need nothing, the roll adds
    them. Reads the state FOR SHARE on PostgreSQL (see the module's note)."""
    pairs = list(days_skus)
    if not pairs:
        return
    found = state(conn, share=True)
    if found is None:
        return
    late = [sku for day, sku in pairs if day <= found[0]]
    mark(conn, store_code, late)


def mark_spans(conn: sa.Connection, store_code: str, skus: Iterable[str]) -> None:
    """apply's hook: the SKUs whose stock-out spans the batch opened or closed."""
    skus = list(skus)
    if skus and state(conn, share=True) is not None:
        mark(conn, store_code, skus)
