"""Purchase orders: the states an order moves through and what each step allows.

draft -> sent -> partly_received -> closed, and cancelled from draft or sent.
A draft's lines may change; sending fixes them. An order that has received
anything can no longer be cancelled, only closed (the rest will not come).
Deliveries at the store move received quantities up; an order is closed when
every line has received at least what was ordered. One line per SKU.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from common.domain.limits import (
    MAX_NAME_CHARS,
    check_product,
    check_qty,
    check_sum,
    check_unit_cost,
)
from common.i18n import _
from common.text_safety import check_plain_text
from headoffice.domain.purchasing_errors import InvalidPurchaseRequest, PurchaseOrderStateRefused

DRAFT = "draft"
SENT = "sent"
PARTLY_RECEIVED = "partly_received"
CLOSED = "closed"
CANCELLED = "cancelled"
STATES = (DRAFT, SENT, PARTLY_RECEIVED, CLOSED, CANCELLED)
OPEN_STATES = (SENT, PARTLY_RECEIVED)
DEFAULT_OVER_TOLERANCE_PCT = 5
MAX_OVER_TOLERANCE_PCT = 100

_SUPPLIER_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
_PO_ID = re.compile(r"^(?:PO-?)?([0-9]{1,18})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class OrderLine:
    line_no: int
    sku: str
    ordered_qty_base: int
    unit_cost_minor: int
    received_qty_base: int = 0

    @property
    def remaining(self) -> int:
        return max(self.ordered_qty_base - self.received_qty_base, 0)


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    po_no: int
    store_code: str
    supplier_code: str
    state: str
    currency: str
    over_tolerance_pct: int
    lines: tuple[OrderLine, ...]
    created_at_ms: int
    created_by: str
    updated_at_ms: int

    @property
    def po_id(self) -> str:
        return po_id(self.po_no)

    @property
    def total_minor(self) -> int:
        return sum(line.ordered_qty_base * line.unit_cost_minor for line in self.lines)

    def as_dict(self) -> dict[str, object]:
        """The order as the audit log records it."""
        return {
            "po_id": self.po_id,
            "store": self.store_code,
            "supplier": self.supplier_code,
            "state": self.state,
            "over_tolerance_pct": self.over_tolerance_pct,
            "lines": [
                {
                    "line_no": line.line_no,
                    "sku": line.sku,
                    "ordered_qty_base": line.ordered_qty_base,
                    "unit_cost_minor": line.unit_cost_minor,
                    "received_qty_base": line.received_qty_base,
                }
                for line in self.lines
            ],
        }


@dataclass(frozen=True)
class OrderView:
    """An order with the names a person reads next to its codes."""

    order: PurchaseOrder
    supplier_name: str
    product_names: dict[str, str]


def po_id(po_no: int) -> str:
    return f"PO-{po_no}"


def parse_po_id(text: str) -> int:
    """'PO-12', 'po12' or '12' -> 12."""
    match = _PO_ID.match(text.strip())
    if not match or int(match.group(1)) <= 0:
        raise InvalidPurchaseRequest(
            _("purchase order id {text} must look like PO-12 (or just the number 12)").format(
                text=repr(text)
            )
        )
    return int(match.group(1))


def check_supplier_code(code: str) -> str:
    if not _SUPPLIER_CODE.match(code):
        raise InvalidPurchaseRequest(
            _(
                "supplier code {code} must be 1-32 capital letters, digits, '-' or '_', "
                "starting with a letter or digit"
            ).format(code=repr(code))
        )
    return code


def check_supplier_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise InvalidPurchaseRequest(
            _("a supplier needs a name of 1-{most} characters (--name)").format(most=MAX_NAME_CHARS)
        )
    return check_plain_text(_("the supplier's name"), name)


def check_tolerance(pct: int) -> int:
    if isinstance(pct, bool) or not 0 <= pct <= MAX_OVER_TOLERANCE_PCT:
        raise InvalidPurchaseRequest(
            _(
                "over-delivery tolerance must be a whole percentage from 0 to {most}, got {pct}"
            ).format(most=MAX_OVER_TOLERANCE_PCT, pct=pct)
        )
    return pct


def check_line(sku: str, ordered_qty_base: int, unit_cost_minor: int) -> None:
    """One line within the range policy: its quantity, its unit cost and their product."""
    if not sku.strip():
        raise InvalidPurchaseRequest(_("an order line needs a SKU"))
    if isinstance(ordered_qty_base, bool) or ordered_qty_base <= 0:
        raise InvalidPurchaseRequest(
            _(
                "quantity ordered of {sku} must be a positive whole number of base units, got {qty}"
            ).format(sku=sku, qty=ordered_qty_base)
        )
    if isinstance(unit_cost_minor, bool) or unit_cost_minor < 0:
        raise InvalidPurchaseRequest(
            _("unit cost of {sku} must be zero or more minor units, got {cost}").format(
                sku=sku, cost=unit_cost_minor
            )
        )
    check_qty(_("quantity ordered of {sku}").format(sku=sku), ordered_qty_base)
    check_unit_cost(_("unit cost of {sku}").format(sku=sku), unit_cost_minor)
    check_product(_("the line of {sku}").format(sku=sku), ordered_qty_base, unit_cost_minor)


def check_total(lines: tuple[OrderLine, ...]) -> None:
    """The order's total within the range policy (each line is checked on its own first)."""
    check_sum(
        _("the order's total"),
        (line.ordered_qty_base * line.unit_cost_minor for line in lines),
    )


