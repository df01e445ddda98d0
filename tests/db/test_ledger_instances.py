"""One ledger instance per store (issue 12, failure 2; DESIGN invariant 7), on both databases.

A real head office (grpc.aio, mTLS) and real edge ledgers with the agent's own
upstream client: a second ledger started with the store's bundle is refused
(sync status, audit, metric) while the genuine one keeps selling and loses
nothing; a restored older copy that sells past head office's sequence is
refused and `hoctl verify` (the Verify call) reports where the two part.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path

import grpc
import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy.engine import Engine

from common.domain.entry_chain import chain_hash
from common.domain.pricing import ScannedItem
from common.pb.storeledger.v1 import admin_pb2, admin_pb2_grpc, ledger_pb2, sync_pb2, sync_pb2_grpc
from common.tls import channel_credentials
from edge_agent.domain.tender import TenderOffer
from edge_agent.services import queries
from edge_agent.services.context import StoreContext
from edge_agent.services.selling import sell
from edge_agent.sync.link import HeadOfficeLink
from edge_agent.sync.upstream import UpstreamClient
from headoffice.api.server import RunningServer
from headoffice.domain.audit_chain import AuditFilter
from headoffice.domain.roles import Staff
from headoffice.services.audit import list_records
from headoffice.services.stores import disable_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import import_catalogue_rpc, sale
from tests.db.test_sync_server import Chain, channel, make_chain, run
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE, seed_catalogue
from tests.edge.fake_headoffice import until

pytestmark = pytest.mark.timeout(120)

SYNC = {
    "batch_max_entries": 50,
    "batch_max_delay_ms": 5,
    "heartbeat_interval_ms": 100,
    "backoff_initial_ms": 10,
    "backoff_max_ms": 200,
    "refused_resend_max_ms": 200,
}
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
    f"COLA,Cola,{COLA_BARCODE},piece,350,200,drinks\n"
    f"CHIPS,Chips,{CHIPS_BARCODE},piece,800,500,snacks\n"
)


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


def ledger(directory: Path) -> StoreContext:
    directory.mkdir(parents=True, exist_ok=True)
    ctx = StoreContext.open(directory / "ledger.db", "S001", "Main Street")
    seed_catalogue(ctx)
    return ctx


def sell_one(ctx: StoreContext, sku: str = "COLA") -> int:
    price = 350 if sku == "COLA" else 800
    return sell(ctx, "T1", "ann", [ScannedItem(sku, 1)], [TenderOffer("cash", price)]).seq


def document_ids(ctx: StoreContext) -> dict[int, str]:
    with ctx.db.read() as uow:
        stored = uow.journal.stored_after(0, 10_000)
    return {e.seq: ledger_pb2.JournalEntry.FromString(e.payload).document_id for e in stored}


def head_office_documents(engine: Engine) -> dict[int, str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, document_id FROM journal_entries WHERE store_code = 'S001'"
        ).fetchall()
    return {int(seq): str(doc) for seq, doc in rows}


def sync_row(engine: Engine):  # type: ignore[no-untyped-def]
    with UnitOfWork(engine) as uow:
        return uow.stores.lock_sync_row("S001")


def head_office_levels(engine: Engine) -> dict[str, int]:
    with UnitOfWork(engine) as uow:
        return uow.levels.levels("S001")


class Agent:
    """An edge ledger and its upstream client running against head office."""

    def __init__(self, ctx: StoreContext, chain: Chain, port: int) -> None:
        self.ctx = ctx
        self.link = HeadOfficeLink()
        cert = chain.stores["S001"]
        creds = channel_credentials(chain.tls.ca.cert_pem, cert.cert_pem, cert.key_pem)
        client = UpstreamClient(ctx, self.link, f"127.0.0.1:{port}", creds, SYNC, "test")
        self.task = asyncio.create_task(client.run())

    async def stop(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)

    def committed(self) -> int:
        return queries.status(self.ctx).committed_seq


async def with_catalogue(chain: Chain, running: RunningServer) -> None:
    async with channel(chain, running.port, chain.staff) as staff:
        assert (await import_catalogue_rpc(staff, CATALOGUE)).applied


def scenario_run(
    engine: Engine, chain: Chain, scenario: Callable[[RunningServer], Awaitable[None]]
) -> CollectorRegistry:
    registry = CollectorRegistry()
    run(engine, chain, scenario, registry)
    return registry


def test_failure_2_second_ledger_with_same_bundle_is_refused(
    engine: Engine, chain: Chain, tmp_path: Path
) -> None:
    genuine = ledger(tmp_path / "genuine")
    second = ledger(tmp_path / "second")

    async def scenario(running: RunningServer) -> None:
        await with_catalogue(chain, running)
        sell_one(genuine)
        sell_one(genuine)
        a = Agent(genuine, chain, running.port)
        await until(lambda: a.committed() == 2, what="the genuine ledger's first two sales")
        bound = sync_row(engine).instance_id
        assert bound and bound == _instance(genuine)

        sell_one(second, "CHIPS")  # the second ledger's first sale: seq 1 again
        b = Agent(second, chain, running.port)
        await until(
            lambda: sync_row(engine).refused_reason == "instance_refused",
            what="head office refusing the second ledger",
        )
        row = sync_row(engine)
        assert "is bound to ledger instance" in row.refused_message
        assert row.instance_id == bound and row.committed_seq == 2
        # Nothing of the second ledger is taken as committed: its sale is not lost.
        assert b.committed() == 0

        # The genuine agent keeps working: every sale reaches head office.
        for _ in range(3):
            sell_one(genuine)
        await until(lambda: a.committed() == 5, what="the genuine ledger's next sales")
        assert head_office_documents(engine) == document_ids(genuine)
        assert head_office_levels(engine) == {"COLA": -5}
        await b.stop()
        await a.stop()

    registry = scenario_run(engine, chain, scenario)
    actions = [r.action for r in list_records(UnitOfWork(engine), AuditFilter(entity_id="S001"))]
    assert "store.instance.bind" in actions and "store.instance.refused" in actions
    refused = registry.get_sample_value(
        "storeledger_batches_refused_total", {"store": "S001", "reason": "instance_refused"}
    )
    assert refused and refused >= 1
    genuine.close()
    second.close()


def _instance(ctx: StoreContext) -> str:
    with ctx.db.read() as uow:
        return uow.journal.instance_id()


def copy_ledger(source: Path, target: Path) -> None:
    """A copy of a ledger as a backup of it would be (SQLite's online backup)."""
    target.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(source / "ledger.db")) as src,
        closing(sqlite3.connect(target / "ledger.db")) as dst,
    ):
        src.backup(dst)


