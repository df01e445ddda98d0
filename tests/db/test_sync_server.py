"""The real grpc.aio server on port 0 with real mTLS certificates, driven by real clients."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import grpc
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from common.bundle import EnrolmentBundle
from common.certs import ROLE_SERVER, ROLE_STAFF, ROLE_STORE, KeyPair, create_ca, issue_certificate
from common.pb.storeledger.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    audit_pb2,
    audit_pb2_grpc,
    ledger_pb2,
    stock_views_pb2,
    stock_views_pb2_grpc,
    sync_pb2,
    sync_pb2_grpc,
)
from common.tls import SERVER_NAME, channel_credentials, channel_options
from headoffice.api.server import RunningServer, TlsFiles, serve_headoffice
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import TEST_SKUS, delivery, import_catalogue_rpc, sale, seed_catalogue

WAIT_S = 15
pytestmark = pytest.mark.timeout(120)


@dataclass
class Chain:
    tls: TlsFiles
    staff: KeyPair
    stores: dict[str, KeyPair]
    foreign: KeyPair  # S001's name, signed by another chain's CA


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


def make_chain() -> Chain:
    """A CA, head office's server certificate, a staff and three store certificates."""
    ca = create_ca("Test chain")
    server = issue_certificate(
        ca, SERVER_NAME, ROLE_SERVER, hosts=[SERVER_NAME, "localhost", "127.0.0.1"]
    )
    other_ca = create_ca("Other chain")
    return Chain(
        tls=TlsFiles(ca=ca, server=server),
        staff=issue_certificate(ca, "admin", ROLE_STAFF),
        stores={code: issue_certificate(ca, code, ROLE_STORE) for code in ("S001", "S002", "S404")},
        foreign=issue_certificate(other_ca, "S001", ROLE_STORE),
    )


def channel(chain: Chain, port: int, cert: KeyPair) -> grpc.aio.Channel:
    creds = channel_credentials(chain.tls.ca.cert_pem, cert.cert_pem, cert.key_pem)
    return grpc.aio.secure_channel(f"127.0.0.1:{port}", creds, options=channel_options())


def run(
    engine: Engine,
    chain: Chain,
    scenario: Callable[[RunningServer], Awaitable[None]],
    registry: CollectorRegistry | None = None,
    catalogue: Iterable[str] = TEST_SKUS,
) -> None:
    """Run `scenario` against a head office with stores S001 and S002 whose catalogue holds
    `catalogue` (entries for SKUs it does not hold are refused)."""
    for code in ("S001", "S002"):
        add_store(UnitOfWork(engine), chain.tls.ca, code, f"Store {code}", "unused:1")
    seed_catalogue(engine, catalogue, cost_minor=200)

    async def main() -> None:
        async with serve_headoffice(
            engine, chain.tls, "127.0.0.1:0", metrics_registry=registry, grace_s=0.5
        ) as running:
            await asyncio.wait_for(scenario(running), WAIT_S * 4)

    asyncio.run(main())


async def read(call: grpc.aio.StreamStreamCall) -> sync_pb2.UpstreamReply:
    reply = await asyncio.wait_for(call.read(), WAIT_S)
    assert reply is not grpc.aio.EOF
    return reply


def hello(store: str, newest: int = 0) -> sync_pb2.UpstreamMessage:
    return sync_pb2.UpstreamMessage(
        hello=sync_pb2.Hello(store_code=store, agent_version="test/1", newest_seq=newest)
    )


def batch(batch_id: int, *entries: object) -> sync_pb2.UpstreamMessage:
    return sync_pb2.UpstreamMessage(batch=sync_pb2.EntryBatch(batch_id=batch_id, entries=entries))


async def refused_code(call: grpc.aio.StreamStreamCall) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await asyncio.wait_for(call.read(), WAIT_S)
    return info.value.code(), info.value.details() or ""


