"""pos shift ... and pos x-report | z-report: a till's shift, its cash and its reports.

  pos shift open --float 20000 | cash-in AMOUNT --reason R | cash-out AMOUNT --reason R [--manager M]
  pos shift close --count 10000x2 --count 100x13 ... | handover --to NAME --count ... | show
  pos shift handover --to NAME --count ... (--spot SKU=QTY ... | --ask)   with key items
  pos x-report | z-report [--date YYYY-MM-DD]

Each takes --till and --cashier (common.cli.options) and --format table|json|csv.
A drawer count is DENOMINATIONxCOUNT in minor units: 10000x2 is two 100.00 notes.
While the store has key items (pos count key-items), a handover needs the incoming
cashier's spot count of each: --spot SKU=QTY for each, or --ask to be asked for each
key item at the terminal, one by one, confirming each count.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.bounds import bounded
from common.cli.options import add_format, till_options
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.domain.limits import check_cash
from common.domain.money import parse_minor
from common.errors import InvalidInput
from common.i18n import N_, _, display_amount, ngettext
from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from edge_agent.cli.pos_shared import Till, approval, warn_printing
from edge_agent.cli.pos_spot_counts import spot_counts

COUNT_COLUMNS = [
    Column("denomination_minor", N_("DENOMINATION"), "money"),
    Column("count", kind="int"),
]
TENDER_COLUMNS = [
    Column("method"),
    Column("count", kind="int"),
    Column("amount_minor", N_("AMOUNT"), "money"),
]


def parse_count(text: str) -> ledger_pb2.DenominationCount:
    denom, sep, count = text.partition("x")
    if not sep:
        raise InvalidInput(
            _("a count {text} must be DENOMINATIONxCOUNT, e.g. 10000x2").format(text=repr(text))
        )
    return ledger_pb2.DenominationCount(
        denomination_minor=parse_minor(denom, _("denomination")),
        count=parse_minor(count, _("count")),
    )


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
        "spot_count_session_id": e.spot_count_session_id,
        "spot_count_outside": list(e.spot_count_outside),
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
        "no_sale_count": report.no_sale_count,
        "void_count": report.void_count,
        "tenders": [
            {"method": t.method, "count": t.count, "amount_minor": t.amount_minor}
            for t in report.tenders
        ],
        "member_desk_count": report.member_desk_count,
        "member_desk_tenders": [
            {"method": t.method, "count": t.count, "amount_minor": t.amount_minor}
            for t in report.member_desk_tenders
        ],
    }


def shift_text(s: dict[str, Any]) -> str:
    if not s["open"]:
        return _("till {till} has no open shift").format(till=s["till"])
    return ngettext(
        "till {till}: shift {shift} open for {cashier}, float {amount}, {count} sale",
        "till {till}: shift {shift} open for {cashier}, float {amount}, {count} sales",
        s["sales_count"],
    ).format(
        till=s["till"],
        shift=s["shift_id"],
        cashier=s["cashier"],
        amount=display_amount(s["float_minor"], s["currency"]),
        count=s["sales_count"],
    )


def _show_shift(out: Output, state: till_pb2.ShiftState, till: Till, done: str = "") -> None:
    """The shift as it now is, after the sentence saying what was `done` (if anything)."""
    data = shift_document(state, till.currency)

    def text() -> str:
        if not done:
            return shift_text(data)
        return _("{done}; {shift}").format(done=done, shift=shift_text(data))

    out.record(data, text)


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
        amount = check_cash(_("amount"), parse_minor(args.amount, _("amount")))
        direction = "in" if action == "cash-in" else "out"
        approval_id = (  # the approval's details are data the agent checks: not translated
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
                idempotency_key=args.key or "",
            ),
        )
        if direction == "in":
            done = _("cash in {amount} recorded").format(
                amount=display_amount(amount, till.currency)
            )
        else:
            done = _("cash out {amount} recorded").format(
                amount=display_amount(amount, till.currency)
            )
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
                    spot_counts=spot_counts(till, args),
                ),
            )
        warn_printing(out, reply.print)
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
    warn_printing(out, reply.print)


def register(sub: argparse._SubParsersAction) -> None:
    common = till_options()
    fmt = argparse.ArgumentParser(add_help=False)
    add_format(fmt)
    shift = sub.add_parser("shift", help="open, cash in/out, close, hand over, show")
    ssub = shift.add_subparsers(dest="shift_command", required=True)
    sopen = ssub.add_parser("open", parents=[common, fmt])
    sopen.add_argument(
        "--float",
        type=bounded(check_cash, N_("the opening float")),
        required=True,
        help="opening float, minor units",
    )
    for name in ("cash-in", "cash-out"):
        p = ssub.add_parser(name, parents=[common, fmt])
        p.add_argument("amount")
        p.add_argument("--reason", required=True)
        p.add_argument("--manager")
        p.add_argument("--key", help="idempotency key: a retry with it never moves cash twice")
    close = ssub.add_parser("close", parents=[common, fmt])
    close.add_argument("--count", action="append", metavar="DENOMxCOUNT")
    hand = ssub.add_parser("handover", parents=[common, fmt])
    hand.add_argument("--to", required=True)
    hand.add_argument("--count", action="append", metavar="DENOMxCOUNT")
    hand.add_argument(
        "--spot",
        action="append",
        metavar="SKU=QTY",
        help="the incoming cashier's count of a key item (one for each key item)",
    )
    hand.add_argument(
        "--ask",
        action="store_true",
        help="ask for each key item's count at the terminal, confirming each",
    )
    ssub.add_parser("show", parents=[common, fmt])
    shift.set_defaults(func=cmd_shift)
    x = sub.add_parser("x-report", parents=[common, fmt], help="the shift's totals so far")
    x.set_defaults(func=cmd_report)
    z = sub.add_parser("z-report", parents=[common, fmt], help="the day's totals, once a day")
    z.add_argument("--date", help="business date YYYY-MM-DD (default today)")
    z.set_defaults(func=cmd_report)
