"""What is typed on the count screen: "12*CODE", "-2*CODE", "12*" before a scan, and how a
typed quantity of a code becomes a count line (the SKU's base units; an unknown barcode
kept with its quantity; a pack or a label takes no typed quantity)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import grpc

from common.errors import InvalidInput
from common.i18n import _
from common.pb.storeledger.v1 import store_counts_pb2 as pb
from edge_agent.tui.client import Refusal

if TYPE_CHECKING:
    from edge_agent.tui.screens.count import CountScreen

_QTY = re.compile(r"^\s*(-?\d+)\s*\*\s*(.*)$")
LABEL_KINDS = ("weight_label", "price_label")


def split_count(text: str) -> tuple[int | None, str]:
    """'12*CODE' -> (12, 'CODE'); '-2*CODE' -> (-2, 'CODE'); 'CODE' -> (None, 'CODE')."""
    found = _QTY.match(text)
    if found is None:
        if "*" in text:
            raise InvalidInput(_("type a whole quantity before *, like 12*CODE"))
        return None, text.strip()
    qty = int(found.group(1))
    if qty == 0:
        raise InvalidInput(_("a quantity of 0 counts nothing; type how many you see"))
    return qty, found.group(2).strip()


def pending_qty(text: str) -> int | None:
    """'12*' typed before a serial scanner's read: 12; anything else: None."""
    found = _QTY.match(text)
    if found is None or found.group(2).strip():
        return None
    return int(found.group(1)) or None


async def typed_line(
    screen: CountScreen, code: str, qty: int, request: pb.AddCountLineRequest
) -> pb.AddCountLineRequest | None:
    """A typed quantity of CODE as a request: the SKU's base units, or the unknown barcode
    kept with its quantity; None (and the reason said on the screen) when it cannot be."""
    try:
        found = await screen.till.client.scan(code)
    except Refusal as refusal:
        if refusal.code != grpc.StatusCode.NOT_FOUND:
            screen.say(str(refusal))
            return None
        if qty < 0:
            screen.say(_("{code} is not in the catalogue: there is nothing to correct").format(
                code=code
            ))  # fmt: skip
            return None
        request.code, request.qty_base = code, qty
        return request
    product = found.product
    if found.kind in LABEL_KINDS:
        screen.say(_("a label fixes its own quantity; scan it without a quantity"))
        return None
    if found.kind == "barcode" and code.strip() not in product.barcodes:
        screen.say(
            _(
                "{code} is a pack of {sku}: scan each pack, or type the count with the "
                "item's own barcode or SKU ({qty}*{sku})"
            ).format(code=code, sku=product.sku, qty=abs(qty))
        )
        return None
    screen.names[product.sku] = product.name
    request.sku, request.qty_base = product.sku, qty
    return request
