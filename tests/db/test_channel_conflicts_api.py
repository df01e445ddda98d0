"""ChannelAdmin.ListConflicts and ResolveConflict on a real server (both databases): each
refusal carries its status code and sentence, and a resolution by transfer answers with the
transfer it made."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc
from headoffice.api.server import serve_headoffice
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.channel_rows import insert_reservation
from tests.db.conftest import delivery, import_catalogue_rpc
from tests.db.test_sync_server import WAIT_S, Chain, channel
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture
from tests.journal_entries import sale_of

pytestmark = pytest.mark.timeout(120)
HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category\n"


async def _code(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details() or ""


def test_list_and_resolve_over_grpc(engine: Engine, chain: Chain) -> None:  # noqa: F811
    for code in ("S001", "S002"):
        add_store(UnitOfWork(engine), chain.tls.ca, code, f"Store {code}", "unused:1")

    async def main() -> None:
        async with (
            serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running,
            channel(chain, running.port, chain.staff) as staff_ch,
        ):
            await import_catalogue_rpc(staff_ch, HEADER + "COLA,Cola,,piece,350,200,drinks\n")
            apply_batch(UnitOfWork(engine), "S001", [delivery(1, [("COLA", 3, 200)])])
            apply_batch(UnitOfWork(engine), "S002", [delivery(1, [("COLA", 1, 200)])])
            with engine.begin() as conn:
                insert_reservation(conn, "S001", "COLA", 3, at_ms=1_000)
            apply_batch(UnitOfWork(engine), "S001", [sale_of(2, [("COLA", 2)])])
            stub = channels_pb2_grpc.ChannelAdminStub(staff_ch)
            await asyncio.wait_for(scenario(stub), WAIT_S * 4)

    async def scenario(stub: channels_pb2_grpc.ChannelAdminStub) -> None:
        listed = await stub.ListConflicts(channels_pb2.ListConflictsRequest())
        [conflict] = listed.conflicts
        assert (conflict.conflict_id, conflict.short_qty_base, conflict.proposal) == (
            "CC000001", 2, "cancel",  # S002 has 1 available, fewer than the 2 short
        )  # fmt: skip
        assert conflict.reservation_ids == ["CR000001"]
        assert conflict.proposed_reservation_id == "CR000001"

        def resolve(**fields):
            return stub.ResolveConflict(channels_pb2.ResolveConflictRequest(**fields))

        code, text = await _code(resolve(conflict_id="CC000002"))
        assert (code, text) == (grpc.StatusCode.NOT_FOUND, "there is no conflict CC000002")
        code, text = await _code(resolve(conflict_id="CC000001", resolution="cancel"))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "needs a reason" in text
        code, text = await _code(resolve(conflict_id="CC000001", resolution="transfer"))
        assert code == grpc.StatusCode.FAILED_PRECONDITION and "no store has 2 of COLA" in text
        code, text = await _code(
            resolve(conflict_id="CC000001", resolution="transfer", from_store="S002")
        )
        assert code == grpc.StatusCode.FAILED_PRECONDITION, text
        assert "store S002 has 1 of COLA available" in text
        code, text = await _code(resolve(conflict_id="CC000001", resolution="refund"))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "not one of transfer, cancel" in text

        done = await resolve(conflict_id="CC000001", reason="sold out")
        assert (done.state, done.resolution, done.resolved_by) == ("resolved", "cancel", "admin")
        assert (await stub.ListConflicts(channels_pb2.ListConflictsRequest())).conflicts == []
        everything = await stub.ListConflicts(channels_pb2.ListConflictsRequest(state="all"))
        assert [c.conflict_id for c in everything.conflicts] == ["CC000001"]
        code, text = await _code(resolve(conflict_id="CC000001", reason="again"))
        assert code == grpc.StatusCode.FAILED_PRECONDITION and "already resolved" in text
        code, text = await _code(stub.ListConflicts(channels_pb2.ListConflictsRequest(state="x")))
        assert code == grpc.StatusCode.INVALID_ARGUMENT

    asyncio.run(main())
