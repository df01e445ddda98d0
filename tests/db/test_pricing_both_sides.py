"""The 1,000-cart test: the till and head office price the same random carts identically.

A random catalogue (several hundred products: pieces, weighed and measured
goods, packs, label codes for scale and markdown labels, bundles and services,
store prices for the store and for another store, some removed again, a
second import changing prices) is imported at head office (both databases) and
reaches a real edge ledger over head office's real Downstream stream, applied
by the edge's own downstream handler (apply_product). Then 1,000 random carts (barcodes,
SKUs, pack barcodes, weight and price labels, unknown and mistyped codes,
quantities, overrides, discounts, cash rounding) are priced by the edge's
price_cart service and by head office's PriceCart over gRPC: every line and
total is identical to the minor unit, and a cart one side refuses the other
refuses with the same status and sentence. The seed is fixed and printed;
STORELEDGER_PRICING_SEED replays another.
"""

from __future__ import annotations

import asyncio
import os
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.domain.barcodes import gtin_check_digit
from common.domain.cash_rounding import CashRounding
from common.domain.pricing import ScannedItem
from common.errors import StoreLedgerError
from common.pb.storeledger.v1 import pricing_pb2, pricing_pb2_grpc, sync_pb2, sync_pb2_grpc
from common.rpc.status import status_for
from edge_agent.services.context import StoreContext
from edge_agent.services.selling import price_cart as edge_price_cart
from edge_agent.sync.downstream_handlers import apply_product
from headoffice.api.server import serve_headoffice
from headoffice.domain.roles import Staff
from headoffice.services.catalogue import import_catalogue
from headoffice.services.downstream import feed_after
from headoffice.services.store_prices import set_store_price
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_sync_server import WAIT_S, Chain, channel
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture

pytestmark = pytest.mark.timeout(240)
SEED = int(os.environ.get("STORELEDGER_PRICING_SEED", "20261124"))
PRODUCTS = 400
CARTS = 1_000
STORE = "S001"
ROUNDINGS = [(1, "half_up"), (10, "half_up"), (10, "down"), (50, "half_up"), (100, "down")]
HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category,kind,packs,components\n"


def ean13(body: str) -> str:
    return body + str(gtin_check_digit(body))


@dataclass
class RandomChain:
    """What the random catalogue holds, by how a cashier can scan it."""

    rows: list[list[str]] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # SKU -> unit
    chain_prices: dict[str, int] = field(default_factory=dict)
    barcodes: list[tuple[str, str]] = field(default_factory=list)  # (barcode, unit)
    pack_codes: list[str] = field(default_factory=list)
    weight_labels: list[tuple[str, str]] = field(default_factory=list)  # (prefix, item)
    price_labels: list[tuple[str, str]] = field(default_factory=list)
    store_prices: list[tuple[str, str, int | None]] = field(default_factory=list)

    def csv(self, rows: list[list[str]]) -> str:
        return HEADER + "".join(",".join(row) + "\n" for row in rows)


