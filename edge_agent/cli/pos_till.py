"""pos subcommands for the till's other actions, for automation and tests.

  pos return --sale N CODE[=QTY][:write_off] ... [--refund METHOD:AMOUNT[:REF]] [--manager M]
             [--reason R]
  pos return --no-receipt CODE[=QTY][:write_off] ... [--refund ...] [--manager M] [--reason R]
  pos void --lines CODE[=QTY] | --sale --total N   [--manager M]
  pos shift open --float 20000 | cash-in AMOUNT --reason R | cash-out AMOUNT --reason R [--manager M]
  pos shift close --count 10000x2 --count 100x13 ... | handover --to NAME --count ... | show
  pos x-report | z-report [--date YYYY-MM-DD]
  pos reprint --sale N | --return N
  pos no-sale --manager M --reason R

Every one takes --till (or STORELEDGER_TILL_ID, default T1) and --cashier (or
STORELEDGER_CASHIER); those that print take --format table|json|csv. A
manager's PIN comes from STORELEDGER_MANAGER_PIN or a prompt, never from the
command line. A drawer count is DENOMINATIONxCOUNT in minor units: 10000x2 is
two 100.00 notes.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.item_lines import RETURN, VOID, parse_item_line
from common.cli.options import add_format, till_options
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import money_text, rfc3339
from common.domain.money import parse_minor
from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from edge_agent.cli.pos_shared import Till, approval, parse_tender

RETURN_LINE_COLUMNS = [
    Column("sku"),
    Column("name"),
    Column("qty_base", "QTY", "int"),
    Column("amount_minor", "AMOUNT", "money"),
    Column("disposition"),
]
COUNT_COLUMNS = [
    Column("denomination_minor", "DENOMINATION", "money"),
    Column("count", kind="int"),
]
TENDER_COLUMNS = [
    Column("method"),
    Column("count", kind="int"),
    Column("amount_minor", "AMOUNT", "money"),
]


def parse_count(text: str) -> ledger_pb2.DenominationCount:
    denom, sep, count = text.partition("x")
    if not sep:
        raise InvalidInput(f"a count {text!r} must be DENOMINATIONxCOUNT, e.g. 10000x2")
    return ledger_pb2.DenominationCount(
        denomination_minor=parse_minor(denom, "denomination"), count=parse_minor(count, "count")
    )


def _tenders(tenders: Any) -> list[dict[str, Any]]:
    return [
        {"method": t.method, "amount_minor": t.amount_minor, "reference": t.reference}
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


def shift_document(s: till_pb2.ShiftState, currency: str) -> dict[str, Any]:
    return {
        "shift_id": s.shift_id,
        "till": s.till_id,
        "cashier": s.cashier,
        "open": s.open,
        "opened_at": rfc3339(s.opened_at_ms),
        "float_minor": s.float_minor,
        "sales_count": s.sales_count,
        "currency": currency,
    }


def shift_close_document(reply: till_pb2.ShiftCloseReply, currency: str) -> dict[str, Any]:
    e = reply.event
    return {
        "seq": reply.seq,
        "shift_id": e.shift_id,
        "till": e.till_id,
        "cashier": e.cashier,
        "kind": e.kind,
        "currency": currency,
        "counted_minor": e.counted_minor,
        "expected_cash_minor": e.expected_cash_minor,
        "over_short_minor": e.over_short_minor,
        "counted": [
            {"denomination_minor": c.denomination_minor, "count": c.count} for c in e.counted
        ],
        "next_cashier": e.next_cashier,
        "next_shift_id": e.next_shift_id,
    }


def report_document(report: ledger_pb2.TillReport, currency: str) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "number": report.number,
        "business_date": report.business_date,
        "till": report.till_id,
        "cashier": report.cashier,
        "currency": currency,
        "sales_count": report.sales_count,
        "sales_minor": report.sales_minor,
        "returns_count": report.returns_count,
        "returns_minor": report.returns_minor,
        "discounts_minor": report.discounts_minor,
        "rounding_minor": report.rounding_minor,
        "cash_in_minor": report.cash_in_minor,
        "cash_out_minor": report.cash_out_minor,
        "float_minor": report.float_minor,
        "expected_cash_minor": report.expected_cash_minor,
        "no_sale_count": report.no_sales,
        "void_count": report.voids,
        "tenders": [
            {"method": t.method, "count": t.count, "amount_minor": t.amount_minor}
            for t in report.tenders
        ],
    }


def _warn(out: Output, outcome: till_pb2.PrintOutcome) -> None:
    if outcome.warning:
        out.warn(f"pos: warning: {outcome.warning}")


def cmd_return(args: argparse.Namespace, till: Till, out: Output) -> None:
    if bool(args.sale) == bool(args.no_receipt):
        raise InvalidInput("say which sale the goods come from (--sale N) or --no-receipt")
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
    _warn(out, reply.print)
    out.record(
        return_document(reply),
        lambda: reply.receipt_text,
        rows_key="lines",
        columns=[Column("return_no", kind="int"), *RETURN_LINE_COLUMNS],
    )


def cmd_void(args: argparse.Namespace, till: Till, out: Output) -> None:
    if args.sale:
        if args.total is None:
            raise InvalidInput("a whole-sale void needs the cart's --total in minor units")
        lines = [ledger_pb2.SaleLine(sku="CART", amount_minor=args.total, qty_base=1)]
        scope, details = "sale", f"sale total {args.total}"
        action = "void_sale"
    else:
        if not args.lines or len(args.lines) != 1:
            raise InvalidInput(f"void one line at a time: --lines {VOID.usage}")
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
    out.say(f"void of {scope} recorded as journal entry {reply.seq}")


def shift_text(s: dict[str, Any]) -> str:
    if not s["open"]:
        return f"till {s['till']} has no open shift"
    return (
        f"till {s['till']}: shift {s['shift_id']} open for {s['cashier']}, "
        f"float {money_text(s['float_minor'], s['currency'])}, {s['sales_count']} sales"
    )


def _show_shift(out: Output, state: till_pb2.ShiftState, till: Till, before: str = "") -> None:
    data = shift_document(state, till.currency)
    out.record(data, lambda: before + shift_text(data))


def cmd_shift(args: argparse.Namespace, till: Till, out: Output) -> None:
    action = args.shift_command
    if action == "open":
        s = till.call(
            till.stub.OpenShift,
            till_pb2.OpenShiftRequest(
                till_id=args.till, cashier=args.cashier, float_minor=args.float
            ),
        )
        _show_shift(out, s, till)
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
        done = f"cash {direction} {money_text(amount, till.currency)} recorded; "
        _show_shift(out, s, till, done)
    elif action == "show":
        s = till.call(till.stub.GetShift, till_pb2.GetShiftRequest(till_id=args.till))
        _show_shift(out, s, till)
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
        _warn(out, reply.print)
        out.record(
            shift_close_document(reply, till.currency),
            lambda: reply.report_text,
            rows_key="counted",
            columns=COUNT_COLUMNS,
        )


def cmd_report(args: argparse.Namespace, till: Till, out: Output) -> None:
    request = till_pb2.ReportRequest(
        till_id=args.till, cashier=args.cashier, business_date=getattr(args, "date", "") or ""
    )
    method = till.stub.ZReport if args.command == "z-report" else till.stub.XReport
    reply = till.call(method, request)
    out.record(
        report_document(reply.report, till.currency),
        lambda: reply.report.text,
        rows_key="tenders",
        columns=TENDER_COLUMNS,
    )
    _warn(out, reply.print)


def cmd_reprint(args: argparse.Namespace, till: Till, out: Output) -> None:
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
    out.say("reprinted")


def cmd_no_sale(args: argparse.Namespace, till: Till, out: Output) -> None:
    approval_id = approval(till, args, "no_sale", "no sale")
    outcome = till.call(
        till.stub.NoSale,
        till_pb2.NoSaleRequest(
            till_id=args.till, cashier=args.cashier, approval_id=approval_id, reason=args.reason
        ),
    )
    _warn(out, outcome)
    out.say("no-sale recorded" + ("; drawer opened" if outcome.drawer_opened else ""))


def register(sub: argparse._SubParsersAction) -> None:
    common = till_options()
    fmt = argparse.ArgumentParser(add_help=False)
    add_format(fmt)
    ret = sub.add_parser("return", parents=[common, fmt], help="take goods back and refund")
    ret.add_argument("items", nargs="+", metavar=RETURN.usage)
    ret.add_argument("--sale", type=int, help="the original sale number")
    ret.add_argument("--no-receipt", action="store_true")
    ret.add_argument("--refund", action="append", metavar="METHOD:AMOUNT[:REF]")
    ret.add_argument("--manager")
    ret.add_argument("--reason")
    ret.set_defaults(func=cmd_return)
    void = sub.add_parser("void", parents=[common], help="record a line or cart voided")
    void.add_argument("--lines", nargs="+", metavar=VOID.usage)
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
