"""hoctl price-cart: a cart priced for a store as its till would price it, by head office.

    hoctl price-cart --store S001 6901234567892x2 2800001002502 COLA
                     [--price SKU:PRICE] [--discount SKU:AMOUNT]
                     [--cash-rounding UNIT[:half_up|down]] [--format table|json]

Items read as at `pos sell`: CODE or CODExQTY (a barcode, pack barcode, SKU or
price/weight label; QTY in base units, packs for a pack barcode). --price and
--discount apply to every item of that SKU, as `pos sell --price` does. JSON
keeps money in minor units and quantities in base units, as integers.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.domain.money import format_minor, parse_minor
from common.domain.units import parse_quantity
from common.errors import InvalidInput
from common.pb.storeledger.v1 import pricing_pb2, pricing_pb2_grpc
from headoffice.cli import output
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, add_format, store_code_arg

COLUMNS = ["LINE", "SKU", "NAME", "CODE", "QUANTITY", "UNIT", "UNIT PRICE", "DISCOUNT", "AMOUNT"]


def cart_item(text: str) -> pricing_pb2.CartItem:
    """CODE or CODExQTY, as `pos sell` reads them; no xQTY: one piece, one pack or the label's."""
    code, sep, qty_text = text.rpartition("x")
    if not sep or not code:
        return pricing_pb2.CartItem(code=text)
    return pricing_pb2.CartItem(code=code, qty_base=parse_quantity(qty_text, "base units"))


def per_sku(texts: list[str] | None, what: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for text in texts or []:
        sku, sep, amount = text.rpartition(":")
        if not sep or not sku:
            raise InvalidInput(f"{what} {text!r} must be SKU:AMOUNT in minor units, e.g. COLA:300")
        found[sku] = parse_minor(amount, what)
    return found


def cash_rounding(text: str) -> tuple[int, str]:
    """UNIT[:MODE] -> (unit in minor units, mode); the server checks the values."""
    unit, _, mode = text.partition(":")
    return parse_minor(unit, "cash rounding"), mode.strip()


def reprice(
    request: pricing_pb2.PriceCartRequest,
    priced: pricing_pb2.CartPrice,
    prices: dict[str, int],
    discounts: dict[str, int],
) -> None:
    """Put --price and --discount on the items whose lines are of that SKU."""
    matched: set[str] = set()
    for item, line in zip(request.items, priced.lines, strict=True):
        if line.sku in prices:
            item.price_override_minor = prices[line.sku]
            matched.add(line.sku)
        if line.sku in discounts:
            item.discount_minor = discounts[line.sku]
            matched.add(line.sku)
    missing = (set(prices) | set(discounts)) - matched
    if missing:
        raise InvalidInput(f"the cart has no item of {', '.join(sorted(missing))} to reprice")


def cart_json(priced: pricing_pb2.CartPrice) -> dict[str, Any]:
    return {
        "store": priced.store_code,
        "currency": priced.currency,
        "lines": [
            {
                "line_no": line.line_no,
                "sku": line.sku,
                "name": line.name,
                "scanned_code": line.scanned_code,
                "label_code": line.label_code,
                "unit": line.unit,
                "qty_base": line.qty_base,
                "unit_price_minor": line.unit_price_minor,
                "list_price_minor": line.list_price_minor,
                "discount_minor": line.discount_minor,
                "amount_minor": line.amount_minor,
            }
            for line in priced.lines
        ],
        "total_minor": priced.total_minor,
        "cash_total_minor": priced.cash_total_minor,
        "rounding_minor": priced.rounding_minor,
        "cash_rounding": {
            "unit_minor": priced.cash_rounding_minor,
            "mode": priced.cash_rounding_mode,
        },
    }


def cart_text(priced: pricing_pb2.CartPrice) -> str:
    money = priced.currency

    def cells(line: pricing_pb2.PricedLine) -> list[str]:
        return [
            str(line.line_no),
            line.sku,
            line.name,
            line.scanned_code,
            str(line.qty_base),
            line.unit,
            format_minor(line.unit_price_minor, money),
            format_minor(line.discount_minor, money) if line.discount_minor else "",
            format_minor(line.amount_minor, money),
        ]

    table = output.table(COLUMNS, [cells(line) for line in priced.lines], {0, 4, 6, 7, 8})
    return (
        f"cart priced for store {priced.store_code} ({money})\n{table}\n"
        f"total {format_minor(priced.total_minor, money)}; paid in cash "
        f"{format_minor(priced.cash_total_minor, money)} (rounding "
        f"{format_minor(priced.rounding_minor, money)}: cash rounded to "
        f"{format_minor(priced.cash_rounding_minor, money)}, {priced.cash_rounding_mode})"
    )


def cmd_price_cart(args: argparse.Namespace, clients: Clients) -> int:
    prices = per_sku(args.price, "price override")
    discounts = per_sku(args.discount, "discount")
    unit, mode = cash_rounding(args.cash_rounding) if args.cash_rounding else (0, "")
    request = pricing_pb2.PriceCartRequest(
        store_code=args.store,
        items=[cart_item(text) for text in args.items],
        cash_rounding_minor=unit,
        cash_rounding_mode=mode,
    )
    stub = pricing_pb2_grpc.PricingStub(clients.channel)
    priced = stub.PriceCart(request, timeout=CALL_TIMEOUT_S)
    if prices or discounts:
        # Overrides name SKUs, the items codes: the first answer says which is which.
        reprice(request, priced, prices, discounts)
        priced = stub.PriceCart(request, timeout=CALL_TIMEOUT_S)
    print(output.to_json(cart_json(priced)) if args.format == "json" else cart_text(priced))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    price = commands.add_parser(
        "price-cart", help="price a cart for a store as its till would (lines and totals)"
    )
    price.add_argument("--store", type=store_code_arg, required=True, help="e.g. S001")
    price.add_argument("items", nargs="+", metavar="CODE[xQTY]")
    price.add_argument("--price", action="append", metavar="SKU:PRICE", help="unit price override")
    price.add_argument("--discount", action="append", metavar="SKU:AMOUNT", help="line discount")
    price.add_argument(
        "--cash-rounding",
        metavar="UNIT[:MODE]",
        help="the till's cash rounding in minor units, mode half_up (default) or down; e.g. 10:down",
    )
    add_format(price)
    price.set_defaults(handler=cmd_price_cart, context="price-cart")
