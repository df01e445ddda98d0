"""pos reward: a reward item taken for points at the till.

  pos reward MEMBER SKU [--qty 1] [--key KEY] [--till T1] [--cashier NAME]
             [--format table|json|csv]

MEMBER is the member as typed or scanned (phone number, member card, QR payload or id).
Head office takes the points online (never offline); the store journals the goods (or a
bundle's components) leaving and prints a slip. Without --key a fresh key is made and
shown: retry with it and no points are taken twice.
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


def cmd_reward(args: argparse.Namespace, till: Till, out: Output) -> None:
    key = args.key or f"pos-reward-{uuid.uuid4().hex}"
    reply = till.call(
        till.stub.TakeReward,
        till_pb2.TakeRewardRequest(
            till_id=args.till, cashier=args.cashier, member=args.member, sku=args.sku,
            qty=args.qty, idempotency_key=key,
        ),
    )  # fmt: skip
    warn_printing(out, reply.print)
    r = reply.reward
    data = {
        "seq": reply.seq,
        "reward_id": r.reward_id,
        "member_id": r.member_id,
        "phone": reply.phone or None,
        "sku": r.sku,
        "qty": r.qty,
        "points": r.points,
        "points_balance": reply.balance if reply.HasField("balance") else None,
        "authorisation_key": r.authorisation_key,
        "idempotency_key": key,
        "replayed": reply.replayed,
        "movements": [{"sku": m.sku, "qty_base": m.qty_base} for m in reply.movements],
    }

    def text() -> str:
        heading = _(
            "{qty} x {sku} taken for {points} points as journal entry {seq} (key {key})"
        ).format(qty=r.qty, sku=r.sku, points=r.points, seq=reply.seq, key=key)
        return reply.receipt_text + booked_text(heading, data["movements"], "", till.currency)

    out.record(data, text, rows_key="movements", columns=[Column("seq", kind="int"), *MOVE_COLUMNS])


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reward", parents=[till_options()], help="give a reward item for the member's points"
    )
    p.add_argument("member", help="the member: phone number, member card, QR payload or id")
    p.add_argument("sku", help="the reward item (hoctl member reward list)")
    p.add_argument("--qty", type=int, default=1, help="items to give (default 1)")
    p.add_argument("--key", help="idempotency key: a retry with it never takes points twice")
    add_format(p)
    p.set_defaults(func=cmd_reward)
