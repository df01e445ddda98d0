"""Sync lag against a real `headoffice serve` process on a fresh PostgreSQL database.

Stores are enrolled with hoctl (one bundle each) and the catalogue is imported
with hoctl, so the simulated sales name SKUs head office knows. Every
measurement uses stores that have never synced, because a simulated store
numbers its journal from 1.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from scripts.chain import HeadOffice
from tests.benchmarks.fresh_headoffice import fresh_headoffice
from tests.benchmarks.report import Figure, Section, ms, progress
from tests.benchmarks.sync_lag import load_bundles, measure_catch_up, measure_lag
from tests.chain_fixtures import make_catalogue

P99_TARGET_MS = 500.0
CATCH_UP_TARGET_S = 30.0
CATALOGUE_SIZE = 500


def _enrol(ho: HeadOffice, prefix: str, count: int, out: Path) -> list[Path]:
    return [
        ho.add_store(f"{prefix}{i:03d}", f"Bench {prefix}{i:03d}", out) for i in range(1, count + 1)
    ]


def run(
    work: Path,
    admin_dsn: str,
    store_counts: list[int],
    seconds: float,
    rate: float,
    backlog: int,
) -> Section:
    figures: list[Figure] = []
    with fresh_headoffice(work, admin_dsn) as ho:
        csv_text, products = make_catalogue(CATALOGUE_SIZE)
        csv_path = work / "products.csv"
        csv_path.write_text(csv_text)
        ho.hoctl("catalogue", "import", str(csv_path))
        skus = [p["sku"] for p in products]
        bundles_dir = work / "bundles"
        bundles_dir.mkdir()
        groups = {n: _enrol(ho, f"N{n}X", n, bundles_dir) for n in store_counts}
        catch_up_bundle = _enrol(ho, "CU", 1, bundles_dir)
        progress(f"head office at {ho.grpc_address}, {sum(store_counts) + 1} stores enrolled")
        for n, paths in groups.items():
            result = asyncio.run(
                measure_lag(load_bundles(paths), ho.grpc_address, skus, seconds, rate)
            )
            progress(
                f"lag at {n} stores: p50 {result['p50_ms']:.1f} ms, "
                f"p99 {result['p99_ms']:.1f} ms over {result['sales']:.0f} sales"
            )
            p99 = result["p99_ms"]
            figures.append(Figure(f"{n} stores x {rate:g} sales/s: lag p50", ms(result["p50_ms"])))
            figures.append(
                Figure(
                    f"{n} stores x {rate:g} sales/s: lag p99",
                    ms(p99),
                    f"< {P99_TARGET_MS:.0f} ms" if n >= 50 else "",
                    p99 < P99_TARGET_MS if n >= 50 else None,
                )
            )
            figures.append(Figure(f"{n} stores: sales measured", f"{result['sales']:.0f}"))
        seconds_taken = asyncio.run(
            measure_catch_up(load_bundles(catch_up_bundle)[0], ho.grpc_address, skus, backlog)
        )
        progress(f"catch-up of {backlog} sales: {seconds_taken:.1f} s")
        figures.append(
            Figure(
                f"catch-up of one store's {backlog:,}-sale backlog",
                f"{seconds_taken:.1f} s ({backlog / seconds_taken:,.0f} sales/s)",
                f"< {CATCH_UP_TARGET_S:.0f} s" if backlog >= 18_000 else "",
                seconds_taken < CATCH_UP_TARGET_S if backlog >= 18_000 else None,
            )
        )
    return Section(
        title="Sync lag (real head office on PostgreSQL, simulated stores over mTLS)",
        figures=figures,
        notes=[
            f"`headoffice serve` on a fresh PostgreSQL database, {CATALOGUE_SIZE}-product "
            "catalogue imported with hoctl, stores enrolled with hoctl; simulated stores "
            "(`sync_lag.SimulatedStore`) in this process, one mTLS Upstream stream each, "
            "one batch in flight, 3-line sales.",
            f"Lag = sale created at the store -> head office's ack received; {seconds:g} s "
            "measured after 2 s of warm-up. The simulated stores share the machine "
            "with head office and PostgreSQL.",
            "Catch-up: one store connects holding the whole backlog and sends it in batches "
            "of 500; time from connecting until the last ack.",
        ],
    )
