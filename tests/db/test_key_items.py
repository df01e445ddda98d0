"""A store's key items set at head office (`hoctl count key-items set|show --store S`) on
SQLite and PostgreSQL, over CountAdmin on a real server: kept, refused with a sentence and
nothing changed, audited, and sent down the store's stream, where they replace the store's
own list."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.pb.storeledger.v1 import catalogue_pb2, count_admin_pb2, count_admin_pb2_grpc
from edge_agent.services.context import StoreContext
from edge_agent.services.handover_counts import key_items, set_key_items
from edge_agent.sync.downstream_handlers import apply_product
from headoffice.api.server import RunningServer
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_sync_server import Chain, channel, make_chain, run
from tests.db.test_till_staff import sync_down
from tests.till_staff import add_staff

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


def _shop(path: Path) -> StoreContext:
    ctx = StoreContext.open(path, "S001", "Main Street")
    for sku in ("COLA", "TEA", "WATER"):
        apply_product(ctx, catalogue_pb2.Product(
            sku=sku, name=sku.title(), unit="piece", price_minor=300, cost_minor=100,
            currency="CNY", active=True,
        ), 0)  # fmt: skip
    add_staff(ctx.db, "max", "store_manager")
    return ctx


def test_key_items_set_at_head_office_reach_the_store(
    engine: Engine, chain: Chain, tmp_path: Path
) -> None:
    async def scenario(running: RunningServer) -> None:
        async with channel(chain, running.port, chain.staff) as ch:
            stub = count_admin_pb2_grpc.CountAdminStub(ch)
            request = count_admin_pb2.StoreKeyItemsRequest
            shown = await stub.ShowStoreKeyItems(request(store_code="S001"))
            assert list(shown.skus) == [] and shown.set_by == ""
            kept = await stub.SetStoreKeyItems(request(store_code="S001", skus=["TEA", "COLA"]))
            assert (list(kept.skus), kept.set_by) == (["TEA", "COLA"], "admin")
            for skus, code, sentence in (
                (["COLA", "GIN"], grpc.StatusCode.NOT_FOUND, "GIN"),
                (["COLA", "COLA"], grpc.StatusCode.INVALID_ARGUMENT,
                 "key item COLA is listed more than once"),
                ([f"SKU{n}" for n in range(31)], grpc.StatusCode.INVALID_ARGUMENT,
                 "a store has at most 30 key items to count at a handover, got 31"),
            ):  # fmt: skip
                with pytest.raises(grpc.aio.AioRpcError) as refused:
                    await stub.SetStoreKeyItems(request(store_code="S001", skus=skus))
                assert refused.value.code() == code
                assert sentence in (refused.value.details() or "")
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.SetStoreKeyItems(request(store_code="S999", skus=["COLA"]))
            assert refused.value.code() == grpc.StatusCode.NOT_FOUND
            shown = await stub.ShowStoreKeyItems(request(store_code="S001"))
            assert list(shown.skus) == ["TEA", "COLA"] and shown.set_at_ms > 0  # unchanged

    run(engine, chain, scenario)
    with engine.connect() as conn:
        actions = conn.execute(
            sa.text("SELECT action, entity_id FROM audit_log WHERE action = 'count.key_items'")
        ).all()
    assert [tuple(a) for a in actions] == [("count.key_items", "S001")]

    # The store had its own list; head office's replaces it when it comes down the stream.
    shop = _shop(tmp_path / "ledger.db")
    try:
        set_key_items(shop, "max", ["WATER"])
        sync_down(lambda: UnitOfWork(engine), shop)
        assert key_items(shop) == ["TEA", "COLA"]
    finally:
        shop.close()
