"""pos: the till client. Talks to the store's edge agent over its Unix socket.

  pos sell CODE[=QTY] ... --pay METHOD:AMOUNT[:REF] [--pay ...] [--till T1] [--cashier NAME]
           [--price SKU:PRICE] [--discount SKU:AMOUNT] [--manager NAME] [--key IDEMPOTENCY_KEY]
           [--member PHONE|CARD|QR|ID]   (--pay stored_value:AMOUNT, points:AMOUNT[:MAX_POINTS])
  pos return | void | reprint | no-sale   (see pos_till)
  pos shift ... | x-report | z-report      (see pos_shifts)
  pos receive --supplier-ref REF CODE=QTY@COST ... [--actor NAME] [--key KEY]
  pos receive --po PO-12 [SKU=QTY[@COST] ...] [--allow-over] [--expiry SKU=YYYY-MM-DD]
                                                                (see pos_purchasing)
  pos redeem MEMBER --card N --sku SKU [--uses 1] [--key KEY]   (see pos_redeem)
  pos reward MEMBER SKU [--qty 1] [--key KEY]                  (see pos_reward)
  pos orders [list|show ID|pick ID|handover ID]                online orders (see pos_orders)
  pos voucher scan CODE | redeem CODE --count N | cancel VR000001   (see pos_voucher)
  pos stock [SKU]
  pos status
  pos login CODE | logout | whoami   sign in at a till (every command below acts as them)
  pos member show|add, pos topup, pos card sell   the member desk (see pos_members)
  pos                      (no subcommand) opens the till screen (STORELEDGER_TILL_ID, STORELEDGER_CASHIER)

Every command that prints takes --format table|json|csv (docs/output.md). The
agent's data directory comes from --data-dir or STORELEDGER_EDGE_DATA_DIR.
Amounts are whole minor units (5000 = 50.00); quantities whole base units;
item lines follow common.cli.item_lines.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from common.cli.cells import display_width
from common.cli.failures import Peer, run_command
from common.cli.item_lines import DELIVERY, SALE, parse_item_line
from common.cli.options import add_actor, add_format, till_options
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.domain.coupons import mask
from common.domain.money import parse_minor
from common.errors import InvalidInput
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.cli import (
    pos_counts,
    pos_members,
    pos_orders,
    pos_purchasing,
    pos_receiving,
    pos_redeem,
    pos_reward,
    pos_shifts,
    pos_staff,
    pos_till,
    pos_transfers,
    pos_voucher,
    pos_writeoffs,
)
from edge_agent.cli.pos_sale_member import member_document
from edge_agent.cli.pos_shared import Till, approval, parse_tender, warn_printing
from edge_agent.config import speak_the_stores_language

DATA_DIR_ENV = "STORELEDGER_EDGE_DATA_DIR"

SALE_LINE_COLUMNS = [
    Column("line_no", "#", "int"),
    Column("sku"),
    Column("name"),
    Column("qty_base", N_("QTY"), "int"),
    Column("unit_price_minor", N_("UNIT PRICE"), "money"),
    Column("amount_minor", N_("AMOUNT"), "money"),
]
STOCK_COLUMNS = [
    Column("sku"),
    Column("name"),
    Column("unit"),
    Column("qty_base", N_("QTY"), "int"),
]
# pos status for people: each field's label (JSON keeps the field names).
STATUS_FIELDS = {
    "store": N_("store"),
    "connected": N_("connected"),
    "newest_seq": N_("newest entry"),
    "committed_seq": N_("committed at head office"),
    "backlog_count": N_("entries waiting"),
    "lag_ms": N_("lag (ms)"),
    "last_contact_at": N_("last contact"),
    "downstream_cursor": N_("downstream cursor"),
    "product_count": N_("products"),
}


def _per_sku(texts: list[str] | None, what: str) -> dict[str, int]:
    out = {}
    for text in texts or []:
        sku, sep, amount = text.rpartition(":")
        if not sep or not sku:
            raise InvalidInput(
                _("{what} {text} must be SKU:AMOUNT in minor units, e.g. COLA:300").format(
                    what=what, text=repr(text)
                )
            )
        out[sku] = parse_minor(amount, what)
    return out


def _apply_overrides(args: argparse.Namespace, till: Till, items: list[till_pb2.SellItem]) -> None:
    """--price/--discount on the items of that SKU, each with its manager's approval."""
    prices = _per_sku(args.price, _("price override"))
    discounts = _per_sku(args.discount, _("discount"))
    if not prices and not discounts:
        return
    matched: set[str] = set()
    for item in items:
        sku = till.call(till.stub.LookupProduct, till_pb2.LookupProductRequest(code=item.code)).sku
        # The approval's details are data the agent checks against the sale: not translated.
        if sku in prices:
            item.price_override_minor = prices[sku]
            item.approval_id = approval(
                till, args, "price_override", f"SKU {sku} price {prices[sku]}"
            )
            matched.add(sku)
        if sku in discounts:
            if item.approval_id:
                raise InvalidInput(
                    _("{sku} takes a price override or a discount, not both").format(sku=sku)
                )
            item.discount_minor = discounts[sku]
            item.approval_id = approval(
                till, args, "line_discount", f"SKU {sku} discount {discounts[sku]}"
            )
            matched.add(sku)
    missing = (set(prices) | set(discounts)) - matched
    if missing:
        raise InvalidInput(
            _("the sale has no item of {skus} to reprice").format(skus=", ".join(sorted(missing)))
        )