def test_upstream_applies_acks_ignores_duplicates_and_refuses_gaps(
    engine: Engine, chain: Chain
) -> None:
    registry = CollectorRegistry()

    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001", newest=4))
            welcome = (await read(call)).welcome
            assert (welcome.store_code, welcome.committed_seq) == ("S001", 0)

            await call.write(batch(1, delivery(1, [("COLA", 10, 200)]), sale(2)))
            ack = (await read(call)).ack
            assert (ack.batch_id, ack.committed_seq, ack.applied, ack.duplicates) == (
                1, 2, 2, 0,
            )  # fmt: skip

            await call.write(batch(2, delivery(1, [("COLA", 10, 200)]), sale(2)))
            ack = (await read(call)).ack
            assert (ack.committed_seq, ack.applied, ack.duplicates) == (2, 0, 2)

            await call.write(batch(3, sale(4)))
            refused = (await read(call)).refused
            assert refused.reason == sync_pb2.REFUSAL_REASON_SEQUENCE_GAP
            assert refused.expected_seq == 3 and refused.batch_id == 3
            assert "needs entry 3" in refused.message

            await call.write(batch(4, sale(3), sale(4)))
            assert (await read(call)).ack.committed_seq == 4

            # hoctl verify: head office asks the open stream for balances.
            staff_channel = channel(chain, running.port, chain.staff)
            admin = admin_pb2_grpc.AdminStub(staff_channel)
            verify = asyncio.ensure_future(
                admin.Verify(admin_pb2.VerifyRequest(store_code="S001", timeout_ms=5_000))
            )
            request = (await read(call)).balance_request
            await call.write(
                sync_pb2.UpstreamMessage(
                    balance_report=sync_pb2.BalanceReport(
                        request_id=request.request_id,
                        as_of_seq=4,
                        balances=[ledger_pb2.SkuBalance(sku="COLA", qty_base=6)],
                    )
                )
            )
            reply = await asyncio.wait_for(verify, WAIT_S)
            assert reply.match is False
            assert (reply.head_office_seq, reply.store_seq) == (4, 4)
            assert [
                (d.sku, d.head_office_qty_base, d.store_qty_base) for d in reply.differences
            ] == [("COLA", 7, 6)]
            stock = await stock_views_pb2_grpc.StockViewsStub(staff_channel).ListStock(
                stock_views_pb2.ListStockRequest(
                    selection=stock_views_pb2.StockSelection(store_code="S001")
                )
            )
            assert [(r.sku, r.qty_base, r.unit_cost_minor) for r in stock.lines] == [
                ("COLA", 7, 200)
            ]
            await staff_channel.close()
            await call.done_writing()
            assert await asyncio.wait_for(call.read(), WAIT_S) is grpc.aio.EOF

        text = generate_latest(registry).decode()
        assert 'storeledger_sync_entries_applied_total{store="S001"} 4.0' in text
        assert 'storeledger_sync_duplicate_entries_total{store="S001"} 2.0' in text
        assert 'storeledger_batches_refused_total{reason="sequence_gap",store="S001"} 1.0' in text
        assert 'storeledger_sync_backlog_entries{store="S001"} 0.0' in text
        promtool = shutil.which("promtool")
        if promtool:
            check = subprocess.run(
                [promtool, "check", "metrics"], input=text, capture_output=True, text=True
            )
            assert check.returncode == 0, check.stdout + check.stderr

    run(engine, chain, scenario, registry)


