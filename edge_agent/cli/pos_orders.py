"""pos orders: online orders head office sent this store, picked and handed over.

  pos orders [list] [--state STATE ...] [--format table|json|csv]
  pos orders show CR000001 [--format table|json|csv]
  pos orders pick CR000001 [--till T1] [--cashier NAME] [--format ...]
  pos orders handover CR000001 [--till T1] [--cashier NAME] [--format ...]

A channel (a mini-program mall, a delivery app) reserves the goods at head office; once
the customer paid, the order comes down to the store. Pick it (its pick list prints; head
office moves the goods from reserved to committed), then hand it over (the goods leave
the store's stock, reason channel_fulfilment). An order is picked before it is handed
over; a cancelled order is neither.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.options import add_format, till_options
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.cli.pos_shared import Till, booked_text, warn_printing

STATES = ("confirmed", "picked", "handed_over", "cancelled")
LINE_COLUMNS = [Column("sku"), Column("qty_base", N_("QTY"), "int")]


def _lines_text(lines: list[dict[str, Any]]) -> str:
    return ", ".join(f"{line['sku']} x{line['qty_base']}" for line in lines)


LIST_COLUMNS = [
    Column("reservation_id", N_("ORDER")),
    Column("channel"),
    Column("order_ref", N_("REF")),
    Column("state"),
    Column("confirmed_at", N_("CONFIRMED")),
    Column("lines", show=_lines_text),
]


def order_document(o: till_pb2.ChannelOrderView) -> dict[str, Any]:
    return {
        "reservation_id": o.reservation_id,
        "channel": o.channel,
        "order_ref": o.order_ref,
        "state": o.state,
        "confirmed_at": rfc3339(o.confirmed_at_ms),
        "close_reason": o.close_reason,
        "note": o.note,
        "picked_at": rfc3339(o.picked_at_ms),
        "picked_by": o.picked_by,
        "picked_seq": o.picked_seq or None,
        "handed_over_at": rfc3339(o.handed_over_at_ms),
        "handed_over_by": o.handed_over_by,
        "handed_over_seq": o.handed_over_seq or None,
        "lines": [{"sku": x.sku, "qty_base": x.qty_base} for x in o.lines],
    }


def cmd_list(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        till.stub.ListOrders, till_pb2.ListChannelOrdersRequest(states=args.state or [])
    )
    out.listing(
        [order_document(o) for o in reply.orders], LIST_COLUMNS,
        empty=_("no online orders"),
    )  # fmt: skip


def _order_text(data: dict[str, Any]) -> str:
    lines = [
        _("order {order} from {channel} ({ref}): {state}").format(
            order=data["reservation_id"], channel=data["channel"], ref=data["order_ref"] or "-",
            state=data["state"],
        ),
    ]  # fmt: skip
    if data["picked_seq"]:
        lines.append(
            _("picked by {who} at {at} (journal entry {seq})").format(
                who=data["picked_by"], at=data["picked_at"], seq=data["picked_seq"]
            )
        )
    if data["handed_over_seq"]:
        lines.append(
            _("handed over by {who} at {at} (journal entry {seq})").format(
                who=data["handed_over_by"], at=data["handed_over_at"], seq=data["handed_over_seq"]
            )
        )
    for reason in (data["close_reason"], data["note"]):
        if reason:
            lines.append(reason)
    lines.append(table(LINE_COLUMNS, data["lines"]))
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        till.stub.ListOrders, till_pb2.ListChannelOrdersRequest(reservation_id=args.order)
    )
    data = order_document(reply.orders[0])
    out.record(
        data, lambda: _order_text(data), rows_key="lines",
        columns=[Column("reservation_id"), Column("state"), *LINE_COLUMNS],
    )  # fmt: skip


def _action(args: argparse.Namespace) -> till_pb2.OrderActionRequest:
    return till_pb2.OrderActionRequest(
        till_id=args.till, cashier=args.cashier, reservation_id=args.order
    )


def cmd_pick(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(till.stub.PickOrder, _action(args))
    warn_printing(out, reply.print)
    data = {**order_document(reply.order), "seq": reply.seq}

    def text() -> str:
        heading = _("order {order} picked as journal entry {seq}").format(
            order=data["reservation_id"], seq=reply.seq
        )
        return reply.pick_list_text + heading

    out.record(
        data, text, rows_key="lines",
        columns=[Column("reservation_id"), Column("seq", kind="int"), *LINE_COLUMNS],
    )  # fmt: skip


def cmd_handover(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(till.stub.HandOverOrder, _action(args))
    movements = [{"sku": m.sku, "qty_base": m.qty_base} for m in reply.movements]
    data = {**order_document(reply.order), "seq": reply.seq, "movements": movements}

    def text() -> str:
        heading = _("order {order} handed over as journal entry {seq}").format(
            order=data["reservation_id"], seq=reply.seq
        )
        return booked_text(heading, movements, "", till.currency)

    out.record(
        data, text, rows_key="movements",
        columns=[Column("reservation_id"), Column("seq", kind="int"), *LINE_COLUMNS],
    )  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "orders", parents=[till_options()], help="online orders to pick and hand over"
    )
    p.add_argument("--state", action="append", choices=STATES, help="only orders in this state")
    add_format(p)
    p.set_defaults(func=cmd_list)
    orders = p.add_subparsers(dest="orders_command")
    ls = orders.add_parser("list", parents=[till_options()], help="the store's online orders")
    ls.add_argument("--state", action="append", choices=STATES, help="only orders in this state")
    add_format(ls)
    ls.set_defaults(func=cmd_list)
    show = orders.add_parser("show", parents=[till_options()], help="one order and its lines")
    show.add_argument("order", help="the order (CR000001)")
    add_format(show)
    show.set_defaults(func=cmd_show)
    pick = orders.add_parser(
        "pick", parents=[till_options()], help="mark an order picked and print its pick list"
    )
    pick.add_argument("order", help="the order (CR000001)")
    add_format(pick)
    pick.set_defaults(func=cmd_pick)
    hand = orders.add_parser(
        "handover", parents=[till_options()], help="hand a picked order over: its goods leave"
    )
    hand.add_argument("order", help="the order (CR000001)")
    add_format(hand)
    hand.set_defaults(func=cmd_handover)
