"""hoctl price-cart: a cart priced for a store as its till would price it, by head office.

    hoctl price-cart --store S001 6901234567892=2 2800001002502 COLA
                     [--price SKU:PRICE] [--discount SKU:AMOUNT]
                     [--cash-rounding UNIT[:half_up|down]] [--format table|json|csv]

Items are sale lines as `pos sell` reads them (common/cli/item_lines.py):
CODE[=QTY], a barcode, pack barcode, SKU or price/weight label; QTY in base
units, packs for a pack barcode. --price and
--discount apply to every item of that SKU, as `pos sell --price` does. JSON
keeps money in minor units and quantities in base units, as integers.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.item_lines import SALE, parse_item_line
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.render import table as render_table
from common.cli.values import money_text
from common.domain.money import parse_minor
from common.errors import InvalidInput
from common.i18n import N_, _
from common.pb.storeledger.v1 import pricing_pb2, pricing_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg

COLUMNS = [
    Column("line_no", N_("LINE"), kind="int"),
    Column("sku", N_("SKU")),
    Column("name", N_("NAME")),
    Column("scanned_code", N_("CODE")),
    Column("qty_base", N_("QTY"), kind="int"),
    Column("unit", N_("UNIT")),
    Column("unit_price_minor", N_("UNIT PRICE"), kind="money"),
    Column("discount_minor", N_("DISCOUNT"), kind="money"),
    Column("amount_minor", N_("AMOUNT"), kind="money"),
]


def cart_item(text: str) -> pricing_pb2.CartItem:
    """A sale line; without =QTY one piece, one pack or the label's quantity."""
    # hoctl cannot know the code's unit before head office answers: refusals say base units.
    line = parse_item_line(text, SALE, lambda _code: _("base units"))
    return pricing_pb2.CartItem(code=line.code, qty_base=line.qty_base)


def per_sku(texts: list[str] | None, what: str) -> dict[str, int]:
    """SKU:AMOUNT options; `what` ("price override" or "discount") names them in a refusal."""
    found: dict[str, int] = {}
    for text in texts or []:
        sku, sep, amount = text.rpartition(":")
        if not sep or not sku:
            if what == "discount":
                sentence = _("discount {text} must be SKU:AMOUNT in minor units, e.g. COLA:300")
            else:
                sentence = _(
                    "price override {text} must be SKU:AMOUNT in minor units, e.g. COLA:300"
                )
            raise InvalidInput(sentence.format(text=repr(text)))
        found[sku] = parse_minor(
            amount, _("discount") if what == "discount" else _("price override")
        )
    return found


def cash_rounding(text: str) -> tuple[int, str]:
    """UNIT[:MODE] -> (unit in minor units, mode); the server checks the values."""
    unit, _colon, mode = text.partition(":")
    return parse_minor(unit, _("cash rounding")), mode.strip()


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
        raise InvalidInput(
            _("the cart has no item of {skus} to reprice").format(skus=", ".join(sorted(missing)))
        )


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


def cart_text(data: dict[str, Any], table: str) -> str:
    money = data["currency"]
    rounding = data["cash_rounding"]
    head = _("cart priced for store {store} ({currency})").format(
        store=data["store"], currency=money
    )
    totals = _(
        "total {total}; paid in cash {cash_total} (rounding {rounding}: cash rounded to "
        "{unit}, {mode})"
    ).format(
        total=money_text(data["total_minor"], money),
        cash_total=money_text(data["cash_total_minor"], money),
        rounding=money_text(data["rounding_minor"], money),
        unit=money_text(rounding["unit_minor"], money),
        mode=rounding["mode"],
    )
    return f"{head}\n{table}\n{totals}"


def cmd_price_cart(args: argparse.Namespace, clients: Clients, out: Output) -> int:
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
    data = cart_json(priced)
    out.record(
        data,
        lambda: cart_text(data, render_table(headings(COLUMNS), data["lines"], data["currency"])),
        rows_key="lines",
        columns=COLUMNS,
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    price = commands.add_parser(
        "price-cart", help=_("price a cart for a store as its till would (lines and totals)")
    )
    price.add_argument("--store", type=store_code_arg, required=True, help=_("e.g. S001"))
    price.add_argument("items", nargs="+", metavar=SALE.usage)
    price.add_argument(
        "--price", action="append", metavar="SKU:PRICE", help=_("unit price override")
    )
    price.add_argument("--discount", action="append", metavar="SKU:AMOUNT", help=_("line discount"))
    price.add_argument(
        "--cash-rounding",
        metavar="UNIT[:MODE]",
        help=_(
            "the till's cash rounding in minor units, mode half_up (default) or down; e.g. 10:down"
        ),
    )
    add_format(price)
    price.set_defaults(handler=cmd_price_cart, context="price-cart")
