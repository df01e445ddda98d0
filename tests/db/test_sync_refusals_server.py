"""A refused store through the real grpc.aio server, on both databases (issue 12).

A store certificate sends a batch head office refuses, again and again: the
refusal shows in GetSyncStatus (what hoctl sync status prints) with its
reason, entry and sentence, the backlog and a lag that grows; it is counted
per store and reason and the refused gauge is 1; head office logs it once
per store and reason a minute, not once per resend; an accepted batch clears it.
"""

from __future__ import annotations

import asyncio
import logging

import grpc
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import admin_pb2, admin_pb2_grpc, sync_pb2, sync_pb2_grpc
from headoffice.api.server import RunningServer
from tests.db.conftest import sale
from tests.db.test_sync_server import Chain, batch, channel, make_chain, read, run

pytestmark = pytest.mark.timeout(120)
SERVICER_LOG = "headoffice.api.sync_servicer"


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


def backwards(seq: int, at_ms: int) -> object:
    entry = sale(seq, at_ms=at_ms)
    entry.movements[0].qty_base = 2  # a sale that puts stock back: the wrong sign
    return entry


def refused_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == SERVICER_LOG and r.getMessage() == "batch refused"
    ]


def test_a_refused_store_does_not_flood_the_log_and_shows_in_sync_status(
    engine: Engine, chain: Chain, caplog: pytest.LogCaptureFixture
) -> None:
    registry = CollectorRegistry()
    caplog.set_level("INFO", logger=SERVICER_LOG)
    resends = 5

    def scraped(name: str) -> str:
        return "\n".join(
            line for line in generate_latest(registry).decode().splitlines()
            if line.startswith(name) and 'store="S001"' in line
        )  # fmt: skip

    async def status(ch: object) -> admin_pb2.StoreSyncStatus:
        reply = await admin_pb2_grpc.AdminStub(ch).GetSyncStatus(
            admin_pb2.SyncStatusRequest(store_code="S001")
        )
        return reply.stores[0]

    async def scenario(running: RunningServer) -> None:
        async with (
            channel(chain, running.port, chain.stores["S001"]) as ch,
            channel(chain, running.port, chain.staff) as staff,
        ):
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(
                sync_pb2.UpstreamMessage(
                    hello=sync_pb2.Hello(store_code="S001", agent_version="test/1", newest_seq=3)
                )
            )
            await read(call)
            await call.write(batch(1, sale(1)))
            assert (await read(call)).ack.committed_seq == 1
            written_at = 1_700_000_000_000
            for n in range(resends):  # the store resends the same bad batch
                await call.write(batch(2 + n, backwards(2, written_at), sale(3)))
                refused = (await read(call)).refused
                assert (refused.reason_code, refused.refused_seq, refused.expected_seq) == (
                    "wrong_sign", 2, 2,
                )  # fmt: skip
                assert "entry 2 movement 1 (SKU COLA)" in refused.message

            first = await status(staff)
            assert first.connected and (first.committed_seq, first.backlog_count) == (1, 2)
            assert (first.refused_seq, first.refused_reason) == (2, "wrong_sign")
            assert first.refused_message == refused.message and first.refused_since_ms > 0
            assert first.lag_ms >= first.refused_since_ms - written_at > 0
            await asyncio.sleep(0.05)  # the lag is computed when asked: it has grown
            assert (await status(staff)).lag_ms > first.lag_ms
            assert 'storeledger_store_refused{store="S001"} 1.0' in scraped(
                "storeledger_store_refused"
            )
            counted = scraped("storeledger_batches_refused_total")
            assert f'reason="wrong_sign",store="S001"}} {resends}.0' in counted

            # The store fixes the entry: accepted, the refusal clears.
            await call.write(batch(99, sale(2), sale(3)))
            assert (await read(call)).ack.committed_seq == 3
            cleared = await status(staff)
            assert (cleared.refused_since_ms, cleared.refused_reason, cleared.lag_ms) == (0, "", 0)
            assert 'storeledger_store_refused{store="S001"} 0.0' in scraped(
                "storeledger_store_refused"
            )
            call.cancel()

    run(engine, chain, scenario, registry)
    (line,) = refused_lines(caplog)  # one line for five refusals within the minute
    fields = line.fields  # type: ignore[attr-defined]
    assert (fields["store"], fields["reason_code"], fields["seq"]) == ("S001", "wrong_sign", 2)
    (recovered,) = [r for r in caplog.records if r.getMessage() == "store's batches accepted again"]
    assert recovered.fields["refusals_not_logged"] == resends - 1  # type: ignore[attr-defined]


def test_a_store_refused_at_its_hello_does_not_flood_the_log(
    engine: Engine, chain: Chain, caplog: pytest.LogCaptureFixture
) -> None:
    """Failure 11: a disabled store, or one whose ledger is behind, asks again every couple
    of seconds; head office said so in the log every time. Now once a minute per store
    and reason; a ledger behind also shows in sync status as refused."""
    from headoffice.domain.roles import Staff
    from headoffice.services.status import sync_status
    from headoffice.services.stores import disable_store
    from headoffice.store.unit_of_work import UnitOfWork

    caplog.set_level("INFO", logger=SERVICER_LOG)
    attempts = 4

    async def refused_hello(ch: object, store: str, newest: int) -> None:
        call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
        await call.write(
            sync_pb2.UpstreamMessage(
                hello=sync_pb2.Hello(store_code=store, agent_version="t/1", newest_seq=newest)
            )
        )
        with pytest.raises(grpc.aio.AioRpcError):
            await asyncio.wait_for(call.read(), 15)

    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(
                sync_pb2.UpstreamMessage(
                    hello=sync_pb2.Hello(store_code="S001", agent_version="t/1", newest_seq=2)
                )
            )
            await read(call)
            await call.write(batch(1, sale(1), sale(2)))
            assert (await read(call)).ack.committed_seq == 2
            call.cancel()
            for _ in range(attempts):  # a re-initialised ledger, numbering from 1 again
                await refused_hello(ch, "S001", newest=1)
        await asyncio.to_thread(disable_store, UnitOfWork(engine), Staff("admin", "admin"), "S002")
        async with channel(chain, running.port, chain.stores["S002"]) as ch:
            for _ in range(attempts):
                await refused_hello(ch, "S002", newest=0)

    run(engine, chain, scenario)
    messages = [r.getMessage() for r in caplog.records if r.name == SERVICER_LOG]
    assert messages.count("store ledger behind head office") == 1
    assert messages.count("store refused") == 1
    view = {v.store_code: v for v in sync_status(UnitOfWork(engine), 10**13)}["S001"]
    assert (view.refused_reason, view.refused_seq) == ("ledger_behind", 1)
    assert "ledger ends at entry 1 but head office has committed" in view.refused_message