def test_failure_2_restored_older_copy_selling_past_head_office_is_refused_and_verify_diverges(
    engine: Engine, chain: Chain, tmp_path: Path
) -> None:
    genuine = ledger(tmp_path / "genuine")

    async def scenario(running: RunningServer) -> None:
        await with_catalogue(chain, running)
        sell_one(genuine)
        sell_one(genuine)
        a = Agent(genuine, chain, running.port)
        await until(lambda: a.committed() == 2, what="the first two sales")
        copy_ledger(tmp_path / "genuine", tmp_path / "restored")  # the backup, at entry 2
        sell_one(genuine)
        sell_one(genuine)
        await until(lambda: a.committed() == 4, what="two more sales")
        await a.stop()
        levels_before = head_office_levels(engine)

        restored = StoreContext.open(tmp_path / "restored" / "ledger.db", "S001", "Main Street")
        for _ in range(3):  # entries 3, 4, 5: two under head office's sequence, one past it
            sell_one(restored, "CHIPS")
        r = Agent(restored, chain, running.port)
        await until(
            lambda: sync_row(engine).refused_reason == "ledger_diverged",
            what="head office refusing the restored copy",
        )
        row = sync_row(engine)
        assert row.committed_seq == 4 and row.refused_seq == 5
        # The copy marks nothing of its own as synced: its entries 3 and 4 are not head office's.
        assert r.committed() == 2
        assert head_office_levels(engine) == levels_before

        async with channel(chain, running.port, chain.staff) as staff:
            reply = await admin_pb2_grpc.AdminStub(staff).Verify(
                admin_pb2.VerifyRequest(store_code="S001", timeout_ms=5_000)
            )
        assert not reply.match
        assert reply.diverged_seq == 3
        assert "DIVERGED" in reply.message and "entry 3" in reply.message
        await r.stop()
        restored.close()

    scenario_run(engine, chain, scenario)
    genuine.close()


