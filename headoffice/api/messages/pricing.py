"""PriceCart: the scanned items in, the priced cart out (hoctl price-cart)."""

from __future__ import annotations

from common.domain.cash_rounding import CashRounding
from common.domain.pricing import Quote, ScannedItem
from common.pb.storeledger.v1 import pricing_pb2


def cart_items(request: pricing_pb2.PriceCartRequest) -> list[ScannedItem]:
    return [
        ScannedItem(
            code=item.code,
            qty_base=item.qty_base,
            price_override_minor=(
                item.price_override_minor if item.HasField("price_override_minor") else None
            ),
            discount_minor=item.discount_minor,
        )
        for item in request.items
    ]


def cart_price(
    store_code: str, currency: str, priced: Quote, rounding: CashRounding
) -> pricing_pb2.CartPrice:
    return pricing_pb2.CartPrice(
        store_code=store_code,
        currency=currency,
        lines=[
            pricing_pb2.PricedLine(
                line_no=line.line_no,
                sku=line.sku,
                scanned_code=line.scanned_code,
                name=line.name,
                unit=line.unit,
                qty_base=line.qty_base,
                unit_price_minor=line.unit_price_minor,
                list_price_minor=line.list_price_minor,
                discount_minor=line.discount_minor,
                amount_minor=line.amount_minor,
                label_code=line.label_code,
            )
            for line in priced.lines
        ],
        total_minor=priced.total_minor,
        cash_total_minor=priced.cash_total_minor,
        rounding_minor=priced.rounding_minor,
        cash_rounding_minor=rounding.unit_minor,
        cash_rounding_mode=rounding.mode,
    )
