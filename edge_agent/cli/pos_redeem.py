"""pos redeem: a punch card's (次卡) or package's (套餐) use at the till.

  pos redeem MEMBER --card N --sku SKU [--uses 1] [--key KEY] [--till T1] [--cashier NAME]
             [--format table|json|csv]

MEMBER is the member as typed or scanned (phone number, member card, QR payload or id).
Head office authorises the use online; the store journals the movements it names (the
service's consumables, or the goods) and prints a slip. Without --key a fresh key is
made and shown: retry with it and no second use is taken.
"""

from __future__ import annotations

import argparse
import uuid

from common.cli.options import add_format, till_options
from common.cli.output import Output
from common.cli.render import Column
from common.i18n import N_, _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.cli.pos_shared import Till, booked_text, warn_printing

MOVE_COLUMNS = [Column("sku"), Column("qty_base", N_("QTY"), "int")]


def cmd_redeem(args: argparse.Namespace, till: Till, out: Output) -> None:
    key = args.key or f"pos-redeem-{uuid.uuid4().hex}"
    reply = till.call(
        till.stub.Redeem,
        till_pb2.RedeemRequest(
            till_id=args.till,
            cashier=args.cashier,
            member=args.member,
            card_no=args.card,
            sku=args.sku,
            uses=args.uses,
            idempotency_key=key,
        ),
    )
    warn_printing(out, reply.print)
    r = reply.redemption
    data = {
        "seq": reply.seq,
        "redemption_id": r.redemption_id,
        "member_id": r.member_id,
        "phone": reply.phone or None,
        "entitlement_id": r.card_no,
        "sku": r.sku,
        "uses": r.uses,
        "uses_left": r.uses_left,
        "authorisation_key": r.authorisation_key,
        "idempotency_key": key,
        "replayed": reply.replayed,
        "movements": [{"sku": m.sku, "qty_base": m.qty_base} for m in reply.movements],
    }

    def text() -> str:
        heading = _(
            "{uses} use(s) of card {card} for {sku} redeemed as journal entry {seq}; "
            "{left} use(s) left (key {key})"
        ).format(uses=r.uses, card=r.card_no, sku=r.sku, seq=reply.seq, left=r.uses_left, key=key)
        return reply.receipt_text + booked_text(heading, data["movements"], "", till.currency)

    out.record(data, text, rows_key="movements", columns=[Column("seq", kind="int"), *MOVE_COLUMNS])


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "redeem", parents=[till_options()], help="redeem a punch card's or package's use"
    )
    p.add_argument("member", help="the member: phone number, member card, QR payload or id")
    p.add_argument("--card", type=int, required=True, help="the card's number (entitlement)")
    p.add_argument("--sku", required=True, help="the service or goods the use is for")
    p.add_argument("--uses", type=int, default=1, help="uses to take (default 1)")
    p.add_argument("--key", help="idempotency key: a retry with it never takes a second use")
    add_format(p)
    p.set_defaults(func=cmd_redeem)
