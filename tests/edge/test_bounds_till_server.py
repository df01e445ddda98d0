"""Issue 12 through the till's real gRPC server on a unix socket: an oversize bundle is
INVALID_ARGUMENT with the sentence and nothing written (failure 1); a write-off larger than
the stock is FAILED_PRECONDITION until the request carries confirm_negative (deliver 11)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc
import pytest

from common.pb.storeledger.v1 import till_pb2, till_pb2_grpc, write_offs_pb2, write_offs_pb2_grpc
from edge_agent.api.server import till_server
from edge_agent.api.till_servicer import TillServicer
from edge_agent.metrics import EdgeMetrics
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import apply_product
from edge_agent.sync.link import HeadOfficeLink
from tests.edge.conftest import levels, newest_seq
from tests.edge.test_bounds_till import _part, _product
from tests.till_staff import sign_in_store

T1 = (("storeledger-till", "T1"),)  # the till pos names on every call


async def _scenario(store: StoreContext, socket: Path) -> None:
    metrics = EdgeMetrics(store)
    link = HeadOfficeLink(metrics=metrics)
    sign_in_store(store, "T1", "ann", "store_manager")  # sells and writes off at T1
    async with (
        till_server(TillServicer(store, link, metrics), socket, ctx=store) as address,
        grpc.aio.insecure_channel(address) as channel,
    ):
        till = till_pb2_grpc.TillStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await till.Sell(
                till_pb2.SellRequest(
                    till_id="T1", cashier="ann",
                    items=[till_pb2.SellItem(code="HUGE", qty_base=1)],
                    tenders=[till_pb2.TenderRequest(method="cash", amount_minor=100)],
                    idempotency_key="huge-1",
                )
            )  # fmt: skip
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert refused.value.details() == (
            "COLA after expanding 1 x HUGE is 1000000000 base units, "
            "more than the limit of 100000000 base units"
        )
        assert newest_seq(store) == 0 and levels(store) == {}

        write_offs = write_offs_pb2_grpc.StoreWriteOffsStub(channel)
        request = write_offs_pb2.StoreWriteOffRequest(
            items=[write_offs_pb2.WriteOffItem(sku="COLA", qty_base=3)], reason="damaged"
        )
        with pytest.raises(grpc.aio.AioRpcError) as negative:
            await write_offs.WriteOffStock(request, metadata=T1)
        assert negative.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "COLA: the store holds 0, writing off 3 leaves -3" in (
            negative.value.details() or ""
        )
        assert newest_seq(store) == 0
        request.confirm_negative = True
        reply = await write_offs.WriteOffStock(request, metadata=T1)
        assert reply.write_off.state == "done" and levels(store)["COLA"] == -3


def test_failure_1_and_deliver_11_through_the_tills_real_server(
    store: StoreContext, tmp_path: Path
) -> None:
    apply_product(store, _product("HUGE", 1, "bundle", components=[_part("COLA", 10**9)]), 100)
    asyncio.run(_scenario(store, tmp_path / "run" / "till.sock"))
