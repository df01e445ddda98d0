"""pos writeoff / pos writeoffs: write stock off at the store, list write-offs and requests.

  pos writeoff SKU=QTY ... --reason damaged|expired|theft|sample [--note N] [--actor NAME]
               [--format text|json]
  pos writeoffs [--state done|pending|rejected] [--format table|json]

At or below the chain's threshold the stock moves at once; above it the
write-off waits for a manager's approval at head office (hoctl writeoff approve).
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

import grpc

from common.domain.money import format_minor
from common.item_lines import parse_item_line
from common.pb.storeledger.v1 import write_offs_pb2, write_offs_pb2_grpc


def parse_item(text: str) -> write_offs_pb2.WriteOffItem:
    line = parse_item_line(text, "write-off line", "COLA-330=6")
    return write_offs_pb2.WriteOffItem(sku=line.code, qty_base=line.qty_base)


def _call(till: Any, rpc: str, request: Any) -> Any:
    """Call StoreWriteOffs over the till's socket; failures become the agent's sentence."""
    with grpc.insecure_channel(f"unix:{till.socket}") as channel:
        stub = write_offs_pb2_grpc.StoreWriteOffsStub(channel)
        return till.call(getattr(stub, rpc), request)


def write_off_json(w: write_offs_pb2.StoreWriteOff) -> dict[str, Any]:
    return {
        "write_off_id": w.write_off_id,
        "origin": w.origin,
        "state": w.state,
        "reason": w.reason,
        "note": w.note,
        "value_minor": w.value_minor,
        "requested_by": w.requested_by,
        "requested_at_ms": w.requested_at_ms,
        "decided_by": w.decided_by,
        "decision_note": w.decision_note,
        "seq": w.seq,
        "request_seq": w.request_seq,
        "lines": [
            {
                "sku": ln.sku,
                "qty_base": ln.qty_base,
                "unit_cost_minor": ln.unit_cost_minor,
                "value_minor": ln.value_minor,
            }
            for ln in w.lines
        ],
    }


def cmd_writeoff(args: argparse.Namespace, till: Any) -> None:
    reply = _call(
        till,
        "WriteOffStock",
        write_offs_pb2.StoreWriteOffRequest(
            items=[parse_item(t) for t in args.items],
            reason=args.reason or "",
            note=args.note or "",
            actor=args.actor,
        ),
    )
    w = reply.write_off
    if args.format == "json":
        print(json.dumps({**write_off_json(w), "threshold_minor": reply.threshold_minor}, indent=2))
        return
    value, threshold = format_minor(w.value_minor), format_minor(reply.threshold_minor)
    if w.state == "done":
        print(f"written off ({w.reason}, value {value}) as journal entry {w.seq}")
    else:
        print(
            f"value {value} is above the threshold {threshold}: write-off {w.write_off_id} waits "
            f"for a manager's approval at head office (request journal entry {w.request_seq}); "
            "no stock moved yet"
        )
    for ln in w.lines:
        print(f"  {ln.sku:<16} -{ln.qty_base:<8} @ {format_minor(ln.unit_cost_minor)}")


def cmd_writeoffs(args: argparse.Namespace, till: Any) -> None:
    reply = _call(
        till, "ListStoreWriteOffs", write_offs_pb2.ListStoreWriteOffsRequest(state=args.state or "")
    )
    rows = [write_off_json(w) for w in reply.write_offs]
    if args.format == "json":
        print(json.dumps({"threshold_minor": reply.threshold_minor, "write_offs": rows}, indent=2))
        return
    print(f"approval threshold {format_minor(reply.threshold_minor)}")
    print(f"{'ID':<32}  {'STATE':<8}  {'REASON':<8}  {'VALUE':>10}  {'SEQ':>5}  DECIDED BY / NOTE")
    for r in rows:
        decided = " ".join(x for x in (r["decided_by"], r["decision_note"]) if x)
        print(
            f"{r['write_off_id']:<32}  {r['state']:<8}  {r['reason']:<8}  "
            f"{format_minor(r['value_minor']):>10}  {r['seq'] or '':>5}  {decided}"
        )


def register(sub: argparse._SubParsersAction) -> None:
    wo = sub.add_parser("writeoff", help="write stock off (damaged, expired, theft, sample)")
    wo.add_argument("items", nargs="+", metavar="SKU=QTY")
    # Not an argparse choice: the agent refuses a missing or unknown reason with a
    # sentence listing the valid ones.
    wo.add_argument("--reason", help="damaged, expired, theft or sample")
    wo.add_argument("--note")
    wo.add_argument(
        "--actor",
        default=os.environ.get("STORELEDGER_CASHIER") or os.environ.get("USER", ""),
        help="who writes it off (default $STORELEDGER_CASHIER or $USER)",
    )
    wo.add_argument("--format", choices=["text", "json"], default="text")
    wo.set_defaults(func=cmd_writeoff)
    listing = sub.add_parser("writeoffs", help="the store's write-offs and pending requests")
    listing.add_argument("--state", help="done, pending or rejected")
    listing.add_argument("--format", choices=["table", "json"], default="table")
    listing.set_defaults(func=cmd_writeoffs)
