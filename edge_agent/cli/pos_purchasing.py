"""pos po (orders this store expects), pos receive --po, pos supplier-return.

pos po [--all] [--format table|json|csv]
pos receive --po PO-12 [SKU=QTY[@COST] ...] [--allow-over] [--supplier-ref REF]
                 [--expiry SKU=YYYY-MM-DD ...]
pos supplier-return --supplier SUP SKU=QTY ... --reason TEXT
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.documents import ORDER_LINE_COLUMNS, purchase_order
from common.cli.item_lines import ORDER_DELIVERY, SUPPLIER_RETURN, parse_item_line
from common.cli.options import add_actor, add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.i18n import N_, _
from common.pb.storeledger.v1 import purchasing_pb2, purchasing_pb2_grpc
from edge_agent.cli.pos_shared import Till, booked_text

ORDER_COLUMNS = [Column("po_id"), *ORDER_LINE_COLUMNS]
RECEIVED_COLUMNS = [
    Column("sku"),
    Column("qty_base", N_("QTY"), "int"),
    Column("unit_cost_minor", N_("UNIT COST"), "money"),
]


def _call(till: Till, rpc: str, request: Any) -> Any:
    """Call StorePurchasing, which shares the agent's socket with Till."""
    return till.call(getattr(till.stub_of(purchasing_pb2_grpc.StorePurchasingStub), rpc), request)


def parse_receive_item(text: str) -> purchasing_pb2.ReceiveOrderItem:
    """SKU=QTY or SKU=QTY@COST (cost in minor units; default the order's cost)."""
    line = parse_item_line(text, ORDER_DELIVERY)
    item = purchasing_pb2.ReceiveOrderItem(sku=line.code, qty_base=line.qty_base)
    if line.unit_cost_minor is not None:
        item.unit_cost_minor = line.unit_cost_minor
    return item


def parse_return_item(text: str) -> purchasing_pb2.SupplierReturnLine:
    line = parse_item_line(text, SUPPLIER_RETURN)
    return purchasing_pb2.SupplierReturnLine(sku=line.code, qty_base=line.qty_base)


def order_text(order: dict[str, Any]) -> str:
    head = _("{po}  {state}  supplier {supplier} {supplier_name}").format(
        po=order["po_id"],
        state=order["state"],
        supplier=order["supplier"],
        supplier_name=order["supplier_name"],
    )
    return head.rstrip() + "\n" + table(ORDER_LINE_COLUMNS, order["lines"], order["currency"])


def cmd_po(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = _call(
        till,
        "ListExpectedOrders",
        purchasing_pb2.ListExpectedOrdersRequest(include_finished=args.all),
    )
    orders = [purchase_order(o) for o in reply.orders]
    if not out.for_people:
        out.listing(orders, ORDER_COLUMNS, lines_key="lines")
        return
    if not orders:
        out.say(
            _("no purchase orders expected")
            if args.all
            else _("no purchase orders expected (--all shows finished ones)")
        )
    for order in orders:
        out.say(order_text(order))


def cmd_receive_po(
    args: argparse.Namespace, till: Till, out: Output, expiry: dict[str, str] | None = None
) -> None:
    """pos receive --po: called by pos.cmd_receive when --po is given; `expiry`: the
    --expiry SKU=YYYY-MM-DD days (pos_receiving.expiry_dates)."""
    reply = _call(
        till,
        "ReceiveOrder",
        purchasing_pb2.ReceiveOrderRequest(
            po_id=args.po,
            items=[parse_receive_item(t) for t in args.items],
            allow_over=args.allow_over,
            actor=args.actor,
            supplier_ref=args.supplier_ref or "",
            idempotency_key=args.key or "",
            expiry_dates=expiry or {},
        ),
    )
    for warning in reply.warnings:
        out.warn(_("pos: warning: {warning}").format(warning=warning))
    order = purchase_order(reply.order)
    data = {
        "seq": reply.seq,
        "delivery_id": reply.delivery_id,
        "currency": order["currency"],
        "lines": [
            {
                "sku": ln.sku,
                "qty_base": ln.qty_base,
                "unit_cost_minor": ln.unit_cost_minor,
                "expiry_date": ln.expiry_date or None,
            }
            for ln in reply.lines
        ],
        "order": order,
        "warnings": list(reply.warnings),
    }
    heading = _("delivery against {po} booked as journal entry {seq}").format(
        po=order["po_id"], seq=reply.seq
    )
    out.record(
        data,
        lambda: (
            booked_text(heading, data["lines"], "+", order["currency"]) + "\n" + order_text(order)
        ),
        rows_key="lines",
        columns=[Column("seq", kind="int"), *RECEIVED_COLUMNS],
    )


def cmd_supplier_return(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = _call(
        till,
        "ReturnToSupplier",
        purchasing_pb2.ReturnToSupplierRequest(
            supplier_code=args.supplier,
            lines=[parse_return_item(t) for t in args.items],
            reason=args.reason,
            actor=args.actor,
            idempotency_key=args.key or "",
        ),
    )
    body = reply.supplier_return
    data = {
        "seq": reply.seq,
        "return_id": body.return_id,
        "supplier": body.supplier_code,
        "reason": body.reason,
        "lines": [{"sku": ln.sku, "qty_base": ln.qty_base} for ln in body.lines],
    }
    heading = _("returned to supplier {supplier} as journal entry {seq} ({reason})").format(
        supplier=body.supplier_code, seq=reply.seq, reason=body.reason
    )
    out.record(
        data,
        lambda: booked_text(heading, data["lines"], "-", till.currency),
        rows_key="lines",
        columns=[Column("seq", kind="int"), Column("sku"), Column("qty_base", N_("QTY"), "int")],
    )


def register(sub: argparse._SubParsersAction) -> None:
    po = sub.add_parser("po", help="purchase orders this store expects")
    po.add_argument("--all", action="store_true", help="also closed and cancelled orders")
    add_format(po)
    po.set_defaults(func=cmd_po)
    ret = sub.add_parser("supplier-return", help="send goods back to a supplier")
    ret.add_argument("items", nargs="+", metavar=SUPPLIER_RETURN.usage)
    ret.add_argument("--supplier", required=True)
    ret.add_argument("--reason", required=True)
    add_actor(ret)
    ret.add_argument("--key", help="idempotency key: a retry with it never returns twice")
    add_format(ret)
    ret.set_defaults(func=cmd_supplier_return)
