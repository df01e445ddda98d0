"""hoctl count create | list | show | variance | cancel | approve | plan | key-items.

  hoctl count create --store S --scope full|category|skus|abc [--category C ...] [--sku S ...]
                     [--class A ...] [--title T]
  hoctl count list [--store S] [--state X] [--format table|json|csv]
  hoctl count show SESSION [--format table|json|csv]
  hoctl count variance SESSION [--by sku|category|location] [--format table|json|csv]
  hoctl count cancel SESSION
  hoctl count approve SESSION
  hoctl count plan [--store S] [--create] [--format table|json|csv]
  hoctl count key-items show|set --store S [SKU ...]     (hoctl_key_items.py)

A session created here reaches its store as a count order; the store counts and,
once approved, posts one adjustment per SKU with a variance in its own ledger.
Quantities are base units, values minor units at moving-average cost. What the
commands print is count_documents.py's.
"""

from __future__ import annotations

import argparse

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import table
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import _
from common.pb.storeledger.v1 import count_admin_pb2, count_admin_pb2_grpc
from headoffice.cli import hoctl_key_items
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg
from headoffice.cli.count_documents import (
    LIST_COLUMNS,
    PLAN_COLUMNS,
    RESULT_COLUMNS,
    VARIANCE_COLUMNS,
    report_document,
    session_document,
    show_text,
    totals_document,
    totals_lines,
)


def _stub(clients: Clients) -> count_admin_pb2_grpc.CountAdminStub:
    return count_admin_pb2_grpc.CountAdminStub(clients.channel)


def _said(s: count_admin_pb2.CountSessionInfo) -> str:
    if s.state == "ordered":
        text = _("count session {session} for {store} is created and sent to the store")
    elif s.state == "approving":
        text = _(
            "count session {session} at {store} is approved by {user}; its variance needs a"
            " second approver"
        )
    elif s.approved_by and s.state != "posted":
        text = _(
            "count session {session} at {store} is approved; the store posts the variance when"
            " it receives the approval"
        )
    else:
        text = _("count session {session} at {store} is {state}")
    return text.format(
        session=s.session_id, store=s.store_code, state=s.state, user=s.first_approver
    )


def _session_out(out: Output, s: count_admin_pb2.CountSessionInfo) -> None:
    out.record(session_document(s), lambda: _said(s), columns=headings(LIST_COLUMNS))


def cmd_create(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).CreateCount(
        count_admin_pb2.CreateCountRequest(
            store_code=args.store,
            scope_kind=args.scope,
            categories=args.category or [],
            skus=args.sku or [],
            abc_classes=args.abc_class or [],
            locations=args.location or [],
            title=args.title or "",
            selling_locations=args.selling_location or [],
            blind=args.blind,
        ),
        timeout=CALL_TIMEOUT_S,
    )
    _session_out(out, reply)
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListCounts(
        count_admin_pb2.ListCountsRequest(store_code=args.store or "", state=args.state or ""),
        timeout=CALL_TIMEOUT_S,
    )
    out.listing(
        [session_document(s) for s in reply.sessions],
        headings(LIST_COLUMNS),
        empty=_("no count sessions"),
    )
    return 0


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ShowCount(
        count_admin_pb2.CountRef(session_id=args.session), timeout=CALL_TIMEOUT_S
    )
    data = report_document(reply)
    out.record(data, lambda: show_text(data), rows_key="results", columns=RESULT_COLUMNS)
    return 0


def cmd_variance(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).CountVariance(
        count_admin_pb2.CountVarianceRequest(session_id=args.session, by=args.by),
        timeout=CALL_TIMEOUT_S,
    )
    data = {
        "session_id": reply.session_id,
        "store": reply.store_code,
        "by": reply.by,
        "currency": DEFAULT_CURRENCY,
        "rows": [
            {
                "key": r.key,
                "sku_count": r.skus,
                "book_qty_base": r.book_qty_base,
                "counted_qty_base": r.counted_qty_base,
                "gain_qty_base": r.gain_qty_base,
                "loss_qty_base": r.loss_qty_base,
                "gain_minor": r.gain_minor,
                "loss_minor": r.loss_minor,
                "net_minor": r.net_minor,
            }
            for r in reply.rows
        ],
        "totals": totals_document(reply.totals),
    }

    def text() -> str:
        lines = [table(headings(VARIANCE_COLUMNS), data["rows"], DEFAULT_CURRENCY)]
        return "\n".join(lines + totals_lines(data["totals"], DEFAULT_CURRENCY))

    out.record(data, text, rows_key="rows", columns=VARIANCE_COLUMNS)
    return 0


