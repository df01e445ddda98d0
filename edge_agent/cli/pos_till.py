"""pos return | void | reprint | no-sale: the till's other actions, for automation and tests.

  pos return --sale N CODE[=QTY][:write_off] ... [--refund METHOD:AMOUNT[:REF]] [--manager M]
             [--reason R]
  pos return --no-receipt CODE[=QTY][:write_off] ... [--refund ...] [--manager M] [--reason R]
  pos void --lines CODE[=QTY] | --sale --total N   [--manager M]
  pos reprint --sale N | --return N
  pos no-sale --manager M --reason R

Every one takes --till (or STORELEDGER_TILL_ID, default T1) and --cashier (or
STORELEDGER_CASHIER); a return prints its receipt or --format json|csv. A
manager's PIN comes from STORELEDGER_MANAGER_PIN or a prompt, never from the
command line. Shifts and X/Z reports: pos_shifts.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.bounds import bounded
from common.cli.item_lines import RETURN, VOID, parse_item_line
from common.cli.options import add_format, till_options
from common.cli.output import Output
from common.cli.render import Column
from common.domain.limits import check_amount, check_sequence
from common.errors import InvalidInput
from common.i18n import N_, _
from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from edge_agent.cli.pos_shared import Till, approval, parse_tender, warn_printing

RETURN_LINE_COLUMNS = [
    Column("sku"),
    Column("name"),
    Column("qty_base", N_("QTY"), "int"),
    Column("amount_minor", N_("AMOUNT"), "money"),
    Column("disposition"),
]


def _tenders(tenders: Any) -> list[dict[str, Any]]:
    return [
        {
            "method": t.method,
            "amount_minor": t.amount_minor,
            "reference": t.reference,
            "authorisation_key": t.authorisation_key,  # a stored-value refund's key
        }
        for t in tenders
    ]


def return_document(reply: till_pb2.ReturnReply) -> dict[str, Any]:
    r = reply.sale_return
    return {
        "seq": reply.seq,
        "return_id": r.return_id,
        "return_no": r.return_no,
        "original_sale_id": r.original_sale_id,
        "original_sale_no": r.original_sale_no,
        "till": r.till_id,
        "cashier": r.cashier,
        "reason": r.reason,
        "currency": r.currency,
        "total_minor": r.total_minor,
        "lines": [
            {
                "sku": line.sku,
                "name": line.name,
                "qty_base": line.qty_base,
                "unit_price_minor": line.unit_price_minor,
                "amount_minor": line.amount_minor,
                "disposition": line.disposition,
            }
            for line in r.lines
        ],
        "refunds": _tenders(r.refunds),
    }


def cmd_return(args: argparse.Namespace, till: Till, out: Output) -> None:
    if bool(args.sale) == bool(args.no_receipt):
        raise InvalidInput(_("say which sale the goods come from (--sale N) or --no-receipt"))
    items = []
    for text in args.items:
        line = parse_item_line(text, RETURN, till.unit_of)
        items.append(
            till_pb2.ReturnItem(
                code=line.code, qty_base=line.qty_base, disposition=line.disposition or "restock"
            )
        )
    refunds = [parse_tender(r) for r in args.refund or []]
    request = till_pb2.ReturnRequest(
        till_id=args.till,
        cashier=args.cashier,
        original_sale_no=args.sale or 0,
        items=items,
        refunds=refunds,
        reason=args.reason or "",
        idempotency_key=args.key or "",
    )
    if args.manager:  # the approval's details are data the agent checks: not translated
        if args.sale:
            request.approval_id = approval(till, args, "return", f"sale {args.sale}")
        else:
            quote = till.call(
                till.stub.PriceCart,
                till_pb2.SellRequest(
                    items=[till_pb2.SellItem(code=i.code, qty_base=i.qty_base) for i in items]
                ),
            )
            # A return without a receipt refunds list prices: the lines before any offer.
            amount = sum(line.amount_minor for line in quote.lines)
            request.approval_id = approval(till, args, "return_without_receipt", f"amount {amount}")
    reply = till.call(till.stub.Return, request)
    warn_printing(out, reply.print)
    out.record(
        return_document(reply),
        lambda: reply.receipt_text,
        rows_key="lines",
        columns=[Column("return_no", kind="int"), *RETURN_LINE_COLUMNS],
    )


def cmd_void(args: argparse.Namespace, till: Till, out: Output) -> None:
    if args.sale:
        if args.total is None:
            raise InvalidInput(_("a whole-sale void needs the cart's --total in minor units"))
        lines = [ledger_pb2.SaleLine(sku="CART", amount_minor=args.total, qty_base=1)]
        scope, details = "sale", f"sale total {args.total}"
        action = "void_sale"
    else:
        if not args.lines or len(args.lines) != 1:
            raise InvalidInput(
                _("void one line at a time: --lines {usage}").format(usage=VOID.usage)
            )
        line = parse_item_line(args.lines[0], VOID, till.unit_of)
        product = till.call(till.stub.LookupProduct, till_pb2.LookupProductRequest(code=line.code))
        lines = [
            ledger_pb2.SaleLine(
                sku=product.sku,
                name=product.name,
                scanned_code=line.code,
                qty_base=line.qty_base,
                unit_price_minor=product.price_minor,
                amount_minor=line.qty_base * product.price_minor,
            )
        ]
        scope, action, details = "line", "void_line", f"SKU {product.sku} qty {line.qty_base}"
    approval_id = approval(till, args, action, details)
    reply = till.call(
        till.stub.VoidCart,
        till_pb2.VoidCartRequest(
            till_id=args.till,
            cashier=args.cashier,
            scope=scope,
            lines=lines,
            approval_id=approval_id,
        ),
    )
    if scope == "sale":
        out.say(_("void of the sale recorded as journal entry {seq}").format(seq=reply.seq))
    else:
        out.say(_("void of the line recorded as journal entry {seq}").format(seq=reply.seq))


def cmd_reprint(args: argparse.Namespace, till: Till, out: Output) -> None:
    if bool(args.sale) == bool(getattr(args, "return")):
        raise InvalidInput(_("reprint one document: --sale N or --return N"))
    outcome = till.call(
        till.stub.Reprint,
        till_pb2.ReprintRequest(
            till_id=args.till, sale_no=args.sale or 0, return_no=getattr(args, "return") or 0
        ),
    )
    if outcome.warning:
        raise InvalidInput(outcome.warning)
    out.say(_("reprinted"))


def cmd_no_sale(args: argparse.Namespace, till: Till, out: Output) -> None:
    approval_id = approval(till, args, "no_sale", "no sale")
    outcome = till.call(
        till.stub.NoSale,
        till_pb2.NoSaleRequest(
            till_id=args.till, cashier=args.cashier, approval_id=approval_id, reason=args.reason
        ),
    )
    warn_printing(out, outcome)
    out.say(
        _("no-sale recorded; drawer opened") if outcome.drawer_opened else _("no-sale recorded")
    )


SEQUENCE = bounded(check_sequence, N_("a sale or return number"))


def register(sub: argparse._SubParsersAction) -> None:
    common = till_options()
    fmt = argparse.ArgumentParser(add_help=False)
    add_format(fmt)
    ret = sub.add_parser("return", parents=[common, fmt], help="take goods back and refund")
    ret.add_argument("items", nargs="+", metavar=RETURN.usage)
    ret.add_argument("--sale", type=SEQUENCE, help="the original sale number")
    ret.add_argument("--no-receipt", action="store_true")
    ret.add_argument("--refund", action="append", metavar="METHOD:AMOUNT[:REF]")
    ret.add_argument("--manager")
    ret.add_argument("--reason")
    ret.add_argument("--key", help="idempotency key: a retry with it never refunds twice")
    ret.set_defaults(func=cmd_return)
    void = sub.add_parser("void", parents=[common], help="record a line or cart voided")
    void.add_argument("--lines", nargs="+", metavar=VOID.usage)
    void.add_argument("--sale", action="store_true", help="void the whole cart")
    void.add_argument(
        "--total",
        type=bounded(check_amount, N_("the cart's total")),
        help="the cart's total (whole-sale void)",
    )
    void.add_argument("--manager")
    void.set_defaults(func=cmd_void)
    rep = sub.add_parser("reprint", parents=[common], help="reprint a sale's or return's receipt")
    rep.add_argument("--sale", type=SEQUENCE)
    rep.add_argument("--return", type=SEQUENCE)
    rep.set_defaults(func=cmd_reprint)
    ns = sub.add_parser("no-sale", parents=[common], help="open the drawer (approved)")
    ns.add_argument("--manager")
    ns.add_argument("--reason", required=True)
    ns.set_defaults(func=cmd_no_sale)