def new_lines(items: list[tuple[str, int, int]]) -> tuple[OrderLine, ...]:
    """Lines numbered from 1 for (sku, qty, cost) items; one line per SKU."""
    lines: list[OrderLine] = []
    for sku, qty, cost in items:
        check_line(sku, qty, cost)
        if any(line.sku == sku for line in lines):
            raise InvalidPurchaseRequest(
                _("SKU {sku} appears twice; an order has one line per SKU").format(sku=sku)
            )
        lines.append(OrderLine(len(lines) + 1, sku, qty, cost))
    check_total(tuple(lines))
    return tuple(lines)


def _refuse(order: PurchaseOrder, sentence: str) -> PurchaseOrderStateRefused:
    """The refusal of a step the order's state does not allow; `sentence` is translated and
    names {po_id} and {state}."""
    return PurchaseOrderStateRefused(sentence.format(po_id=order.po_id, state=order.state))


def add_line(order: PurchaseOrder, sku: str, qty: int, cost: int) -> PurchaseOrder:
    if order.state != DRAFT:
        raise _refuse(
            order,
            _(
                "purchase order {po_id} is {state}: lines can be added only while it is a draft; "
                "nothing changed"
            ),
        )
    check_line(sku, qty, cost)
    if any(line.sku == sku for line in order.lines):
        raise InvalidPurchaseRequest(
            _("purchase order {po_id} already has a line for {sku}; remove it first").format(
                po_id=order.po_id, sku=sku
            )
        )
    line_no = max((line.line_no for line in order.lines), default=0) + 1
    lines = (*order.lines, OrderLine(line_no, sku, qty, cost))
    check_total(lines)
    return replace(order, lines=lines)


def remove_line(order: PurchaseOrder, line_no: int) -> PurchaseOrder:
    if order.state != DRAFT:
        raise _refuse(
            order,
            _(
                "purchase order {po_id} is {state}: lines can be removed only while it is a "
                "draft; nothing changed"
            ),
        )
    if not any(line.line_no == line_no for line in order.lines):
        raise InvalidPurchaseRequest(
            _("purchase order {po_id} has no line {line_no}").format(
                po_id=order.po_id, line_no=line_no
            )
        )
    return replace(order, lines=tuple(line for line in order.lines if line.line_no != line_no))