def test_a_matching_ledger_verifies_by_hash_and_balances(
    engine: Engine, chain: Chain, tmp_path: Path
) -> None:
    genuine = ledger(tmp_path / "genuine")

    async def scenario(running: RunningServer) -> None:
        await with_catalogue(chain, running)
        for _ in range(3):
            sell_one(genuine)
        a = Agent(genuine, chain, running.port)
        await until(lambda: a.committed() == 3, what="three sales")
        async with channel(chain, running.port, chain.staff) as staff:
            reply = await admin_pb2_grpc.AdminStub(staff).Verify(
                admin_pb2.VerifyRequest(store_code="S001", timeout_ms=5_000)
            )
        assert reply.match and reply.diverged_seq == 0, reply.message
        assert len(sync_row(engine).head_hash_hex) == 64
        await a.stop()

    scenario_run(engine, chain, scenario)
    genuine.close()


def test_a_batch_from_another_instance_or_without_hashes_is_refused(
    engine: Engine, chain: Chain
) -> None:
    """Crafted on the wire: a bound store's batch must name its instance and carry hashes."""

    async def scenario(running: RunningServer) -> None:
        await with_catalogue(chain, running)
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(
                sync_pb2.UpstreamMessage(
                    hello=sync_pb2.Hello(store_code="S001", newest_seq=1, instance_id="i-1")
                )
            )
            assert (await call.read()).welcome.committed_seq == 0
            await call.write(
                sync_pb2.UpstreamMessage(
                    batch=sync_pb2.EntryBatch(batch_id=1, entries=[sale(1)], instance_id="i-1")
                )
            )
            refused = (await call.read()).refused
            assert refused.reason_code == "entry_hash_missing"
            bad = chain_hash(b"x", b"")
            await call.write(
                sync_pb2.UpstreamMessage(
                    batch=sync_pb2.EntryBatch(
                        batch_id=2, entries=[sale(1)], instance_id="i-1", entry_hashes=[bad]
                    )
                )
            )
            assert (await call.read()).refused.reason_code == "ledger_diverged"
            await call.write(
                sync_pb2.UpstreamMessage(
                    batch=sync_pb2.EntryBatch(batch_id=3, entries=[sale(1)], instance_id="i-2")
                )
            )
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await call.read()
            assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert sync_row(engine).committed_seq == 0

    scenario_run(engine, chain, scenario)


def test_failure_11_a_disabled_stores_backlog_is_delivered_and_verify_names_what_is_stranded(
    engine: Engine, chain: Chain, tmp_path: Path
) -> None:
    shop = ledger(tmp_path / "shop")

    async def scenario(running: RunningServer) -> None:
        await with_catalogue(chain, running)
        sell_one(shop)
        a = Agent(shop, chain, running.port)
        await until(lambda: a.committed() == 1, what="the first sale")
        await a.stop()
        sell_one(shop)  # written offline, before head office disables the store
        sell_one(shop)
        await asyncio.sleep(0.02)
        disable_store(UnitOfWork(engine), Staff("admin", "admin"), "S001")
        await asyncio.sleep(0.02)
        sell_one(shop)  # written after: stranded
        b = Agent(shop, chain, running.port)
        await until(lambda: sync_row(engine).committed_seq == 3, what="the backlog delivered")
        await until(
            lambda: sync_row(engine).store_newest_seq == 4 and not sync_row(engine).connected,
            what="the disabled store's stream ended",
        )
        assert head_office_levels(engine) == {"COLA": -3}
        async with channel(chain, running.port, chain.staff) as staff:
            reply = await admin_pb2_grpc.AdminStub(staff).Verify(
                admin_pb2.VerifyRequest(store_code="S001", timeout_ms=2_000)
            )
        assert not reply.match
        assert "is disabled at head office" in reply.message
        assert "entries 4 to 4 (1)" in reply.message and "catch up" not in reply.message
        assert b.committed() == 3
        await b.stop()

    scenario_run(engine, chain, scenario)
    shop.close()
