"""The stock-views benchmark chain: 1,000 stores x 10,000 SKUs (10M stock rows) on PostgreSQL.

Kept in the database `sl_bench_stock` between runs (a marker row says which
size it holds), so only the first run pays for generating it. The schema
comes from the real Alembic migrations; the rows arrive by COPY, with the
stock_levels indexes dropped during the load and rebuilt after it (their
definitions are read from the catalogue first, so they are the migrations').
The figures are synthetic but shaped like a chain: 10 departments of 5
categories each (`drinks/soft`), about 2% of levels at zero and 2% below.
"""

from __future__ import annotations

import time

import psycopg

from headoffice.store.migrations import migrate
from tests.benchmarks.report import progress

DATABASE = "sl_bench_stock"
DEPARTMENTS = (
    "drinks",
    "snacks",
    "dairy",
    "bakery",
    "frozen",
    "household",
    "personal",
    "baby",
    "pet",
    "car",
)
SUBCATEGORIES = ("a", "b", "c", "d", "e")
T0_MS = 1_764_000_000_000


def store_code(i: int) -> str:
    return f"B{i:04d}"


def sku(k: int) -> str:
    return f"P{k:05d}"


def category(k: int) -> str:
    return f"{DEPARTMENTS[k % len(DEPARTMENTS)]}/{SUBCATEGORIES[(k // 10) % 5]}"


def level(store: int, k: int) -> tuple[int, int]:
    """(qty_base, avg_cost_minor) of SKU k in store `store`: deterministic, ~2% zero, ~2% negative."""
    mix = (store * 7919 + k * 104_729) % 1000
    if mix < 20:
        qty = 0
    elif mix < 40:
        qty = -(mix - 19)
    else:
        qty = mix % 240 + 1
    return qty, 50 + (k * 37) % 4950


def urls(admin_dsn: str, database: str) -> tuple[str, str]:
    """(psycopg conninfo, SQLAlchemy URL) of the benchmark database."""
    info = psycopg.conninfo.conninfo_to_dict(admin_dsn)
    info["dbname"] = database
    user = info.get("user", "postgres")
    host = info.get("host", "127.0.0.1")
    port = info.get("port", "5432")
    return (
        psycopg.conninfo.make_conninfo(**info),  # type: ignore[arg-type]
        f"postgresql+psycopg://{user}@{host}:{port}/{database}",
    )


def ensure(admin_dsn: str, stores: int, skus: int, database: str = DATABASE) -> str:
    """The benchmark database holding `stores` x `skus` levels; generated if it does not yet."""
    dsn, url = urls(admin_dsn, database)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    migrate(url)  # idempotent: a kept database gains new indexes here
    size = f"{stores}x{skus}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        row = conn.execute("SELECT value FROM bench_meta WHERE key = 'size'").fetchone()
        if row and row[0] == size:
            progress(f"reusing database {database} ({stores:,} stores x {skus:,} SKUs)")
            return url
        generate(conn, stores, skus, database)
        conn.execute(
            "INSERT INTO bench_meta VALUES ('size', %s) ON CONFLICT (key) DO UPDATE SET value = %s",
            (size, size),
        )
    return url


def generate(conn: psycopg.Connection, stores: int, skus: int, database: str) -> None:
    started = time.monotonic()
    progress(f"generating {stores:,} stores x {skus:,} SKUs = {stores * skus:,} rows in {database}")
    conn.execute("DELETE FROM bench_meta")
    conn.execute("TRUNCATE stock_levels, movements, barcodes, products, store_sync, stores")
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes"
        " WHERE tablename = 'stock_levels' AND indexname <> 'pk_stock_levels'"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute("ALTER TABLE stock_levels DROP CONSTRAINT pk_stock_levels")
    with conn.cursor().copy("COPY stores (code, name, disabled, created_at_ms) FROM STDIN") as copy:
        for i in range(1, stores + 1):
            copy.write_row((store_code(i), f"Bench store {i}", False, T0_MS))
    with conn.cursor().copy(
        "COPY products (sku, name, unit, price_minor, cost_minor, category, currency, active,"
        " updated_at_ms) FROM STDIN"
    ) as copy:
        for k in range(1, skus + 1):
            cost = 50 + (k * 37) % 4950
            copy.write_row(
                (sku(k), f"Product {k} {category(k)}", "piece", cost * 2, cost, category(k),
                 "CNY", True, T0_MS)
            )  # fmt: skip
    progress(f"{stores:,} stores and {skus:,} products loaded")
    with conn.cursor().copy(
        "COPY stock_levels (store_code, sku, qty_base, avg_cost_minor, updated_at_ms) FROM STDIN"
    ) as copy:
        for i in range(1, stores + 1):
            code = store_code(i)
            lines = []
            for k in range(1, skus + 1):
                qty, cost = level(i, k)
                lines.append(f"{code}\t{sku(k)}\t{qty}\t{cost}\t{T0_MS}\n")
            copy.write("".join(lines))
            if i % 50 == 0 or i == stores:
                rate = i * skus / max(time.monotonic() - started, 1e-9)
                progress(f"stock rows: {i * skus:,} of {stores * skus:,} ({rate:,.0f} rows/s)")
    progress("rebuilding the primary key and indexes of stock_levels")
    conn.execute(
        "ALTER TABLE stock_levels ADD CONSTRAINT pk_stock_levels PRIMARY KEY (store_code, sku)"
    )
    for name, definition in indexes:
        progress(f"index {name}")
        # A partitioned table's index reads "ON ONLY t" in the catalogue (migration 0044):
        # rebuilt as it reads, it would be the parent's alone, invalid, with none on the
        # partitions.
        conn.execute(definition.replace(" ON ONLY ", " ON ", 1))
    progress("VACUUM ANALYZE (visibility map for index-only scans, planner statistics)")
    conn.execute("VACUUM ANALYZE stock_levels")
    conn.execute("VACUUM ANALYZE products")
    conn.execute("VACUUM ANALYZE stores")
    progress(f"generated in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    import sys

    from tests.conftest import PG_ADMIN_DSN

    if sys.argv[1:] == ["--quick"]:
        ensure(PG_ADMIN_DSN, 20, 2_000, DATABASE + "_quick")
    else:
        ensure(PG_ADMIN_DSN, 1000, 10_000)
