"""Sync lag with N simulated stores each selling 5 sales/s, and an 18,000-sale catch-up.

A real head-office process (PostgreSQL) and N simulated stores in this process,
each a real mTLS Upstream stream with its own store certificate, speaking the
protocol exactly as an edge agent does (one batch in flight, batches of what
has accumulated). Lag of a sale = time from its creation at the store until
head office's ack that it is committed.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import grpc

from common.bundle import EnrolmentBundle
from common.clock import now_ms
from common.pb.storeledger.v1 import ledger_pb2, sync_pb2, sync_pb2_grpc
from common.tls import channel_credentials, channel_options
from tests.benchmarks.baselines import percentile


def sale_entry(seq: int, skus: list[str]) -> ledger_pb2.JournalEntry:
    lines = [
        ledger_pb2.SaleLine(
            line_no=i + 1, sku=s, qty_base=1, unit_price_minor=300, amount_minor=300
        )
        for i, s in enumerate(skus)
    ]
    sale_id = uuid.uuid4().hex
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=now_ms(),
        actor="bench",
        document_type="sale",
        document_id=sale_id,
        movements=[
            ledger_pb2.Movement(sku=s, qty_base=-1, reason=ledger_pb2.MOVEMENT_REASON_SALE)
            for s in skus
        ],
        sale=ledger_pb2.Sale(
            sale_id=sale_id,
            sale_no=seq,
            till_id="T1",
            cashier="bench",
            lines=lines,
            total_minor=300 * len(skus),
            currency="CNY",
            tenders=[ledger_pb2.Tender(method="cash", amount_minor=300 * len(skus))],
        ),
    )


@dataclass
class SimulatedStore:
    bundle: EnrolmentBundle
    address: str
    skus: list[str]
    next_seq: int = 1
    created: dict[int, float] = field(default_factory=dict)
    lags_ms: list[float] = field(default_factory=list)
    acked: int = 0
    pending: list[ledger_pb2.JournalEntry] = field(default_factory=list)

    def add_sale(self) -> None:
        seq = self.next_seq
        self.next_seq += 1
        self.created[seq] = time.monotonic()
        i = seq % len(self.skus)
        self.pending.append(
            sale_entry(
                seq,
                [
                    self.skus[i],
                    self.skus[(i + 7) % len(self.skus)],
                    self.skus[(i + 13) % len(self.skus)],
                ],
            )
        )

    async def run(
        self, stop: asyncio.Event, rate_per_s: float, batch_max: int = 500, record_from: float = 0.0
    ) -> None:
        creds = channel_credentials(
            self.bundle.ca_pem.encode(), self.bundle.cert_pem.encode(), self.bundle.key_pem.encode()
        )
        async with grpc.aio.secure_channel(
            self.address, creds, options=channel_options()
        ) as channel:
            stub = sync_pb2_grpc.StoreSyncStub(channel)
            call = stub.Upstream()
            await call.write(
                sync_pb2.UpstreamMessage(
                    hello=sync_pb2.Hello(
                        store_code=self.bundle.store_code,
                        agent_version="bench",
                        newest_seq=self.next_seq - 1,
                    )
                )
            )
            welcome = await call.read()
            assert welcome.WhichOneof("kind") == "welcome", welcome
            self.acked = welcome.welcome.committed_seq
            interval = 1.0 / rate_per_s if rate_per_s else None
            next_sale = time.monotonic()
            batch_id = 0
            while not (stop.is_set() and not self.pending):
                now = time.monotonic()
                if interval and not stop.is_set():
                    while next_sale <= now:
                        self.add_sale()
                        next_sale += interval
                if not self.pending:
                    await asyncio.sleep(
                        max(0.0, next_sale - time.monotonic()) if interval else 0.001
                    )
                    continue
                batch, self.pending = self.pending[:batch_max], self.pending[batch_max:]
                batch_id += 1
                await call.write(
                    sync_pb2.UpstreamMessage(
                        batch=sync_pb2.EntryBatch(batch_id=batch_id, entries=batch)
                    )
                )
                while True:
                    reply = await call.read()
                    kind = reply.WhichOneof("kind")
                    if kind == "ack":
                        break
                    if kind == "refused":
                        raise RuntimeError(f"batch refused: {reply.refused.message}")
                done = time.monotonic()
                for entry in batch:
                    started = self.created.pop(entry.seq)
                    if started >= record_from:
                        self.lags_ms.append((done - started) * 1000)
                self.acked = reply.ack.committed_seq
            await call.done_writing()


async def measure_lag(
    bundles: list[EnrolmentBundle], address: str, skus: list[str], seconds: float, rate: float
) -> dict[str, float]:
    stores = [SimulatedStore(b, address, skus) for b in bundles]
    stop = asyncio.Event()
    warmup_end = time.monotonic() + 2.0
    tasks = [asyncio.create_task(s.run(stop, rate, record_from=warmup_end)) for s in stores]
    await asyncio.sleep(2.0 + seconds)
    stop.set()
    await asyncio.gather(*tasks)
    lags = [lag for s in stores for lag in s.lags_ms]
    return {
        "stores": len(stores),
        "sales": len(lags),
        "p50_ms": statistics.median(lags),
        "p99_ms": percentile(lags, 99),
    }


async def measure_catch_up(
    bundle: EnrolmentBundle, address: str, skus: list[str], backlog: int, start_seq: int = 1
) -> float:
    store = SimulatedStore(bundle, address, skus, next_seq=start_seq)
    for _ in range(backlog):
        store.add_sale()
    stop = asyncio.Event()
    stop.set()
    started = time.monotonic()
    await store.run(stop, rate_per_s=0.0)
    return time.monotonic() - started


def load_bundles(paths: list[Path]) -> list[EnrolmentBundle]:
    return [EnrolmentBundle.from_bytes(p.read_bytes(), str(p)) for p in paths]
