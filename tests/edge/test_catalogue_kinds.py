"""Packs, services, bundles and store prices at the till, on a real SQLite ledger."""

from __future__ import annotations

import pytest

from common.domain.pricing import ScannedItem
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.domain.errors import InvalidInput
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import price_cart, sell
from edge_agent.sync.downstream_handlers import apply_product
from tests.edge.conftest import levels

WATER_BARCODE = "4006381333931"
CASE_BARCODE = "6920000000029"


def _product(
    sku: str, unit: str, price: int, kind: str = "goods", **extra
) -> catalogue_pb2.Product:
    return catalogue_pb2.Product(
        sku=sku, name=sku.title(), unit=unit, price_minor=price, cost_minor=1,
        currency="CNY", active=True, kind=kind, **extra,
    )  # fmt: skip


def _part(sku: str, qty: int) -> catalogue_pb2.Component:
    return catalogue_pb2.Component(sku=sku, qty_base=qty)


def _seed(ctx: StoreContext, water_store_price: int | None = None, first_cursor: int = 100) -> None:
    water = _product(
        "WATER", "piece", 200, barcodes=[WATER_BARCODE],
        packs=[catalogue_pb2.Pack(name="case", qty_base=24, barcode=CASE_BARCODE)],
    )  # fmt: skip
    if water_store_price is not None:
        water.store_price_minor = water_store_price
    products = [
        water,
        _product("SHAMPOO", "ml", 1),
        _product("TOWEL", "piece", 100),
        _product("WASH", "piece", 3000, "service", components=[_part("SHAMPOO", 50), _part("TOWEL", 1)]),
        _product("GIFT", "piece", 5000, "bundle", components=[_part("WATER", 6), _part("TOWEL", 1)]),
        _product("BIG", "piece", 9000, "bundle", components=[_part("GIFT", 2), _part("WASH", 1)]),
    ]  # fmt: skip
    for cursor, product in enumerate(products, start=first_cursor):
        apply_product(ctx, product, cursor)


def _levels(ctx: StoreContext) -> dict[str, int]:
    return levels(ctx)


def _cash(amount: int) -> list[TenderOffer]:
    return [TenderOffer("cash", amount)]


def test_a_pack_barcode_sells_its_base_units(store: StoreContext) -> None:
    _seed(store)
    result = sell(store, "T1", "ann", [ScannedItem(CASE_BARCODE, 2)], _cash(9600))
    line = result.sale.lines[0]
    assert (line.sku, line.qty_base, line.amount_minor) == ("WATER", 48, 9600)
    assert _levels(store)["WATER"] == -48


def test_returning_a_pack_barcode_restocks_its_base_units(store: StoreContext) -> None:
    _seed(store)
    sale = sell(store, "T1", "ann", [ScannedItem(CASE_BARCODE, 2)], _cash(9600))
    result = return_goods(
        store, "T1", "ann", sale.sale.sale_no, [ReturnItemIn(CASE_BARCODE, 1)], []
    )
    assert [(line.sku, line.qty_base) for line in result.sale_return.lines] == [("WATER", 24)]
    assert _levels(store)["WATER"] == -24


def test_a_service_moves_its_consumables_and_not_itself(store: StoreContext) -> None:
    _seed(store)
    sell(store, "T1", "ann", [ScannedItem("WASH", 2)], _cash(6000))
    levels = _levels(store)
    assert levels["SHAMPOO"] == -100 and levels["TOWEL"] == -2
    assert "WASH" not in levels


def test_a_nested_bundle_moves_the_goods_inside(store: StoreContext) -> None:
    _seed(store)
    result = sell(store, "T1", "ann", [ScannedItem("BIG", 1)], _cash(9000))
    assert result.sale.total_minor == 9000
    levels = _levels(store)
    # BIG = 2 x GIFT (6 WATER + 1 TOWEL) + 1 WASH (50 ml SHAMPOO + 1 TOWEL)
    assert (levels["WATER"], levels["TOWEL"], levels["SHAMPOO"]) == (-12, -3, -50)
    assert "BIG" not in levels and "GIFT" not in levels


def test_returning_a_bundle_restocks_its_components(store: StoreContext) -> None:
    _seed(store)
    sale = sell(store, "T1", "ann", [ScannedItem("GIFT", 2)], _cash(10000))
    assert _levels(store)["WATER"] == -12
    return_goods(store, "T1", "ann", sale.sale.sale_no, [ReturnItemIn("GIFT", 1)], [])
    levels = _levels(store)
    assert (levels["WATER"], levels["TOWEL"]) == (-6, -1)
    assert "GIFT" not in levels


def test_the_till_shows_the_store_price_until_it_is_removed(store: StoreContext) -> None:
    _seed(store, water_store_price=180)
    assert price_cart(store, [ScannedItem(WATER_BARCODE, 2)]).quote.total_minor == 360
    _seed(store, first_cursor=200)  # head office removed the store price
    assert price_cart(store, [ScannedItem(WATER_BARCODE, 2)]).quote.total_minor == 400


def test_receiving_a_pack_barcode_books_its_base_units(store: StoreContext) -> None:
    _seed(store)
    receive(store, "DN-9", [DeliveryItem(CASE_BARCODE, 2, 90)], "ann")
    assert _levels(store)["WATER"] == 48
    with pytest.raises(InvalidInput, match="GIFT is a bundle and is not stocked"):
        receive(store, "DN-10", [DeliveryItem("GIFT", 1, 90)], "ann")
    assert _levels(store)["WATER"] == 48