def test_an_entry_of_an_unknown_kind_is_refused_and_the_stream_goes_on(
    engine: Engine, chain: Chain
) -> None:
    """A kind head office does not know, or a movement its kind does not allow, refuses the
    batch with a sentence naming it; the connection stays, heartbeats still arrive, and
    acceptable entries apply."""
    registry = CollectorRegistry()
    magic = sale(2)
    magic.document_type = "stocktake_magic"
    backwards = sale(2)
    backwards.movements[0].qty_base = 3

    async def sync_row() -> tuple[int, str]:
        def read_row() -> tuple[int, str]:
            with UnitOfWork(engine) as work:
                row = work.stores.lock_sync_row("S001")
            assert row is not None
            return row.committed_seq, row.checksum_hex

        return await asyncio.to_thread(read_row)

    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001", newest=3))
            await read(call)
            await call.write(batch(1, sale(1)))
            assert (await read(call)).ack.committed_seq == 1

            await call.write(batch(2, magic, sale(3)))
            refused = (await read(call)).refused
            assert (refused.batch_id, refused.expected_seq) == (2, 2)
            assert refused.reason == sync_pb2.REFUSAL_REASON_INVALID_ENTRY
            assert (
                "store S001 entry 2 was refused: journal entry kind 'stocktake_magic' is not "
                "one StoreLedger knows" in refused.message
            )
            await call.write(batch(3, backwards))
            refused = (await read(call)).refused
            assert refused.batch_id == 3 and refused.expected_seq == 2
            assert (
                "store S001 entry 2 movement 1 (SKU COLA): reason sale in a sale entry must "
                "take stock out (below zero), got 3" in refused.message
            )
            assert await sync_row() == (1, "")

            # The same stream carries on: a heartbeat is written, good entries apply.
            checksum = ledger_pb2.BalanceChecksum(as_of_seq=1, sha256_hex="ab" * 32)
            await call.write(
                sync_pb2.UpstreamMessage(
                    heartbeat=sync_pb2.Heartbeat(
                        newest_seq=3, oldest_uncommitted_at_ms=1_234, checksum=checksum
                    )
                )
            )
            await call.write(batch(4, sale(2), sale(3)))
            ack = (await read(call)).ack
            assert (ack.batch_id, ack.committed_seq, ack.applied) == (4, 3, 2)
            assert await sync_row() == (3, "ab" * 32)
            call.cancel()

        text = generate_latest(registry).decode()
        assert 'storeledger_batches_refused_total{reason="unknown_kind",store="S001"} 1.0' in text
        assert 'storeledger_batches_refused_total{reason="wrong_sign",store="S001"} 1.0' in text

    run(engine, chain, scenario, registry)


