"""Item lines typed on a command line: one grammar for every pos and hoctl command.

    LINE = CODE [ "=" QTY ] [ "@" UNIT_COST ] [ ":" DISPOSITION ]

CODE is a SKU (or, at the till, a barcode); QTY a positive whole number of the
SKU's base units, after the last '=' (a SKU may itself contain '='); UNIT_COST
whole minor units per base unit; DISPOSITION (returns only) restock or
write_off. Each command takes one Shape of it, which says what may be left out
and names the line in a refusal; a bad line is refused with one sentence naming
it, before anything is sent. docs/output.md shows every shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from common.domain.limits import check_unit_cost
from common.domain.money import parse_minor
from common.domain.units import parse_quantity
from common.errors import InvalidInput, InvalidQuantity
from common.i18n import N_, _

Cost = Literal["none", "optional", "required"]


@dataclass(frozen=True)
class Shape:
    """Which parts of the grammar one command takes, and how its refusals name a line."""

    what: str  # "transfer line" (marked N_()): names the line in a refusal, translated
    example: str  # "COLA-330=24": shown in a refusal
    code: str = "SKU"  # what CODE is called in the usage: SKU, or CODE (a SKU or a barcode)
    qty_optional: bool = False
    missing_qty: int = 1  # the quantity of a line without =QTY (0: "not given", the agent decides)
    cost: Cost = "none"
    allow_zero: bool = False  # a confirmation may say "none of this line"
    dispositions: tuple[str, ...] = ()

    @property
    def usage(self) -> str:
        qty = "[=QTY]" if self.qty_optional else "=QTY"
        cost = {"none": "", "optional": "[@UNIT_COST]", "required": "@UNIT_COST"}[self.cost]
        disposition = f"[:{'|'.join(self.dispositions)}]" if self.dispositions else ""
        return f"{self.code}{qty}{cost}{disposition}"


@dataclass(frozen=True)
class ItemLine:
    code: str
    qty_base: int
    unit_cost_minor: int | None = None
    disposition: str = ""


# The shapes, one per kind of line a command reads.
SALE = Shape(N_("sale line"), "6901234567892=2", code="CODE", qty_optional=True, missing_qty=0)
RETURN = Shape(
    N_("return line"), "COLA-330=1:write_off", code="CODE", qty_optional=True,
    dispositions=("restock", "write_off"),
)  # fmt: skip
VOID = Shape(N_("void line"), "COLA-330=1", code="CODE", qty_optional=True)
DELIVERY = Shape(N_("delivery line"), "COLA-330=24@180", code="CODE", cost="required")
ORDER = Shape(N_("order line"), "COLA-330=240@180", cost="required")
ORDER_DELIVERY = Shape(N_("item"), "COLA-330=24", cost="optional")
SUPPLIER_RETURN = Shape(N_("item"), "COLA-330=6")
TRANSFER = Shape(N_("transfer line"), "COLA-330=24")
CONFIRMATION = Shape(N_("confirmation"), "COLA-330=22", allow_zero=True)
WRITE_OFF = Shape(N_("write-off line"), "COLA-330=6")


def parse_item_line(
    text: str, shape: Shape, unit_of: Callable[[str], str] | None = None
) -> ItemLine:
    """Read one line in `shape`; `unit_of(code)` names the unit in a quantity refusal."""
    what = _(shape.what)
    wrong = InvalidInput(
        _("{what} {text} must be {usage} in base units, e.g. {example}").format(
            what=what, text=repr(text), usage=shape.usage, example=shape.example
        )
    )
    body, disposition = text, ""
    if shape.dispositions:
        head, colon, tail = text.rpartition(":")
        if colon:
            if tail not in shape.dispositions:
                raise InvalidInput(
                    _("{what} {text}: {given} is not one of {choices}").format(
                        what=what,
                        text=repr(text),
                        given=repr(tail),
                        choices=", ".join(shape.dispositions),
                    )
                )
            body, disposition = head, tail
    code, eq, rest = body.rpartition("=")
    if not eq:
        code, rest = body, ""
        if not shape.qty_optional:
            raise wrong
    qty_text, at, cost_text = rest.partition("@")
    code = code.strip()
    wrong_cost = (at and shape.cost == "none") or (not at and shape.cost == "required")
    if not code or (eq and not qty_text.strip()) or wrong_cost:
        raise wrong
    if not eq:
        return ItemLine(code, shape.missing_qty, None, disposition)
    try:
        if shape.allow_zero and qty_text.strip() == "0":
            qty = 0
        else:
            qty = _quantity(qty_text, code, unit_of)
    except InvalidQuantity as exc:
        if shape.allow_zero:
            sentence = _("{what} {text}: {problem} (0 allowed)")
        else:
            sentence = _("{what} {text}: {problem}")
        raise InvalidInput(sentence.format(what=what, text=repr(text), problem=exc)) from None
    unit_cost = None
    if at:
        field = _("unit cost of {code}").format(code=code)
        unit_cost = check_unit_cost(field, parse_minor(cost_text, field))
    return ItemLine(code, qty, unit_cost, disposition)


def _quantity(text: str, code: str, unit_of: Callable[[str], str] | None) -> int:
    try:
        return parse_quantity(text)
    except InvalidQuantity:
        if unit_of is None:
            raise
        return parse_quantity(text, unit_of(code))  # refused again, naming grams or millilitres
