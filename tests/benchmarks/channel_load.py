"""The open-loop load of the channel-orders benchmark, in client processes of their own.

Each client process runs an asyncio loop for its share of the channels (one mTLS connection
each) and sends its share of the rate on a fixed schedule, never waiting for replies (open
loop). The clients run outside the benchmark's own process and outside head office's, so a
client's GIL never throttles the offered rate unseen: each send records how late it left
against its schedule, and the parent reports the offered rate, the rate achieved (orders
sent in the measured window that succeeded, a second) and how far the clients fell behind.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from common.bundle import ChannelIdentity
from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc
from common.tls import channel_credentials, channel_options

WARM_UP_S = 2.0
DEADLINE_S = 10.0  # an order not answered by then counts as failed (DEADLINE_EXCEEDED)
STORE = "S001"
SKUS = [f"SKU{n:04d}" for n in range(20)]


@dataclass
class Phase:
    """One phase's order to the client processes: who, where, how fast, from when."""

    bundles: list[ChannelIdentity]
    numbers: list[int]  # the bundles' channel numbers among all channels (0, 1, ...)
    channels: int  # all channels, in every process
    address: str
    rate: float  # orders a second, all channels together
    seconds: float
    orders: bool  # False: the baseline (two empty RPCs per "order")
    run_id: str
    start_at: float  # time.monotonic() (system-wide on Linux) when the schedule begins


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)  # succeeded, sent in the window
    offered: int = 0  # sends scheduled in the measured window
    failed: Counter[str] = field(default_factory=Counter)  # status code -> orders
    send_lag_ms: list[float] = field(default_factory=list)  # how late each send left
    cpu_s: float = 0.0  # the client process's CPU during the phase

    def add(self, other: Result) -> None:
        self.latencies_ms += other.latencies_ms
        self.offered += other.offered
        self.failed.update(other.failed)
        self.send_lag_ms += other.send_lag_ms
        self.cpu_s += other.cpu_s


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _channel(phase: Phase, n: int, bundle: ChannelIdentity, result: Result) -> None:
    creds = channel_credentials(
        bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
    )
    record_from = phase.start_at + WARM_UP_S
    end = record_from + phase.seconds
    per_channel = phase.rate / phase.channels
    async with grpc.aio.secure_channel(phase.address, creds, options=channel_options()) as ch:
        health = health_pb2_grpc.HealthStub(ch)
        stub = channels_pb2_grpc.ChannelOrdersStub(ch)
        await health.Check(health_pb2.HealthCheckRequest())  # connected before the clock
        pending: list[asyncio.Task[None]] = []

        async def one(tick: int, sent: float) -> None:
            try:
                if phase.orders:
                    reserved = await stub.Reserve(
                        channels_pb2.ReserveRequest(
                            store_code=STORE, idempotency_key=f"{phase.run_id}-{n}-{tick}",
                            lines=[channels_pb2.ReservationLine(
                                sku=SKUS[(tick * 7 + n) % len(SKUS)], qty_base=1)],
                        ),
                        timeout=DEADLINE_S,
                    )  # fmt: skip
                    assert not reserved.replayed
                    left = DEADLINE_S - (time.monotonic() - sent)
                    await stub.Confirm(
                        channels_pb2.ReservationRequest(reservation_id=reserved.reservation_id),
                        timeout=max(0.001, left),
                    )
                else:
                    await health.Check(health_pb2.HealthCheckRequest(), timeout=DEADLINE_S)
                    left = DEADLINE_S - (time.monotonic() - sent)
                    await health.Check(health_pb2.HealthCheckRequest(), timeout=max(0.001, left))
            except grpc.aio.AioRpcError as exc:
                if sent >= record_from:
                    result.failed[exc.code().name] += 1
                return
            if sent >= record_from:
                result.latencies_ms.append((time.monotonic() - sent) * 1000)

        tick = 0
        while True:
            due = phase.start_at + (tick + n / phase.channels) / per_channel
            if due >= end:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            sent = time.monotonic()
            if due >= record_from:
                result.offered += 1
                result.send_lag_ms.append((sent - due) * 1000)
            pending.append(asyncio.create_task(one(tick, sent)))  # open loop: never wait
            tick += 1
        await asyncio.gather(*pending)


