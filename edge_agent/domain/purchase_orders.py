"""Purchase orders as the store sees them, and what receiving against one may book.

Head office sends an order when it is sent, cancelled or closed; the store
keeps its own received quantities (its deliveries are the facts head office
learns later). A line may be received up to ordered + tolerance% (rounded
down to whole base units); beyond that only with allow_over. An order that
is closed, cancelled or fully received takes no more deliveries.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.limits import check_product, check_qty, check_unit_cost
from common.domain.typed_text import clean_note
from common.domain.units import require_positive
from common.errors import InvalidInput
from common.i18n import _
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.purchasing_errors import OverDelivery, PurchaseOrderFinished

SENT = "sent"
PARTLY_RECEIVED = "partly_received"
CLOSED = "closed"
CANCELLED = "cancelled"


SUPPLIER_RETURN_REASON_MAX = 200


@dataclass(frozen=True)
class ExpectedLine:
    line_no: int
    sku: str
    name: str
    ordered_qty_base: int
    unit_cost_minor: int
    received_qty_base: int

    @property
    def remaining(self) -> int:
        return max(self.ordered_qty_base - self.received_qty_base, 0)

    def limit(self, tolerance_pct: int) -> int:
        """The most this line may have received without allow_over."""
        return self.ordered_qty_base + self.ordered_qty_base * tolerance_pct // 100


@dataclass(frozen=True)
class ExpectedOrder:
    po_id: str
    supplier_code: str
    supplier_name: str
    head_office_state: str  # sent, cancelled, closed: as head office last said
    currency: str
    over_tolerance_pct: int
    lines: tuple[ExpectedLine, ...]

    @property
    def total_minor(self) -> int:
        return sum(line.ordered_qty_base * line.unit_cost_minor for line in self.lines)

    @property
    def state(self) -> str:
        """The state at this store: head office's word, or what the store's deliveries make it."""
        if self.head_office_state in (CLOSED, CANCELLED):
            return self.head_office_state
        if self.lines and all(
            line.received_qty_base >= line.ordered_qty_base for line in self.lines
        ):
            return CLOSED
        if any(line.received_qty_base > 0 for line in self.lines):
            return PARTLY_RECEIVED
        return SENT


@dataclass(frozen=True)
class ReceiveItem:
    sku: str
    qty_base: int
    unit_cost_minor: int | None = None  # None: the order's cost


@dataclass(frozen=True)
class DeliveryPlan:
    lines: list[tuple[str, int, int]]  # (sku, qty, unit cost)
    warnings: list[str]


def plan_delivery(
    order: ExpectedOrder, items: list[ReceiveItem], allow_over: bool = False
) -> DeliveryPlan:
    """What a delivery against `order` books; refuses (changing nothing) what does not fit."""
    state = order.state
    if state == CLOSED:
        raise PurchaseOrderFinished(
            _(
                "purchase order {po} is closed; nothing more can be received against it (book "
                "the delivery without --po if it really arrived)"
            ).format(po=order.po_id)
        )
    if state == CANCELLED:
        raise PurchaseOrderFinished(
            _("purchase order {po} was cancelled; nothing can be received against it").format(
                po=order.po_id
            )
        )
    by_sku = {line.sku: line for line in order.lines}
    if not items:
        items = [ReceiveItem(line.sku, line.remaining) for line in order.lines if line.remaining]
    seen: set[str] = set()
    lines: list[tuple[str, int, int]] = []
    warnings: list[str] = []
    for item in items:
        line = by_sku.get(item.sku)
        if line is None:
            raise InvalidInput(
                _("SKU {sku} is not on purchase order {po}; nothing was received").format(
                    sku=item.sku, po=order.po_id
                )
            )
        if item.sku in seen:
            raise InvalidInput(
                _("SKU {sku} is given twice; give each SKU once").format(sku=item.sku)
            )
        seen.add(item.sku)
        require_positive(item.qty_base)
        cost = line.unit_cost_minor if item.unit_cost_minor is None else item.unit_cost_minor
        if isinstance(cost, bool) or cost < 0:
            raise InvalidInput(
                _("unit cost of {sku} must be zero or more minor units, got {cost}").format(
                    sku=item.sku, cost=cost
                )
            )
        check_qty(_("quantity received of {sku}").format(sku=item.sku), item.qty_base)
        check_unit_cost(_("unit cost of {sku}").format(sku=item.sku), cost)
        check_product(_("the line of {sku}").format(sku=item.sku), item.qty_base, cost)
        total = line.received_qty_base + item.qty_base
        limit = line.limit(order.over_tolerance_pct)
        if total > limit:
            numbers = {
                "qty": item.qty_base,
                "sku": item.sku,
                "total": total,
                "ordered": line.ordered_qty_base,
                "po": order.po_id,
                "pct": order.over_tolerance_pct,
                "limit": limit,
            }
            if not allow_over:
                raise OverDelivery(
                    _(
                        "receiving {qty} of {sku} makes {total} received against {ordered} "
                        "ordered on {po}, beyond its {pct}% tolerance ({limit}); pass "
                        "--allow-over to accept it; nothing was received"
                    ).format(**numbers)
                )
            warnings.append(
                _(
                    "receiving {qty} of {sku} makes {total} received against {ordered} ordered "
                    "on {po}, beyond its {pct}% tolerance ({limit})"
                ).format(**numbers)
            )
        lines.append((item.sku, item.qty_base, cost))
    return DeliveryPlan(lines, warnings)


def check_supplier_return(
    supplier_code: str, reason: str, items: list[tuple[str, int]]
) -> tuple[str, str]:
    """A supplier return needs the supplier, a reason and positive quantities."""
    supplier_code = supplier_code.strip()
    reason = clean_note(_("the reason of a supplier return"), reason, SUPPLIER_RETURN_REASON_MAX)
    if not supplier_code:
        raise InvalidInput(_("a supplier return needs the supplier's code (--supplier)"))
    if not reason:
        raise InvalidInput(
            _("a supplier return needs a reason (--reason), e.g. 'damaged in transit'")
        )
    if not items:
        raise InvalidInput(_("a supplier return needs at least one SKU=QTY"))
    seen: set[str] = set()
    for sku, qty in items:
        if sku in seen:
            raise InvalidInput(_("SKU {sku} is given twice; give each SKU once").format(sku=sku))
        seen.add(sku)
        require_positive(qty)
        check_qty(_("quantity returned of {sku}").format(sku=sku), qty)
    return supplier_code, reason


@dataclass(frozen=True)
class SupplierReturnLine:
    sku: str
    qty_base: int


@dataclass(frozen=True)
class SupplierReturn:
    """Goods sent back to a supplier, as the ledger recorded them (no cost: head office
    values them at its moving-average cost)."""

    return_id: str
    supplier_code: str
    reason: str
    lines: tuple[SupplierReturnLine, ...]

    def movements(self) -> list[Movement]:
        return [Movement(line.sku, -line.qty_base, Reason.SUPPLIER_RETURN) for line in self.lines]
