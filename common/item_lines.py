"""Item lines typed on a command line: `CODE=QTY` or `CODE=QTY@UNIT_COST`.

One reading for every command that takes them (hoctl transfer create, po
create, writeoff request; pos transfer ship/receive, receive --po,
supplier-return, writeoff): the quantity is after the last '=' (a SKU may
itself contain '='), in whole base units; a cost is in minor units per base
unit. A bad line is refused with one sentence naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from common.domain.money import parse_minor
from common.domain.units import parse_quantity
from common.errors import InvalidInput, InvalidQuantity

Cost = Literal["none", "optional", "required"]


@dataclass(frozen=True)
class ItemLine:
    code: str
    qty_base: int
    unit_cost_minor: int | None = None


def parse_item_line(
    text: str, what: str, example: str, cost: Cost = "none", allow_zero: bool = False
) -> ItemLine:
    """Read one line; `what` names it in the refusal ("transfer line"), `example` shows one."""
    shape = {"none": "SKU=QTY", "optional": "SKU=QTY[@UNIT_COST]", "required": "SKU=QTY@UNIT_COST"}
    code, eq, rest = text.rpartition("=")
    qty_text, at, cost_text = rest.partition("@")
    code = code.strip()
    wrong_cost = (at and cost == "none") or (not at and cost == "required")
    if not eq or not code or not qty_text.strip() or wrong_cost:
        raise InvalidInput(f"{what} {text!r} must be {shape[cost]} in base units, e.g. {example}")
    try:
        qty = 0 if allow_zero and qty_text.strip() == "0" else parse_quantity(qty_text)
    except InvalidQuantity as exc:
        zero = " (0 allowed)" if allow_zero else ""
        raise InvalidInput(f"{what} {text!r}: {exc}{zero}") from None
    unit_cost = parse_minor(cost_text, f"unit cost of {code}") if at else None
    return ItemLine(code, qty, unit_cost)
