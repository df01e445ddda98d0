"""pos member show|add, pos topup, pos card sell: the member desk at the till (online
through head office; docs/members.md).

  pos member show MEMBER                     phone, card number, QR payload or member id
  pos member add --phone P --name N [--card C] [--birthday YYYY-MM-DD] [--consent]
  pos topup MEMBER --paid AMOUNT --pay cash|card[:REF]|qr[:REF] [--tendered CASH] [--key K]
  pos card sell MEMBER --kind punch_card|package --covers SKU[,SKU] --uses N --paid AMOUNT
                --pay cash|card[:REF]|qr[:REF] [--valid-days D] [--shareable] [--key K]

Amounts are whole minor units (50000 = 500.00). Without --key a top-up or card sale gets a
key of its own: a retry of the same command with --key never books twice.
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from common.cli.options import add_format, till_options
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.domain.money import parse_minor
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.cli.pos_shared import Till, warn_printing

CARD_COLUMNS = [
    Column("entitlement_id", N_("CARD"), "int"),
    Column("kind"),
    Column("uses_left", N_("USES LEFT"), "int"),
    Column("uses_bought", N_("USES"), "int"),
    Column("expires_at", N_("VALID UNTIL")),
]


def _card(card: till_pb2.DeskCard) -> dict[str, Any]:
    return {
        "entitlement_id": card.entitlement_id,
        "kind": card.kind,
        "covers": list(card.covers),
        "uses_bought": card.uses_bought,
        "uses_left": card.uses_left,
        "value_per_use_minor": card.value_per_use_minor,
        "expires_at": rfc3339(card.expires_at_ms),
        "stores": list(card.stores),
    }


def member_document(m: till_pb2.DeskMember, currency: str) -> dict[str, Any]:
    return {
        "member_id": m.member_id,
        "phone": m.phone,
        "name": m.name,
        "level": m.level,
        "card_type": m.card_type,
        "currency": m.currency or currency,
        "principal_minor": m.principal_minor,
        "bonus_minor": m.bonus_minor,
        "balance_minor": m.principal_minor + m.bonus_minor,
        "points": m.points,
        "cards": [_card(c) for c in m.cards],
    }


def member_text(d: dict[str, Any]) -> str:
    def money(v: int) -> str:
        return display_amount(v, d["currency"])

    lines = [
        _("member {member}  {phone}  {name}  level {level}").format(
            member=d["member_id"], phone=d["phone"], name=d["name"], level=d["level"]
        ),
        _("stored value {balance} (principal {principal}, bonus {bonus}); {points} points").format(
            balance=money(d["balance_minor"]),
            principal=money(d["principal_minor"]),
            bonus=money(d["bonus_minor"]),
            points=d["points"],
        ),  # fmt: skip
    ]
    for c in d["cards"]:
        lines.append(
            _(
                "card {card} ({kind}) for {covers}: {left} of {uses} uses left, until {until}"
            ).format(
                card=c["entitlement_id"],
                kind=c["kind"],
                covers=",".join(c["covers"]),
                left=c["uses_left"],
                uses=c["uses_bought"],
                until=c["expires_at"] or _("never"),
            )  # fmt: skip
        )
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        till.stub.LookupMember, till_pb2.DeskMemberRequest(till_id=args.till, member=args.member)
    )
    doc = member_document(reply, till.currency)
    out.record(doc, lambda: member_text(doc), rows_key="cards", columns=CARD_COLUMNS)


def cmd_add(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        till.stub.RegisterMember,
        till_pb2.DeskRegisterRequest(
            till_id=args.till,
            cashier=args.cashier,
            phone=args.phone,
            name=args.name,
            card_no=args.card or "",
            birthday=args.birthday or "",
            consent=args.consent,
        ),  # fmt: skip
    )
    doc = member_document(reply, till.currency)
    out.record(
        doc,
        lambda: _("member {member} registered ({phone}, {name})").format(
            member=doc["member_id"], phone=doc["phone"], name=doc["name"]
        ),
    )


def _payment(args: argparse.Namespace) -> till_pb2.DeskPayment:
    method, _colon, reference = args.pay.partition(":")
    tendered = parse_minor(args.tendered, _("cash handed over")) if args.tendered else 0
    return till_pb2.DeskPayment(
        method=method.strip().lower(), reference=reference, tendered_minor=tendered
    )


def desk_document(reply: till_pb2.DeskReply) -> dict[str, Any]:
    desk = reply.desk
    doc: dict[str, Any] = {
        "seq": reply.seq,
        "desk_id": desk.desk_id,
        "kind": desk.kind,
        "member_id": desk.member_id,
        "till": desk.till_id,
        "cashier": desk.cashier,
        "currency": desk.currency,
        "paid_minor": desk.paid_minor,
        "change_minor": reply.change_minor,
        "key": desk.booking_key,
        "replayed": reply.replayed,
        "tenders": [
            {"method": t.method, "amount_minor": t.amount_minor, "reference": t.reference}
            for t in desk.tenders
        ],
    }
    if desk.kind == "topup":
        doc["bonus_minor"] = desk.bonus_minor
        doc["balance"] = {
            "principal_minor": desk.principal_after_minor,
            "bonus_minor": desk.bonus_after_minor,
            "balance_minor": desk.principal_after_minor + desk.bonus_after_minor,
        }
    else:
        doc["entitlement_id"] = desk.entitlement_id
        doc["card"] = _card(reply.card) if reply.HasField("card") else None
    return doc


def _show_desk(out: Output, reply: till_pb2.DeskReply) -> None:
    if reply.HasField("print"):
        warn_printing(out, reply.print)
    doc = desk_document(reply)

    def text() -> str:
        said = reply.receipt_text
        if reply.replayed:
            said = (
                _("already booked with this key (journal #{seq}); nothing new was booked").format(
                    seq=reply.seq
                )
                + "\n"
                + said
            )
        return said.rstrip("\n")

    out.record(doc, text)


def _key(args: argparse.Namespace) -> str:
    return args.key or f"pos-{uuid.uuid4().hex}"


def cmd_topup(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        till.stub.TopUp,
        till_pb2.DeskTopUpRequest(
            till_id=args.till,
            cashier=args.cashier,
            member=args.member,
            paid_minor=parse_minor(args.paid, _("the top-up paid")),
            payment=_payment(args),
            idempotency_key=_key(args),
        ),  # fmt: skip
    )
    _show_desk(out, reply)


def cmd_card_sell(args: argparse.Namespace, till: Till, out: Output) -> None:
    covers = [c.strip() for c in args.covers.split(",") if c.strip()]
    reply = till.call(
        till.stub.SellCard,
        till_pb2.DeskCardSaleRequest(
            till_id=args.till,
            cashier=args.cashier,
            member=args.member,
            kind=args.kind,
            covers=covers,
            uses=args.uses,
            paid_minor=parse_minor(args.paid, _("the card's price")),
            valid_days=args.valid_days,
            shareable=args.shareable,
            payment=_payment(args),
            idempotency_key=_key(args),
        ),  # fmt: skip
    )
    _show_desk(out, reply)


def _paying(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paid", required=True, help="what the customer pays, in minor units")
    parser.add_argument("--pay", required=True, metavar="cash|card[:REF]|qr[:REF]")
    parser.add_argument("--tendered", help="cash handed over (change is given), minor units")
    parser.add_argument("--key", help="idempotency key: a retry with it never books twice")
    add_format(parser)


def register(sub: Any) -> None:
    member = sub.add_parser("member", help="look a member up or register one (online)")
    msub = member.add_subparsers(dest="member_command", required=True)
    show = msub.add_parser("show", parents=[till_options()], help="a member, balance and cards")
    show.add_argument("member", help="phone number, card number, QR payload or member id")
    add_format(show)
    show.set_defaults(func=cmd_show)
    add = msub.add_parser("add", parents=[till_options()], help="register a member here")
    add.add_argument("--phone", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--card", help="a member card number")
    add.add_argument("--birthday", help="YYYY-MM-DD")
    add.add_argument("--consent", action="store_true", help="the member consents to marketing")
    add_format(add)
    add.set_defaults(func=cmd_add)
    topup = sub.add_parser("topup", parents=[till_options()], help="top up stored value")
    topup.add_argument("member")
    _paying(topup)
    topup.set_defaults(func=cmd_topup)
    card = sub.add_parser("card", help="punch cards and packages at the till")
    csub = card.add_subparsers(dest="card_command", required=True)
    sell = csub.add_parser("sell", parents=[till_options()], help="sell a punch card or package")
    sell.add_argument("member")
    sell.add_argument("--kind", required=True, choices=["punch_card", "package"])
    sell.add_argument("--covers", required=True, metavar="SKU[,SKU]")
    sell.add_argument("--uses", required=True, type=int)
    sell.add_argument("--valid-days", type=int, default=0, help="0: never expires")
    sell.add_argument("--shareable", action="store_true")
    _paying(sell)
    sell.set_defaults(func=cmd_card_sell)
