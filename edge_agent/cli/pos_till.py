"""pos subcommands for the till's other actions, for automation and tests.

  pos return --sale N CODExQTY[:write_off] ... [--refund METHOD:AMOUNT[:REF]] [--manager M]
             [--reason R]
  pos return --no-receipt CODExQTY[:write_off] ... [--refund ...] [--manager M] [--reason R]
  pos void --lines CODExQTY ... | --sale --total N   [--manager M]
  pos shift open --float 20000 | cash-in AMOUNT --reason R | cash-out AMOUNT --reason R [--manager M]
  pos shift close --count 10000x2 --count 100x13 ... | handover --to NAME --count ... | show
  pos x-report | z-report [--date YYYY-MM-DD]      [--format text|json]
  pos reprint --sale N | --return N
  pos no-sale --manager M --reason R

Every one takes --till (or STORELEDGER_TILL_ID, default T1) and --cashier (or
STORELEDGER_CASHIER). A manager's PIN comes from STORELEDGER_MANAGER_PIN or a
prompt, never from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from google.protobuf.json_format import MessageToDict

from common.domain.money import parse_minor
from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2, till_pb2

PIN_ENV = "STORELEDGER_MANAGER_PIN"


def till_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--till", default=os.environ.get("STORELEDGER_TILL_ID", "T1"))
    common.add_argument(
        "--cashier",
        default=os.environ.get("STORELEDGER_CASHIER") or os.environ.get("USER", "cashier"),
    )
    return common


def approval(till, args: argparse.Namespace, action: str, details: str) -> str:
    """An approval id from --manager (PIN from the environment or a prompt), or ""."""
    if not getattr(args, "manager", None):
        return ""
    pin = os.environ.get(PIN_ENV)
    if pin is None:
        if not sys.stdin.isatty():
            raise InvalidInput(f"manager {args.manager}'s PIN: set {PIN_ENV} or run in a terminal")
        pin = getpass.getpass(f"PIN for manager {args.manager}: ")
    reply = till.call(
        till.stub.Approve,
        till_pb2.ApproveRequest(
            till_id=args.till,
            cashier=args.cashier,
            manager=args.manager,
            pin=pin,
            action=action,
            details=details,
        ),
    )
    return reply.approval_id


def parse_count(text: str) -> ledger_pb2.DenominationCount:
    denom, sep, count = text.partition("x")
    if not sep:
        raise InvalidInput(f"a count {text!r} must be DENOMINATIONxCOUNT, e.g. 10000x2")
    return ledger_pb2.DenominationCount(
        denomination_minor=parse_minor(denom, "denomination"), count=parse_minor(count, "count")
    )


def _out(args: argparse.Namespace, message, text: str) -> None:
    if getattr(args, "format", "text") == "json":
        print(json.dumps(MessageToDict(message, preserving_proto_field_name=True), indent=2))
    else:
        print(text, end="" if text.endswith("\n") else "\n")


def _warn(outcome: till_pb2.PrintOutcome) -> None:
    if outcome.warning:
        print(f"pos: warning: {outcome.warning}", file=sys.stderr)


def cmd_return(args: argparse.Namespace, till) -> None:
    from edge_agent.cli.pos import parse_item, parse_tender

    if bool(args.sale) == bool(args.no_receipt):
        raise InvalidInput("say which sale the goods come from (--sale N) or --no-receipt")
    items = []
    for text in args.items:
        text, _, disposition = text.partition(":")
        code, qty = parse_item(text, till)
        items.append(
            till_pb2.ReturnItem(code=code, qty_base=qty, disposition=disposition or "restock")
        )
    refunds = [parse_tender(r) for r in args.refund or []]
    request = till_pb2.ReturnRequest(
        till_id=args.till,
        cashier=args.cashier,
        original_sale_no=args.sale or 0,
        items=items,
        refunds=refunds,
        reason=args.reason or "",
    )
    if args.manager:
        if args.sale:
            request.approval_id = approval(till, args, "return", f"sale {args.sale}")
        else:
            quote = till.call(
                till.stub.PriceCart,
                till_pb2.SellRequest(
                    items=[till_pb2.SellItem(code=i.code, qty_base=i.qty_base) for i in items]
                ),
            )
            request.approval_id = approval(
                till, args, "return_without_receipt", f"amount {quote.total_minor}"
            )
    reply = till.call(till.stub.Return, request)
    _warn(reply.print)
    _out(args, reply, reply.receipt_text)


def cmd_void(args: argparse.Namespace, till) -> None:
    from edge_agent.cli.pos import parse_item

    if args.sale:
        if args.total is None:
            raise InvalidInput("a whole-sale void needs the cart's --total in minor units")
        lines = [ledger_pb2.SaleLine(sku="CART", amount_minor=args.total, qty_base=1)]
        scope, details = "sale", f"sale total {args.total}"
        action = "void_sale"
    else:
        if not args.lines or len(args.lines) != 1:
            raise InvalidInput("void one line at a time: --lines CODExQTY")
        code, qty = parse_item(args.lines[0], till)
        product = till.call(till.stub.LookupProduct, till_pb2.LookupProductRequest(code=code))
        lines = [
            ledger_pb2.SaleLine(
                sku=product.sku,
                name=product.name,
                scanned_code=code,
                qty_base=qty,
                unit_price_minor=product.price_minor,
                amount_minor=qty * product.price_minor,
            )
        ]
        scope, action, details = "line", "void_line", f"SKU {product.sku} qty {qty}"
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
    print(f"void of {scope} recorded as journal entry {reply.seq}")


def _shift_text(s: till_pb2.ShiftState) -> str:
    if not s.open:
        return f"till {s.till_id} has no open shift"
    return (
        f"till {s.till_id}: shift {s.shift_id} open for {s.cashier}, float {s.float_minor}, "
        f"{s.sales_count} sales"
    )


def cmd_shift(args: argparse.Namespace, till) -> None:
    action = args.shift_command
    if action == "open":
        s = till.call(
            till.stub.OpenShift,
            till_pb2.OpenShiftRequest(
                till_id=args.till, cashier=args.cashier, float_minor=args.float
            ),
        )
        _out(args, s, _shift_text(s))
    elif action in ("cash-in", "cash-out"):
        amount = parse_minor(args.amount, "amount")
        direction = "in" if action == "cash-in" else "out"
        approval_id = (
            approval(till, args, "cash_out", f"cash out {amount}") if (direction == "out") else ""
        )
        s = till.call(
            till.stub.CashInOut,
            till_pb2.CashInOutRequest(
                till_id=args.till,
                cashier=args.cashier,
                direction=direction,
                amount_minor=amount,
                reason=args.reason,
                approval_id=approval_id,
            ),
        )
        _out(args, s, f"cash {direction} {amount} recorded; " + _shift_text(s))
    elif action == "show":
        s = till.call(till.stub.GetShift, till_pb2.GetShiftRequest(till_id=args.till))
        _out(args, s, _shift_text(s))
    else:
        counted = [parse_count(c) for c in args.count or []]
        if action == "close":
            reply = till.call(
                till.stub.CloseShift,
                till_pb2.CloseShiftRequest(
                    till_id=args.till, cashier=args.cashier, counted=counted
                ),
            )
        else:
            reply = till.call(
                till.stub.Handover,
                till_pb2.HandoverRequest(
                    till_id=args.till,
                    cashier=args.cashier,
                    next_cashier=args.to,
                    counted=counted,
                ),
            )
        _warn(reply.print)
        _out(args, reply, reply.report_text)


def cmd_report(args: argparse.Namespace, till) -> None:
    request = till_pb2.ReportRequest(
        till_id=args.till, cashier=args.cashier, business_date=getattr(args, "date", "") or ""
    )
    method = till.stub.ZReport if args.command == "z-report" else till.stub.XReport
    reply = till.call(method, request)
    _out(args, reply.report, reply.report.text)
    _warn(reply.print)


def cmd_reprint(args: argparse.Namespace, till) -> None:
    if bool(args.sale) == bool(getattr(args, "return")):
        raise InvalidInput("reprint one document: --sale N or --return N")
    outcome = till.call(
        till.stub.Reprint,
        till_pb2.ReprintRequest(
            till_id=args.till, sale_no=args.sale or 0, return_no=getattr(args, "return") or 0
        ),
    )
    if outcome.warning:
        raise InvalidInput(outcome.warning)
    print("reprinted")


def cmd_no_sale(args: argparse.Namespace, till) -> None:
    approval_id = approval(till, args, "no_sale", "no sale")
    outcome = till.call(
        till.stub.NoSale,
        till_pb2.NoSaleRequest(
            till_id=args.till, cashier=args.cashier, approval_id=approval_id, reason=args.reason
        ),
    )
    _warn(outcome)
    print("no-sale recorded" + ("; drawer opened" if outcome.drawer_opened else ""))


def add_till_commands(sub: argparse._SubParsersAction) -> None:
    common = till_options()
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument("--format", choices=["text", "json"], default="text")
    ret = sub.add_parser("return", parents=[common, fmt], help="take goods back and refund")
    ret.add_argument("items", nargs="+", metavar="CODExQTY[:write_off]")
    ret.add_argument("--sale", type=int, help="the original sale number")
    ret.add_argument("--no-receipt", action="store_true")
    ret.add_argument("--refund", action="append", metavar="METHOD:AMOUNT[:REF]")
    ret.add_argument("--manager")
    ret.add_argument("--reason")
    ret.set_defaults(func=cmd_return)
    void = sub.add_parser("void", parents=[common], help="record a line or cart voided")
    void.add_argument("--lines", nargs="+", metavar="CODExQTY")
    void.add_argument("--sale", action="store_true", help="void the whole cart")
    void.add_argument("--total", type=int, help="the cart's total (whole-sale void)")
    void.add_argument("--manager")
    void.set_defaults(func=cmd_void)
    shift = sub.add_parser("shift", help="open, cash in/out, close, hand over, show")
    ssub = shift.add_subparsers(dest="shift_command", required=True)
    sopen = ssub.add_parser("open", parents=[common, fmt])
    sopen.add_argument("--float", type=int, required=True, help="opening float, minor units")
    for name in ("cash-in", "cash-out"):
        p = ssub.add_parser(name, parents=[common, fmt])
        p.add_argument("amount")
        p.add_argument("--reason", required=True)
        p.add_argument("--manager")
    close = ssub.add_parser("close", parents=[common, fmt])
    close.add_argument("--count", action="append", metavar="DENOMxCOUNT")
    hand = ssub.add_parser("handover", parents=[common, fmt])
    hand.add_argument("--to", required=True)
    hand.add_argument("--count", action="append", metavar="DENOMxCOUNT")
    ssub.add_parser("show", parents=[common, fmt])
    shift.set_defaults(func=cmd_shift)
    x = sub.add_parser("x-report", parents=[common, fmt], help="the shift's totals so far")
    x.set_defaults(func=cmd_report)
    z = sub.add_parser("z-report", parents=[common, fmt], help="the day's totals, once a day")
    z.add_argument("--date", help="business date YYYY-MM-DD (default today)")
    z.set_defaults(func=cmd_report)
    rep = sub.add_parser("reprint", parents=[common], help="reprint a sale's or return's receipt")
    rep.add_argument("--sale", type=int)
    rep.add_argument("--return", type=int)
    rep.set_defaults(func=cmd_reprint)
    ns = sub.add_parser("no-sale", parents=[common], help="open the drawer (approved)")
    ns.add_argument("--manager")
    ns.add_argument("--reason", required=True)
    ns.set_defaults(func=cmd_no_sale)