def send(order: PurchaseOrder) -> PurchaseOrder:
    if order.state != DRAFT:
        raise _refuse(
            order,
            _("purchase order {po_id} is {state}: it can be sent only from draft; nothing changed"),
        )
    if not order.lines:
        raise InvalidPurchaseRequest(
            _("purchase order {po_id} has no lines; add one before sending it").format(
                po_id=order.po_id
            )
        )
    return replace(order, state=SENT)


def cancel(order: PurchaseOrder) -> PurchaseOrder:
    if order.state == PARTLY_RECEIVED:
        raise _refuse(
            order,
            _(
                "purchase order {po_id} is {state}: it cannot be cancelled once goods were "
                "received (close it instead); nothing changed"
            ),
        )
    if order.state not in (DRAFT, SENT):
        raise _refuse(
            order,
            _(
                "purchase order {po_id} is {state}: it can be cancelled only as a draft or sent; "
                "nothing changed"
            ),
        )
    return replace(order, state=CANCELLED)


def close(order: PurchaseOrder) -> PurchaseOrder:
    """Close an order whose remaining quantities will not come."""
    if order.state in (DRAFT, SENT):
        raise _refuse(
            order,
            _(
                "purchase order {po_id} is {state}: only a partly received order can be closed "
                "(cancel it instead); nothing changed"
            ),
        )
    if order.state != PARTLY_RECEIVED:
        raise _refuse(
            order,
            _(
                "purchase order {po_id} is {state}: only a partly received order can be closed "
                "(it is finished); nothing changed"
            ),
        )
    return replace(order, state=CLOSED)


def state_after_delivery(lines: tuple[OrderLine, ...]) -> str:
    if all(line.received_qty_base >= line.ordered_qty_base for line in lines):
        return CLOSED
    if any(line.received_qty_base > 0 for line in lines):
        return PARTLY_RECEIVED
    return SENT


@dataclass(frozen=True)
class DeliveryOutcome:
    order: PurchaseOrder
    anomalies: list[str]


def apply_delivery(order: PurchaseOrder, received: list[tuple[str, int]]) -> DeliveryOutcome:
    """The order after a store's delivery of (sku, qty) lines; never refuses (the store
    already committed it) but names what does not fit the order as anomalies.

    The anomalies go into the audit log, which stays language-neutral: they are
    English whatever the language of the call that applied the delivery."""
    anomalies: list[str] = []
    if order.state not in OPEN_STATES:
        anomalies.append(
            f"received against purchase order {order.po_id} while it was {order.state}"
        )
    by_sku = {line.sku: line for line in order.lines}
    for sku, qty in received:
        line = by_sku.get(sku)
        if line is None:
            anomalies.append(f"SKU {sku} is not on purchase order {order.po_id}")
            continue
        by_sku[sku] = replace(line, received_qty_base=line.received_qty_base + qty)
    lines = tuple(by_sku[line.sku] for line in order.lines)
    state = order.state
    if state in OPEN_STATES:
        state = state_after_delivery(lines)
    return DeliveryOutcome(replace(order, lines=lines, state=state), anomalies)


@dataclass(frozen=True, slots=True)
class Supplier:
    """A supplier purchase orders go to."""

    code: str
    name: str
    contact: str
    created_at_ms: int
    created_by: str

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "contact": self.contact}


@dataclass(frozen=True, slots=True)
class SupplierReturn:
    """Goods a store sent back to a supplier, valued at the cost head office moved them at."""

    store_code: str
    seq: int
    return_id: str
    supplier_code: str
    reason: str
    actor: str
    occurred_at_ms: int
    lines: tuple[tuple[str, int, int], ...]  # (sku, qty returned > 0, unit cost valued at)

    @property
    def qty_base(self) -> int:
        return sum(qty for _sku, qty, _cost in self.lines)

    @property
    def value_minor(self) -> int:
        return sum(qty * cost for _sku, qty, cost in self.lines)
