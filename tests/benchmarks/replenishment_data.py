"""The replenishment benchmark's chain: S stores x K SKUs x 90 days of sales, loaded by COPY.

The shape is a chain's long tail rather than every SKU selling every day. The SKUs
fall in three tiers, the same in every store:

| tier | share of SKUs | sells on | lines on a selling day | a delivery |
|---|---|---|---|---|
| fast | 5 % | 80 % of days | 1-4 | every ~7 days |
| medium | 25 % | 20 % of days | 1-2 | every ~30 days |
| slow | 70 % | 3 % of days | 1 | every ~90 days |

so about 11 % of store-SKU-days have a sale, with ~1.8 sale lines each: a store with
10,000 SKUs sells ~1,100 of them on a day in ~2,000 lines (~800 baskets), which is a
busy convenience or mother-and-baby shop; plus ~1 % of lines returned and the
deliveries (reason `receipt`), so censoring has stock to walk back through. Every
store-SKU pair has a stock level (0-40, about 5 % at zero). Each store's rows come
from its own seed, so a chain of 10 stores is the first 10 stores of a chain of 100.

The schema comes from the real migrations; movements' secondary indexes are dropped
during the load and rebuilt from their catalogue definitions after it.
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
DELIVERY_P = (1 / 7, 1 / 30, 1 / 90)
DELIVERY_QTY = (21, 9, 3)
RETURN_P = 0.01
MOVEMENT_COLUMNS = (
    "store_code, seq, sku, qty_base, reason, document_type, document_id, unit_cost_minor,"
    " actor, occurred_at_ms"
)


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


def store_rows(i: int, skus: int, now_ms: int) -> tuple[str, str, int]:
    """(movements as COPY text, stock levels as COPY text, movement count) of store i."""
    rng = np.random.default_rng(i)
    tier = tiers(skus)
    sell = rng.random((skus, DAYS)) < np.array(SELL_P)[tier][:, None]
    lines = np.where(
        sell, 1 + rng.integers(0, 4, (skus, DAYS)) % np.array(MAX_LINES)[tier][:, None], 0
    )
    k_idx, d_idx = np.nonzero(lines)
    counts = lines[k_idx, d_idx]
    k_sale = np.repeat(k_idx, counts)
    d_sale = np.repeat(d_idx, counts)
    n_sale = len(k_sale)
    qty_sale = -(1 + (rng.random(n_sale) < 0.3))
    returned = rng.random(n_sale) < RETURN_P
    qty_sale = np.where(returned, 1, qty_sale)
    deliver = rng.random((skus, DAYS)) < np.array(DELIVERY_P)[tier][:, None]
    k_del, d_del = np.nonzero(deliver)
    qty_del = np.array(DELIVERY_QTY)[tier[k_del]]
    k_all = np.concatenate([k_sale, k_del])
    d_all = np.concatenate([d_sale, d_del])
    qty_all = np.concatenate([qty_sale, qty_del])
    kind = np.concatenate([np.where(returned, 1, 0), np.full(len(k_del), 2)])
    at = now_ms - d_all.astype(np.int64) * DAY_MS - rng.integers(HOUR_MS, 23 * HOUR_MS, len(k_all))
    order = np.argsort(at, kind="stable")
    store = store_code(i)
    reasons = ("sale", "return", "receipt")
    names = [sku_code(k + 1) for k in range(skus)]
    out = []
    for seq, j in enumerate(order.tolist(), start=1):
        reason = reasons[kind[j]]
        out.append(f"{store}\t{seq}\t{names[k_all[j]]}\t{qty_all[j]}\t{reason}\t{reason}\td{seq}"
                   f"\t100\tbench\t{at[j]}\n")  # fmt: skip
    on_hand = rng.integers(0, 41, skus)
    on_hand[rng.random(skus) < 0.05] = 0
    levels = "".join(f"{store}\t{names[k]}\t{q}\t100\t{now_ms}\n" for k, q in enumerate(on_hand))
    return "".join(out), levels, len(order)


def ensure(
    admin_dsn: str, stores: int, skus: int, now_ms: int, database: str
) -> tuple[str, dict[str, float]]:
    """The database holding this chain (kept between runs; generated again when its size
    differs or its 90 days no longer end within a day of `now_ms`), and what generating it
    took: {"seconds", "movements"} (seconds 0 when it was reused)."""
    dsn, url = urls(admin_dsn, database)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{database}"')
    migrate(url)
    size = f"{stores}x{skus}/tiers-v1"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        meta = dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
        if meta.get("size") == size and abs(int(meta.get("now_ms", 0)) - now_ms) < DAY_MS:
            progress(f"reusing {database} ({stores:,} stores x {skus:,} SKUs)")
            return url, {"seconds": 0.0, "movements": float(meta.get("movements", 0))}
        started = time.monotonic()
        movements = generate(conn, stores, skus, now_ms, database)
        seconds = time.monotonic() - started
        conn.execute("DELETE FROM bench_meta")
        conn.execute(
            "INSERT INTO bench_meta VALUES ('size', %s), ('now_ms', %s), ('movements', %s)",
            (size, str(now_ms), str(movements)),
        )
    return url, {"seconds": seconds, "movements": float(movements)}


def generate(conn: psycopg.Connection, stores: int, skus: int, now_ms: int, db: str) -> int:
    progress(f"generating {stores:,} stores x {skus:,} SKUs x {DAYS} days in {db} (COPY)")
    conn.execute("TRUNCATE stock_levels, movements, products, stores, store_sync")
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('movements',"
        " 'stock_levels') AND indexname NOT LIKE 'pk_%%' AND indexname NOT LIKE '%%_pkey'"
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
    for i in range(1, stores + 1):
        moves, levels, count = store_rows(i, skus, now_ms)
        with conn.transaction(), conn.cursor() as cur:
            with cur.copy(f"COPY movements ({MOVEMENT_COLUMNS}) FROM STDIN") as copy:
                copy.write(moves)
            with cur.copy(
                "COPY stock_levels (store_code, sku, qty_base, avg_cost_minor, updated_at_ms)"
                " FROM STDIN"
            ) as copy:
                copy.write(levels)
        total += count
        if i % max(stores // 10, 1) == 0 or i == stores:
            progress(f"movements of {i:,} of {stores:,} stores ({total:,} rows)")
    for name, definition in indexes:
        progress(f"index {name}")
        conn.execute(definition)
    conn.execute("VACUUM ANALYZE movements")
    conn.execute("VACUUM ANALYZE stock_levels")
    return total