def random_chain(rng: random.Random) -> RandomChain:
    chain = RandomChain()
    goods: list[str] = []
    for i in range(PRODUCTS):
        sku = f"SKU{i:04d}"
        kind = "goods"
        roll = rng.random()
        if roll < 0.66:
            unit, price = "piece", rng.randint(50, 20_000)
        elif roll < 0.86:
            unit, price = "g", rng.randint(1, 40)
        elif roll < 0.93:
            unit, price = "ml", rng.randint(1, 12)
        else:
            unit, price = "piece", rng.randint(500, 30_000)
            kind = "bundle" if goods and rng.random() < 0.6 else "service"
        codes = [ean13(f"690{i:04d}{k}0000") for k in range(rng.choice([0, 1, 1, 2]))]
        chain.barcodes += [(code, unit) for code in codes]
        item = f"{i:05d}"
        if unit == "g" and rng.random() < 0.8:
            prefix = rng.choice(["25", "26", "27", "28", "29"])
            codes.append(ean13(prefix + item + "00000"))
            chain.weight_labels.append((prefix, item))
        if unit != "ml" and kind == "goods" and rng.random() < (0.5 if unit == "g" else 0.12):
            prefix = rng.choice(["20", "21", "22", "23", "24"])
            codes.append(ean13(prefix + item + "00000"))
            chain.price_labels.append((prefix, item))
        packs = []
        if unit == "piece" and kind == "goods" and rng.random() < 0.3:
            for k, (name, qty) in enumerate(rng.sample([("case", 24), ("tray", 6), ("single", 1), ("box", 12)], rng.randint(1, 2))):  # fmt: skip
                if rng.random() < 0.85:
                    code = ean13(f"691{i:04d}{k}0000")
                    chain.pack_codes.append(code)
                    packs.append(f"{name}={qty}:{code}")
                else:
                    packs.append(f"{name}={qty}")
        parts = ""
        if kind != "goods" and goods:
            picked = rng.sample(goods, min(len(goods), rng.randint(1, 3)))
            parts = "|".join(f"{c}={rng.randint(1, 3)}" for c in picked)
        elif kind == "bundle":
            kind = "service"
        chain.rows.append(
            [sku, f"Product {i}", "|".join(codes), unit, str(price), str(price // 2), "shop",
             kind, "|".join(packs), parts]
        )  # fmt: skip
        chain.units[sku] = unit
        chain.chain_prices[sku] = price
        if kind == "goods":
            goods.append(sku)
        elif kind == "bundle" and rng.random() < 0.5:
            goods.append(sku)  # a later bundle may contain this one
    skus = list(chain.units)
    for sku in rng.sample(skus, PRODUCTS // 4):
        chain.store_prices.append((STORE, sku, rng.randint(0, 25_000)))
    for sku in rng.sample(skus, PRODUCTS // 10):
        chain.store_prices.append(("S002", sku, rng.randint(0, 25_000)))
    for _, sku, _ in rng.sample(chain.store_prices[: PRODUCTS // 4], 8):
        chain.store_prices.append((STORE, sku, None))  # removed again: the chain price is back
    return chain


def random_item(rng: random.Random, chain: RandomChain) -> ScannedItem:
    roll = rng.random()
    qty = 0
    if roll < 0.50:
        code, unit = (
            rng.choice(chain.barcodes) if roll < 0.36 else rng.choice(list(chain.units.items()))
        )
        qty = rng.choice([0, 1, 2, rng.randint(1, 40)]) if unit == "piece" else rng.randint(1, 4000)
        if unit != "piece" and rng.random() < 0.03:
            qty = 0  # a weighed item without its weight: refused
    elif roll < 0.62:
        code = rng.choice(chain.pack_codes)
        qty = rng.choice([0, 1, 1, 2, 5])
    elif roll < 0.78:
        prefix, item = rng.choice(chain.weight_labels)
        grams = rng.randint(1, 99_999)
        code = ean13(f"{prefix}{item}{grams:05d}")
        qty = grams if rng.random() < 0.1 else (rng.randint(1, 500) if rng.random() < 0.02 else 0)
    elif roll < 0.92:
        prefix, item = rng.choice(chain.price_labels)
        code = ean13(f"{prefix}{item}{rng.randint(1, 99_999):05d}")
    elif roll < 0.935:
        code = ean13(f"692{rng.randint(0, 10**9 - 1):09d}")  # no product has it
    elif roll < 0.945:
        good, _ = rng.choice(chain.barcodes)
        code = good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)  # a digit mistyped
    elif roll < 0.95:
        code = ean13(
            f"25{rng.randint(90_000, 99_999)}{rng.randint(1, 99_999):05d}"
        )  # no label code
    else:
        code, unit = rng.choice(chain.barcodes)
        qty = rng.randint(1, 6) if unit == "piece" else rng.randint(1, 99_999)
    override = rng.randint(0, 30_000) if rng.random() < 0.08 else None
    discount = rng.randint(0, 400) if rng.random() < 0.08 else 0
    if code[:2] in {"20", "21", "22", "23", "24"} and rng.random() < 0.9:
        override, discount = None, 0  # mostly: a price label takes neither (refused)
    return ScannedItem(code, qty, override, discount)


@dataclass(frozen=True)
class Cart:
    items: list[ScannedItem]
    rounding: tuple[int, str]


def random_carts(rng: random.Random, chain: RandomChain) -> list[Cart]:
    return [
        Cart(
            [random_item(rng, chain) for _ in range(rng.randint(1, 6))],
            rng.choice(ROUNDINGS),
        )
        for _ in range(CARTS)
    ]


Priced = tuple[tuple[tuple, ...], int, int, int] | tuple[str, str]


def edge_prices(ctx: StoreContext, cart: Cart) -> Priced:
    ctx.policy = replace(ctx.policy, rounding=CashRounding(*cart.rounding))
    try:
        quote = edge_price_cart(ctx, cart.items).quote
    except StoreLedgerError as exc:
        return (status_for(exc).name, str(exc))
    lines = tuple(
        (x.line_no, x.sku, x.scanned_code, x.name, x.unit, x.qty_base, x.unit_price_minor,
         x.list_price_minor, x.discount_minor, x.amount_minor, x.label_code)
        for x in quote.lines
    )  # fmt: skip
    return (lines, quote.total_minor, quote.cash_total_minor, quote.rounding_minor)


async def head_office_prices(stub: pricing_pb2_grpc.PricingStub, cart: Cart) -> Priced:
    request = pricing_pb2.PriceCartRequest(
        store_code=STORE,
        items=[
            pricing_pb2.CartItem(
                code=item.code,
                qty_base=item.qty_base,
                price_override_minor=item.price_override_minor,
                discount_minor=item.discount_minor,
            )
            for item in cart.items
        ],
        cash_rounding_minor=cart.rounding[0],
        cash_rounding_mode=cart.rounding[1],
    )
    try:
        reply = await stub.PriceCart(request, timeout=WAIT_S)
    except grpc.aio.AioRpcError as exc:
        return (exc.code().name, exc.details() or "")
    lines = tuple(
        (x.line_no, x.sku, x.scanned_code, x.name, x.unit, x.qty_base, x.unit_price_minor,
         x.list_price_minor, x.discount_minor, x.amount_minor, x.label_code)
        for x in reply.lines
    )  # fmt: skip
    return (lines, reply.total_minor, reply.cash_total_minor, reply.rounding_minor)


def build_head_office(
    engine: Engine, chain: Chain, catalogue: RandomChain, rng: random.Random
) -> None:  # noqa: F811
    uow = lambda: UnitOfWork(engine)  # noqa: E731
    for code in (STORE, "S002"):
        add_store(uow(), chain.tls.ca, code, f"Store {code}", "unused:1")
    import_catalogue(uow(), catalogue.csv(catalogue.rows))
    for store, sku, price in catalogue.store_prices:
        set_store_price(uow(), Staff("admin", "admin"), store, sku, price)
    # A second import changes some chain prices: each store gets the product again.
    changed = rng.sample(catalogue.rows, PRODUCTS // 20)
    for row in changed:
        row[4] = str(int(row[4]) + rng.randint(1, 99))
        catalogue.chain_prices[row[0]] = int(row[4])
    import_catalogue(uow(), catalogue.csv(changed))


async def follow_downstream(port: int, chain: Chain, ctx: StoreContext, last: int) -> int:  # noqa: F811
    """Apply every change head office streams to the store until its last cursor; how many."""
    applied = 0
    async with channel(chain, port, chain.stores[STORE]) as ch:
        call = sync_pb2_grpc.StoreSyncStub(ch).Downstream(
            sync_pb2.DownstreamRequest(store_code=STORE, after_cursor=0)
        )
        async for event in call:
            assert event.WhichOneof("kind") == "product", event
            applied += apply_product(ctx, event.product.product, event.cursor)
            if event.cursor >= last:
                break
        call.cancel()
    return applied


def test_a_thousand_random_carts_price_the_same_at_the_till_and_at_head_office(
    engine: Engine,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
) -> None:
    print(f"pricing seed {SEED} (replay with STORELEDGER_PRICING_SEED={SEED})")
    rng = random.Random(SEED)
    catalogue = random_chain(rng)
    build_head_office(engine, chain, catalogue, rng)
    carts = random_carts(rng, catalogue)
    last = feed_after(UnitOfWork(engine), STORE, 0, limit=100_000).last_cursor
    (tmp_path / "edge").mkdir()
    ctx = StoreContext.open(tmp_path / "edge" / "ledger.db", STORE)
    seen: Counter[str] = Counter()

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.5) as running:
            applied = await follow_downstream(running.port, chain, ctx, last)
            assert applied >= PRODUCTS
            async with channel(chain, running.port, chain.staff) as staff_ch:
                stub = pricing_pb2_grpc.PricingStub(staff_ch)
                for n, cart in enumerate(carts):
                    at_till = edge_prices(ctx, cart)
                    at_head_office = await head_office_prices(stub, cart)
                    assert at_till == at_head_office, (
                        f"seed {SEED}, cart {n}: {cart}\n  till:        {at_till}\n"
                        f"  head office: {at_head_office}"
                    )
                    _count(seen, cart, at_till, catalogue)

    try:
        asyncio.run(asyncio.wait_for(main(), 200))
    finally:
        ctx.close()
    print(f"pricing seed {SEED}: {dict(sorted(seen.items()))}")
    # The carts exercised every rule, and most of them were sold.
    assert seen["priced"] >= 0.75 * CARTS and seen["refused"] >= 10, seen
    for what in ("pack", "weight_label", "price_label", "store_price", "override", "discount",
                 "rounded", "weighed", "NOT_FOUND", "INVALID_ARGUMENT"):  # fmt: skip
        assert seen[what] >= 10, (what, seen)


def _count(seen: Counter[str], cart: Cart, priced: Priced, catalogue: RandomChain) -> None:
    if len(priced) == 2:
        seen["refused"] += 1
        seen[str(priced[0])] += 1
        return
    seen["priced"] += 1
    lines, _total, _cash, rounding = priced  # type: ignore[misc]
    seen["rounded"] += rounding != 0
    for line in lines:
        code, unit, qty, unit_price, list_price, discount, label = (
            line[2], line[4], line[5], line[6], line[7], line[8], line[10]
        )  # fmt: skip
        sku = line[1]
        seen["pack"] += code in catalogue.pack_codes
        seen["weight_label"] += bool(label) and code[:2] >= "25"
        seen["price_label"] += bool(label) and code[:2] < "25"
        seen["store_price"] += list_price != catalogue.chain_prices[sku]
        seen["override"] += unit_price != list_price and not label
        seen["discount"] += discount > 0
        seen["weighed"] += unit != "piece" and qty > 1
