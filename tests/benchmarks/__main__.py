"""`make bench`: run the benchmarks, print progress, then one table of figures per benchmark.

    python -m tests.benchmarks [edge] [apply] [lag] [till] [catalogue] [stock] [counts] [count]
                               [sales] [replenish] [storedvalue] [promotions] [promoted]
                               [channels] [race]
                               [vouchers] [prices] [memory] [partitions]
                               [--quick] [--runs N] [--stores 200,1000 --processes 1,2,4]

Every ratio is against a baseline measured in the same run; the tables are
Markdown, ready for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from common.logs import setup_logging
from tests.benchmarks import (
    apply_scale,
    catalogue_import,
    channel_orders,
    channel_race,
    edge_sale,
    ho_apply,
    lag_chain,
    memory,
    price_change,
    promoted_sale,
    promotions,
    replenishment,
    sales_report,
    stock_views,
    stocktake_edge,
    stocktake_ho,
    stocktake_ingest,
    stocktake_session,
    store_partitions,
    stored_value,
    till,
    voucher_verify,
)
from tests.benchmarks.machine import describe
from tests.benchmarks.report import Section
from tests.conftest import PG_ADMIN_DSN

SECTIONS = (
    "edge", "apply", "lag", "till", "catalogue", "stock", "counts", "count", "sales", "replenish",
    "storedvalue", "promotions", "promoted", "channels", "vouchers", "race", "prices",
    "memory", "partitions",
)  # fmt: skip


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument(
        "sections",
        nargs="*",
        metavar=(
            "{edge,apply,lag,till,catalogue,stock,counts,count,sales,replenish,storedvalue,"
            "promotions,promoted,channels,vouchers,race,prices,memory,partitions}"
        ),
        help="which to run (default: all)",
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run with small counts")
    parser.add_argument(
        "--runs", type=int, default=1000, help="race: how many last-unit races (default 1000)"
    )
    parser.add_argument(
        "--headoffices", type=int, default=1, choices=range(1, 5), metavar="N",
        help="channels: head-office processes on the one database (1-4, default 1)",
    )  # fmt: skip
    parser.add_argument(
        "--rounds", type=int, default=3, help="apply --stores: rounds of every run (default 3)"
    )
    parser.add_argument(
        "--stores",
        type=_counts,
        default=[],
        help="apply: at these numbers of stores instead, e.g. 200,1000 (apply_scale.py)",
    )
    parser.add_argument(
        "--processes",
        type=_counts,
        default=[1],
        help="apply --stores: with these numbers of head-office processes (default 1)",
    )
    args = parser.parse_args(argv)
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")
    return args


def _counts(text: str) -> list[int]:
    """A comma-separated list of positive whole numbers."""
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of counts such as 200,1000")
    return counts


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    chosen = [s for s in SECTIONS if s in args.sections] or list(SECTIONS)
    quick = args.quick
    results: list[Section] = []
    with tempfile.TemporaryDirectory(prefix="storeledger-bench-") as tmp:
        work = Path(tmp)
        # Services log as they do in production (JSON lines at info), into a file.
        log_file = open(work / "bench.log", "w")  # noqa: SIM115 - closed below
        setup_logging("info", stream=log_file)
        machine = describe(work, PG_ADMIN_DSN)
        print("StoreLedger benchmarks" + (" (quick smoke run)" if quick else ""), flush=True)
        for key, value in machine.items():
            print(f"  {key}: {value}")
        started = time.monotonic()
        try:
            if "edge" in chosen:
                print("\n[edge] sale commit vs bare durable insert", flush=True)
                results.append(
                    edge_sale.run(
                        work / "edge", sales=200 if quick else 2400, rounds=2 if quick else 8
                    )
                )
            if "apply" in chosen and not args.stores:
                print("\n[apply] head-office apply_batch vs raw COPY / insert", flush=True)
                results.append(
                    ho_apply.run(
                        work / "apply",
                        PG_ADMIN_DSN,
                        stores=2 if quick else 5,
                        batches_per_store=2 if quick else 10,
                        entries=100 if quick else 500,
                        rounds=1 if quick else 3,
                    )
                )
            if "apply" in chosen and args.stores:
                print("\n[apply] many stores, several head-office processes", flush=True)
                results.append(
                    apply_scale.run(
                        PG_ADMIN_DSN, args.stores, args.processes, args.rounds, quick=quick
                    )
                )
            if "partitions" in chosen:
                print("\n[partitions] apply on plain tables vs store partitions", flush=True)
                results.append(
                    store_partitions.run(
                        work / "partitions",
                        PG_ADMIN_DSN,
                        stores=2 if quick else 5,
                        batches_per_store=2 if quick else 10,
                        entries=100 if quick else 500,
                        rounds=1 if quick else 3,
                        migrated_movements=100_000 if quick else 1_000_000,
                    )
                )
            if "lag" in chosen:
                print("\n[lag] sync lag and catch-up against `headoffice serve`", flush=True)
                results.append(
                    lag_chain.run(
                        work / "lag",
                        PG_ADMIN_DSN,
                        store_counts=[2, 5] if quick else [10, 50],
                        seconds=3.0 if quick else 10.0,
                        rate=5.0,
                        backlog=1000 if quick else 18_000,
                    )
                )
            if "till" in chosen:
                print("\n[till] till screen: scan-to-line and a whole sale", flush=True)
                results.append(
                    till.run(
                        work / "till",
                        skus=2_000 if quick else 100_000,
                        scans=50 if quick else 400,
                        sales=10 if quick else 100,
                    )
                )
            if "catalogue" in chosen:
                print("\n[catalogue] hoctl catalogue import vs COPY of the same rows", flush=True)
                results.append(
                    catalogue_import.run(
                        work / "catalogue",
                        PG_ADMIN_DSN,
                        lines=10_000 if quick else 100_000,
                        rounds=1 if quick else 3,
                    )
                )
            if "stock" in chosen:
                print("\n[stock] stock views on 1,000 stores x 10,000 SKUs", flush=True)
                results.append(
                    stock_views.run(
                        work / "stock",
                        PG_ADMIN_DSN,
                        stores=20 if quick else 1000,
                        skus=2_000 if quick else 10_000,
                        samples=5 if quick else 40,
                    )
                )
            if "counts" in chosen:
                print("\n[counts] accuracy report over a year of weekly counts", flush=True)
                results.append(
                    stocktake_ho.run(
                        work / "counts",
                        PG_ADMIN_DSN,
                        stores=20 if quick else 1000,
                        weeks=52,
                        skus_per_session=50,
                        sales_per_week=20,
                        samples=3 if quick else 7,
                    )
                )
                print("\n[counts] count-line ingest: a 20,000-SKU scope against 200", flush=True)
                results.append(
                    stocktake_ingest.run(
                        work / "ingest",
                        PG_ADMIN_DSN,
                        skus=1_000 if quick else 20_000,
                        samples=3 if quick else 7,
                    )
                )
                print("\n[counts] a 20,000-SKU session: variance report, posting", flush=True)
                results.append(
                    stocktake_session.run(
                        work / "session",
                        PG_ADMIN_DSN,
                        skus=1_000 if quick else 20_000,
                        samples=3 if quick else 7,
                    )
                )
            if "count" in chosen:
                print("\n[count] stocktake at the store: 20,000 SKUs while selling", flush=True)
                results.append(
                    stocktake_edge.run(
                        work / "count",
                        skus=500 if quick else 20_000,
                        quiet=50 if quick else 1_000,
                        shows=3 if quick else 20,
                    )
                )
            if "sales" in chosen:
                print("\n[sales] the chain's sales report over 30 days", flush=True)
                results.append(
                    sales_report.run(
                        work / "sales",
                        PG_ADMIN_DSN,
                        stores=20 if quick else 1000,
                        days=30,
                        lines=300,
                        samples=3 if quick else 9,
                    )
                )
            if "replenish" in chosen:
                print("\n[replenish] a replenishment run vs one SQL aggregate", flush=True)
                results.append(replenishment.run(PG_ADMIN_DSN, quick))
            if "storedvalue" in chosen:
                print("\n[storedvalue] a stored-value debit through head office", flush=True)
                results.append(
                    stored_value.run(
                        work / "storedvalue",
                        PG_ADMIN_DSN,
                        stores=5 if quick else 50,
                        rate=2.0,
                        seconds=5.0 if quick else 30.0,
                    )
                )
            if "promotions" in chosen:
                print("\n[promotions] best combination of 20 offers on a 30-line cart", flush=True)
                results.append(promotions.run(quick))
            if "promoted" in chosen:
                print("\n[promoted] sale commit with and without promotions", flush=True)
                results.append(
                    promoted_sale.run(
                        work / "promoted", sales=40 if quick else 600, rounds=2 if quick else 6
                    )
                )
            if "channels" in chosen:
                print("\n[channels] a channel order's reserve/confirm round trip", flush=True)
                results.append(
                    channel_orders.run(
                        work / "channels",
                        PG_ADMIN_DSN,
                        channels=4,
                        rates=(50.0,) if quick else (100.0, 200.0, 300.0),
                        seconds=3.0 if quick else 15.0,
                        headoffices=args.headoffices,
                    )
                )
            if "vouchers" in chosen:
                print("\n[vouchers] voucher verify through the platform simulator", flush=True)
                results.append(
                    voucher_verify.run(work / "vouchers", PG_ADMIN_DSN, 100 if quick else 1000)
                )
            if "race" in chosen:
                print("\n[race] 50 clients race for the last unit", flush=True)
                results.append(
                    channel_race.run(work / "race", PG_ADMIN_DSN, 20 if quick else args.runs)
                )
            if "memory" in chosen:
                print("\n[memory] edge agent and head office resident memory", flush=True)
                results.append(
                    memory.run(
                        work / "memory",
                        PG_ADMIN_DSN,
                        skus=2_000 if quick else 100_000,
                        sales=100 if quick else 2_000,
                        stores=10 if quick else 200,
                        seconds=5 if quick else 20,
                    )
                )
            if "prices" in chosen:
                print("\n[prices] a 30,000-SKU price change reaching the stores", flush=True)
                results.append(
                    price_change.run(
                        work / "prices",
                        PG_ADMIN_DSN,
                        skus=2_000 if quick else 30_000,
                        stores=5 if quick else 200,
                        rounds=1 if quick else 3,
                    )
                )
        finally:
            log_file.close()
    print(f"\nFinished in {time.monotonic() - started:.0f} s.\n")
    print("| machine | |\n|---|---|")
    for key, value in machine.items():
        print(f"| {key} | {value} |")
    for section in results:
        print()
        print(section.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
