"""pos count ...: stocktake at the store, scripted (the till's count screen uses the same service).

  pos count start --scope full|category|location|skus|abc [--category C ...] [--location L ...]
                  [--sku S ...] [--class A ...] [--title T] [--not-blind]
                  [--selling-location L ...]
  pos count scan SESSION CODE [--location L] [--key K]       a barcode or a scale's label
  pos count add SESSION SKU QTY [--location L] [--reason R] [--key K]
  pos count list SESSION        the signed-in counter's own lines (blind: no book)
  pos count show SESSION        results, not counted, unknown barcodes, moved while counting
  pos count sessions [--state S]
  pos count submit SESSION
  pos count zero SESSION (--sku S ... | --all-not-counted)
  pos count approve SESSION
  pos count cancel SESSION [--note N]

Everything runs as the person signed in at the till (pos login). Book quantities and
variances show only to a person whose role may see them (docs/stocktake.md).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from common.cli.options import add_format, add_till
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import rfc3339
from common.domain.stocktake import check_line_qty, state_words
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import store_counts_pb2 as pb
from common.pb.storeledger.v1 import store_counts_pb2_grpc
from edge_agent.cli.pos_shared import Till

_WHOLE = re.compile(r"[+-]?[0-9]+")

SESSION_COLUMNS = [
    Column("session_id", "ID"),
    Column("state"),
    Column("scope", N_("SCOPE")),
    Column("title", N_("TITLE")),
    Column("origin", N_("ORIGIN")),
    Column("created_by", N_("BY")),
    Column("opened_seq", N_("SEQ"), "int"),
]
LINE_COLUMNS = [
    Column("seq", N_("SEQ"), "int"),
    Column("sku"),
    Column("scanned_code", N_("SCANNED")),
    Column("location", N_("LOCATION")),
    Column("qty_base", N_("QTY"), "int"),
    Column("reason"),
    Column("round", N_("ROUND"), "int"),
]
BOOK_LINE_COLUMNS = [*LINE_COLUMNS, Column("book_qty_base", N_("BOOK"), "int")]
RESULT_COLUMNS = [
    Column("sku"),
    Column("abc_class", N_("CLASS")),
    Column("counted_qty_base", N_("COUNTED"), "int"),
    Column("round", N_("ROUND"), "int"),
    Column("recount_needed", N_("RECOUNT"), "flag"),
]
BOOK_RESULT_COLUMNS = [
    *RESULT_COLUMNS[:3],
    Column("book_qty_base", N_("BOOK"), "int"),
    Column("variance_qty_base", N_("VARIANCE"), "int"),
    Column("value_minor", N_("VALUE"), "money"),
    Column("moved_qty_base", N_("MOVED"), "int"),
    Column("within_tolerance", N_("WITHIN"), "flag"),
    *RESULT_COLUMNS[3:],
]


def parse_qty(text: str) -> int:
    """A typed count: a whole number of base units (a correction below zero)."""
    text = text.strip()
    if not _WHOLE.fullmatch(text):
        check_line_qty(text, "")  # refuses it with the sentence every side uses
    return int(text)


def _call(till: Till, rpc: str, request: Any) -> Any:
    """Call StoreCounts over the till's socket."""
    return till.call(getattr(till.stub_of(store_counts_pb2_grpc.StoreCountsStub), rpc), request)