async def _phase(phase: Phase) -> Result:
    result = Result()
    await asyncio.gather(
        *(
            _channel(phase, n, bundle, result)
            for n, bundle in zip(phase.numbers, phase.bundles, strict=True)
        )
    )
    return result


def run_phase_here(phase: Phase) -> Result:
    """One client process's part of a phase (the pool's task)."""
    cpu = _cpu_s()
    result = asyncio.run(_phase(phase))
    result.cpu_s = _cpu_s() - cpu
    return result


async def _serial(bundle: ChannelIdentity, address: str, count: int, orders: bool) -> Result:
    """`count` orders (or baseline pairs) one after the other: the latency of an idle server."""
    phase = Phase(
        bundles=[bundle], numbers=[0], channels=1, address=address, rate=1.0, seconds=0.0,
        orders=orders, run_id="serial", start_at=0.0,
    )  # fmt: skip
    result = Result()
    creds = channel_credentials(
        bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
    )
    async with grpc.aio.secure_channel(address, creds, options=channel_options()) as ch:
        health = health_pb2_grpc.HealthStub(ch)
        stub = channels_pb2_grpc.ChannelOrdersStub(ch)
        await health.Check(health_pb2.HealthCheckRequest())
        for tick in range(count):
            sent = time.monotonic()
            if phase.orders:
                reserved = await stub.Reserve(
                    channels_pb2.ReserveRequest(
                        store_code=STORE, idempotency_key=f"serial-{tick}",
                        lines=[channels_pb2.ReservationLine(sku=SKUS[tick % len(SKUS)],
                                                            qty_base=1)],
                    )
                )  # fmt: skip
                await stub.Confirm(
                    channels_pb2.ReservationRequest(reservation_id=reserved.reservation_id)
                )
            else:
                await health.Check(health_pb2.HealthCheckRequest())
                await health.Check(health_pb2.HealthCheckRequest())
            if tick >= count // 10:  # the first tenth warms up
                result.latencies_ms.append((time.monotonic() - sent) * 1000)
    return result


def run_serial_here(bundle: ChannelIdentity, address: str, count: int, orders: bool) -> Result:
    return asyncio.run(_serial(bundle, address, count, orders))


def _ready() -> bool:
    return True


class Clients:
    """`processes` client processes (spawned: no gRPC state is forked) sharing the channels."""

    def __init__(self, bundles: list[ChannelIdentity], address: str, processes: int) -> None:
        self._bundles = bundles
        self._address = address
        self.processes = max(1, min(processes, len(bundles)))
        self._pool = ProcessPoolExecutor(
            self.processes, mp_context=multiprocessing.get_context("spawn")
        )
        # Start every worker now (imports take a second), not inside a phase's schedule.
        for f in [self._pool.submit(_ready) for _ in range(self.processes * 2)]:
            f.result()

    def close(self) -> None:
        self._pool.shutdown()

    def serial(self, count: int, orders: bool) -> Result:
        """One client, one order at a time (closed loop)."""
        future = self._pool.submit(run_serial_here, self._bundles[0], self._address, count, orders)
        return future.result()

    def run(self, rate: float, seconds: float, orders: bool, run_id: str) -> Result:
        start_at = time.monotonic() + 1.0  # every process connects before it
        futures = []
        for p in range(self.processes):
            numbers = list(range(p, len(self._bundles), self.processes))
            phase = Phase(
                bundles=[self._bundles[i] for i in numbers], numbers=numbers,
                channels=len(self._bundles), address=self._address, rate=rate,
                seconds=seconds, orders=orders, run_id=run_id, start_at=start_at,
            )  # fmt: skip
            futures.append(self._pool.submit(run_phase_here, phase))
        total = Result()
        for f in futures:
            total.add(f.result())
        return total
