"""pos transfer list | ship | receive: transfers head office sent to this store.

  pos transfer list [--all] [--format table|json|csv]
  pos transfer ship ID [SKU=QTY ...] [--actor NAME] [--format table|json|csv]
  pos transfer receive ID [SKU=QTY ...] [--actor NAME] [--format table|json|csv]

Without SKU=QTY a transfer ships as ordered and is received as shipped;
each SKU=QTY confirms a different quantity for that SKU (0: none of it).
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.documents import transfer_line
from common.cli.item_lines import CONFIRMATION, parse_item_line
from common.cli.options import add_actor, add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.i18n import N_, _, ngettext
from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from edge_agent.cli.pos_shared import Till
from edge_agent.domain.transfers import local_state


def _lines_text(lines: list[dict[str, Any]]) -> str:
    return ", ".join(
        f"{line['sku']}={line['shipped_qty_base'] or line['ordered_qty_base']}" for line in lines
    )


LIST_COLUMNS = [
    Column("transfer_id", N_("TRANSFER")),
    Column("direction", N_("DIR")),
    Column("from_store", N_("FROM")),
    Column("to_store", N_("TO")),
    Column("state"),
    Column("lines", show=_lines_text),
]
BOOKED_COLUMNS = [
    Column("sku"),
    Column("expected_qty_base", N_("EXPECTED"), "int"),
    Column("booked_qty_base", N_("BOOKED"), "int"),
]


def parse_confirmations(texts: list[str]) -> list[transfers_pb2.TransferItem]:
    """SKU=QTY ... -> what was really shipped or received (0: none of that line)."""
    lines = [parse_item_line(t, CONFIRMATION) for t in texts]
    return [transfers_pb2.TransferItem(sku=line.code, qty_base=line.qty_base) for line in lines]


def _stub(till: Till) -> transfers_pb2_grpc.StoreTransfersStub:
    return till.stub_of(transfers_pb2_grpc.StoreTransfersStub)


def transfer_document(t: transfers_pb2.StoreTransfer, currency: str) -> dict[str, Any]:
    order = t.order
    state = local_state(order.state, t.shipped_seq, t.received_seq)
    return {
        "transfer_id": order.transfer_id,
        "direction": t.direction,
        "from_store": order.from_store,
        "to_store": order.to_store,
        "state": state,
        "shipped_seq": t.shipped_seq or None,
        "received_seq": t.received_seq or None,
        "corrected_seq": t.corrected_seq or None,
        "currency": currency,
        "lines": [transfer_line(line, state) for line in order.lines],
    }


def cmd_list(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        _stub(till).ListStoreTransfers, transfers_pb2.ListStoreTransfersRequest(all=args.all)
    )
    out.listing([transfer_document(t, till.currency) for t in reply.transfers], LIST_COLUMNS)


def _show_booking(
    out: Output, till: Till, reply: transfers_pb2.StoreTransferReply, verb: str
) -> None:
    booked = [
        {
            "sku": b.sku,
            "expected_qty_base": b.shipped_qty_base,
            "booked_qty_base": b.received_qty_base,
        }
        for b in reply.lines
    ]
    differences = [b for b in booked if b["expected_qty_base"] != b["booked_qty_base"]]
    data = {
        **transfer_document(reply.transfer, till.currency),
        "seq": reply.seq,
        "booked": booked,
        "differences": differences,
    }

    def text() -> str:
        sign = "-" if verb == "shipped" else "+"
        rows = [{**b, "booked_qty_base": f"{sign}{b['booked_qty_base']}"} for b in booked]
        if verb == "shipped":
            heading = _("transfer {transfer} shipped as journal entry {seq}")
        else:
            heading = _("transfer {transfer} received as journal entry {seq}")
        lines = [heading.format(transfer=data["transfer_id"], seq=reply.seq)]
        if rows:
            lines.append(table(BOOKED_COLUMNS, rows))
        if differences and verb == "received":
            lines.append(
                ngettext(
                    "{count} difference: head office records a discrepancy to resolve",
                    "{count} differences: head office records a discrepancy to resolve",
                    len(differences),
                ).format(count=len(differences))
            )
        return "\n".join(lines)

    out.record(data, text, rows_key="booked", columns=[Column("transfer_id"), *BOOKED_COLUMNS])


def cmd_ship(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        _stub(till).ShipTransfer,
        transfers_pb2.ShipTransferRequest(
            transfer_id=args.transfer_id,
            items=parse_confirmations(args.items),
            actor=args.actor,
            idempotency_key=args.key or "",
        ),
    )
    _show_booking(out, till, reply, "shipped")


def cmd_receive(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        _stub(till).ReceiveTransfer,
        transfers_pb2.ReceiveTransferRequest(
            transfer_id=args.transfer_id,
            items=parse_confirmations(args.items),
            actor=args.actor,
            idempotency_key=args.key or "",
        ),
    )
    _show_booking(out, till, reply, "received")


def register(sub: argparse._SubParsersAction) -> None:
    transfer = sub.add_parser("transfer", help="ship and receive transfers between stores")
    actions = transfer.add_subparsers(dest="transfer_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="transfers to ship or receive here")
    listing.add_argument("--all", action="store_true", help="also those already done")
    add_format(listing)
    listing.set_defaults(func=cmd_list)
    for name, func, help_text in (
        ("ship", cmd_ship, "ship a transfer (as ordered unless SKU=QTY says otherwise)"),
        ("receive", cmd_receive, "receive a transfer (as shipped unless SKU=QTY says otherwise)"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("transfer_id", metavar="ID")
        action.add_argument("items", nargs="*", metavar=CONFIRMATION.usage)
        action.add_argument("--key", help="idempotency key: a retry with it never books twice")
        add_actor(action)
        add_format(action)
        action.set_defaults(func=func)