# -- documents (docs/output.md) ----------------------------------------------------------------
def session_document(s: pb.StoreCountSession, currency: str) -> dict[str, Any]:
    t = s.tolerance
    return {
        "session_id": s.session_id,
        "currency": currency,
        "origin": s.origin,
        "state": s.state,
        "scope": s.scope.kind,
        "categories": list(s.scope.categories),
        "locations": list(s.scope.locations),
        "abc_classes": list(s.scope.abc_classes),
        "skus": list(s.scope.skus),
        "selling_locations": list(s.selling_locations),
        "tolerance": {
            "a_bp": t.a_bp,
            "b_bp": t.b_bp,
            "c_bp": t.c_bp,
            "value_minor": t.value_minor,
            "second_approval_minor": t.second_approval_minor,
        },
        "title": s.title,
        "blind": s.blind,
        "note": s.note,
        "round": s.round,
        "recount_skus": list(s.recount_skus),
        "first_approver": s.first_approver,
        "approved_by": s.approved_by,
        "second_approved_by": s.second_approved_by,
        "created_by": s.created_by,
        "created_at": rfc3339(s.created_at_ms),
        "opened_seq": s.opened_seq,
        "closed_seq": s.closed_seq or None,
    }


def line_document(ln: pb.StoreCountLine) -> dict[str, Any]:
    row: dict[str, Any] = {
        "seq": ln.seq,
        "line_id": ln.line_id,
        "sku": ln.sku,
        "scanned_code": ln.scanned_code,
        "location": ln.location,
        "qty_base": ln.qty_base,
        "reason": ln.reason,
        "round": ln.round,
        "counter": ln.counter,
        "book_shown": ln.book_shown,
    }
    if ln.book_shown:
        row["book_qty_base"] = ln.book_qty_base
    return row


def result_document(r: pb.StoreCountResult) -> dict[str, Any]:
    row: dict[str, Any] = {
        "sku": r.sku,
        "abc_class": r.abc_class,
        "round": r.round,
        "counted_qty_base": r.counted_qty_base,
        "recount_needed": r.recount_needed,
        "counters": list(r.counters),
        "by_location": [
            {"location": loc.location, "counted_qty_base": loc.counted_qty_base}
            for loc in r.locations
        ],
        "first_seq": r.first_seq,
        "last_seq": r.last_seq,
        "book_shown": r.book_shown,
    }
    if r.book_shown:
        row.update(
            book_qty_base=r.book_qty_base,
            variance_qty_base=r.variance_qty_base,
            moved_qty_base=r.moved_qty_base,
            unit_cost_minor=r.unit_cost_minor,
            value_minor=r.value_minor,
            within_tolerance=r.within_tolerance,
        )
    return row


def report_document(reply: pb.CountSessionReply, currency: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        **session_document(reply.session, currency),
        "book_shown": reply.book_shown,
        "line_count": reply.line_count,
        "results": [result_document(r) for r in reply.results],
        "not_counted": list(reply.not_counted),
        "unknown": [line_document(ln) for ln in reply.unknown],
    }
    if reply.book_shown:
        t = reply.totals
        data["totals"] = {
            "sku_count": t.skus,
            "within_count": t.within,
            "gain_qty_base": t.gain_qty_base,
            "loss_qty_base": t.loss_qty_base,
            "gain_minor": t.gain_minor,
            "loss_minor": t.loss_minor,
            "net_minor": t.net_minor,
            "gross_minor": t.gross_minor,
        }
        data["needs_second_approval"] = reply.needs_second_approval
    return data


# -- text for people ---------------------------------------------------------------------------
def _head(s: pb.StoreCountSession) -> str:
    scope = s.scope.kind
    if s.scope.skus:
        scope += " " + _("({n} SKUs)").format(n=len(s.scope.skus))
    head = _("count session {session} ({scope}): {state}").format(
        session=s.session_id, scope=scope, state=state_words(s.state)
    )
    if s.title:
        head += f" - {s.title}"
    if s.recount_skus and s.state == "recount":
        head += "\n" + _("to recount, by someone who did not count them: {skus}").format(
            skus=", ".join(s.recount_skus)
        )
    if s.note:
        head += "\n" + _("note: {note}").format(note=s.note)
    return head


