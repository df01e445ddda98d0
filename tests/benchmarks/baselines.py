"""Same-run baselines: a bare durable SQLite insert, a raw PostgreSQL COPY."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


def bare_durable_insert_ms(path: Path, count: int) -> list[float]:
    """One-row INSERT + COMMIT per sample, WAL and synchronous=FULL, like the edge ledger."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, sku TEXT, qty INTEGER)")
    samples = []
    try:
        for i in range(count):
            t0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t (sku, qty) VALUES (?, ?)", (f"SKU{i % 100}", -1))
            conn.execute("COMMIT")
            samples.append((time.perf_counter() - t0) * 1000)
    finally:
        conn.close()
    return samples


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]
