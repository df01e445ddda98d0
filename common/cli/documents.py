"""JSON documents of the messages both tools show: a purchase order, transfer and write-off lines.

hoctl and pos both print these; building them once keeps one field name per
concept (docs/output.md) whichever side prints them. Pure functions of the
protobuf messages: integers stay integers, times become RFC 3339.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from common.cli.render import Column
from common.cli.values import rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.domain.transfer_states import NOT_RECEIVED_STATES
from common.i18n import N_

if TYPE_CHECKING:
    from common.pb.storeledger.v1 import purchasing_pb2, transfers_pb2, write_offs_pb2

ORDER_LINE_COLUMNS = [
    Column("line_no", "#", "int"),
    Column("sku"),
    Column("name"),
    Column("ordered_qty_base", N_("ORDERED"), "int"),
    Column("received_qty_base", N_("RECEIVED"), "int"),
    Column("unit_cost_minor", N_("UNIT COST"), "money"),
]
WRITE_OFF_LINE_COLUMNS = [
    Column("sku"),
    Column("qty_base", N_("QTY"), "int"),
    Column("unit_cost_minor", N_("UNIT COST"), "money"),
    Column("value_minor", N_("VALUE"), "money"),
]


def purchase_order(order: purchasing_pb2.PurchaseOrder) -> dict[str, Any]:
    """A purchase order as head office has it, or as the store sees it (received so far)."""
    return {
        "po_id": order.po_id,
        "store": order.store_code,
        "supplier": order.supplier_code,
        "supplier_name": order.supplier_name,
        "state": order.state,
        "currency": order.currency or DEFAULT_CURRENCY,
        "over_tolerance_pct": order.over_tolerance_pct,
        "total_minor": order.total_minor,
        "created_at": rfc3339(order.created_at_ms),
        "created_by": order.created_by,
        "updated_at": rfc3339(order.updated_at_ms),
        "lines": [
            {
                "line_no": ln.line_no,
                "sku": ln.sku,
                "name": ln.name,
                "ordered_qty_base": ln.ordered_qty_base,
                "received_qty_base": ln.received_qty_base,
                "unit_cost_minor": ln.unit_cost_minor,
            }
            for ln in order.lines
        ],
    }


def transfer_line(line: transfers_pb2.TransferLine, state: str) -> dict[str, Any]:
    """One SKU of a transfer; the difference counts once the receiving store has booked it."""
    received = state not in NOT_RECEIVED_STATES
    return {
        "sku": line.sku,
        "ordered_qty_base": line.qty_base,
        "shipped_qty_base": line.shipped_qty_base,
        "received_qty_base": line.received_qty_base,
        "difference_qty_base": line.shipped_qty_base - line.received_qty_base if received else 0,
        "resolved_qty_base": line.resolved_qty_base,
        "unit_cost_minor": line.unit_cost_minor,
    }


def write_off_line(line: write_offs_pb2.WriteOffLine) -> dict[str, Any]:
    return {
        "sku": line.sku,
        "qty_base": line.qty_base,
        "unit_cost_minor": line.unit_cost_minor,
        "value_minor": line.value_minor,
    }
