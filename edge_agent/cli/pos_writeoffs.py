"""pos writeoff / pos writeoffs: write stock off at the store, list write-offs and requests.

  pos writeoff SKU=QTY ... --reason damaged|expired|theft|sample [--note N] [--actor NAME]
               [--format table|json|csv]
  pos writeoffs [--state done|pending|rejected] [--format table|json|csv]

At or below the chain's threshold the stock moves at once; above it the
write-off waits for a manager's approval at head office (hoctl writeoff approve).
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.documents import WRITE_OFF_LINE_COLUMNS, write_off_line
from common.cli.item_lines import WRITE_OFF, parse_item_line
from common.cli.options import add_actor, add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import rfc3339
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import write_offs_pb2, write_offs_pb2_grpc
from edge_agent.cli.pos_shared import Till


def _decided(row: dict[str, Any]) -> str:
    return " ".join(x for x in (row["decided_by"], row["decision_note"]) if x)


LIST_COLUMNS = [
    Column("write_off_id", "ID"),
    Column("state"),
    Column("reason"),
    Column("value_minor", N_("VALUE"), "money"),
    Column("done_seq", N_("SEQ"), "int"),
    Column("decided_by", N_("DECIDED BY / NOTE")),
]
CSV_COLUMNS = [
    Column("write_off_id"),
    Column("state"),
    Column("reason"),
    Column("value_minor", kind="money"),
    Column("done_seq", kind="int"),
    Column("request_seq", kind="int"),
    Column("requested_by"),
    Column("requested_at"),
    Column("decided_by"),
    Column("decision_note"),
]


def parse_item(text: str) -> write_offs_pb2.WriteOffItem:
    line = parse_item_line(text, WRITE_OFF)
    return write_offs_pb2.WriteOffItem(sku=line.code, qty_base=line.qty_base)


def _call(till: Till, rpc: str, request: Any) -> Any:
    """Call StoreWriteOffs over the till's socket."""
    return till.call(getattr(till.stub_of(write_offs_pb2_grpc.StoreWriteOffsStub), rpc), request)


def write_off_document(w: write_offs_pb2.StoreWriteOff, currency: str) -> dict[str, Any]:
    return {
        "write_off_id": w.write_off_id,
        "origin": w.origin,
        "state": w.state,
        "reason": w.reason,
        "note": w.note,
        "value_minor": w.value_minor,
        "currency": currency,
        "requested_by": w.requested_by,
        "requested_at": rfc3339(w.requested_at_ms),
        "decided_by": w.decided_by,
        "decision_note": w.decision_note,
        "done_seq": w.seq or None,
        "request_seq": w.request_seq or None,
        "lines": [write_off_line(ln) for ln in w.lines],
    }


def cmd_writeoff(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = _call(
        till,
        "WriteOffStock",
        write_offs_pb2.StoreWriteOffRequest(
            items=[parse_item(t) for t in args.items],
            reason=args.reason or "",
            note=args.note or "",
            actor=args.actor,
            idempotency_key=args.key or "",
            confirm_negative=args.confirm_negative,
        ),
    )
    w = reply.write_off
    currency = till.currency
    data = {**write_off_document(w, currency), "threshold_minor": reply.threshold_minor}

    def text() -> str:
        value = display_amount(w.value_minor, currency)
        threshold = display_amount(reply.threshold_minor, currency)
        if w.state == "done":
            head = _("written off ({reason}, value {value}) as journal entry {seq}").format(
                reason=w.reason, value=value, seq=w.seq
            )
        else:
            head = _(
                "value {value} is above the threshold {threshold}: write-off {write_off} waits "
                "for a manager's approval at head office (request journal entry {seq}); no "
                "stock moved yet"
            ).format(value=value, threshold=threshold, write_off=w.write_off_id, seq=w.request_seq)
        return head + "\n" + table(WRITE_OFF_LINE_COLUMNS, data["lines"], currency)

    out.record(
        data, text, rows_key="lines", columns=[Column("write_off_id"), *WRITE_OFF_LINE_COLUMNS]
    )


def cmd_writeoffs(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = _call(
        till, "ListStoreWriteOffs", write_offs_pb2.ListStoreWriteOffsRequest(state=args.state or "")
    )
    currency = till.currency
    rows = [write_off_document(w, currency) for w in reply.write_offs]
    data = {"threshold_minor": reply.threshold_minor, "currency": currency, "write_offs": rows}

    def text() -> str:
        shown = [{**r, "decided_by": _decided(r)} for r in rows]
        threshold = display_amount(reply.threshold_minor, currency)
        return (
            _("approval threshold {amount}").format(amount=threshold)
            + "\n"
            + table(LIST_COLUMNS, shown, currency)
        )

    out.record(data, text, rows_key="write_offs", columns=CSV_COLUMNS)


def register(sub: argparse._SubParsersAction) -> None:
    wo = sub.add_parser("writeoff", help="write stock off (damaged, expired, theft, sample)")
    wo.add_argument("items", nargs="+", metavar=WRITE_OFF.usage)
    # Not an argparse choice: the agent refuses a missing or unknown reason with a
    # sentence listing the valid ones.
    wo.add_argument("--reason", help="damaged, expired, theft or sample")
    wo.add_argument("--note")
    wo.add_argument("--key", help="idempotency key: a retry with it never writes off twice")
    wo.add_argument(
        "--confirm-negative",
        action="store_true",
        help="confirm a write-off larger than the store's stock (it leaves a negative level)",
    )
    add_actor(wo)
    add_format(wo)
    wo.set_defaults(func=cmd_writeoff)
    listing = sub.add_parser("writeoffs", help="the store's write-offs and pending requests")
    listing.add_argument("--state", help="done, pending or rejected")
    add_format(listing)
    listing.set_defaults(func=cmd_writeoffs)
