"""pos po (orders this store expects), pos receive --po, pos supplier-return.

pos po [--all] [--format table|json]
pos receive --po PO-12 [SKU=QTY[@COST] ...] [--allow-over] [--supplier-ref REF]
pos supplier-return --supplier SUP SKU=QTY ... --reason TEXT
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

import grpc

from common.domain.money import format_minor
from common.item_lines import parse_item_line
from common.pb.storeledger.v1 import purchasing_pb2, purchasing_pb2_grpc


def _call(till: Any, rpc: str, request: Any) -> Any:
    """Call StorePurchasing, which shares the agent's socket with Till; errors as till.call's."""
    with grpc.insecure_channel(f"unix:{till.socket}") as channel:
        stub = purchasing_pb2_grpc.StorePurchasingStub(channel)
        return till.call(getattr(stub, rpc), request)


def parse_receive_item(text: str) -> purchasing_pb2.ReceiveOrderItem:
    """SKU=QTY or SKU=QTY@COST (cost in minor units; default the order's cost)."""
    line = parse_item_line(text, "item", "COLA-330=24", cost="optional")
    item = purchasing_pb2.ReceiveOrderItem(sku=line.code, qty_base=line.qty_base)
    if line.unit_cost_minor is not None:
        item.unit_cost_minor = line.unit_cost_minor
    return item


def parse_return_item(text: str) -> purchasing_pb2.SupplierReturnLine:
    line = parse_item_line(text, "item", "COLA-330=6")
    return purchasing_pb2.SupplierReturnLine(sku=line.code, qty_base=line.qty_base)


def order_json(order: purchasing_pb2.PurchaseOrder) -> dict[str, Any]:
    return {
        "po_id": order.po_id,
        "supplier": order.supplier_code,
        "supplier_name": order.supplier_name,
        "state": order.state,
        "over_tolerance_pct": order.over_tolerance_pct,
        "lines": [
            {
                "sku": ln.sku,
                "name": ln.name,
                "qty_ordered": ln.qty_ordered,
                "qty_received": ln.qty_received,
                "unit_cost_minor": ln.unit_cost_minor,
            }
            for ln in order.lines
        ],
    }


def order_text(order: purchasing_pb2.PurchaseOrder) -> str:
    out = [f"{order.po_id}  {order.state:<15} supplier {order.supplier_code} {order.supplier_name}"]
    for ln in order.lines:
        cost = format_minor(ln.unit_cost_minor, order.currency or "CNY")
        out.append(
            f"  {ln.sku:<16} {ln.name[:24]:<24} ordered {ln.qty_ordered:>6}"
            f"  received {ln.qty_received:>6}  @ {cost}"
        )
    return "\n".join(out)


def cmd_po(args: argparse.Namespace, till: Any) -> None:
    reply = _call(
        till,
        "ListExpectedOrders",
        purchasing_pb2.ListExpectedOrdersRequest(include_finished=args.all),
    )
    if args.format == "json":
        print(json.dumps([order_json(o) for o in reply.orders], indent=2, ensure_ascii=False))
        return
    if not reply.orders:
        print("no purchase orders expected" + ("" if args.all else " (--all shows finished ones)"))
    for order in reply.orders:
        print(order_text(order))


def cmd_receive_po(args: argparse.Namespace, till: Any) -> None:
    """pos receive --po: called by pos.cmd_receive when --po is given."""
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
        ),
    )
    for warning in reply.warnings:
        print(f"pos: warning: {warning}", file=sys.stderr)
    if args.format == "json":
        data = {
            "seq": reply.seq,
            "receipt_id": reply.receipt_id,
            "lines": [
                {"sku": ln.sku, "qty_base": ln.qty_base, "unit_cost_minor": ln.unit_cost_minor}
                for ln in reply.lines
            ],
            "order": order_json(reply.order),
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    print(f"delivery against {reply.order.po_id} booked as journal entry {reply.seq}")
    for ln in reply.lines:
        print(f"  {ln.sku:<16} +{ln.qty_base:<8} @ {ln.unit_cost_minor}")
    print(order_text(reply.order))


def cmd_supplier_return(args: argparse.Namespace, till: Any) -> None:
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
    if args.format == "json":
        data = {
            "seq": reply.seq,
            "return_id": body.return_id,
            "supplier": body.supplier_code,
            "reason": body.reason,
            "lines": [{"sku": ln.sku, "qty_base": ln.qty_base} for ln in body.lines],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    print(f"returned to supplier {body.supplier_code} as journal entry {reply.seq} ({body.reason})")
    for ln in body.lines:
        print(f"  {ln.sku:<16} -{ln.qty_base}")


def register(sub: argparse._SubParsersAction) -> None:
    po = sub.add_parser("po", help="purchase orders this store expects")
    po.add_argument("--all", action="store_true", help="also closed and cancelled orders")
    po.add_argument("--format", choices=["table", "json"], default="table")
    po.set_defaults(func=cmd_po)
    ret = sub.add_parser("supplier-return", help="send goods back to a supplier")
    ret.add_argument("items", nargs="+", metavar="SKU=QTY")
    ret.add_argument("--supplier", required=True)
    ret.add_argument("--reason", required=True)
    ret.add_argument("--actor", default=os.environ.get("USER", ""))
    ret.add_argument("--key", help="idempotency key: a retry with it never returns twice")
    ret.add_argument("--format", choices=["text", "json"], default="text")
    ret.set_defaults(func=cmd_supplier_return)
