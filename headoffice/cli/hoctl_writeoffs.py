"""hoctl writeoff request | list | show | approve | reject.

  hoctl writeoff request --store S --reason damaged|expired|theft|sample [--note N] SKU=QTY ...
  hoctl writeoff list [--store S] [--state pending|approved|rejected|done] [--format table|json|csv]
  hoctl writeoff show ID [--format table|json|csv]
  hoctl writeoff approve ID [--note N]
  hoctl writeoff reject ID --note N

Values are qty x unit cost in minor units; at or below the chain's threshold a
write-off needs no approval. Stock moves when the store commits it.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.documents import WRITE_OFF_LINE_COLUMNS, write_off_line
from common.cli.item_lines import WRITE_OFF, parse_item_line
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text, rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import write_offs_pb2, write_offs_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, labelled, store_code_arg

LIST_COLUMNS = [
    Column("write_off_id", N_("WRITE OFF ID")),
    Column("store", N_("STORE")),
    Column("state", N_("STATE")),
    Column("reason", N_("REASON")),
    Column("value_minor", N_("VALUE"), "money"),
    Column("origin", N_("ORIGIN")),
    Column("requested_by", N_("REQUESTED BY")),
    Column("requested_at", N_("REQUESTED AT")),
    Column("decided_by", N_("DECIDED BY")),
    Column("done_seq", N_("DONE SEQ"), kind="int"),
]
# `hoctl writeoff show`: the fields listed for people, in this order, money formatted, each
# under its label: in English the field names of the JSON, in Chinese words.
SHOWN = {
    "write_off_id": N_("write_off_id"),
    "store": N_("store"),
    "origin": N_("origin"),
    "state": N_("state"),
    "reason": N_("reason"),
    "note": N_("note"),
    "value_minor": N_("value"),
    "threshold_minor": N_("threshold"),
    "requested_by": N_("requested_by"),
    "requested_at": N_("requested_at"),
    "decided_by": N_("decided_by"),
    "decided_at": N_("decided_at"),
    "decision_note": N_("decision_note"),
    "done_seq": N_("done_seq"),
    "done_at": N_("done_at"),
}


def parse_item(text: str) -> write_offs_pb2.WriteOffItem:
    line = parse_item_line(text, WRITE_OFF)
    return write_offs_pb2.WriteOffItem(sku=line.code, qty_base=line.qty_base)


def _stub(clients: Clients) -> write_offs_pb2_grpc.WriteOffsStub:
    return write_offs_pb2_grpc.WriteOffsStub(clients.channel)


def write_off_document(w: write_offs_pb2.WriteOffInfo) -> dict[str, Any]:
    return {
        "write_off_id": w.write_off_id,
        "store": w.store_code,
        "origin": w.origin,
        "state": w.state,
        "reason": w.reason,
        "note": w.note,
        "value_minor": w.value_minor,
        "threshold_minor": w.threshold_minor,
        "currency": DEFAULT_CURRENCY,  # valued at head office's cost, in the chain's currency
        "requested_by": w.requested_by,
        "requested_at": rfc3339(w.requested_at_ms),
        "decided_by": w.decided_by,
        "decided_at": rfc3339(w.decided_at_ms),
        "decision_note": w.decision_note,
        "done_seq": w.done_seq or None,
        "done_at": rfc3339(w.done_at_ms),
        "lines": [write_off_line(ln) for ln in w.lines],
    }


def _summary(w: write_offs_pb2.WriteOffInfo) -> str:
    said = {
        "write_off_id": w.write_off_id,
        "store": w.store_code,
        "reason": w.reason,
        "value": money_text(w.value_minor),
        "threshold": money_text(w.threshold_minor),
        "user": w.decided_by,
        "note": w.decision_note,
        "state": w.state,
    }
    if w.state == "pending":
        sentence = _(
            "write-off {write_off_id} at {store} ({reason}, value {value}) is above the "
            "threshold {threshold} and waits for approval"
        )
    elif w.state == "approved":
        sentence = _(
            "write-off {write_off_id} at {store} ({reason}, value {value}) is approved by "
            "{user}; the store moves the stock when it receives it"
        )
    elif w.state == "rejected":
        sentence = _("write-off {write_off_id} at {store} is rejected: {note}")
    else:
        sentence = _("write-off {write_off_id} at {store} is {state}")
    return sentence.format(**said)


def _show(out: Output, w: write_offs_pb2.WriteOffInfo, text: str) -> None:
    out.record(
        write_off_document(w),
        lambda: text,
        rows_key="lines",
        columns=[Column("write_off_id"), *WRITE_OFF_LINE_COLUMNS],
    )


def cmd_request(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).RequestWriteOff(
        write_offs_pb2.RequestWriteOffRequest(
            store_code=args.store,
            reason=args.reason or "",
            note=args.note or "",
            items=[parse_item(t) for t in args.items],
        ),
        timeout=CALL_TIMEOUT_S,
    )
    _show(out, reply, _summary(reply))
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListWriteOffs(
        write_offs_pb2.ListWriteOffsRequest(store_code=args.store or "", state=args.state or ""),
        timeout=CALL_TIMEOUT_S,
    )
    out.listing([write_off_document(w) for w in reply.write_offs], headings(LIST_COLUMNS))
    return 0


def show_text(data: dict[str, Any]) -> str:
    fields = []
    for key, label in SHOWN.items():
        value = data[key]
        if value in (None, "", 0):
            continue
        if key.endswith("_minor"):
            value = money_text(value, data["currency"])
        fields.append((_(label), str(value)))
    lines = labelled(fields, indent="", width=17)
    lines.append(table(headings(WRITE_OFF_LINE_COLUMNS), data["lines"], data["currency"]))
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).GetWriteOff(
        write_offs_pb2.GetWriteOffRequest(write_off_id=args.id), timeout=CALL_TIMEOUT_S
    )
    data = write_off_document(reply)
    _show(out, reply, show_text(data))
    return 0


def cmd_approve(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ApproveWriteOff(
        write_offs_pb2.DecideWriteOffRequest(write_off_id=args.id, note=args.note or ""),
        timeout=CALL_TIMEOUT_S,
    )
    _show(out, reply, _summary(reply))
    return 0


def cmd_reject(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).RejectWriteOff(
        write_offs_pb2.DecideWriteOffRequest(write_off_id=args.id, note=args.note or ""),
        timeout=CALL_TIMEOUT_S,
    )
    _show(out, reply, _summary(reply))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "writeoff", help=_("write-offs: request, list, show, approve, reject")
    )
    actions = group.add_subparsers(dest="writeoff_command", required=True, metavar="ACTION")
    req = actions.add_parser("request", help=_("ask for a write-off at a store"))
    req.add_argument("items", nargs="+", metavar="SKU=QTY")
    req.add_argument("--store", required=True, type=store_code_arg)
    # Not an argparse choice: head office refuses a missing or unknown reason with
    # a sentence listing the valid ones (and the same rule holds for every client).
    req.add_argument("--reason", help=_("damaged, expired, theft or sample"))
    req.add_argument("--note")
    add_format(req)
    req.set_defaults(handler=cmd_request, context="writeoff request")
    listing = actions.add_parser("list", help=_("write-offs, newest first"))
    listing.add_argument("--store", type=store_code_arg)
    listing.add_argument("--state", help=_("pending, approved, rejected or done"))
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="writeoff list")
    show = actions.add_parser("show", help=_("one write-off with its lines"))
    show.add_argument("id")
    add_format(show)
    show.set_defaults(handler=cmd_show, context="writeoff show")
    approve = actions.add_parser("approve", help=_("approve a pending write-off (not your own)"))
    approve.add_argument("id")
    approve.add_argument("--note")
    add_format(approve)
    approve.set_defaults(handler=cmd_approve, context="writeoff approve")
    reject = actions.add_parser("reject", help=_("reject a pending write-off, saying why"))
    reject.add_argument("id")
    reject.add_argument("--note", help=_("why (required)"))
    add_format(reject)
    reject.set_defaults(handler=cmd_reject, context="writeoff reject")
