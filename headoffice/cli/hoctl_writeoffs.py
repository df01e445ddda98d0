"""hoctl writeoff request | list | show | approve | reject.

  hoctl writeoff request --store S --reason damaged|expired|theft|sample [--note N] SKU=QTY ...
  hoctl writeoff list [--store S] [--state pending|approved|rejected|done] [--format table|json|csv]
  hoctl writeoff show ID [--format table|json]
  hoctl writeoff approve ID [--note N]
  hoctl writeoff reject ID --note N

Values are qty x unit cost in minor units; at or below the chain's threshold a
write-off needs no approval. Stock moves when the store commits it.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.domain.money import format_minor
from common.item_lines import parse_item_line
from common.pb.storeledger.v1 import write_offs_pb2, write_offs_pb2_grpc
from headoffice.cli import output
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, add_formats, store_code_arg

LIST_COLUMNS = [
    "write_off_id", "store", "state", "reason", "value_minor", "origin",
    "requested_by", "requested_at", "decided_by", "done_seq",
]  # fmt: skip
LINE_COLUMNS = ["sku", "qty_base", "unit_cost", "value"]


def parse_item(text: str) -> write_offs_pb2.WriteOffItem:
    line = parse_item_line(text, "write-off line", "COLA-330=6")
    return write_offs_pb2.WriteOffItem(sku=line.code, qty_base=line.qty_base)


def _stub(clients: Clients) -> write_offs_pb2_grpc.WriteOffsStub:
    return write_offs_pb2_grpc.WriteOffsStub(clients.channel)


def write_off_json(w: write_offs_pb2.WriteOffInfo) -> dict[str, Any]:
    return {
        "write_off_id": w.write_off_id,
        "store": w.store_code,
        "origin": w.origin,
        "state": w.state,
        "reason": w.reason,
        "note": w.note,
        "value_minor": w.value_minor,
        "threshold_minor": w.threshold_minor,
        "requested_by": w.requested_by,
        "requested_at": output.iso_utc(w.requested_at_ms),
        "decided_by": w.decided_by,
        "decided_at": output.iso_utc(w.decided_at_ms),
        "decision_note": w.decision_note,
        "done_seq": w.done_seq,
        "done_at": output.iso_utc(w.done_at_ms),
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


def _summary(w: write_offs_pb2.WriteOffInfo) -> str:
    value = format_minor(w.value_minor)
    if w.state == "pending":
        return (
            f"write-off {w.write_off_id} at {w.store_code} ({w.reason}, value {value}) is "
            f"above the threshold {format_minor(w.threshold_minor)} and waits for approval"
        )
    if w.state == "approved":
        return (
            f"write-off {w.write_off_id} at {w.store_code} ({w.reason}, value {value}) is "
            f"approved by {w.decided_by}; the store moves the stock when it receives it"
        )
    if w.state == "rejected":
        return f"write-off {w.write_off_id} at {w.store_code} is rejected: {w.decision_note}"
    return f"write-off {w.write_off_id} at {w.store_code} is {w.state}"


def cmd_request(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).RequestWriteOff(
        write_offs_pb2.RequestWriteOffRequest(
            store_code=args.store,
            reason=args.reason or "",
            note=args.note or "",
            items=[parse_item(t) for t in args.items],
        ),
        timeout=CALL_TIMEOUT_S,
    )
    if args.format == "json":
        print(output.to_json(write_off_json(reply)))
    else:
        print(_summary(reply))
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).ListWriteOffs(
        write_offs_pb2.ListWriteOffsRequest(store_code=args.store or "", state=args.state or ""),
        timeout=CALL_TIMEOUT_S,
    )
    rows = [write_off_json(w) for w in reply.write_offs]
    columns = LIST_COLUMNS
    if args.format == "table":
        # People read money formatted; json and csv keep integer minor units.
        columns = [c if c != "value_minor" else "value" for c in LIST_COLUMNS]
        for row in rows:
            row["value"] = format_minor(row["value_minor"])
            row["done_seq"] = row["done_seq"] or None
    print(output.render(rows, columns, args.format))
    return 0


def cmd_show(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).GetWriteOff(
        write_offs_pb2.GetWriteOffRequest(write_off_id=args.id), timeout=CALL_TIMEOUT_S
    )
    data = write_off_json(reply)
    if args.format == "json":
        print(output.to_json(data))
        return 0
    for key, value in data.items():
        if key != "lines" and value not in (None, "", 0):
            if key.endswith("_minor"):
                key, value = key.removesuffix("_minor"), format_minor(value)
            print(f"{key:<16} {value}")
    lines = [
        {
            "sku": ln["sku"],
            "qty_base": ln["qty_base"],
            "unit_cost": format_minor(ln["unit_cost_minor"]),
            "value": format_minor(ln["value_minor"]),
        }
        for ln in data["lines"]
    ]
    print(output.render(lines, LINE_COLUMNS, "table"))
    return 0


def cmd_approve(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).ApproveWriteOff(
        write_offs_pb2.DecideWriteOffRequest(write_off_id=args.id, note=args.note or ""),
        timeout=CALL_TIMEOUT_S,
    )
    print(_summary(reply))
    return 0


def cmd_reject(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).RejectWriteOff(
        write_offs_pb2.DecideWriteOffRequest(write_off_id=args.id, note=args.note or ""),
        timeout=CALL_TIMEOUT_S,
    )
    print(_summary(reply))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("writeoff", help="write-offs: request, list, show, approve, reject")
    actions = group.add_subparsers(dest="writeoff_command", required=True, metavar="ACTION")
    req = actions.add_parser("request", help="ask for a write-off at a store")
    req.add_argument("items", nargs="+", metavar="SKU=QTY")
    req.add_argument("--store", required=True, type=store_code_arg)
    # Not an argparse choice: head office refuses a missing or unknown reason with
    # a sentence listing the valid ones (and the same rule holds for every client).
    req.add_argument("--reason", help="damaged, expired, theft or sample")
    req.add_argument("--note")
    req.add_argument("--format", choices=["text", "json"], default="text")
    req.set_defaults(handler=cmd_request, context="writeoff request")
    listing = actions.add_parser("list", help="write-offs, newest first")
    listing.add_argument("--store", type=store_code_arg)
    listing.add_argument("--state", help="pending, approved, rejected or done")
    add_formats(listing)
    listing.set_defaults(handler=cmd_list, context="writeoff list")
    show = actions.add_parser("show", help="one write-off with its lines")
    show.add_argument("id")
    add_formats(show, csv=False)
    show.set_defaults(handler=cmd_show, context="writeoff show")
    approve = actions.add_parser("approve", help="approve a pending write-off (not your own)")
    approve.add_argument("id")
    approve.add_argument("--note")
    approve.set_defaults(handler=cmd_approve, context="writeoff approve")
    reject = actions.add_parser("reject", help="reject a pending write-off, saying why")
    reject.add_argument("id")
    reject.add_argument("--note", help="why (required)")
    reject.set_defaults(handler=cmd_reject, context="writeoff reject")
