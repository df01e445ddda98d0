"""pos transfer list | ship | receive: transfers head office sent to this store.

  pos transfer list [--all] [--format table|json]
  pos transfer ship ID [SKU=QTY ...] [--actor NAME] [--format text|json]
  pos transfer receive ID [SKU=QTY ...] [--actor NAME] [--format text|json]

Without SKU=QTY a transfer ships as ordered and is received as shipped;
each SKU=QTY confirms a different quantity for that SKU.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import TYPE_CHECKING, Any

from common.item_lines import parse_item_line
from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from edge_agent.domain.transfers import local_state

if TYPE_CHECKING:
    from edge_agent.cli.pos import Till


def parse_confirmations(texts: list[str]) -> list[transfers_pb2.TransferItem]:
    """SKU=QTY ... -> what was really shipped or received (0: none of that line)."""
    lines = [parse_item_line(t, "confirmation", "COLA-330=22", allow_zero=True) for t in texts]
    return [transfers_pb2.TransferItem(sku=line.code, qty_base=line.qty_base) for line in lines]


def _stub(till: Till) -> transfers_pb2_grpc.StoreTransfersStub:
    return transfers_pb2_grpc.StoreTransfersStub(till._channel)


def transfer_json(t: transfers_pb2.StoreTransfer) -> dict[str, Any]:
    order = t.order
    return {
        "transfer": order.transfer_id,
        "direction": t.direction,
        "from": order.from_store,
        "to": order.to_store,
        "state": local_state(order.state, t.shipped_seq, t.received_seq),
        "shipped_seq": t.shipped_seq or None,
        "received_seq": t.received_seq or None,
        "corrected_seq": t.corrected_seq or None,
        "lines": [
            {
                "sku": line.sku,
                "ordered": line.qty_base,
                "shipped": line.shipped_qty_base,
                "received": line.received_qty_base,
                "unit_cost_minor": line.unit_cost_minor,
            }
            for line in order.lines
        ],
    }


def cmd_list(args: argparse.Namespace, till: Till) -> None:
    reply = till.call(
        _stub(till).ListStoreTransfers, transfers_pb2.ListStoreTransfersRequest(all=args.all)
    )
    rows = [transfer_json(t) for t in reply.transfers]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return
    print(f"{'TRANSFER':<10} {'DIR':<4} {'FROM':<8} {'TO':<8} {'STATE':<12} LINES")
    for r in rows:
        lines = ", ".join(
            f"{line['sku']}={line['shipped'] or line['ordered']}" for line in r["lines"]
        )
        print(
            f"{r['transfer']:<10} {r['direction']:<4} {r['from']:<8} {r['to']:<8} "
            f"{r['state']:<12} {lines}"
        )


def _print_booking(
    args: argparse.Namespace, reply: transfers_pb2.StoreTransferReply, verb: str
) -> None:
    data = transfer_json(reply.transfer)
    booked = [
        {"sku": b.sku, "expected": b.shipped_qty_base, "booked": b.received_qty_base}
        for b in reply.lines
    ]
    differences = [b for b in booked if b["expected"] != b["booked"]]
    if args.format == "json":
        print(json.dumps({**data, "seq": reply.seq, "booked": booked,
                          "differences": differences}, indent=2))  # fmt: skip
        return
    print(f"transfer {data['transfer']} {verb} as journal entry {reply.seq}")
    sign = "-" if verb == "shipped" else "+"
    for b in booked:
        note = f"  (expected {b['expected']})" if b["expected"] != b["booked"] else ""
        print(f"  {b['sku']:<16} {sign}{b['booked']}{note}")
    if differences and verb == "received":
        print(f"  {len(differences)} difference(s): head office records a discrepancy to resolve")


def cmd_ship(args: argparse.Namespace, till: Till) -> None:
    reply = till.call(
        _stub(till).ShipTransfer,
        transfers_pb2.ShipTransferRequest(
            transfer_id=args.transfer_id, items=parse_confirmations(args.items), actor=args.actor
        ),
    )
    _print_booking(args, reply, "shipped")


def cmd_receive(args: argparse.Namespace, till: Till) -> None:
    reply = till.call(
        _stub(till).ReceiveTransfer,
        transfers_pb2.ReceiveTransferRequest(
            transfer_id=args.transfer_id, items=parse_confirmations(args.items), actor=args.actor
        ),
    )
    _print_booking(args, reply, "received")


def register(sub: argparse._SubParsersAction) -> None:
    transfer = sub.add_parser("transfer", help="ship and receive transfers between stores")
    actions = transfer.add_subparsers(dest="transfer_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="transfers to ship or receive here")
    listing.add_argument("--all", action="store_true", help="also those already done")
    listing.add_argument("--format", choices=["table", "json"], default="table")
    listing.set_defaults(func=cmd_list)
    for name, func, help_text in (
        ("ship", cmd_ship, "ship a transfer (as ordered unless SKU=QTY says otherwise)"),
        ("receive", cmd_receive, "receive a transfer (as shipped unless SKU=QTY says otherwise)"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("transfer_id", metavar="ID")
        action.add_argument("items", nargs="*", metavar="SKU=QTY")
        action.add_argument("--actor", default=os.environ.get("USER", ""))
        action.add_argument("--format", choices=["text", "json"], default="text")
        action.set_defaults(func=func)