def report_text(reply: pb.CountSessionReply, data: dict[str, Any], currency: str) -> str:
    parts = [_head(reply.session)]
    columns = BOOK_RESULT_COLUMNS if reply.book_shown else RESULT_COLUMNS
    if data["results"]:
        parts.append(table(columns, data["results"], currency))
    else:
        parts.append(_("nothing counted yet"))
    if reply.book_shown:
        t = reply.totals
        parts.append(
            _(
                "gains {gain} ({gain_qty}), losses {loss} ({loss_qty}), net {net};"
                " {within} of {skus} SKUs within tolerance"
            ).format(
                gain=display_amount(t.gain_minor, currency),
                gain_qty=t.gain_qty_base,
                loss=display_amount(t.loss_minor, currency),
                loss_qty=t.loss_qty_base,
                net=display_amount(t.net_minor, currency),
                within=t.within,
                skus=t.skus,
            )  # fmt: skip
        )
        moved = [r for r in reply.results if r.moved_qty_base]
        if moved:
            parts.append(
                _("moved while counting: {skus}").format(
                    skus=", ".join(f"{r.sku} ({r.moved_qty_base:+d})" for r in moved)
                )
            )
        if reply.needs_second_approval and reply.session.state in ("submitted", "approving"):
            parts.append(_("the variance is above the limit: a second person approves too"))
    else:
        parts.append(_("blind count: book quantities are not shown"))
    if reply.not_counted:
        shown = ", ".join(reply.not_counted[:20])
        more = len(reply.not_counted) - 20
        parts.append(
            _("not counted ({n}): {skus}").format(n=len(reply.not_counted), skus=shown)
            + (f" (+{more})" if more > 0 else "")
        )
    if reply.unknown:
        parts.append(
            _("unknown barcodes to follow up: {codes}").format(
                codes=", ".join(f"{ln.scanned_code}@{ln.location or '-'}" for ln in reply.unknown)
            )
        )
    return "\n".join(parts)


def _show_report(reply: pb.CountSessionReply, till: Till, out: Output) -> None:
    currency = till.currency
    data = report_document(reply, currency)
    columns = BOOK_RESULT_COLUMNS if reply.book_shown else RESULT_COLUMNS
    out.record(
        data,
        lambda: report_text(reply, data, currency),
        rows_key="results",
        columns=[Column("session_id"), *columns],
    )


# -- commands ------------------------------------------------------------------------------------
def cmd_start(args: argparse.Namespace, till: Till, out: Output) -> None:
    request = pb.StartCountRequest(
        kind=args.scope,
        categories=args.category or [],
        locations=args.location or [],
        abc_classes=args.abc_class or [],
        skus=args.sku or [],
        title=args.title or "",
        not_blind=args.not_blind,
        selling_locations=args.selling_location or [],
    )
    _show_report(_call(till, "StartCount", request), till, out)


def cmd_scan(args: argparse.Namespace, till: Till, out: Output) -> None:
    request = pb.AddCountLineRequest(
        session_id=args.session, code=args.code, location=args.location or "",
        line_id=args.key or "",
    )  # fmt: skip
    _show_line(_call(till, "AddCountLine", request), out)


def cmd_add(args: argparse.Namespace, till: Till, out: Output) -> None:
    request = pb.AddCountLineRequest(
        session_id=args.session, sku=args.sku, qty_base=parse_qty(args.qty),
        location=args.location or "", reason=args.reason or "", line_id=args.key or "",
    )  # fmt: skip
    _show_line(_call(till, "AddCountLine", request), out)


def _show_line(reply: pb.AddCountLineReply, out: Output) -> None:
    ln = reply.line
    data = {**line_document(ln), "replayed": reply.replayed}

    def text() -> str:
        if not ln.sku:
            said = _("unknown barcode {code} recorded for follow-up as journal entry {seq}").format(
                code=ln.scanned_code, seq=ln.seq
            )
        else:
            said = _("counted {qty} of {sku} as journal entry {seq}").format(
                qty=ln.qty_base, sku=ln.sku, seq=ln.seq
            )
        if reply.replayed:
            said += " " + _("(recorded before: nothing new written)")
        return said

    out.record(data, text, columns=BOOK_LINE_COLUMNS if ln.book_shown else LINE_COLUMNS)


