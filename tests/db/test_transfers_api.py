"""The Transfers gRPC service on a real server (both databases): status codes with the
sentence, the negative-stock policy from the configuration, and the event a store's
downstream stream receives the moment a transfer is created."""

from __future__ import annotations

import asyncio
import copy

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import (
    sync_pb2,
    sync_pb2_grpc,
    transfers_pb2,
    transfers_pb2_grpc,
)
from headoffice.api.server import serve_headoffice
from headoffice.config import DEFAULTS
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery, import_catalogue_rpc
from tests.db.test_sync_server import WAIT_S, Chain, channel
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(120)
HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category\n"


def _run(engine: Engine, chain: Chain, negative_stock: str, scenario) -> None:  # noqa: F811
    for code in ("S001", "S002"):
        add_store(UnitOfWork(engine), chain.tls.ca, code, f"Store {code}", "unused:1")
    config = copy.deepcopy(DEFAULTS)
    config["transfers"]["negative_stock"] = negative_stock

    async def main() -> None:
        async with (
            serve_headoffice(
                engine, chain.tls, "127.0.0.1:0", grace_s=0.5, config=config
            ) as running,
            channel(chain, running.port, chain.staff) as staff_ch,
        ):
            await import_catalogue_rpc(staff_ch, HEADER + "COLA,Cola,,piece,350,200,drinks\n")
            apply_batch(UnitOfWork(engine), "S001", [delivery(1, [("COLA", 5, 200)])])
            stub = transfers_pb2_grpc.TransfersStub(staff_ch)
            await asyncio.wait_for(scenario(running, stub), WAIT_S * 4)

    asyncio.run(main())


async def _code(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details() or ""


def _create(stub, to_store: str, qty: int):
    return stub.CreateTransfer(
        transfers_pb2.CreateTransferRequest(
            from_store="S001",
            to_store=to_store,
            items=[transfers_pb2.TransferItem(sku="COLA", qty_base=qty)],
        )
    )


def test_refusals_carry_their_code_and_sentence(engine: Engine, chain: Chain) -> None:  # noqa: F811
    async def scenario(running, stub) -> None:
        code, details = await _code(_create(stub, "S001", 1))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "cannot send to itself" in details
        code, details = await _code(_create(stub, "S002", 6))
        assert code == grpc.StatusCode.FAILED_PRECONDITION
        assert "COLA: 6 asked, 5 on hand" in details
        code, details = await _code(_create(stub, "S404", 1))
        assert code == grpc.StatusCode.NOT_FOUND and "S404" in details
        code, details = await _code(
            stub.ShowTransfer(transfers_pb2.ShowTransferRequest(transfer_id="TR000009"))
        )
        assert code == grpc.StatusCode.NOT_FOUND and "no transfer TR000009" in details
        listed = await stub.ListTransfers(transfers_pb2.ListTransfersRequest())
        assert list(listed.transfers) == []

        # A created transfer reaches the receiving store's downstream stream.
        async with channel(chain, running.port, chain.stores["S002"]) as store_ch:
            down = sync_pb2_grpc.StoreSyncStub(store_ch).Downstream(
                sync_pb2.DownstreamRequest(store_code="S002", after_cursor=0)
            )
            first = await asyncio.wait_for(down.read(), WAIT_S)
            assert first.WhichOneof("kind") == "product"
            created = await _create(stub, "S002", 5)
            assert list(created.warnings) == []
            event = await asyncio.wait_for(down.read(), WAIT_S)
            # Other store-targeted events (the write-off threshold on connect) may come first.
            while event.WhichOneof("kind") != "transfer":
                event = await asyncio.wait_for(down.read(), WAIT_S)
            assert event.transfer.transfer_id == created.transfer.order.transfer_id
            assert event.transfer.state == "open" and event.transfer.to_store == "S002"
            down.cancel()
        code, details = await _code(
            stub.ResolveTransfer(
                transfers_pb2.ResolveTransferRequest(
                    transfer_id=created.transfer.order.transfer_id, resolution="correction"
                )
            )
        )
        assert code == grpc.StatusCode.FAILED_PRECONDITION and "is open" in details

    _run(engine, chain, "refuse", scenario)


def test_allowing_negative_stock_warns(engine: Engine, chain: Chain) -> None:  # noqa: F811
    async def scenario(running, stub) -> None:
        created = await _create(stub, "S002", 7)
        assert list(created.warnings) == [
            "store S001 will go below zero on COLA: 7 asked, 5 on hand"
        ]
        assert created.transfer.order.state == "open"

    _run(engine, chain, "allow", scenario)
