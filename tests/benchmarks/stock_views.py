"""Stock views at chain scale: one store's levels and a category's chain totals, 1,000 x 10,000.

A real `headoffice serve` runs on the kept benchmark database (stock_data.py);
each figure is measured three ways in the same run, interleaved sample by
sample: a bare psycopg SELECT of the same rows (the baseline: what the
database alone costs), the gRPC call from a warm client, and the whole
`hoctl` command as a fresh process (Python start-up, imports, TLS handshake,
the call, rendering). The start-up floor of any Python gRPC client, `python
-c "import grpc"`, is measured alongside.

The project's modules are compiled to bytecode first, as installing a package does:
with PYTHONDONTWRITEBYTECODE set (as on the shared machines) and no .pyc beside an
editable checkout, every hoctl process would otherwise compile each module it imports
from source again (about 40 ms of CPU a `hoctl stock`), which no installed hoctl does.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import grpc
import psycopg

from common.pb.storeledger.v1 import stock_views_pb2, stock_views_pb2_grpc
from common.tls import channel_credentials, channel_options
from scripts.chain import BIN
from tests.benchmarks import stock_data
from tests.benchmarks.baselines import percentile
from tests.benchmarks.fresh_headoffice import serving_headoffice
from tests.benchmarks.report import Figure, Section, ms, progress

ROOT = Path(__file__).resolve().parents[2]
STORE_TARGET_MS = 200.0
CHAIN_TARGET_MS = 1000.0
DEPARTMENT = "drinks"  # 1,000 of the 10,000 SKUs: 1,000,000 levels across the chain
CATEGORY = "drinks/a"  # 200 SKUs below it

BARE_STORE = (
    "SELECT sl.store_code, sl.sku, p.name, p.category, p.unit, sl.qty_base, sl.avg_cost_minor"
    " FROM stock_levels sl LEFT JOIN products p ON p.sku = sl.sku"
    " WHERE sl.store_code = %s ORDER BY sl.sku"
)
BARE_CHAIN = (
    "SELECT sl.sku, count(*), sum(sl.qty_base), sum(sl.qty_base * sl.avg_cost_minor)"
    " FROM stock_levels sl JOIN products p ON p.sku = sl.sku"
    " WHERE p.category = %s OR p.category LIKE %s GROUP BY sl.sku ORDER BY sl.sku"
)
# What alert evaluation asks for the whole chain (AlertsRepository.negative_levels).
BARE_NEGATIVE = (
    "SELECT store_code, sku, qty_base, avg_cost_minor FROM stock_levels"
    " WHERE qty_base < 0 ORDER BY store_code, sku"
)
# Another name for the kept database, e.g. for a branch whose migrations main's code
# does not know (a database migrated past main's head would stop main's runs on it).
DATABASE_ENV = "STORELEDGER_BENCH_STOCK_DB"


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 95)


def _process(args: list[str]) -> Callable[[], object]:
    def run() -> None:
        done = subprocess.run(args, capture_output=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.decode().strip()}")

    return run


def run(work: Path, admin_dsn: str, stores: int, skus: int, samples: int) -> Section:
    """Measure on `stores` x `skus` levels (kept between runs in sl_bench_stock)."""
    work.mkdir(parents=True, exist_ok=True)
    database = stock_data.DATABASE if stores * skus >= 10_000_000 else "sl_bench_stock_quick"
    database = os.environ.get(DATABASE_ENV, database)
    url = stock_data.ensure(admin_dsn, stores, skus, database)
    dsn, _ = stock_data.urls(admin_dsn, database)
    for package in ("common", "headoffice"):
        compileall.compile_dir(ROOT / package, quiet=1)
    load_before = os.getloadavg()[0]
    names = {
        "bare_store": [],
        "rpc_store": [],
        "hoctl_store_json": [],
        "hoctl_store_table": [],
        "bare_chain": [],
        "rpc_chain": [],
        "hoctl_chain": [],
        "rpc_category": [],
        "bare_negative": [],
        "python_grpc": [],
        "hoctl_help": [],
    }  # type: dict[str, list[float]]
    with serving_headoffice(work / "ho", url) as ho:
        tls = ho.data_dir / "tls"
        creds = channel_credentials(
            (tls / "ca.pem").read_bytes(),
            (tls / "admin.pem").read_bytes(),
            (tls / "admin.key").read_bytes(),
        )
        hoctl = [str(BIN / "hoctl"), "--data-dir", str(ho.data_dir)]
        with (
            psycopg.connect(dsn) as db,
            grpc.secure_channel(ho.grpc_address, creds, options=channel_options()) as channel,
        ):
            stub = stock_views_pb2_grpc.StockViewsStub(channel)

            def list_store(code: str) -> int:
                selection = stock_views_pb2.StockSelection(store_code=code)
                reply = stub.ListStock(
                    stock_views_pb2.ListStockRequest(selection=selection, page_size=10_000),
                    timeout=30,
                )
                assert not reply.next_page_token and len(reply.lines) == skus
                return len(reply.lines)

            def bare(sql: str, params: tuple[str, ...]) -> None:
                db.execute(sql, params).fetchall()

            def chain(category: str) -> None:
                selection = stock_views_pb2.StockSelection(category=category)
                reply = stub.ChainTotals(
                    stock_views_pb2.ChainTotalsRequest(selection=selection), timeout=30
                )
                assert reply.totals.lines > 0

            list_store(stock_data.store_code(1))  # warm-up: connection, caches
            chain(DEPARTMENT)
            progress(f"head office at {ho.grpc_address}; {samples} samples of each figure")
            for i in range(samples):
                code = stock_data.store_code(1 + (i * 7919) % stores)
                names["bare_store"].append(_timed(partial(bare, BARE_STORE, (code,))))
                names["rpc_store"].append(_timed(partial(list_store, code)))
                names["hoctl_store_json"].append(
                    _timed(_process([*hoctl, "stock", "--store", code, "--format", "json"]))
                )
                names["hoctl_store_table"].append(
                    _timed(_process([*hoctl, "stock", "--store", code]))
                )
                names["bare_chain"].append(
                    _timed(partial(bare, BARE_CHAIN, (DEPARTMENT, DEPARTMENT + "/%")))
                )
                names["rpc_chain"].append(_timed(partial(chain, DEPARTMENT)))
                names["hoctl_chain"].append(
                    _timed(_process([*hoctl, "stock", "--category", DEPARTMENT]))
                )
                names["rpc_category"].append(_timed(partial(chain, CATEGORY)))
                names["bare_negative"].append(_timed(partial(bare, BARE_NEGATIVE, ())))
                names["python_grpc"].append(_timed(_process([sys.executable, "-c", "import grpc"])))
                names["hoctl_help"].append(_timed(_process([*hoctl, "stock", "--help"])))
                db.rollback()
                if (i + 1) % 5 == 0 or i + 1 == samples:
                    p50, _ = _stats(names["rpc_store"])
                    progress(f"{i + 1}/{samples} rounds; ListStock p50 so far {p50:.1f} ms")
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    return _section(names, stores, skus, samples, load, database)


def _section(
    names: dict[str, list[float]], stores: int, skus: int, samples: int, load: str, database: str
) -> Section:
    def pair(key: str, label: str, target_ms: float = 0.0) -> list[Figure]:
        p50, p95 = _stats(names[key])
        return [
            Figure(f"{label} p50", ms(p50)),
            Figure(
                f"{label} p95",
                ms(p95),
                f"< {target_ms:.0f} ms" if target_ms else "",
                p95 < target_ms if target_ms else None,
            ),
        ]

    figures = [
        Figure("stock levels", f"{stores * skus:,} ({stores:,} stores x {skus:,} SKUs)"),
        *pair("bare_store", f"one store ({skus:,} levels): bare SELECT (baseline)"),
        *pair("rpc_store", "one store: ListStock RPC", STORE_TARGET_MS),
        *pair(
            "hoctl_store_json", "one store: `hoctl stock --store S --format json`", STORE_TARGET_MS
        ),
        *pair("hoctl_store_table", "one store: `hoctl stock --store S` (table)"),
        *pair("python_grpc", "start-up floor: `python -c 'import grpc'` (baseline)"),
        *pair("hoctl_help", "hoctl start-up: `hoctl stock --help`"),
        *pair("bare_chain", f"chain totals, {DEPARTMENT!r}: bare GROUP BY (baseline)"),
        *pair("rpc_chain", f"chain totals, {DEPARTMENT!r}: ChainTotals RPC", CHAIN_TARGET_MS),
        *pair(
            "hoctl_chain",
            f"chain totals, {DEPARTMENT!r}: `hoctl stock --category`",
            CHAIN_TARGET_MS,
        ),
        *pair("rpc_category", f"chain totals, {CATEGORY!r}: ChainTotals RPC"),
        *pair("bare_negative", "the chain's negative levels: the alert query, bare"),
    ]
    department_skus = skus // len(stock_data.DEPARTMENTS)
    return Section(
        title="Stock views (real head office on PostgreSQL, 10M stock levels)",
        figures=figures,
        notes=[
            f"`headoffice serve` on the kept database {database} (tests/benchmarks/"
            "stock_data.py: generated once with COPY, indexes from the migrations rebuilt after "
            "the load, VACUUM ANALYZE); rows are synthetic, ~2% of levels at zero, ~2% below.",
            f"{samples} interleaved rounds; each round picks another store. One store = "
            f"all its {skus:,} levels in one ListStock page (table output prints them all).",
            f"{DEPARTMENT!r} is a department: {department_skus:,} SKUs in 5 categories, "
            f"{department_skus * stores:,} levels summed per SKU; {CATEGORY!r} is one category "
            "below it. The baseline runs the same aggregate bare in psycopg.",
            "The alert query is what alert evaluation asks for the whole chain (every level "
            "below zero, ~2% of them, with its cost), bare in psycopg.",
            "hoctl figures are whole processes (Python start-up, imports, mTLS handshake, the "
            "call, rendering to a pipe); the start-up floor shows what any Python gRPC client "
            "pays before its first call.",
            f"Machine load during the run (other work shares the 2 vCPUs): {load}.",
        ],
    )
