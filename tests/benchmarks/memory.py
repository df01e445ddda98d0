"""Memory (issue 17): an edge agent holding 100,000 SKUs and a day's backlog, and head office
holding 200 connected stores' streams.

Both are real processes; resident memory is read from /proc/PID/status (VmRSS now, VmHWM
the peak since the process started). Baselines in the same run: the edge agent with the
same catalogue before the backlog, and head office with no store connected.

- Edge: `headoffice serve` on a fresh PostgreSQL database imports a 100,000-SKU catalogue
  with hoctl; a real edge agent downloads it. Head office is stopped and the till sells a
  day's sales (2,000 three-line sales) into the backlog; the agent is read holding it, then
  head office starts again and the agent sends it (peak read after the catch-up).
- Head office: 200 enrolled stores connect as simulated stores in this process (one mTLS
  Upstream stream each, speaking the protocol as an edge agent does, one sale every 5 s,
  and one Downstream stream each following the feed) for 20 s.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc

from common.pb.storeledger.v1 import sync_pb2, sync_pb2_grpc
from common.tls import channel_credentials, channel_options
from scripts.chain import ChainError, EdgeAgent, HeadOffice, wait_caught_up, wait_for
from tests.benchmarks.fresh_headoffice import fresh_headoffice
from tests.benchmarks.report import Figure, Section, progress
from tests.benchmarks.sync_lag import SimulatedStore, load_bundles
from tests.chain_fixtures import SaleDriver, make_catalogue

EDGE_TARGET_MB = 150
HO_TARGET_MB = 500


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def _edge(work: Path, ho: HeadOffice, skus: int, sales: int) -> list[Figure]:
    text, products = make_catalogue(skus)
    csv_path = work / "catalogue.csv"
    csv_path.write_text(text)
    ho.hoctl("catalogue", "import", str(csv_path))
    progress(f"{skus:,}-SKU catalogue imported")
    edge = EdgeAgent(work / "edge", "M001")
    edge.init(ho.add_store("M001", "Memory M001", work))
    edge.start()
    try:
        edge.sign_in()
        wait_for("the catalogue at the store",
                 lambda: edge.status()["product_count"] >= skus, 900, 0.5)  # fmt: skip
        rss_catalogue, _ = memory_mb(edge.process.pid)
        progress(f"edge holds {skus:,} SKUs: RSS {rss_catalogue:.0f} MiB")
        ho.stop()
        driver = SaleDriver(edge, products, seed=3)
        driver.sell(sales)
        if driver.errors or len(driver.acknowledged) != sales:
            raise ChainError(f"the backlog sales failed: {driver.errors[:3]}")
        status = edge.status()
        backlog = status["newest_seq"] - status["committed_seq"]
        rss_backlog, _ = memory_mb(edge.process.pid)
        progress(f"edge holds a backlog of {backlog:,} entries: RSS {rss_backlog:.0f} MiB")
        ho.start()
        wait_caught_up(ho, [edge], 600)
        rss_after, peak = memory_mb(edge.process.pid)
        progress(f"edge caught up: RSS {rss_after:.0f} MiB, peak {peak:.0f} MiB")
    finally:
        edge.stop()
    return [
        Figure(f"edge agent RSS holding {skus:,} SKUs (baseline)", f"{rss_catalogue:.0f} MiB"),
        Figure(
            f"edge agent RSS holding {skus:,} SKUs and a {backlog:,}-entry backlog",
            f"{rss_backlog:.0f} MiB ({rss_backlog / rss_catalogue:.2f}x)",
            f"< {EDGE_TARGET_MB} MB",
            rss_backlog < EDGE_TARGET_MB,
        ),
        Figure(
            "edge agent peak RSS (VmHWM) up to the end of the catch-up, with a PIN sign-in",
            f"{peak:.0f} MiB",
        ),
    ]


async def _follow(bundle, address: str, stop: asyncio.Event) -> None:
    creds = channel_credentials(
        bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
    )
    async with grpc.aio.secure_channel(address, creds, options=channel_options()) as channel:
        call = sync_pb2_grpc.StoreSyncStub(channel).Downstream(
            sync_pb2.DownstreamRequest(store_code=bundle.store_code, after_cursor=0)
        )
        reading = asyncio.ensure_future(_drain(call))
        await stop.wait()
        call.cancel()
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)


async def _drain(call) -> None:
    async for _event in call:
        pass


async def _connected(ho: HeadOffice, bundles, skus: list[str], seconds: float) -> tuple:
    stores = [SimulatedStore(b, ho.grpc_address, skus) for b in bundles]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(s.run(stop, 0.2)) for s in stores]
    tasks += [asyncio.create_task(_follow(b, ho.grpc_address, stop)) for b in bundles]
    await asyncio.sleep(seconds)
    rss, peak = memory_mb(ho.process.pid)
    stop.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    failed = [r for r in results if isinstance(r, BaseException)]
    if failed:
        raise ChainError(f"{len(failed)} simulated streams failed: {failed[0]!r}")
    return rss, peak, sum(s.acked for s in stores)


def _headoffice(work: Path, ho: HeadOffice, stores: int, seconds: float) -> list[Figure]:
    paths = [ho.add_store(f"H{i:03d}", f"Memory H{i:03d}", work) for i in range(stores)]
    idle, _ = memory_mb(ho.process.pid)
    skus = [f"SKU{i:04d}" for i in range(500)]
    rss, peak, acked = asyncio.run(_connected(ho, load_bundles(paths), skus, seconds))
    progress(f"head office with {stores} stores connected: RSS {rss:.0f} MiB, peak {peak:.0f}")
    return [
        Figure("head office RSS, no store connected (baseline)", f"{idle:.0f} MiB"),
        Figure(
            f"head office RSS with {stores} stores connected (Upstream + Downstream each)",
            f"{rss:.0f} MiB ({rss / idle:.2f}x; {acked:,} sales acknowledged)",
            f"< {HO_TARGET_MB} MB",
            rss < HO_TARGET_MB,
        ),
        Figure("head office peak RSS (VmHWM) since it started", f"{peak:.0f} MiB"),
    ]


def run(work: Path, admin_dsn: str, skus: int, sales: int, stores: int, seconds: float) -> Section:
    figures: list[Figure] = []
    with fresh_headoffice(work, admin_dsn) as ho:
        figures += _edge(work, ho, skus, sales)
        ho.stop()
        ho.start()  # a fresh process: its memory is the streams', not the import's
        figures += _headoffice(work, ho, stores, seconds)
    return Section(
        title="Memory: an edge agent with a large catalogue and a backlog; head office's streams",
        figures=figures,
        notes=[
            "RSS from /proc/PID/status (VmRSS; VmHWM is the peak since the process started). "
            "The peak includes a manager's PIN sign-in: argon2id with 64 MiB of memory "
            "(common/domain/pins.py), given back when the check ends.",
            f"Edge: a real edge agent with a {skus:,}-SKU catalogue from head office; the "
            f"backlog is {sales:,} three-line sales sold through the till while head office "
            "was stopped (about a day of a busy convenience store).",
            f"Head office: a freshly started `headoffice serve` on PostgreSQL; {stores} "
            "simulated stores in this process each hold an Upstream stream (a sale every 5 s) "
            f"and a Downstream stream for {seconds:g} s.",
        ],
    )
