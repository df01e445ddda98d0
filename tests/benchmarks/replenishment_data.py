"""The replenishment benchmark's chain: S stores x K SKUs x 90 days of sales, loaded by COPY.

A run reads what apply keeps, not the movements: the sales per store, SKU and day
(sales_sku_daily), the stock-out spans (stockout_spans) and the stock levels. So those are
generated directly, as apply would have left them, and no movement is (generating the
~197 M movements of 1,000 stores took the earlier benchmarks ~80 minutes). The shape is a
chain's long tail rather than every SKU selling every day. The SKUs fall in three tiers,
the same in every store:

| tier | share of SKUs | sells on | lines on a selling day |
|---|---|---|---|
| fast | 5 % | 80 % of days | 1-4 |
| medium | 25 % | 20 % of days | 1-2 |
| slow | 70 % | 3 % of days | 1 |

so about 11 % of store-SKU-days have a sale (a row in sales_sku_daily: ~99,000 a store
over 90 days), 1-2 pieces a line, ~1 % of lines returned. Every store-SKU pair has a
stock level (0-40, about 5 % at zero); 80 % of the pairs at zero ran out at a moment in
the last 20 days (an open span; the others have been out since before the record began),
and 3 % of the others were out for 1-5 days inside the 90 (a closed span). Each store's
levels and spans come from its own seed, so a chain of 10 stores is the first 10 stores of
a chain of 100; the sales histories are 16 patterns shared round the stores
(`sales_pattern`: formatting 99,000 rows a store in Python would cost more than loading
them).

The schema comes from the real migrations; the secondary indexes of the loaded tables are
dropped during the load and rebuilt from their catalogue definitions after it.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import psycopg

from headoffice.store.migrations import migrate
from tests.benchmarks.report import progress
from tests.benchmarks.stock_data import urls

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
DAYS = 90
SELL_P = (0.80, 0.20, 0.03)  # fast, medium, slow: chance of a sale on a day
MAX_LINES = (4, 2, 1)
RETURN_P = 0.01


def store_code(i: int) -> str:
    return f"B{i:04d}"


def sku_code(k: int) -> str:
    return f"P{k:05d}"


def tiers(skus: int) -> Any:
    """Each SKU's tier (0 fast, 1 medium, 2 slow) by its number 1..skus."""
    k = np.arange(1, skus + 1)
    tier = np.full(skus, 2)
    tier[k % 4 == 1] = 1
    tier[k % 20 == 0] = 0
    return tier


PATTERNS = 16  # distinct sales histories, store i has pattern i % PATTERNS


def sales_pattern(p: int, skus: int, now_ms: int) -> tuple[str, int]:
    """(sales_sku_daily rows as COPY text with the store code left as "@", row count) of
    sales pattern p: generating 99,000 rows a store for 1,000 stores would cost more than
    loading them, so stores share PATTERNS histories (their levels and spans are their own)."""
    rng = np.random.default_rng(10_000 + p)
    tier = tiers(skus)
    sell = rng.random((skus, DAYS)) < np.array(SELL_P)[tier][:, None]
    lines = np.where(
        sell, 1 + rng.integers(0, 4, (skus, DAYS)) % np.array(MAX_LINES)[tier][:, None], 0
    )
    qty = lines + rng.binomial(lines, 0.3) - 2 * rng.binomial(lines, RETURN_P)
    yesterday = now_ms // DAY_MS - 1
    names = [sku_code(k + 1) for k in range(skus)]
    sales = []
    for d in range(DAYS - 1, -1, -1):  # in primary-key order: day, then SKU
        day = yesterday - d
        for k in np.nonzero(lines[:, d])[0].tolist():
            q = int(qty[k, d])
            sales.append(f"@\t{day}\t{names[k]}\t{q}\t{q * 200}\t{q * 100}"
                         f"\t{int(lines[k, d])}\n")  # fmt: skip
    return "".join(sales), len(sales)


def store_rows(i: int, skus: int, now_ms: int) -> tuple[str, str]:
    """(stock levels, stockout_spans) of store i as COPY text."""
    rng = np.random.default_rng(i)
    store = store_code(i)
    names = [sku_code(k + 1) for k in range(skus)]
    on_hand = rng.integers(0, 41, skus)
    on_hand[rng.random(skus) < 0.05] = 0
    levels = "".join(f"{store}\t{names[k]}\t{q}\t100\t{now_ms}\n" for k, q in enumerate(on_hand))
    spans = []
    for k in np.nonzero(on_hand == 0)[0].tolist():
        if rng.random() < 0.8:
            spans.append(
                f"{store}\t{names[k]}\t{now_ms - int(rng.integers(1, 20 * DAY_MS))}\t\\N\n"
            )
    for k in np.nonzero((on_hand > 0) & (rng.random(skus) < 0.03))[0].tolist():
        out = now_ms - int(rng.integers(6 * DAY_MS, DAYS * DAY_MS))
        back = out + int(rng.integers(DAY_MS, 5 * DAY_MS))
        spans.append(f"{store}\t{names[k]}\t{out}\t{back}\n")
    return levels, "".join(spans)


