"""Head office's PriceCart on both databases: the store's prices, packs, labels and bundles
through the till's engine; refusals with their sentence; the gRPC service and hoctl price-cart."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.domain.cash_rounding import CashRounding
from common.domain.errors import UnknownBarcode
from common.domain.labels import LABEL_DEFAULTS, LabelLayout
from common.domain.pricing import ScannedItem
from common.errors import ConfigError, InvalidInput
from common.pb.storeledger.v1 import pricing_pb2, pricing_pb2_grpc
from headoffice.api.server import serve_headoffice
from headoffice.cli.hoctl import main as hoctl
from headoffice.config import DEFAULTS
from headoffice.domain.errors import PermissionRefused, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.catalogue import import_catalogue
from headoffice.services.pricing import cash_rounding, price_cart
from headoffice.services.store_prices import set_store_price
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_sync_server import WAIT_S, Chain, channel
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(120)
UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
LAYOUT = LabelLayout.from_config(LABEL_DEFAULTS)
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category,kind,packs,components\n"
    "WATER,Water 550 ml,6901234567892,piece,200,95,drinks,goods,case=24:6901234567908|tray=6,\n"
    "NUTS,Loose nuts,2800001000003,g,8,4,snacks,goods,,\n"
    "CAKE,Cake slice,2000456000003,piece,1250,500,bakery,goods,,\n"
    "SOAP,Car soap,,ml,2,1,care,goods,,\n"
    "WASH,Car wash,,piece,3000,0,care,service,,SOAP=50\n"
    "GIFT,Gift box,,piece,2500,0,gifts,bundle,,WASH=1|WATER=2\n"
)


def _chain_catalogue(uow: UoW, ca: KeyPair) -> None:
    for code in ("S001", "S002", "S003"):
        add_store(uow(), ca, code, f"Store {code}", "unused:1")
    import_catalogue(uow(), CATALOGUE)
    set_store_price(uow(), ADMIN, "S001", "WATER", 180)
    set_store_price(uow(), ADMIN, "S002", "WATER", 220)


@pytest.fixture
def priced(uow: UoW, ca: KeyPair) -> UoW:
    _chain_catalogue(uow, ca)
    return uow


def _price(uow: UoW, store: str, *items: ScannedItem, rounding: CashRounding | None = None):
    return price_cart(uow(), ADMIN, store, list(items), LAYOUT, rounding or CashRounding())


def test_store_prices_packs_labels_and_bundles_price_as_the_till_does(priced: UoW) -> None:
    quote = _price(
        priced,
        "S001",
        ScannedItem("6901234567892", 2),  # the store's own price: 1.80
        ScannedItem("6901234567908", 1),  # a case of 24 at 1.80
        ScannedItem("2800001002502", 0),  # a scale label: 250 g of nuts at 0.08
        ScannedItem("2000456009006", 0),  # a 9.00 markdown sticker on a cake slice
        ScannedItem("GIFT", 1, discount_minor=500),
        ScannedItem("SOAP", 120, price_override_minor=1),
        rounding=CashRounding(10, "half_up"),
    )
    assert [
        (line.sku, line.qty_base, line.unit_price_minor, line.list_price_minor, line.amount_minor)
        for line in quote.lines
    ] == [
        ("WATER", 2, 180, 180, 360),
        ("WATER", 24, 180, 180, 4320),
        ("NUTS", 250, 8, 8, 2000),
        ("CAKE", 1, 900, 1250, 900),
        ("GIFT", 1, 2500, 2500, 2000),
        ("SOAP", 120, 1, 2, 120),
    ]
    assert quote.lines[2].label_code == "2800001002502" and quote.lines[1].scanned_code.endswith(
        "908"
    )
    # A bundle's line takes its goods off the shelf, through the service inside it.
    assert quote.lines[4].moves == (("SOAP", 50), ("WATER", 2))
    assert (quote.total_minor, quote.cash_total_minor, quote.rounding_minor) == (9700, 9700, 0)
    s2 = _price(priced, "S002", ScannedItem("WATER", 3), rounding=CashRounding(100, "down"))
    assert (s2.lines[0].unit_price_minor, s2.total_minor, s2.cash_total_minor) == (220, 660, 600)
    s3 = _price(priced, "S003", ScannedItem("WATER", 3))
    assert (s3.lines[0].unit_price_minor, s3.total_minor, s3.rounding_minor) == (200, 600, 0)


def test_refusals_name_the_code_store_or_user(priced: UoW) -> None:
    with pytest.raises(UnknownBarcode, match="no product has barcode 6920000000012 in store S001"):
        _price(priced, "S001", ScannedItem("6920000000012", 1))
    with pytest.raises(UnknownBarcode, match="label 2800999012347 is for item 00999"):
        _price(priced, "S001", ScannedItem("2800999012347", 0))
    with pytest.raises(InvalidInput, match="NUTS is sold by g: give its weight in g"):
        _price(priced, "S001", ScannedItem("NUTS", 0))
    with pytest.raises(UnknownStore, match="S404"):
        _price(priced, "S404", ScannedItem("WATER", 1))
    with pytest.raises(InvalidInput, match="name it"):
        _price(priced, "", ScannedItem("WATER", 1))
    manager = Staff("sam", "store_manager", frozenset({"S002"}))
    with pytest.raises(PermissionRefused, match="manages store\\(s\\) S002, not S001"):
        price_cart(priced(), manager, "S001", [ScannedItem("WATER", 1)], LAYOUT, CashRounding())
    assert price_cart(
        priced(), manager, "S002", [ScannedItem("WATER", 1)], LAYOUT, CashRounding()
    ).total_minor == 220  # fmt: skip
    with pytest.raises(InvalidInput, match="1 or more \\(10 rounds to 0.10\\), got -10"):
        cash_rounding(-10, "")
    with pytest.raises(InvalidInput, match="mode must be half_up or down, got 'bankers'"):
        cash_rounding(10, "bankers")
    assert cash_rounding(0, "") == CashRounding(1, "half_up")


def test_head_office_reads_labels_with_its_own_layout(priced: UoW) -> None:
    # A chain whose scales print prices under 28: the same code is now 2.50 of nuts (31 g).
    swapped = LabelLayout.from_config(
        {**LABEL_DEFAULTS, "price_prefixes": "28", "weight_prefixes": "20"}
    )
    quote = price_cart(
        priced(), ADMIN, "S001", [ScannedItem("2800001002502", 0)], swapped, CashRounding()
    )
    assert [(line.sku, line.qty_base, line.amount_minor) for line in quote.lines] == [
        ("NUTS", 31, 250)
    ]


def _data_dir(tmp_path: Path, chain: Chain) -> Path:  # noqa: F811
    tls = tmp_path / "ho" / "tls"
    tls.mkdir(parents=True)
    (tls / "ca.pem").write_bytes(chain.tls.ca.cert_pem)
    (tls / "admin.pem").write_bytes(chain.staff.cert_pem)
    (tls / "admin.key").write_bytes(chain.staff.key_pem)
    return tmp_path / "ho"


def test_price_cart_over_grpc_and_hoctl(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _chain_catalogue(lambda: UnitOfWork(engine), chain.tls.ca)
    data = _data_dir(tmp_path, chain)

    async def main() -> None:
        async with (
            serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running,
            channel(chain, running.port, chain.staff) as staff_ch,
        ):
            stub = pricing_pb2_grpc.PricingStub(staff_ch)
            reply = await stub.PriceCart(
                pricing_pb2.PriceCartRequest(
                    store_code="S001",
                    items=[
                        pricing_pb2.CartItem(code="6901234567892", qty_base=2),
                        pricing_pb2.CartItem(code="2800001002502"),
                        pricing_pb2.CartItem(code="CAKE", price_override_minor=0),
                    ],
                    cash_rounding_minor=50,
                    cash_rounding_mode="down",
                )
            )
            assert [(x.sku, x.unit, x.qty_base, x.amount_minor) for x in reply.lines] == [
                ("WATER", "piece", 2, 360),
                ("NUTS", "g", 250, 2000),
                ("CAKE", "piece", 1, 0),
            ]
            assert (reply.total_minor, reply.cash_total_minor, reply.rounding_minor) == (
                2360, 2350, -10
            )  # fmt: skip
            assert (reply.cash_rounding_minor, reply.cash_rounding_mode) == (50, "down")
            assert (reply.store_code, reply.currency) == ("S001", "CNY")
            for request, code, sentence in [
                (
                    pricing_pb2.PriceCartRequest(
                        store_code="S001", items=[pricing_pb2.CartItem(code="6920000000012")]
                    ),
                    grpc.StatusCode.NOT_FOUND,
                    "no product has barcode 6920000000012 in store S001's catalogue",
                ),
                (
                    pricing_pb2.PriceCartRequest(store_code="S001"),
                    grpc.StatusCode.INVALID_ARGUMENT,
                    "a sale needs at least one item",
                ),
                (
                    pricing_pb2.PriceCartRequest(
                        store_code="S001",
                        items=[pricing_pb2.CartItem(code="WATER")],
                        cash_rounding_mode="up",
                    ),
                    grpc.StatusCode.INVALID_ARGUMENT,
                    "the cash rounding mode must be half_up or down, got 'up'",
                ),
            ]:
                with pytest.raises(grpc.aio.AioRpcError) as info:
                    await stub.PriceCart(request)
                assert (info.value.code(), info.value.details()) == (code, sentence)
            base = ["--data-dir", str(data), "--address", running.address, "price-cart"]
            table = await asyncio.to_thread(
                hoctl, [*base, "--store", "S001", "6901234567892=2", "2800001002502"]
            )
            assert table == 0
            text = capsys.readouterr().out
            assert "cart priced for store S001 (CNY)" in text
            assert "Loose nuts" in text and "20.00" in text
            assert (
                "total 23.60; paid in cash 23.60 (rounding 0.00: cash rounded to 0.01, half_up)"
                in text
            )
            done = await asyncio.to_thread(
                hoctl,
                [*base, "--store", "S001", "WATER=3", "NUTS=100", "6901234567892",
                 "--price", "WATER:150", "--discount", "NUTS:100", "--cash-rounding", "10:down",
                 "--format", "json"],
            )  # fmt: skip
            assert done == 0
            out = json.loads(capsys.readouterr().out)
            assert [
                (x["sku"], x["qty_base"], x["unit_price_minor"], x["discount_minor"],
                 x["amount_minor"])
                for x in out["lines"]
            ] == [
                ("WATER", 3, 150, 0, 450), ("NUTS", 100, 8, 100, 700), ("WATER", 1, 150, 0, 150)
            ]  # fmt: skip
            assert (out["total_minor"], out["cash_total_minor"], out["rounding_minor"]) == (
                1300, 1300, 0
            )  # fmt: skip
            assert out["cash_rounding"] == {"unit_minor": 10, "mode": "down"}
            assert out["store"] == "S001" and out["currency"] == "CNY"
            refused = await asyncio.to_thread(
                hoctl, [*base, "--store", "S001", "WATER", "--price", "TEA:100"]
            )
            assert refused == 1
            assert capsys.readouterr().err.strip() == (
                "hoctl price-cart: the cart has no item of TEA to reprice"
            )
            unknown = await asyncio.to_thread(hoctl, [*base, "--store", "S001", "6920000000012"])
            assert unknown == 1
            assert capsys.readouterr().err.strip() == (
                "hoctl price-cart: no product has barcode 6920000000012 in store S001's catalogue"
            )
            zero = await asyncio.to_thread(hoctl, [*base, "--store", "S001", "WATER=0"])
            assert zero == 1
            assert "positive whole number of base units, got 0" in capsys.readouterr().err

    asyncio.run(asyncio.wait_for(main(), WAIT_S * 4))


def test_a_wrong_labels_section_stops_head_office_at_start(
    engine: Engine,
    chain: Chain,  # noqa: F811
) -> None:
    config = copy.deepcopy(DEFAULTS)
    config["labels"]["item_digits"] = 6

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", config=config):
            raise AssertionError("head office started with a wrong [labels]")

    with pytest.raises(ConfigError, match="item_digits \\+ value_digits must be 10"):
        asyncio.run(main())