def cmd_cancel(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).CancelCount(
        count_admin_pb2.CountRef(session_id=args.session), timeout=CALL_TIMEOUT_S
    )
    _session_out(out, reply)
    return 0


def cmd_approve(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ApproveCount(
        count_admin_pb2.CountRef(session_id=args.session), timeout=CALL_TIMEOUT_S
    )
    _session_out(out, reply)
    return 0


def cmd_plan(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).PlanCounts(
        count_admin_pb2.PlanCountsRequest(store_code=args.store or "", create=args.create),
        timeout=CALL_TIMEOUT_S,
    )
    rows = [
        {
            "store": p.store_code,
            "abc_class": p.abc_class,
            "sku_count": len(p.skus),
            "skus": list(p.skus),
            "session_id": p.session_id,
        }
        for p in reply.proposals
    ]
    shown = [
        {**row, "skus": ", ".join(row["skus"][:8]) + (" ..." if len(row["skus"]) > 8 else "")}
        for row in rows
    ]
    if out.format == "json":
        out.listing(rows, headings(PLAN_COLUMNS))
    else:
        out.listing(shown, headings(PLAN_COLUMNS), empty=_("no SKU is due for a count"))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "count",
        help=_("stocktake: create, list, show, variance, cancel, approve, plan, key-items"),
    )
    actions = group.add_subparsers(dest="count_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help=_("create a count session for a store"))
    create.add_argument("--store", required=True, type=store_code_arg)
    # Not argparse choices: head office refuses a bad scope with a sentence listing the valid
    # ones, and says why a location count starts at the store.
    create.add_argument("--scope", required=True, help=_("full, category, skus or abc"))
    create.add_argument("--category", action="append", help=_("a category (its subtree too)"))
    create.add_argument("--sku", action="append")
    create.add_argument("--class", dest="abc_class", action="append", help=_("A, B or C"))
    create.add_argument("--location", action="append", help=argparse.SUPPRESS)
    create.add_argument("--title")
    create.add_argument(
        "--blind", action="store_true", help=_("counters do not see the book quantity")
    )
    create.add_argument(
        "--selling-location",
        action="append",
        help=_("a place the tills sell from (each SKU's book is taken at its last line there)"),
    )
    add_format(create)
    create.set_defaults(handler=cmd_create, context="count create")
    listing = actions.add_parser("list", help=_("count sessions, newest first"))
    listing.add_argument("--store", type=store_code_arg)
    listing.add_argument("--state")
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="count list")
    show = actions.add_parser("show", help=_("a session's results, not counted, unknown barcodes"))
    show.add_argument("session")
    add_format(show)
    show.set_defaults(handler=cmd_show, context="count show")
    variance = actions.add_parser("variance", help=_("the variance report (盘盈/盘亏)"))
    variance.add_argument("session")
    variance.add_argument("--by", default="sku", help=_("sku, category or location"))
    add_format(variance)
    variance.set_defaults(handler=cmd_variance, context="count variance")
    cancel = actions.add_parser("cancel", help=_("cancel a session that is not posted"))
    cancel.add_argument("session")
    add_format(cancel)
    cancel.set_defaults(handler=cmd_cancel, context="count cancel")
    approve = actions.add_parser("approve", help=_("approve a submitted session (not your own)"))
    approve.add_argument("session")
    add_format(approve)
    approve.set_defaults(handler=cmd_approve, context="count approve")
    plan = actions.add_parser("plan", help=_("the cycle-count plan: the sessions now due"))
    plan.add_argument("--store", type=store_code_arg)
    plan.add_argument("--create", action="store_true", help=_("create the proposed sessions"))
    add_format(plan)
    plan.set_defaults(handler=cmd_plan, context="count plan")
    hoctl_key_items.register(actions)
