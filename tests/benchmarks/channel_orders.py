"""A channel order's reserve/confirm round trip through a real `headoffice serve` on PostgreSQL.

One store with plenty of stock of 20 SKUs (a supplier delivery applied through the sync
service on the same database); channels added with hoctl (one credential, one mTLS
connection each). Open loop, the channels together send a fixed rate of orders for a fixed
time, from client processes of their own (tests.benchmarks.channel_load): at each rate
first the baseline (gRPC's health Check, an empty round trip through the same server,
interceptors and TLS, twice, as an order makes two calls), then the orders: an order is
ChannelOrders.Reserve (1 unit of one SKU, its own key; locks the store's rows of the SKU,
checks the quota, inserts, commits) followed by Confirm (locks the reservation, queues the
order for the store, commits). The figure is the pair's latency, with the rate offered and
the rate achieved, and how late the clients sent against their schedule.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

from common.bundle import ChannelIdentity
from common.ho_address import grpc_target
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from scripts.chain import HeadOffice
from tests.benchmarks.baselines import percentile
from tests.benchmarks.channel_load import SKUS, STORE, WARM_UP_S, Clients, Result
from tests.benchmarks.fresh_headoffice import fresh_headoffice, serving_headoffice
from tests.benchmarks.report import Figure, Section, ms, progress, summary
from tests.chain_fixtures import make_catalogue
from tests.journal_entries import delivery

P99_TARGET_MS = 30.0
TARGET_RATE = 200.0
SETTLE_S = 3.0
LATE_MS = 5.0  # a client sending later than this against its schedule fell behind


def _stock(url: str) -> None:
    engine = create_engine(url)
    try:
        apply_batch(UnitOfWork(engine), STORE, [delivery(1, [(s, 1_000_000, 100) for s in SKUS])])
    finally:
        engine.dispose()


def _load_average() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _cpu_s(pid: int) -> float:
    """A process's CPU seconds so far (user + system, /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_of(processes: list[HeadOffice]) -> float:
    """The head-office processes' CPU seconds so far, added up."""
    total = 0.0
    for p in processes:
        assert p.process is not None
        total += _cpu_s(p.process.pid)
    return total


def _rate_figures(
    rate: float, seconds: float, base: Result, pairs: Result, ho_cpu_s: float
) -> list[Figure]:
    b50, b99 = summary(base.latencies_ms) if base.latencies_ms else (0.0, 0.0)
    achieved = len(pairs.latencies_ms) / seconds
    late = percentile(pairs.send_lag_ms, 99) if pairs.send_lag_ms else 0.0
    failed = ", ".join(f"{n} {code}" for code, n in sorted(pairs.failed.items())) or "none"
    behind = late > LATE_MS
    progress(
        f"{rate:g}/s: baseline p50 {b50:.1f} p99 {b99:.1f} ms; orders achieved "
        f"{achieved:.1f}/s of {pairs.offered / seconds:.1f}/s offered, failed {failed}, "
        f"client send lag p99 {late:.1f} ms{' (CLIENT BEHIND)' if behind else ''}, "
        f"client CPU {pairs.cpu_s:.1f} s, head office CPU {ho_cpu_s:.1f} s; load {_load_average()}"
    )
    at = f"{rate:g} orders/s"
    figures = [
        Figure(f"{at}: two empty RPCs (health Check) p50 / p99", f"{ms(b50)} / {ms(b99)}"),
        Figure(
            f"{at}: orders achieved / offered a second",
            f"{achieved:.1f} / {pairs.offered / seconds:.1f} (failed: {failed})",
        ),
        Figure(
            f"{at}: clients' send lag p99 (behind schedule if > {LATE_MS:g} ms)",
            ms(late) + (" **client behind**" if behind else ""),
        ),
        Figure(
            f"{at}: CPU of head office / of the clients, a second of the orders' phase",
            f"{ho_cpu_s / (seconds + WARM_UP_S):.2f} / {pairs.cpu_s / (seconds + WARM_UP_S):.2f} s",
        ),
    ]
    if not pairs.latencies_ms:
        return figures + [Figure(f"{at}: reserve + confirm", "no order succeeded")]
    p50, p99 = summary(pairs.latencies_ms)
    on_target = rate == TARGET_RATE
    return figures + [
        Figure(f"{at}: reserve + confirm p50", f"{ms(p50)} ({p50 / b50:.1f}x the empty)"),
        Figure(
            f"{at}: reserve + confirm p99",
            f"{ms(p99)} ({p99 / b99:.1f}x the empty)",
            f"< {P99_TARGET_MS:.0f} ms" if on_target else "",
            (p99 < P99_TARGET_MS and not pairs.failed and not behind) if on_target else None,
        ),
        Figure(f"{at}: reserve + confirm p95", ms(percentile(pairs.latencies_ms, 95))),
    ]


