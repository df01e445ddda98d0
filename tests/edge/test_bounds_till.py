"""Issue 12 at the till, on a real SQLite ledger: a bundle whose expansion overflows is
refused before anything is written (failure 1), a level is never taken past its limit, and a
refunded service puts nothing back on the shelf (failure 12)."""

from __future__ import annotations

import pytest

from common.domain.pricing import ScannedItem
from common.errors import InvalidQuantity
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import sell
from edge_agent.sync.downstream_handlers import apply_product
from tests.edge.conftest import levels, newest_seq


def _product(sku: str, price: int, kind: str = "goods", **extra) -> catalogue_pb2.Product:
    return catalogue_pb2.Product(
        sku=sku, name=sku.title(), unit="piece", price_minor=price, cost_minor=1,
        currency="CNY", active=True, kind=kind, **extra,
    )  # fmt: skip


def _part(sku: str, qty: int) -> catalogue_pb2.Component:
    return catalogue_pb2.Component(sku=sku, qty_base=qty)


def _seed(ctx: StoreContext) -> None:
    products = [
        _product("COLA", 1),
        _product("SHAMPOO", 1),
        _product("TOWEL", 100),
        # A catalogue from before the range policy: head office now refuses such a component.
        _product("HUGE", 1, "bundle", components=[_part("COLA", 1_000_000_000)]),
        _product("CRATE", 1, "bundle", components=[_part("COLA", 10_000)]),
        _product("WASH", 3000, "service", components=[_part("SHAMPOO", 50), _part("TOWEL", 1)]),
        _product("SPA", 5000, "bundle", components=[_part("WASH", 1), _part("TOWEL", 2)]),
    ]
    for cursor, product in enumerate(products, start=100):
        apply_product(ctx, product, cursor)


def _cash(amount: int) -> list[TenderOffer]:
    return [TenderOffer("cash", amount)]


def test_failure_1_bundle_expansion_beyond_the_limit_is_refused_before_anything_is_written(
    store: StoreContext,
) -> None:
    _seed(store)
    before = (newest_seq(store), levels(store))
    with pytest.raises(InvalidQuantity) as refused:
        sell(store, "T1", "ann", [ScannedItem("HUGE", 1)], _cash(1))
    assert str(refused.value) == (
        "COLA after expanding 1 x HUGE is 1000000000 base units, "
        "more than the limit of 100000000 base units"
    )
    # 10^5 crates of 10^4: each number fits, their product (10^9) does not.
    with pytest.raises(InvalidQuantity, match="COLA after expanding 100000 x CRATE is 1000000000"):
        sell(store, "T1", "ann", [ScannedItem("CRATE", 100_000)], _cash(100_000))
    # The 1e9 x 11: the line's own quantity is refused already.
    with pytest.raises(InvalidQuantity, match="at most 100000000 in one line"):
        sell(store, "T1", "ann", [ScannedItem("HUGE", 1_000_000_000)] * 11, _cash(1))
    assert (newest_seq(store), levels(store)) == before


def test_failure_1_a_stock_level_is_never_taken_past_its_limit(store: StoreContext) -> None:
    _seed(store)
    sell(store, "T1", "ann", [ScannedItem("CRATE", 10_000)], _cash(10_000))  # COLA -10^8
    before = (newest_seq(store), levels(store))
    assert before[1]["COLA"] == -100_000_000
    with pytest.raises(InvalidQuantity, match="the stock level of COLA after this document is"):
        sell(store, "T1", "ann", [ScannedItem("COLA", 1)], _cash(1))
    assert (newest_seq(store), levels(store)) == before


def test_failure_12_a_refunded_service_does_not_put_its_consumables_back(
    store: StoreContext,
) -> None:
    _seed(store)
    sale = sell(store, "T1", "ann", [ScannedItem("WASH", 2), ScannedItem("SPA", 1)], _cash(11_000))
    used = levels(store)
    assert (used["SHAMPOO"], used["TOWEL"]) == (-150, -5)
    return_goods(
        store, "T1", "ann", sale.sale.sale_no,
        [ReturnItemIn("WASH", 2), ReturnItemIn("SPA", 1)], [],
    )  # fmt: skip
    after = levels(store)
    # The washes' shampoo and towels were used; the spa's own two towels come back.
    assert (after["SHAMPOO"], after["TOWEL"]) == (-150, -3)


def test_a_head_office_order_past_the_level_limit_is_applied_not_wedged(
    store: StoreContext,
) -> None:
    from common.pb.storeledger.v1 import write_offs_pb2
    from edge_agent.sync.downstream_handlers import apply_write_off_order

    _seed(store)
    sell(store, "T1", "ann", [ScannedItem("CRATE", 10_000)], _cash(10_000))  # COLA -10^8
    order = write_offs_pb2.WriteOffOrder(
        write_off_id="wo-1", decision="approved", decided_by="leo", origin="head_office",
        reason="damaged", lines=[write_offs_pb2.WriteOffLine(sku="COLA", qty_base=1)],
    )  # fmt: skip
    assert apply_write_off_order(store, order, 500) is True
    assert levels(store)["COLA"] == -100_000_001
    # The store's own next document past the limit is still refused.
    with pytest.raises(InvalidQuantity, match="the stock level of COLA after this document"):
        sell(store, "T1", "ann", [ScannedItem("COLA", 1)], _cash(1))