def test_a_store_using_another_stores_certificate_is_refused(engine: Engine, chain: Chain) -> None:
    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S002"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001"))
            code, details = await refused_code(call)
            assert code == grpc.StatusCode.PERMISSION_DENIED
            assert "belongs to store S002" in details and "S001" in details
            down = sync_pb2_grpc.StoreSyncStub(ch).Downstream(
                sync_pb2.DownstreamRequest(store_code="S001")
            )
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await asyncio.wait_for(down.read(), WAIT_S)
            assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
        async with channel(chain, running.port, chain.stores["S404"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S404"))
            code, details = await refused_code(call)
            assert code == grpc.StatusCode.PERMISSION_DENIED
            assert "S404 is not enrolled" in details
        async with channel(chain, running.port, chain.staff) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001"))
            code, _ = await refused_code(call)
            assert code == grpc.StatusCode.PERMISSION_DENIED
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await admin_pb2_grpc.AdminStub(ch).ListStores(admin_pb2.ListStoresRequest())
            assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
            assert "staff certificate" in (info.value.details() or "")

    run(engine, chain, scenario)


def test_a_certificate_from_another_ca_is_refused_at_the_handshake(
    engine: Engine, chain: Chain
) -> None:
    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.foreign) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await call.write(hello("S001"))
                await asyncio.wait_for(call.read(), WAIT_S)
            assert info.value.code() == grpc.StatusCode.UNAVAILABLE

    run(engine, chain, scenario)


def test_a_disabled_store_is_refused_at_hello_and_mid_stream(engine: Engine, chain: Chain) -> None:
    async def scenario(running: RunningServer) -> None:
        async with (
            channel(chain, running.port, chain.staff) as staff_ch,
            channel(chain, running.port, chain.stores["S001"]) as ch,
        ):
            admin = admin_pb2_grpc.AdminStub(staff_ch)
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001"))
            assert (await read(call)).welcome.committed_seq == 0
            await call.write(batch(1, sale(1)))
            assert (await read(call)).ack.committed_seq == 1
            info = await admin.DisableStore(admin_pb2.DisableStoreRequest(store_code="S001"))
            assert info.disabled
            # Written after head office disabled the store (issue 12, failure 11: what it
            # wrote before is still taken; headoffice.domain.disabled_stores).
            await call.write(batch(2, sale(2, at_ms=4_000_000_000_000)))
            code, details = await refused_code(call)
            assert code == grpc.StatusCode.PERMISSION_DENIED
            assert "S001 is disabled" in details

            again = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await again.write(hello("S001"))
            code, details = await refused_code(again)
            assert code == grpc.StatusCode.PERMISSION_DENIED
            status = await admin.GetSyncStatus(admin_pb2.SyncStatusRequest(store_code="S001"))
            assert status.stores[0].committed_seq == 1 and status.stores[0].disabled

    run(engine, chain, scenario)


def test_downstream_sends_the_catalogue_then_new_changes(engine: Engine, chain: Chain) -> None:
    header = "sku,name,barcodes,unit,price_minor,cost_minor,category\n"

    async def scenario(running: RunningServer) -> None:
        async with (
            channel(chain, running.port, chain.staff) as staff_ch,
            channel(chain, running.port, chain.stores["S001"]) as ch,
        ):
            admin = admin_pb2_grpc.AdminStub(staff_ch)
            imported = await import_catalogue_rpc(
                staff_ch, header + "COLA,Cola,6901234567892,piece,350,200,drinks\n"
            )
            assert imported.applied and imported.products_created == 1
            bad = await import_catalogue_rpc(staff_ch, header + "TEA,,,piece,1,1,x\n")
            assert not bad.applied and [e.line_no for e in bad.errors] == [2]

            down = sync_pb2_grpc.StoreSyncStub(ch).Downstream(
                sync_pb2.DownstreamRequest(store_code="S001", after_cursor=0)
            )
            first = await asyncio.wait_for(down.read(), WAIT_S)
            assert first.product.product.sku == "COLA"
            assert list(first.product.product.barcodes) == ["6901234567892"]
            assert first.product.product.price_minor == 350
            await import_catalogue_rpc(staff_ch, header + "TEA,Tea,,piece,300,100,drinks\n")
            second = await asyncio.wait_for(down.read(), WAIT_S)
            # A connecting store is also sent the write-off threshold (WriteOffPolicy) and
            # the chain's count tolerance (CountPolicy: the defaults, as configured here).
            while second.WhichOneof("kind") in ("write_off_policy", "count_policy"):
                if second.WhichOneof("kind") == "write_off_policy":
                    assert second.write_off_policy.approval_threshold_minor == 50_000
                else:
                    assert second.count_policy.tolerance.c_bp == 500
                second = await asyncio.wait_for(down.read(), WAIT_S)
            assert second.product.product.sku == "TEA" and second.cursor > first.cursor
            down.cancel()

            reply = await admin.AddStore(admin_pb2.AddStoreRequest(store_code="S003", name="Third"))
            bundle = EnrolmentBundle.from_bytes(reply.bundle)
            assert bundle.store_code == "S003"
            assert bundle.headoffice_address == f"127.0.0.1:{running.port}"
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await admin.AddStore(admin_pb2.AddStoreRequest(store_code="S003", name="Again"))
            assert info.value.code() == grpc.StatusCode.ALREADY_EXISTS
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await admin.Verify(admin_pb2.VerifyRequest(store_code="S002", timeout_ms=100))
            assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            assert "no open sync stream" in (info.value.details() or "")

    run(engine, chain, scenario, catalogue=())


def test_an_agent_that_accepts_batches_gets_catalogue_changes_in_one_event(
    engine: Engine, chain: Chain
) -> None:
    """A run of catalogue changes goes as one ProductBatch (each change whole, oldest first,
    the batch's cursor its last) to an agent that says it reads them; other events go alone."""
    header = "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
    rows = "".join(f"P{n},Product {n},,piece,{100 + n},50,drinks\n" for n in range(3))

    async def scenario(running: RunningServer) -> None:
        async with (
            channel(chain, running.port, chain.staff) as staff_ch,
            channel(chain, running.port, chain.stores["S001"]) as ch,
        ):
            assert (await import_catalogue_rpc(staff_ch, header + rows)).applied
            down = sync_pb2_grpc.StoreSyncStub(ch).Downstream(
                sync_pb2.DownstreamRequest(
                    store_code="S001", after_cursor=0, accepts_product_batches=True
                )
            )
            first = await asyncio.wait_for(down.read(), WAIT_S)
            assert first.WhichOneof("kind") == "products"
            changes = list(first.products.changes)
            assert [c.product.product.sku for c in changes] == ["P0", "P1", "P2"]
            assert [c.product.product.price_minor for c in changes] == [100, 101, 102]
            cursors = [c.cursor for c in changes]
            assert cursors == sorted(cursors) and first.cursor == cursors[-1]
            kinds = set()
            while len(kinds) < 2:  # the policies a connecting store is sent, each alone
                kinds.add((await asyncio.wait_for(down.read(), WAIT_S)).WhichOneof("kind"))
            assert kinds == {"write_off_policy", "count_policy"}
            down.cancel()

    run(engine, chain, scenario, catalogue=())


def test_a_second_stream_for_the_same_store_ends_the_first(engine: Engine, chain: Chain) -> None:
    """One journal writer per store: the newest stream wins and the earlier one is ended."""

    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            first = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await first.write(hello("S001"))
            await read(first)
            second = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await second.write(hello("S001"))
            assert (await read(second)).welcome.store_code == "S001"
            code, details = await refused_code(first)
            assert code == grpc.StatusCode.ABORTED
            assert "newer upstream stream" in details
            await second.write(batch(1, sale(1)))
            assert (await read(second)).ack.committed_seq == 1
            second.cancel()

    run(engine, chain, scenario)


def test_a_disabled_store_is_refused_but_its_backlog_shows(engine: Engine, chain: Chain) -> None:
    from headoffice.domain.roles import Staff
    from headoffice.services.status import sync_status
    from headoffice.services.stores import disable_store

    async def scenario(running: RunningServer) -> None:
        await asyncio.to_thread(disable_store, UnitOfWork(engine), Staff("admin", "admin"), "S002")
        async with channel(chain, running.port, chain.stores["S002"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S002", newest=7))
            code, details = await refused_code(call)
            assert code == grpc.StatusCode.PERMISSION_DENIED and "disabled" in details

    run(engine, chain, scenario)
    view = {v.store_code: v for v in sync_status(UnitOfWork(engine), 10**13)}["S002"]
    assert (view.disabled, view.connected, view.backlog_count) == (True, False, 7)
    assert view.last_contact_ms > 0


def test_a_replay_with_other_content_is_refused_and_an_identical_one_acked(
    engine: Engine, chain: Chain, caplog: pytest.LogCaptureFixture
) -> None:
    """Two agents from copies of one data directory both send entry 2: the second is refused."""
    registry = CollectorRegistry()
    caplog.set_level("WARNING", logger="headoffice.api.sync_servicer")
    other = sale(2, "TEA", qty=4)
    other.document_id = "sale-2-copied-agent"

    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001", newest=2))
            await read(call)
            await call.write(batch(1, delivery(1, [("COLA", 10, 200)]), sale(2)))
            assert (await read(call)).ack.committed_seq == 2

            # A resend after a lost ack: acknowledged, nothing applied.
            await call.write(batch(2, sale(2)))
            ack = (await read(call)).ack
            assert (ack.batch_id, ack.committed_seq, ack.applied, ack.duplicates) == (
                2, 2, 0, 1,
            )  # fmt: skip

            await call.write(batch(3, other, sale(3)))
            refused = (await read(call)).refused
            assert refused.batch_id == 3
            assert refused.reason == sync_pb2.REFUSAL_REASON_INVALID_ENTRY
            assert refused.expected_seq == 3
            assert "sale-2-copied-agent" in refused.message and "sale-2" in refused.message

            # The stream stays usable; nothing of the refused batch was applied.
            await call.write(batch(4, sale(3)))
            assert (await read(call)).ack.committed_seq == 3
            async with channel(chain, running.port, chain.staff) as staff_ch:
                stock = await stock_views_pb2_grpc.StockViewsStub(staff_ch).ListStock(
                    stock_views_pb2.ListStockRequest(
                        selection=stock_views_pb2.StockSelection(store_code="S001")
                    )
                )
            assert [(r.sku, r.qty_base) for r in stock.lines] == [("COLA", 8)]
            call.cancel()

        text = generate_latest(registry).decode()
        assert (
            'storeledger_batches_refused_total{reason="conflicting_entry",store="S001"} 1.0' in text
        )
        assert 'storeledger_sync_duplicate_entries_total{store="S001"} 1.0' in text

    run(engine, chain, scenario, registry)
    (record,) = [r for r in caplog.records if "conflicting entry" in r.getMessage()]
    assert record.levelname == "ERROR"
    fields = record.fields  # type: ignore[attr-defined]
    assert (fields["store"], fields["seq"]) == ("S001", 2)
    assert (fields["committed_document_id"], fields["replayed_document_id"]) == (
        "sale-2",
        "sale-2-copied-agent",
    )
    assert "two edge agents may be using this store's identity" in fields["hint"]


def test_a_ledger_behind_head_office_is_refused(engine: Engine, chain: Chain) -> None:
    """A re-initialised store ledger (numbering from 1 again) must not be acked as caught up."""

    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001", newest=2))
            await read(call)
            await call.write(batch(1, sale(1), sale(2)))
            assert (await read(call)).ack.committed_seq == 2
            call.cancel()
            again = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await again.write(hello("S001", newest=1))
            code, details = await refused_code(again)
            assert code == grpc.StatusCode.FAILED_PRECONDITION
            assert "ledger ends at entry 1 but head office has committed" in details

    run(engine, chain, scenario)


def test_an_unexpected_failure_answers_internal_with_a_request_id_in_the_log(
    engine: Engine, chain: Chain, caplog: pytest.LogCaptureFixture
) -> None:
    """A fault no code expects (here a table gone from the database) reaches the caller as
    INTERNAL with a request id, never a traceback; the server logs the id with the traceback.
    Every call, failed or not, is timed into storeledger_rpc_seconds by method and code."""
    caplog.set_level("ERROR", logger="headoffice.api.server")
    registry = CollectorRegistry()

    async def scenario(running: RunningServer) -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE audit_log")
        async with channel(chain, running.port, chain.staff) as ch:
            stores = await admin_pb2_grpc.AdminStub(ch).ListStores(admin_pb2.ListStoresRequest())
            assert [s.store_code for s in stores.stores] == ["S001", "S002"]
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await audit_pb2_grpc.AuditStub(ch).ListAudit(audit_pb2.ListAuditRequest())
        assert info.value.code() == grpc.StatusCode.INTERNAL
        details = info.value.details() or ""
        assert details.startswith("the head office server failed unexpectedly in ListAudit")
        assert "Traceback" not in details and "audit_log" not in details
        (record,) = [r for r in caplog.records if r.getMessage() == "unexpected error in RPC"]
        request_id = record.fields["request_id"]  # type: ignore[attr-defined]
        assert f"request id {request_id} is in its log" in details
        assert record.exc_info is not None and "audit_log" in str(record.exc_info[1])

    run(engine, chain, scenario, registry)
    scraped = generate_latest(registry).decode()
    assert 'storeledger_rpc_seconds_count{code="OK",method="Admin/ListStores"} 1.0' in scraped
    assert 'storeledger_rpc_seconds_count{code="INTERNAL",method="Audit/ListAudit"} 1.0' in scraped