def sale_document(reply: till_pb2.SellReply) -> dict[str, Any]:
    sale = reply.sale
    document: dict[str, Any] = {
        "seq": reply.seq,
        "sale_id": sale.sale_id,
        "sale_no": sale.sale_no,
        "till": sale.till_id,
        "cashier": sale.cashier,
        "currency": sale.currency,
        "total_minor": sale.total_minor,
        "rounding_minor": sale.rounding_minor,
        "change_minor": reply.change_minor,
        "lines": [
            {
                "line_no": line.line_no,
                "sku": line.sku,
                "name": line.name,
                "qty_base": line.qty_base,
                "unit_price_minor": line.unit_price_minor,
                "discount_minor": line.discount_minor,
                "amount_minor": line.amount_minor,
                "offer_discount_minor": line.offer_discount_minor,
                "paid_minor": line.amount_minor - line.offer_discount_minor,
                "offers": [
                    {"promo_id": o.offer_id, "discount_minor": o.discount_minor, "why": o.text}
                    for o in line.offers
                ],
            }
            for line in sale.lines
        ],
        "tenders": [
            {
                "method": t.method,
                "amount_minor": t.amount_minor,
                "reference": t.reference,
                "authorisation_key": t.authorisation_key,
                "offline": t.offline,
                "points": t.points,
            }
            for t in sale.tenders
        ],
        "coupons": [mask(code) for code in sale.coupons],
    }
    if reply.HasField("member"):  # a member's sale, as just sold (not on a replayed answer)
        document["member"] = member_document(reply.member)
    return document


def cmd_sell(args: argparse.Namespace, till: Till, out: Output) -> None:
    tenders = [parse_tender(p) for p in args.pay]
    lines = [parse_item_line(t, SALE, till.unit_of) for t in args.items]
    items = [till_pb2.SellItem(code=line.code, qty_base=line.qty_base) for line in lines]
    _apply_overrides(args, till, items)
    reply = till.call(
        till.stub.Sell,
        till_pb2.SellRequest(
            till_id=args.till,
            cashier=args.cashier,
            items=items,
            tenders=tenders,
            idempotency_key=args.key or "",
            member=args.member or "",
            coupons=args.coupon or [],
        ),
    )
    warn_printing(out, reply.print)
    sale = reply.sale
    out.record(
        sale_document(reply),
        lambda: (
            reply.receipt_text
            + _("change: {amount}").format(amount=display_amount(reply.change_minor, sale.currency))
        ),
        rows_key="lines",
        columns=[Column("sale_no", kind="int"), *SALE_LINE_COLUMNS],
    )


