"""A channel order's reserve/confirm round trip through a real `headoffice serve` on PostgreSQL.

One store with plenty of stock of 20 SKUs (a supplier delivery applied through the sync
service on the same database); channels added with hoctl (one credential, one mTLS
connection each). Open loop, the channels together send a fixed rate of orders for a fixed
time: first the baseline (gRPC's health Check, an empty round trip through the same
server, interceptors and TLS, twice, as an order makes two calls), then the orders: an
order is ChannelOrders.Reserve (1 unit of one SKU, its own key; locks the store's rows of
the SKU, checks the quota, inserts, commits) followed by Confirm (locks the reservation,
queues the order for the store, commits). The figure is the pair's latency.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from common.bundle import ChannelIdentity
from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc
from common.tls import channel_credentials, channel_options
from headoffice.services.sync import apply_batch
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from scripts.chain import ChainError, HeadOffice
from tests.benchmarks.baselines import percentile
from tests.benchmarks.report import Figure, Section, ms, progress, summary
from tests.chain_fixtures import make_catalogue
from tests.conftest import create_pg_database, drop_pg_database
from tests.journal_entries import delivery

P99_TARGET_MS = 30.0
WARM_UP_S = 2.0
SKUS = [f"SKU{n:04d}" for n in range(20)]
STORE = "S001"


def _stock(url: str) -> None:
    engine = create_engine(url)
    try:
        apply_batch(UnitOfWork(engine), STORE, [delivery(1, [(s, 1_000_000, 100) for s in SKUS])])
    finally:
        engine.dispose()


async def _load(
    bundles: list[ChannelIdentity], address: str, rate: float, seconds: float, orders: bool,
    run_id: str,
) -> list[float]:  # fmt: skip
    """Latencies (ms) after the warm-up; all channels together at `rate` orders a second."""
    latencies: list[float] = []
    start = time.monotonic() + 0.5
    record_from = start + WARM_UP_S
    end = record_from + seconds
    per_channel = rate / len(bundles)

    async def channel(n: int, bundle: ChannelIdentity) -> None:
        creds = channel_credentials(
            bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
        )
        async with grpc.aio.secure_channel(address, creds, options=channel_options()) as ch:
            health = health_pb2_grpc.HealthStub(ch)
            stub = channels_pb2_grpc.ChannelOrdersStub(ch)
            await health.Check(health_pb2.HealthCheckRequest())  # connect before the clock
            pending: list[asyncio.Task[None]] = []
            tick = 0

            async def one(tick: int) -> None:
                sent = time.monotonic()
                if orders:
                    reserved = await stub.Reserve(
                        channels_pb2.ReserveRequest(
                            store_code=STORE, idempotency_key=f"{run_id}-{n}-{tick}",
                            lines=[channels_pb2.ReservationLine(
                                sku=SKUS[(tick * 7 + n) % len(SKUS)], qty_base=1)],
                        )
                    )  # fmt: skip
                    assert not reserved.replayed
                    await stub.Confirm(
                        channels_pb2.ReservationRequest(reservation_id=reserved.reservation_id)
                    )
                else:
                    await health.Check(health_pb2.HealthCheckRequest())
                    await health.Check(health_pb2.HealthCheckRequest())
                if sent >= record_from:
                    latencies.append((time.monotonic() - sent) * 1000)

            while True:
                due = start + (tick + n / len(bundles)) / per_channel
                if due >= end:
                    break
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                pending.append(asyncio.create_task(one(tick)))  # open loop: never wait
                tick += 1
            await asyncio.gather(*pending)

    await asyncio.gather(*(channel(n, b) for n, b in enumerate(bundles)))
    return latencies


def run(work: Path, admin_dsn: str, channels: int, rate: float, seconds: float) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    name, url = create_pg_database(admin_dsn)
    ho = HeadOffice(work / "ho", db_url=url)
    figures: list[Figure] = []
    try:
        ho.init()
        ho.start()
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
        progress(f"head office at {ho.grpc_address}, {channels} channels, {len(SKUS)} SKUs")
        base = asyncio.run(_load(bundles, ho.grpc_address, rate, seconds, False, "base"))
        pairs = asyncio.run(_load(bundles, ho.grpc_address, rate, seconds, True, "run"))
        b50, b99 = summary(base)
        p50, p99 = summary(pairs)
        progress(
            f"baseline p50 {b50:.1f} ms p99 {b99:.1f} ms; reserve+confirm p50 {p50:.1f} ms "
            f"p99 {p99:.1f} ms"
        )
        load = f"{channels} channels, {rate:g} orders/s"
        figures += [
            Figure(f"{load}: two empty RPCs (health Check) p50", ms(b50)),
            Figure(f"{load}: two empty RPCs (health Check) p99", ms(b99)),
            Figure(f"{load}: reserve + confirm p50", f"{ms(p50)} ({p50 / b50:.1f}x the empty)"),
            Figure(
                f"{load}: reserve + confirm p99",
                f"{ms(p99)} ({p99 / b99:.1f}x the empty)",
                f"< {P99_TARGET_MS:.0f} ms",
                p99 < P99_TARGET_MS,
            ),
            Figure(f"{load}: reserve + confirm p95", ms(percentile(pairs, 95))),
            Figure("orders measured", f"{len(pairs)}"),
        ]
    except (ChainError, Exception):
        if ho.process is not None:
            print(ho.process.log_tail(), flush=True)
        raise
    finally:
        ho.stop()
        drop_pg_database(admin_dsn, name)
    return Section(
        title="Channel order reserve/confirm round trip (real `headoffice serve` on PostgreSQL)",
        figures=figures,
        notes=[
            "Each channel: its own mTLS connection with its credential from hoctl channel add; "
            f"orders sent open loop at a fixed total rate, {WARM_UP_S:g} s warm-up not counted, "
            f"then {seconds:g} s measured; the baseline (two grpc.health Checks in a row) runs "
            "first on the same connections at the same rate.",
            "An order: Reserve 1 unit of one of 20 SKUs (lock the store's stock rows, quota, "
            "insert, state change row, commit), then Confirm (lock, queue the order downstream, "
            "commit).",
            "The clients share the machine with head office and PostgreSQL.",
        ],
    )