def cmd_list(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = _call(till, "ListCountLines", pb.CountActionRequest(session_id=args.session))
    rows = [line_document(ln) for ln in reply.lines]
    out.listing(
        rows,
        BOOK_LINE_COLUMNS if reply.book_shown else LINE_COLUMNS,
        empty=_("you have no count lines in count session {session}").format(
            session=reply.session.session_id
        ),
    )


def cmd_sessions(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = _call(till, "ListCounts", pb.ListCountsRequest(state=args.state or ""))
    rows = [session_document(s, till.currency) for s in reply.sessions]
    out.listing(rows, SESSION_COLUMNS, empty=_("the store has no count sessions"))


def _action(rpc: str) -> Callable[[argparse.Namespace, Till, Output], None]:
    """A command that sends a session id (and a note) and shows the session's report."""

    def run(args: argparse.Namespace, till: Till, out: Output) -> None:
        request = pb.CountActionRequest(session_id=args.session, note=getattr(args, "note", ""))
        _show_report(_call(till, rpc, request), till, out)

    return run


def cmd_zero(args: argparse.Namespace, till: Till, out: Output) -> None:
    request = pb.ConfirmZeroRequest(
        session_id=args.session, skus=args.sku or [], all_not_counted=args.all_not_counted
    )
    _show_report(_call(till, "ConfirmZero", request), till, out)


def register(sub: argparse._SubParsersAction) -> None:
    count = sub.add_parser("count", help="stocktake: count sessions and count lines")
    verbs = count.add_subparsers(dest="count_command", required=True)

    def verb(name: str, help_text: str, func: Any, session: bool = True) -> argparse.ArgumentParser:
        parser = verbs.add_parser(name, help=help_text)
        if session:
            parser.add_argument("session", help="the count session's id")
        add_till(parser)
        add_format(parser)
        parser.set_defaults(func=func)
        return parser

    start = verb("start", "open a count session", cmd_start, session=False)
    # Not argparse choices: the agent refuses an unknown scope with the sentence listing them.
    start.add_argument("--scope", required=True, help="full, category, location, skus or abc")
    start.add_argument("--category", action="append", help="a category (its subtree)")
    start.add_argument("--location", action="append", help="a shelf location or zone prefix")
    start.add_argument("--sku", action="append")
    start.add_argument("--class", dest="abc_class", action="append", help="A, B or C")
    start.add_argument("--title")
    start.add_argument(
        "--selling-location",
        action="append",
        help="where the tills sell from: a SKU's book is taken at its last line there",
    )
    start.add_argument("--not-blind", action="store_true", help="show the book to every counter")
    scan = verb("scan", "count a scanned barcode or label", cmd_scan)
    scan.add_argument("code")
    scan.add_argument("--location")
    scan.add_argument("--key", help="idempotency key: a retry with it never counts twice")
    add = verb("add", "count a SKU with a typed quantity", cmd_add)
    add.add_argument("sku")
    add.add_argument("qty", help="base units; below zero corrects an earlier line (--reason)")
    add.add_argument("--location")
    add.add_argument("--reason")
    add.add_argument("--key", help="idempotency key: a retry with it never counts twice")
    verb("list", "your count lines in a session", cmd_list)
    verb("show", "a session's results", _action("ShowCount"))
    sessions = verb("sessions", "the store's count sessions", cmd_sessions, session=False)
    sessions.add_argument("--state")
    verb("submit", "submit the counting", _action("SubmitCount"))
    zero = verb("zero", "confirm SKUs nobody counted are not there", cmd_zero)
    zero.add_argument("--sku", action="append")
    zero.add_argument("--all-not-counted", action="store_true")
    verb("approve", "approve and post a submitted count", _action("ApproveCount"))
    cancel = verb("cancel", "cancel a count session", _action("CancelCount"))
    cancel.add_argument("--note", default="")
