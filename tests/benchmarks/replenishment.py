"""Replenishment at chain scale on PostgreSQL: a whole run against one SQL aggregate.

A chain of S stores x K SKUs with 90 days of sales (each store sells each SKU on
about two days in three) is generated in its own kept database by INSERT ...
SELECT over generate_series (the movements indexes dropped during the load and
rebuilt from their migration definitions after it). Measured in the same run,
interleaved sample by sample:

- the baseline, one SQL aggregate reading the same movements (count and sum of
  the quantity over the 90 days: what reading them costs the database alone);
- the grouped query the run itself streams (by SKU, store and day), read whole
  through a server-side cursor;
- a whole dry run, `run_replenishment(dry_run=True)`, in a fresh Python process
  each time (its peak RSS from getrusage is the head-office memory figure);

on the full chain and on one with 10 % of its stores, for the scaling ratio.
The issue's figure is 1,000 stores x 10,000 SKUs (about 600 million movement
rows); `--quick` is 20 x 500, the default here 100 x 2,000 (BENCHMARKS.md says
why: generating the full chain does not fit this machine's disk and time).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from headoffice.store.migrations import migrate
from tests.benchmarks.report import Figure, Section, progress
from tests.benchmarks.stock_data import urls

ROOT = Path(__file__).resolve().parents[2]
DAY_MS = 86_400_000
DATABASE = "sl_bench_repl"
TARGET_S = 60.0
TARGET_RATIO = 2.0
TARGET_SCALING = 1.2
TARGET_RSS_MIB = 1024


def ensure(admin_dsn: str, stores: int, skus: int, now_ms: int, database: str) -> str:
    """The benchmark database with this chain (kept between runs; regenerated when the
    size differs or its 90 days no longer end within a day of `now_ms`)."""
    dsn, url = urls(admin_dsn, database)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{database}"')
    migrate(url)
    size = f"{stores}x{skus}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        rows = dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
        if rows.get("size") == size and abs(int(rows.get("now_ms", 0)) - now_ms) < DAY_MS:
            progress(f"reusing {database} ({stores:,} stores x {skus:,} SKUs)")
            return url
        generate(conn, stores, skus, now_ms, database)
        conn.execute("DELETE FROM bench_meta")
        conn.execute("INSERT INTO bench_meta VALUES ('size', %s), ('now_ms', %s)",
                     (size, str(now_ms)))  # fmt: skip
    return url


def generate(conn: psycopg.Connection, stores: int, skus: int, now_ms: int, db: str) -> None:
    started = time.monotonic()
    progress(f"generating {stores:,} stores x {skus:,} SKUs x 90 days in {db}")
    conn.execute("TRUNCATE stock_levels, movements, products, stores, store_sync")
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'movements'"
        " AND indexname NOT LIKE 'pk_%' AND indexname <> 'movements_pkey'"
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
    conn.execute(
        "INSERT INTO stock_levels (store_code, sku, qty_base, avg_cost_minor, updated_at_ms)"
        " SELECT 'B' || lpad(i::text, 4, '0'), 'P' || lpad(k::text, 5, '0'),"
        " (i * 7919 + k * 104729) %% 60, 100, %s"
        " FROM generate_series(1, %s) i, generate_series(1, %s) k",
        (now_ms, stores, skus),
    )
    for i in range(1, stores + 1):
        # one store at a time: a bounded transaction and a progress line
        conn.execute(
            "INSERT INTO movements (store_code, seq, sku, qty_base, reason, document_type,"
            " document_id, unit_cost_minor, actor, occurred_at_ms)"
            " SELECT %(store)s, d * 100000 + k, 'P' || lpad(k::text, 5, '0'),"
            " -(1 + (k + d) %% 3), 'sale', 'sale', 's', 100, 'bench',"
            " %(now)s - d::bigint * 86400000 - 3600000"
            " FROM generate_series(0, 89) d, generate_series(1, %(skus)s) k"
            " WHERE (%(i)s + k + d) %% 3 <> 0",
            {"store": f"B{i:04d}", "now": now_ms, "skus": skus, "i": i},
        )
        if i % max(stores // 10, 1) == 0 or i == stores:
            progress(f"movements of {i:,} of {stores:,} stores")
    for name, definition in indexes:
        progress(f"index {name}")
        conn.execute(definition)
    conn.execute("VACUUM ANALYZE movements")
    conn.execute("VACUUM ANALYZE stock_levels")
    progress(f"generated in {time.monotonic() - started:.0f} s")


def bare_aggregate(dsn: str, since_ms: int) -> float:
    started = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "SELECT count(*), sum(qty_base) FROM movements WHERE occurred_at_ms > %s", (since_ms,)
        ).fetchone()
    return time.perf_counter() - started


def grouped_query(dsn: str, since_ms: int, now_ms: int) -> float:
    started = time.perf_counter()
    with psycopg.connect(dsn) as conn, conn.cursor(name="bench") as cur:
        conn.execute("SET LOCAL work_mem = '256MB'")  # as the run does
        cur.itersize = 5000
        cur.execute(
            "SELECT sku, store_code, (%s - occurred_at_ms) / 86400000 AS day,"
            " sum(CASE WHEN reason IN ('sale', 'return') THEN -qty_base ELSE 0 END),"
            " sum(qty_base) FROM movements WHERE occurred_at_ms > %s"
            ' GROUP BY sku, store_code, day ORDER BY sku COLLATE "C", store_code, day',
            (now_ms, since_ms),
        )
        for _row in cur:
            pass
    return time.perf_counter() - started


def whole_run(url: str, now_ms: int) -> dict[str, float]:
    """A dry run in a fresh process: its seconds, peak RSS (MiB) and line count."""
    out = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.replenishment", url, str(now_ms)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=3600,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _sample(dsn: str, url: str, now_ms: int, samples: int) -> dict[str, list[float]]:
    since = now_ms - 90 * DAY_MS
    got: dict[str, list[float]] = {"bare": [], "grouped": [], "run": [], "rss": [], "lines": []}
    for n in range(samples):
        got["bare"].append(bare_aggregate(dsn, since))
        got["grouped"].append(grouped_query(dsn, since, now_ms))
        run = whole_run(url, now_ms)
        got["run"].append(run["seconds"])
        got["rss"].append(run["rss_mib"])
        got["lines"].append(run["lines"])
        progress(f"sample {n + 1}/{samples}: aggregate {got['bare'][-1]:.2f} s, grouped "
                 f"{got['grouped'][-1]:.2f} s, run {run['seconds']:.2f} s, "
                 f"{run['rss_mib']:.0f} MiB")  # fmt: skip
    return got


def run(admin_dsn: str, quick: bool) -> Section:
    stores, skus, samples = (20, 500, 3) if quick else (100, 1_000, 3)
    # Rounded to the hour, so a kept database made earlier today still lines up.
    now_ms = int(time.time() * 1000) // 3_600_000 * 3_600_000
    small = max(stores // 10, 1)
    suffix = "_quick" if quick else ""
    url_full = ensure(admin_dsn, stores, skus, now_ms, DATABASE + suffix)
    url_small = ensure(admin_dsn, small, skus, now_ms, DATABASE + suffix + "_10pct")
    dsn_full, _ = urls(admin_dsn, DATABASE + suffix)
    dsn_small, _ = urls(admin_dsn, DATABASE + suffix + "_10pct")
    full = _sample(dsn_full, url_full, now_ms, samples)
    part = _sample(dsn_small, url_small, now_ms, samples)
    med = {k: statistics.median(v) for k, v in full.items()}
    med_small = {k: statistics.median(v) for k, v in part.items()}
    ratio = med["run"] / med["bare"]
    scaling = (med["run"] / med_small["run"]) / (stores / small)
    rows = stores * skus * 90 * 2 // 3
    return Section(
        f"Replenishment, {stores:,} stores x {skus:,} SKUs x 90 days (PostgreSQL)",
        [
            Figure("movements read", f"{rows:,} (about)"),
            Figure("SQL aggregate of the movements (baseline), median", f"{med['bare']:.2f} s"),
            Figure("grouped demand query streamed, median", f"{med['grouped']:.2f} s"),
            Figure(
                "whole dry run, median",
                f"{med['run']:.2f} s",
                f"< {TARGET_S:.0f} s",
                med["run"] < TARGET_S,
            ),
            Figure(
                "run / SQL aggregate",
                f"{ratio:.1f}x",
                f"<= {TARGET_RATIO:.0f}x",
                ratio <= TARGET_RATIO,
            ),
            Figure(f"run at {small} stores (10 %), median", f"{med_small['run']:.2f} s"),
            Figure(
                "growth 10 % -> 100 % over linear",
                f"{scaling:.2f}x",
                f"<= {TARGET_SCALING}x",
                scaling <= TARGET_SCALING,
            ),
            Figure(
                "peak RSS of the run's process",
                f"{max(full['rss']):.0f} MiB",
                f"< {TARGET_RSS_MIB} MiB",
                max(full["rss"]) < TARGET_RSS_MIB,
            ),
            Figure("lines proposed", f"{int(med['lines']):,}"),
        ],  # fmt: skip
        [
            f"{samples} samples each, interleaved; the run is a fresh process each time "
            "(imports and engine start included)."
        ],  # fmt: skip
    )


def _one_run(url: str, now_ms: int) -> None:
    import resource

    from headoffice.domain.replenishment import Policy
    from headoffice.domain.roles import Staff
    from headoffice.services.replenish import run_replenishment
    from headoffice.store.engine import create_engine
    from headoffice.store.unit_of_work import UnitOfWork

    engine = create_engine(url)
    started = time.perf_counter()
    result = run_replenishment(UnitOfWork(engine), Staff("bench", "admin"), Policy(),
                               dry_run=True, now_ms=now_ms)  # fmt: skip
    seconds = time.perf_counter() - started
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mib": rss_mib, "lines": len(result.lines)}))


if __name__ == "__main__":
    _one_run(sys.argv[1], int(sys.argv[2]))
