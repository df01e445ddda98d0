"""Catalogue import: `hoctl catalogue import` of a 100,000-line file against `headoffice serve`.

Each run gets a fresh PostgreSQL database, a real head office initialised on
it (Alembic migrations) and serving, and times the real hoctl process end to
end: reading the CSV, streaming it in chunks, validation, the one-transaction
apply with one audit record, and the progress lines hoctl prints on stderr.
The file has category paths, packs with their own barcodes on every tenth
line, and a bundle on every hundredth line. A second import of the same file
(everything unchanged) is timed too. The baseline writes the same product,
barcode and pack rows with plain psycopg COPY into a freshly migrated
database, in one transaction. Runs alternate and the median is quoted.
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import time
from pathlib import Path

import psycopg

from common.domain.barcodes import gtin_check_digit
from headoffice.store.migrations import migrate
from scripts.chain import BIN, HeadOffice
from tests.benchmarks.report import Figure, Section, progress
from tests.conftest import create_pg_database, drop_pg_database

TARGET_S = 30.0
HEADER = [
    "sku", "name", "barcodes", "unit", "price_minor", "cost_minor", "category",
    "kind", "packs", "components",
]  # fmt: skip


def _ean(n: int, prefix: str) -> str:
    body = f"{prefix}{n:09d}"
    return body + str(gtin_check_digit(body))


def write_catalogue(path: Path, lines: int) -> list[list[str]]:
    rows = []
    for i in range(lines):
        bundle = i % 100 == 99
        packs = f"case=24:{_ean(i, '691')}" if i % 10 == 0 else ""
        rows.append(
            [
                f"SKU{i:06d}",
                f"Product {i}",
                _ean(i, "690"),
                "piece",
                str(100 + i % 4900),
                str(50 + i % 2000),
                f"dept{i % 10}/aisle{i % 100}",
                "bundle" if bundle else "goods",
                packs,
                f"SKU{i - 1:06d}=2|SKU{i - 2:06d}=1" if bundle else "",
            ]
        )
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return rows


def _hoctl_import(ho: HeadOffice, path: Path) -> tuple[float, list[str], str]:
    started = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "hoctl"), "--data-dir", str(ho.data_dir), "catalogue", "import", str(path)],
        capture_output=True,
        text=True,
        env=ho.env,
        timeout=600,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"hoctl catalogue import failed: {proc.stderr[-2000:]}")
    return seconds, proc.stderr.splitlines(), proc.stdout.strip()


def import_run(work: Path, url: str, path: Path) -> tuple[float, float, list[str], str]:
    ho = HeadOffice(work, db_url=url)
    ho.init()
    ho.start()
    try:
        first, lines, out = _hoctl_import(ho, path)
        again, _, out_again = _hoctl_import(ho, path)
        assert "unchanged" in out_again and "updated 0" in out_again, out_again
        return first, again, lines, out
    finally:
        ho.stop()


def copy_run(url: str, rows: list[list[str]]) -> float:
    migrate(url)
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn) as conn:
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            with cur.copy(
                "COPY products (sku, name, unit, price_minor, cost_minor, category, currency,"
                " active, kind, updated_at_ms) FROM STDIN"
            ) as copy:
                for r in rows:
                    copy.write_row(
                        (r[0], r[1], r[3], int(r[4]), int(r[5]), r[6], "CNY", True, r[7], 1)
                    )
            with cur.copy("COPY barcodes (barcode, sku) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row((r[2], r[0]))
            with cur.copy("COPY product_packs (sku, pack, qty_base, barcode) FROM STDIN") as copy:
                for r in rows:
                    if r[8]:
                        copy.write_row((r[0], "case", 24, r[8].split(":")[1]))
        return time.perf_counter() - started


def run(work: Path, admin_dsn: str, lines: int, rounds: int) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    path = work / "catalogue.csv"
    rows = write_catalogue(path, lines)
    progress(f"catalogue: {lines} lines, {path.stat().st_size // 1024} KiB")
    imports, reimports, copies = [], [], []
    progress_lines: list[str] = []
    for r in range(rounds):
        name, url = create_pg_database(admin_dsn)
        try:
            first, again, progress_lines, out = import_run(work / f"ho{r}", url, path)
        finally:
            drop_pg_database(admin_dsn, name)
        imports.append(first)
        reimports.append(again)
        name, url = create_pg_database(admin_dsn)
        try:
            copies.append(copy_run(url, rows))
        finally:
            drop_pg_database(admin_dsn, name)
        progress(
            f"catalogue round {r + 1}/{rounds}: hoctl import {first:.2f} s "
            f"({len(progress_lines)} progress lines; {out}), re-import {again:.2f} s, "
            f"COPY baseline {copies[-1]:.2f} s"
        )
    median = statistics.median(imports)
    base = statistics.median(copies)
    return Section(
        f"Catalogue import ({lines:,} lines, PostgreSQL, `hoctl catalogue import`)",
        [
            Figure("import, median", f"{median:.2f} s", f"< {TARGET_S:.0f} s", median < TARGET_S),
            Figure("re-import, all unchanged, median", f"{statistics.median(reimports):.2f} s"),
            Figure("baseline: COPY of the same rows, median", f"{base:.2f} s"),
            Figure("import / COPY", f"{median / base:.1f}x"),
            Figure("progress lines shown on stderr", str(len(progress_lines))),
        ],
        [
            "import = a real hoctl process against a real `headoffice serve`: read, stream in "
            "2,000-row chunks, validate every line, apply in one transaction, audit once",
            f"{rounds} rounds, each on a fresh database; the baseline writes products, barcodes "
            "and packs only (no validation, no feed rows, no audit)",
        ],
    )
