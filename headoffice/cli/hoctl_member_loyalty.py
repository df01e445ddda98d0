"""A member's punch cards, packages and points over the Members service:

  hoctl member cards|points MEMBER        the cards and packages; the points ledger and balance
  hoctl member card-sell MEMBER --kind punch_card|package --covers SKU[,SKU] --uses N
                         --paid FEN --key KEY [--valid-days N] [--stores S001,S002] [--shareable]
  hoctl member card-refund CARD --key KEY pay back paid - uses taken x value per use

Each takes --format table|json|csv."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import money_text, rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, labelled

CARD_COLUMNS = [
    Column("entitlement_id", N_("CARD"), kind="int"),
    Column("kind", N_("KIND")),
    Column("covers", N_("COVERS"), show=",".join),
    Column("uses_left", N_("USES LEFT"), kind="int"),
    Column("uses_bought", N_("USES BOUGHT"), kind="int"),
    Column("value_per_use_minor", N_("PER USE"), kind="money"),
    Column("paid_minor", N_("PAID"), kind="money"),
    Column("expires_at", N_("EXPIRES AT")),
    Column("stores", N_("STORES"), show=",".join),
    Column("shareable", N_("SHAREABLE"), kind="flag"),
    Column("refunded_at", N_("REFUNDED AT")),
]
POINTS_COLUMNS = [
    Column("posted_at", N_("AT")),
    Column("kind", N_("KIND")),
    Column("points", N_("POINTS"), kind="int"),
    Column("lot_month", N_("LOT")),
    Column("document", N_("DOCUMENT")),
    Column("key", N_("KEY")),
]


def card_row(c: members_pb2.MemberCard, member_id: str, currency: str) -> dict[str, object]:
    return {
        "entitlement_id": c.entitlement_id,
        "member_id": member_id,
        "kind": c.kind,
        "covers": list(c.covers),
        "uses_bought": c.uses_bought,
        "uses_left": c.uses_left,
        "currency": currency,
        "value_per_use_minor": c.value_per_use_minor,
        "paid_minor": c.paid_minor,
        "expires_at": rfc3339(c.expires_at_ms),
        "stores": list(c.store_scope),
        "shareable": c.shareable,
        "refunded_at": rfc3339(c.refunded_at_ms),
        "sold_store": c.sold_store,
        "sold_at": rfc3339(c.sold_at_ms),
    }


def points_row(e: members_pb2.MemberPointsEntry) -> dict[str, object]:
    return {
        "posted_at": rfc3339(e.at_ms),
        "kind": e.kind,
        "points": e.points,
        "lot_month": f"{e.lot_month // 100:04d}-{e.lot_month % 100:02d}" if e.lot_month else "",
        "document": e.document,
        "key": e.key,
    }


def _stub(clients: Clients) -> members_pb2_grpc.MembersStub:
    return members_pb2_grpc.MembersStub(clients.channel)


def cmd_cards(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).MemberCards(
        members_pb2.MemberRequest(member=args.member), timeout=CALL_TIMEOUT_S
    )
    rows = [card_row(c, reply.member_id, reply.currency) for c in reply.cards]
    columns = headings(CARD_COLUMNS) if out.for_people else CARD_COLUMNS
    out.listing(
        rows,
        columns,
        currency=reply.currency,
        empty=_("member {member} holds no punch cards or packages").format(member=reply.member_id),
    )
    return 0


def cmd_points(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).MemberPoints(
        members_pb2.MemberRequest(member=args.member), timeout=CALL_TIMEOUT_S
    )
    row: dict[str, object] = {
        "member_id": reply.member_id,
        "points_balance": reply.balance,
        "entries": [points_row(e) for e in reply.entries],
    }

    def text() -> str:
        from common.cli.render import table

        head = labelled(
            [(_("member"), reply.member_id), (_("points"), str(reply.balance))], indent=""
        )
        entries = row["entries"]
        listing = (
            table(headings(POINTS_COLUMNS), entries, "") if entries else _("no points entries")
        )  # type: ignore[arg-type]
        return "\n".join(head) + "\n\n" + listing

    out.record(row, text, rows_key="entries", columns=POINTS_COLUMNS)
    return 0


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def cmd_card_sell(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    c = _stub(clients).SellCard(
        members_pb2.SellCardRequest(
            member=args.member, key=args.key, kind=args.kind, covers=_names(args.covers),
            uses=args.uses, paid_minor=args.paid, valid_days=args.valid_days,
            stores=_names(args.stores or ""), shareable=args.shareable,
        ),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    row = card_row(c, c.member_id, DEFAULT_CURRENCY)
    row["replayed"] = c.replayed
    sentence = (
        _("card {card} was sold to member {member} before with this key; nothing was changed")
        if c.replayed
        else _("sold card {card} to member {member}: {uses} uses, paid {paid}")
    )
    out.record(
        row,
        lambda: sentence.format(
            card=c.entitlement_id,
            member=c.member_id,
            uses=c.uses_bought,
            paid=money_text(c.paid_minor, DEFAULT_CURRENCY),
        ),  # fmt: skip
    )
    return 0


def cmd_card_refund(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    r = _stub(clients).RefundCard(
        members_pb2.RefundCardRequest(entitlement_id=args.card, key=args.key),
        timeout=CALL_TIMEOUT_S,
    )
    row = {
        "entitlement_id": r.entitlement_id, "member_id": r.member_id, "currency": r.currency,
        "paid_back_minor": r.paid_back_minor, "uses_left": r.uses_left, "replayed": r.replayed,
    }  # fmt: skip
    out.record(
        row,
        lambda: _("refunded card {card} of member {member}: paid back {amount}").format(
            card=r.entitlement_id,
            member=r.member_id,
            amount=money_text(r.paid_back_minor, r.currency),
        ),  # fmt: skip
    )
    return 0


def register(action: Callable[..., argparse.ArgumentParser]) -> None:
    """Add cards, points, card-sell and card-refund to hoctl member with
    hoctl_members.register's `action`."""
    action("cards", cmd_cards, _("a member's punch cards and packages, uses left"))
    action("points", cmd_points, _("a member's points ledger and balance"))
    key_help = _("an idempotency key: a retry sends the same")
    sell = action("card-sell", cmd_card_sell, _("sell a member a punch card or package"))
    sell.add_argument("--kind", required=True, choices=("punch_card", "package"))
    sell.add_argument("--covers", required=True, help=_("the SKUs a use may be for, SKU,SKU"))
    sell.add_argument("--uses", type=int, required=True, help=_("uses sold"))
    sell.add_argument("--paid", type=int, required=True, help=_("what was paid, in fen"))
    sell.add_argument("--key", required=True, help=key_help)
    sell.add_argument("--valid-days", type=int, default=0, help=_("days it serves (0: no end)"))
    sell.add_argument("--stores", help=_("the stores it may be used at, S001,S002 (default: all)"))
    sell.add_argument("--shareable", action="store_true", help=_("other members may use it"))
    refund = action("card-refund", cmd_card_refund, _("refund a punch card or package"), False)
    refund.add_argument("card", type=int, help=_("the card's number (entitlement_id)"))
    refund.add_argument("--key", required=True, help=key_help)