def _serial_figures(clients: Clients, count: int = 300) -> list[Figure]:
    base = clients.serial(count, False).latencies_ms
    pairs = clients.serial(count, True).latencies_ms
    b50, p50, p99 = statistics.median(base), statistics.median(pairs), percentile(pairs, 99)
    progress(
        f"one at a time: baseline p50 {b50:.1f} ms; reserve+confirm p50 {p50:.1f} p99 {p99:.1f} ms"
    )
    return [
        Figure("one order at a time: two empty RPCs p50", ms(b50)),
        Figure(
            "one order at a time: reserve + confirm p50 / p99",
            f"{ms(p50)} / {ms(p99)} ({p50 / b50:.1f}x the empty)",
        ),
    ]


@contextmanager
def _another(first: HeadOffice, data_dir: Path) -> Iterator[HeadOffice]:
    """One more `headoffice serve` on the first's database: a copy of its data directory
    (certificates, audit key, database URL) serving on ports of its own
    (docs/headoffice-processes.md)."""
    shutil.copytree(first.data_dir, data_dir, ignore=shutil.ignore_patterns("*.log", "serve.json"))
    with serving_headoffice(data_dir, first.db_url or "", init=False) as other:
        yield other


def run(
    work: Path, admin_dsn: str, channels: int, rates: tuple[float, ...], seconds: float,
    client_processes: int = 2, headoffices: int = 1,
) -> Section:  # fmt: skip
    figures: list[Figure] = []
    loads: list[str] = []
    # The clients close before head office stops (the stack's exit runs first).
    with fresh_headoffice(work, admin_dsn) as ho, ExitStack() as stack:
        url = ho.db_url
        assert url is not None
        text, _rows = make_catalogue(len(SKUS))
        (work / "products.csv").write_text(text)
        ho.hoctl("catalogue", "import", str(work / "products.csv"))
        ho.add_store(STORE, "Bench store", work)
        _stock(url)
        bundles = []
        for n in range(channels):
            path = work / f"c{n}.channel"
            ho.hoctl("channel", "add", f"c{n}", "--name", f"Channel {n}", "--kind", "mall",
                     "--store", STORE, "--out", str(path))  # fmt: skip
            bundles.append(ChannelIdentity.from_bytes(path.read_bytes(), str(path)))
        processes = [ho] + [
            stack.enter_context(_another(ho, work / f"ho-{n}")) for n in range(2, headoffices + 1)
        ]
        addresses = [p.grpc_address for p in processes]
        # One target for every process: gRPC's round_robin spreads each channel's calls.
        target = grpc_target(addresses)
        clients = stack.enter_context(closing(Clients(bundles, target, client_processes)))
        progress(
            f"head office at {', '.join(addresses)}, {channels} channels in "
            f"{clients.processes} client processes, {len(SKUS)} SKUs; load {_load_average()}"
        )
        loads.append(_load_average())
        figures += _serial_figures(clients)
        for rate in rates:
            loads.append(_load_average())
            time.sleep(SETTLE_S)  # what a saturated rate left queued is refused or done by now
            base = clients.run(rate, seconds, False, f"base{rate:g}")
            cpu = _cpu_of(processes)
            pairs = clients.run(rate, seconds, True, f"run{rate:g}")
            cpu = _cpu_of(processes) - cpu
            figures += _rate_figures(rate, seconds, base, pairs, cpu)
        figures.append(
            Figure(
                "load average (1, 5, 15 min) before one at a time, then each rate",
                "; ".join(loads),
            )
        )
    return Section(
        title=(
            "Channel order reserve/confirm round trip (real `headoffice serve` on PostgreSQL, "
            f"{headoffices} process{'es' if headoffices > 1 else ''})"
        ),
        figures=figures,
        notes=[
            f"{channels} channels, each its own mTLS connection with its credential from hoctl "
            f"channel add, spread over client processes of their own; orders sent open loop at "
            f"a fixed total rate, {WARM_UP_S:g} s warm-up not counted, then {seconds:g} s "
            "measured; at each rate the baseline (two grpc.health Checks in a row) runs first "
            "on the same connections at the same rate.",
            "Achieved: orders sent in the measured window that succeeded, a second; an order "
            "not answered within 10 s fails (DEADLINE_EXCEEDED). Send lag: how late the "
            "clients sent against their schedule (a client falling behind shows here).",
            "An order: Reserve 1 unit of one of 20 SKUs (lock the store's stock rows, quota, "
            "insert, state change row, commit), then Confirm (lock, queue the order downstream, "
            "commit).",
            "The clients share the machine's cores with head office and PostgreSQL.",
            f"{headoffices} head-office process(es) on the one database; each channel's "
            "connection reaches every process (one gRPC target, round_robin); head office's "
            "CPU is theirs added up.",
        ],
    )