def ensure(
    admin_dsn: str, stores: int, skus: int, now_ms: int, database: str
) -> tuple[str, dict[str, float]]:
    """The database holding this chain (kept between runs; generated again when its size
    differs or its 90 days no longer end within a day of `now_ms`), and what generating it
    took: {"seconds", "movements"} (the sales rows; seconds 0 when it was reused)."""
    dsn, url = urls(admin_dsn, database)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{database}"')
    migrate(url)
    size = f"{stores}x{skus}/tiers-v3-rollup-kept"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        meta = dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
        if meta.get("size") == size and abs(int(meta.get("now_ms", 0)) - now_ms) < DAY_MS:
            progress(f"reusing {database} ({stores:,} stores x {skus:,} SKUs)")
            return url, {
                "seconds": 0.0, "movements": float(meta.get("movements", 0)),
                "rebuild_s": float(meta.get("rebuild_s", 0)), "roll_s": float(meta.get("roll_s", 0)),
            }  # fmt: skip
        started = time.monotonic()
        movements = generate(conn, stores, skus, now_ms, database)
        seconds = time.monotonic() - started
    rebuild_s, roll_s = keep_sums(url, now_ms)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DELETE FROM bench_meta")
        conn.execute(
            "INSERT INTO bench_meta VALUES ('size', %s), ('now_ms', %s), ('movements', %s),"
            " ('rebuild_s', %s), ('roll_s', %s)",
            (size, str(now_ms), str(movements), str(rebuild_s), str(roll_s)),
        )
        conn.execute("VACUUM ANALYZE replenish_demand")
    return url, {"seconds": seconds, "movements": float(movements), "rebuild_s": rebuild_s,
                 "roll_s": roll_s}  # fmt: skip


def keep_sums(url: str, now_ms: int) -> tuple[float, float]:
    """The kept demand sums (replenish_demand) of the loaded chain: built from scratch as of
    the day before yesterday, then rolled forward one day as the nightly roll (or a run
    on a new day) does; the seconds of each."""
    from headoffice.domain.demand import last_day
    from headoffice.store import replenish_demand_keep
    from headoffice.store.engine import create_engine

    engine = create_engine(url)
    last = last_day(now_ms, 0)
    try:
        with engine.begin() as conn:
            started = time.monotonic()
            replenish_demand_keep.rebuild(conn, last - 1, 0, now_ms)
        rebuild_s = time.monotonic() - started
        progress(f"kept demand sums built from scratch in {rebuild_s:.1f} s")
        with engine.begin() as conn:
            started = time.monotonic()
            assert replenish_demand_keep.bring_up_to(conn, last, 0, now_ms) == "rolled"
        roll_s = time.monotonic() - started
        progress(f"rolled forward one day in {roll_s:.1f} s")
    finally:
        engine.dispose()
    return rebuild_s, roll_s


def generate(conn: psycopg.Connection, stores: int, skus: int, now_ms: int, db: str) -> int:
    progress(f"generating {stores:,} stores x {skus:,} SKUs x {DAYS} days in {db} (COPY)")
    conn.execute(
        "TRUNCATE stock_levels, sales_sku_daily, stockout_spans, movements, products, stores,"
        " store_sync, replenish_demand, replenish_demand_dirty, replenish_demand_state"
    )
    conn.execute("UPDATE report_rollup_settings SET sku_day_offset_minutes = 0")
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('sales_sku_daily',"
        " 'stock_levels', 'stockout_spans') AND indexname NOT LIKE 'pk_%%'"
        " AND indexname NOT LIKE '%%_pkey'"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute(
        "INSERT INTO stores (code, name, disabled, created_at_ms)"
        " SELECT 'B' || lpad(i::text, 4, '0'), 'Bench store ' || i, false, %s"
        " FROM generate_series(1, %s) i",
        (now_ms, stores),
    )
    conn.execute(
        "INSERT INTO products (sku, name, unit, price_minor, cost_minor, category, currency,"
        " active, updated_at_ms, kind)"
        " SELECT 'P' || lpad(k::text, 5, '0'), 'Product ' || k, 'piece', 200, 50 + (k * 37) %% 950,"
        " 'cat' || (k %% 10), 'CNY', true, %s, 'goods' FROM generate_series(1, %s) k",
        (now_ms, skus),
    )
    total = 0
    patterns: dict[int, tuple[str, int]] = {}
    for i in range(1, stores + 1):
        p = i % PATTERNS
        if p not in patterns:
            patterns[p] = sales_pattern(p, skus, now_ms)
        text, count = patterns[p]
        sales = text.replace("@", store_code(i))  # "@" occurs in no SKU code or number
        levels, spans = store_rows(i, skus, now_ms)
        with conn.transaction(), conn.cursor() as cur:
            with cur.copy(
                "COPY sales_sku_daily (store_code, day, sku, qty_base, amount_minor, cost_minor,"
                " lines) FROM STDIN"
            ) as copy:
                copy.write(sales)
            with cur.copy(
                "COPY stock_levels (store_code, sku, qty_base, avg_cost_minor, updated_at_ms)"
                " FROM STDIN"
            ) as copy:
                copy.write(levels)
            with cur.copy(
                "COPY stockout_spans (store_code, sku, out_at_ms, back_at_ms) FROM STDIN"
            ) as copy:
                copy.write(spans)
        total += count
        if i % max(stores // 10, 1) == 0 or i == stores:
            progress(f"sales rows of {i:,} of {stores:,} stores ({total:,} rows)")
    for name, definition in indexes:
        progress(f"index {name}")
        # A partitioned table's index reads "ON ONLY t" in the catalogue (migration 0044):
        # rebuilt as it reads, it would be the parent's alone, invalid, with none on the
        # partitions.
        conn.execute(definition.replace(" ON ONLY ", " ON ", 1))
    for table in ("sales_sku_daily", "stock_levels", "stockout_spans"):
        conn.execute(f"VACUUM ANALYZE {table}")
    return total
