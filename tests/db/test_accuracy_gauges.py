"""The accuracy gauges on head office's /metrics registry: set at start, set again after a
store's batch posts a count (a real server, a real store stream, both databases)."""

from __future__ import annotations

import asyncio

from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from common.clock import now_ms
from common.pb.storeledger.v1 import ledger_pb2, sync_pb2_grpc
from headoffice.api.server import RunningServer
from tests.db.test_count_accuracy import at, posted
from tests.db.test_sync_server import WAIT_S, Chain, batch, chain, channel, hello, read, run
from tests.journal_entries import delivery, sale

__all__ = ["chain"]  # the module's Chain fixture, used by name


def gauges(registry: CollectorRegistry) -> list[str]:
    return [
        line
        for line in generate_latest(registry).decode().splitlines()
        if line.startswith(("storeledger_inventory_accuracy_bp{", "storeledger_shrink_"))
    ]


async def wait_for_lines(registry: CollectorRegistry, wanted: set[str]) -> list[str]:
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while not wanted <= set(gauges(registry)):
        assert asyncio.get_running_loop().time() < deadline, gauges(registry)
        await asyncio.sleep(0.05)
    return gauges(registry)


def test_the_gauges_appear_after_a_count_is_posted(engine: Engine, chain: Chain) -> None:
    registry = CollectorRegistry()
    when = now_ms() - 3_600_000

    async def scenario(running: RunningServer) -> None:
        # Nothing posted yet: no store has an accuracy sample (an unknown is not 0 %).
        await asyncio.sleep(0.2)
        assert not [g for g in gauges(registry) if 'store="S001"' in g]
        entries: list[ledger_pb2.JournalEntry] = [
            delivery(1, [("COLA", 100, 200), ("TEA", 50, 100)]),
            at(sale(2, "COLA", 10), when - 60_000),  # 2,000 at cost
        ]
        entries += posted(3, "cs-1", [("COLA", 90, 88, 200), ("TEA", 50, 50, 100)], when)
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001", newest=len(entries)))
            await read(call)
            await call.write(batch(1, *entries))
            assert (await read(call)).ack.applied == len(entries)
            # 1 of 2 within: 5000 bp; lost 400; 400 of 2,000 sold is 2000 bp.
            await wait_for_lines(
                registry,
                {
                    'storeledger_inventory_accuracy_bp{store="S001"} 5000.0',
                    'storeledger_shrink_value_minor{store="S001"} 400.0',
                    'storeledger_shrink_sales_bp{store="S001"} 2000.0',
                    'storeledger_inventory_accuracy_bp{store="_chain"} 5000.0',
                },
            )
            await call.done_writing()

    run(engine, chain, scenario, registry)