def cmd_stock(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(till.stub.GetStock, till_pb2.TillStockRequest(sku=args.sku or ""))
    rows = [
        {"sku": r.sku, "name": r.name, "unit": r.unit, "qty_base": r.qty_base} for r in reply.rows
    ]
    out.listing(rows, STOCK_COLUMNS)


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "-" if value is None else str(value)


def cmd_status(args: argparse.Namespace, till: Till, out: Output) -> None:
    st = till.call(till.stub.GetStatus, till_pb2.TillStatusRequest())
    data = {
        "store": st.store_code,
        "connected": st.connected,
        "newest_seq": st.newest_seq,
        "committed_seq": st.committed_seq,
        "backlog_count": st.backlog_count,
        "lag_ms": st.lag_ms,
        "last_contact_at": rfc3339(st.last_contact_ms),
        "downstream_cursor": st.downstream_cursor,
        "product_count": st.product_count,
        # While head office refuses the journal (null / "" otherwise).
        "refused_at": rfc3339(st.refused_since_ms),
        "refused_seq": st.refused_seq if st.refused_since_ms else None,
        "refused_reason": st.refused_reason,
        "refused_message": st.refused_message,
        # While the ledger's disk refuses writes (null otherwise).
        "disk_full_at": rfc3339(st.ledger_unwritable_since_ms),
    }

    def text() -> str:
        labels = {key: _(label) for key, label in STATUS_FIELDS.items()}
        width = max(display_width(label) for label in labels.values())
        lines = [
            label + " " * (width - display_width(label) + 1) + _plain(data[key])
            for key, label in labels.items()
        ]
        return "\n".join([*lines, *refusal_lines(data), *disk_full_lines(data)])

    out.record(data, text)


def refusal_lines(data: dict[str, Any]) -> list[str]:
    """While head office refuses the journal: since when, which entry and why."""
    if data["refused_at"] is None:
        return []
    return [
        _(
            "head office refuses this store's journal since {since}, entry {seq}: "
            "{reason}; sales go on and wait here until it accepts them"
        ).format(
            since=data["refused_at"],
            seq=data["refused_seq"],
            reason=data["refused_message"] or data["refused_reason"],
        )
    ]


def disk_full_lines(data: dict[str, Any]) -> list[str]:
    if data["disk_full_at"] is None:
        return []
    return [
        _(
            "the store ledger's disk is full since {since}: till actions are refused and "
            "nothing is recorded until space is freed on the store computer"
        ).format(since=data["disk_full_at"])
    ]


# Store-operation command groups in their own modules (pos_<area>.py), each with register(sub).
COMMAND_MODULES: tuple[Any, ...] = (
    pos_staff,
    pos_till,
    pos_shifts,
    pos_transfers,
    pos_purchasing,
    pos_writeoffs,
    pos_counts,
    pos_redeem,
    pos_reward,
    pos_members,
    pos_orders,
    pos_voucher,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos", description="StoreLedger till client")
    parser.add_argument("--data-dir", help=f"edge agent data directory (or ${DATA_DIR_ENV})")
    sub = parser.add_subparsers(dest="command")
    sell = sub.add_parser("sell", parents=[till_options()], help="sell items, print the receipt")
    sell.add_argument("items", nargs="+", metavar=SALE.usage)
    sell.add_argument("--pay", action="append", required=True, metavar="METHOD:AMOUNT[:REF]")
    sell.add_argument("--price", action="append", metavar="SKU:PRICE", help="unit price override")
    sell.add_argument("--discount", action="append", metavar="SKU:AMOUNT", help="line discount")
    sell.add_argument("--manager", help="approving manager (PIN from $STORELEDGER_MANAGER_PIN)")
    sell.add_argument("--key", help="idempotency key: a retry with it never sells twice")
    sell.add_argument(
        "--member", help="the member: phone number, card number, QR code or member id"
    )
    sell.add_argument(
        "--coupon",
        action="append",
        metavar="CODE",
        help="a single-use coupon (repeat for more), redeemed at head office with the sale",
    )
    add_format(sell)
    sell.set_defaults(func=cmd_sell)
    rec = sub.add_parser("receive", help="book a supplier delivery")
    rec.add_argument("items", nargs="*", metavar=f"{DELIVERY.usage} | with --po: SKU=QTY[@COST]")
    rec.add_argument("--supplier-ref")
    rec.add_argument("--po", help="receive against this purchase order (default: what remains)")
    rec.add_argument("--allow-over", action="store_true", help="accept more than the tolerance")
    rec.add_argument(
        "--expiry",
        action="append",
        metavar="CODE=YYYY-MM-DD",
        help="a line's best-before day, recorded with its lot (repeat per line; with --po the "
        "CODE is the SKU)",
    )
    add_actor(rec)
    rec.add_argument("--key")
    add_format(rec)
    rec.set_defaults(func=pos_receiving.cmd_receive)
    stock = sub.add_parser("stock", help="show stock levels")
    stock.add_argument("sku", nargs="?")
    add_format(stock)
    stock.set_defaults(func=cmd_stock)
    status = sub.add_parser("status", help="show the agent's sync status")
    add_format(status)
    status.set_defaults(func=cmd_status)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = args.data_dir or os.environ.get(DATA_DIR_ENV)
    out = Output(getattr(args, "format", "table"))
    till: Till | None = None

    def run() -> int:
        nonlocal till
        # A cashier reads the store's language (docs/runtime.md, "Which language"); each call
        # asks the agent to answer in it (pos_shared.Till).
        speak_the_stores_language(Path(data_dir) if data_dir else None)
        if not data_dir:
            raise InvalidInput(
                _(
                    "pos needs the edge agent's data directory: pass --data-dir E or set {env}"
                ).format(env=DATA_DIR_ENV)
            )
        if args.command is None:
            from edge_agent.tui.app import run_till

            return run_till(Path(data_dir))
        till = Till(Path(data_dir), getattr(args, "till", "") or "")
        try:
            args.func(args, till, out)
        finally:
            till.close()
        return 0

    def peer() -> Peer:
        return (
            till.peer if till else Peer(_("the edge agent"), _("{name} is not running ({details})"))
        )

    return run_command("pos", run, peer)


if __name__ == "__main__":
    sys.exit(main())
