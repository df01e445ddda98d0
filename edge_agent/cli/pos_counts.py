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
  pos count sheet SESSION --out FILE [--pdf]   the sheet to count from
  pos count import SESSION FILE                a filled count file as your count lines
  pos count report SESSION --out FILE          the variance report (PDF)
  pos count key-items show | set SKU ...       what an incoming cashier counts at a handover
                                               (set: a manager; set with no SKU: none)

Everything runs as the person signed in at the till (pos login). Book quantities and
variances show only to a person whose role may see them (docs/stocktake.md).
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.cli.options import add_format, add_till
from common.cli.output import Output
from common.cli.render import Column
from common.domain.count_sheets import SheetItem
from common.domain.stocktake import check_line_qty
from common.errors import InvalidInput
from common.i18n import _
from common.pb.storeledger.v1 import store_counts_pb2 as pb
from common.pb.storeledger.v1 import store_counts_pb2_grpc
from common.reports.count_sheet import SheetHeader, count_sheet_csv, count_sheet_pdf
from edge_agent.cli.count_documents import (
    BOOK_LINE_COLUMNS,
    BOOK_RESULT_COLUMNS,
    LINE_COLUMNS,
    RESULT_COLUMNS,
    SESSION_COLUMNS,
    line_document,
    report_document,
    report_text,
    session_document,
)
from edge_agent.cli.pos_shared import Till

_WHOLE = re.compile(r"[+-]?[0-9]+")


def parse_qty(text: str) -> int:
    """A typed count: a whole number of base units (a correction below zero)."""
    text = text.strip()
    if not _WHOLE.fullmatch(text):
        check_line_qty(text, "")  # refuses it with the sentence every side uses
    return int(text)


def _call(till: Till, rpc: str, request: Any) -> Any:
    """Call StoreCounts over the till's socket."""
    return till.call(getattr(till.stub_of(store_counts_pb2_grpc.StoreCountsStub), rpc), request)


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
    reply = _call(till, "ListCounts", pb.ListStoreCountsRequest(state=args.state or ""))
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


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file; pos never overwrites one."""
    if not path.parent.is_dir():
        raise InvalidInput(
            _("cannot write {path}: directory {directory} does not exist").format(
                path=path, directory=path.parent
            )
        )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise InvalidInput(
            _("{path} already exists; pos never overwrites a file, choose another --out").format(
                path=path
            )
        ) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def cmd_sheet(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = _call(till, "CountSheet", pb.CountActionRequest(session_id=args.session))
    items = [
        SheetItem(location=i.location, sku=i.sku, barcode=i.barcode, name=i.name, unit=i.unit)
        for i in reply.items
    ]
    if args.pdf:
        header = SheetHeader(reply.session.session_id, reply.store_code, reply.session.title)
        data = count_sheet_pdf(header, items)
    else:
        data = count_sheet_csv(items).encode()
    _write_new(Path(args.out), data)
    done = {"session_id": reply.session.session_id, "path": args.out, "sku_count": len(items)}
    out.record(
        done,
        lambda: _("wrote the count sheet of count session {session} to {path} ({n} SKUs)").format(
            session=done["session_id"], path=args.out, n=len(items)
        ),
    )


def cmd_import(args: argparse.Namespace, till: Till, out: Output) -> None:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path}: {reason}").format(path=args.file, reason=exc.strerror)
        ) from exc
    reply = _call(
        till, "ImportCountFile", pb.ImportCountFileRequest(session_id=args.session, data=data)
    )
    rows = [line_document(ln) for ln in reply.lines]
    done = {
        "session_id": reply.session.session_id,
        "line_count": len(rows),
        "replayed": reply.replayed,
        "lines": rows,
    }

    def text() -> str:
        if reply.replayed:
            return _(
                "this file was imported into count session {session} before: its {n} lines"
                " stand, nothing new written"
            ).format(session=done["session_id"], n=len(rows))
        return _("imported {n} count lines into count session {session}").format(
            n=len(rows), session=done["session_id"]
        )

    out.record(done, text, rows_key="lines", columns=LINE_COLUMNS)


def cmd_report(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = _call(till, "VarianceReport", pb.CountActionRequest(session_id=args.session))
    _write_new(Path(args.out), reply.pdf)
    done = {"session_id": args.session, "path": args.out}
    out.record(
        done,
        lambda: _("wrote the variance report of count session {session} to {path}").format(
            session=args.session, path=args.out
        ),
    )


def cmd_key_items(args: argparse.Namespace, till: Till, out: Output) -> None:
    if args.key_items_command == "set":
        request = pb.KeyItemsRequest(skus=args.skus)
        reply = _call(till, "SetKeyItems", request)
    else:
        reply = _call(till, "ListKeyItems", pb.KeyItemsRequest())
    data = {"key_items": [{"sku": sku} for sku in reply.skus]}

    def text() -> str:
        if not reply.skus:
            return _("no key items: a handover passes the drawer without a spot count")
        return _("key items counted at each handover: {skus}").format(skus=", ".join(reply.skus))

    out.record(data, text, rows_key="key_items", columns=[Column("sku")])


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
    sheet = verb("sheet", "write the sheet to count from (CSV, or --pdf)", cmd_sheet)
    sheet.add_argument("--out", required=True, metavar="FILE")
    sheet.add_argument("--pdf", action="store_true", help="a PDF to print instead of CSV")
    imported = verb("import", "take a filled count file as your count lines", cmd_import)
    imported.add_argument("file", help="CSV or tab-separated: sku or barcode, qty, location")
    report = verb("report", "write the variance report (PDF) a manager signs", cmd_report)
    report.add_argument("--out", required=True, metavar="FILE")
    key = verbs.add_parser("key-items", help="the key items counted at each shift handover")
    key_verbs = key.add_subparsers(dest="key_items_command", required=True)
    for name, help_text in (
        ("show", "the store's key items"),
        ("set", "replace the store's key items (a manager)"),
    ):
        parser = key_verbs.add_parser(name, help=help_text)
        if name == "set":
            parser.add_argument("skus", nargs="*", metavar="SKU", help="none: no key items")
        add_till(parser)
        add_format(parser)
        parser.set_defaults(func=cmd_key_items)
