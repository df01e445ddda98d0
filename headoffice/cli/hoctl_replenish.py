"""hoctl replenish run | show | list | approve | minmax | cost | supplier.

  hoctl replenish run [--dry-run] [--store S] [--category C] [--format table|json|csv]
  hoctl replenish show RUN [--after N] [--limit N] [--format table|json|csv]
  hoctl replenish list [--limit N] [--format table|json|csv]
  hoctl replenish approve RUN [--lines 1,3,4] [--format table|json|csv]
  hoctl replenish minmax set --store S --sku SKU --min N --max N
  hoctl replenish minmax show [--store S] [--sku SKU] [--format table|json|csv]
  hoctl replenish minmax clear --store S --sku SKU
  hoctl replenish minmax import FILE          (CSV or .xlsx: store,sku,min,max)
  hoctl replenish cost set FROM TO COST       (minor units; lower is tried first)
  hoctl replenish cost list [--format ...]
  hoctl replenish supplier set SKU SUPPLIER --pack N [--min-order N] [--cost MINOR]
  hoctl replenish supplier list [--format ...]

Quantities are whole base units, money minor units; d̄ and σ print per day with three
decimals (JSON: the integer thousandths, `_milli`). docs/replenishment.md walks it through.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import replenish_admin_pb2 as pb
from common.pb.storeledger.v1 import replenish_admin_pb2_grpc as pb_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg
from headoffice.cli.hoctl_replenish_settings import register_settings, whole_arg
from headoffice.cli.replenish_progress import RunProgress, watched_run

# A run over a whole chain reads 90 days of movements: more than a plain call's time.
RUN_TIMEOUT_S = 3_600
MILLI_FIELDS = ("velocity_milli", "sigma_milli", "z_milli")


def milli_text(value: int) -> str:
    """Thousandths as a decimal with three places (1645 -> 1.645), exact."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 1000}.{value % 1000:03d}"


def _milli(key: str, title: str) -> Column:
    return Column(key, title, "int", milli_text)


LINE_COLUMNS = [
    Column("line_no", N_("LINE"), "int"),
    Column("kind", N_("KIND")),
    Column("state", N_("STATE")),
    Column("store", N_("STORE")),
    Column("sku", N_("SKU")),
    Column("from", N_("FROM")),
    Column("qty_base", N_("QTY"), "int"),
    Column("raw_qty_base", N_("RAW"), "int"),
    Column("pack_qty_base", N_("PACK"), "int"),
    Column("min_order_qty_base", N_("MIN ORDER"), "int"),
    Column("source", N_("SOURCE")),
    _milli("velocity_milli", N_("D/DAY")),
    _milli("sigma_milli", N_("SIGMA")),
    Column("lead_time_days", N_("L"), "int"),
    Column("review_period_days", N_("R"), "int"),
    _milli("z_milli", N_("Z")),
    Column("on_hand_qty_base", N_("ON HAND"), "int"),
    Column("inbound_qty_base", N_("INBOUND"), "int"),
    Column("on_order_qty_base", N_("ON ORDER"), "int"),
    Column("reserved_qty_base", N_("RESERVED"), "int"),
    Column("order_up_to_qty_base", N_("ORDER UP TO"), "int"),
    Column("need_qty_base", N_("NEED"), "int"),
    Column("document_id", N_("DOCUMENT")),
]
# CSV keeps the integers as they are (thousandths included), the sender and supplier apart.
CSV_COLUMNS = [
    Column("replenishment_run_id"),
    *(Column(c.key, c.header, c.kind) for c in LINE_COLUMNS if c.key != "from"),
    Column("from_store"),
    Column("supplier"),
]
RUN_COLUMNS = [
    Column("replenishment_run_id", N_("RUN")),
    Column("state", N_("STATE")),
    Column("store", N_("STORE")),
    Column("category", N_("CATEGORY")),
    Column("line_count", N_("LINES"), "int"),
    Column("value_minor", N_("VALUE"), "money"),
    Column("created_by", N_("CREATED BY")),
    Column("created_at", N_("CREATED AT")),
    Column("approved_by", N_("APPROVED BY")),
]


def _stub(clients: Clients) -> pb_grpc.ReplenishAdminStub:
    return pb_grpc.ReplenishAdminStub(clients.channel)


def lines_arg(text: str) -> list[int]:
    """--lines 1,3,4 -> [1, 3, 4]."""
    return [whole_arg(part) for part in text.split(",") if part.strip()]


def line_document(line: pb.ReplenishLine) -> dict[str, Any]:
    return {
        "line_no": line.line_no,
        "kind": line.kind,
        "state": line.state,
        "store": line.store_code,
        "sku": line.sku,
        "from_store": line.from_store,
        "supplier": line.supplier_code,
        "qty_base": line.qty_base,
        "raw_qty_base": line.raw_qty_base,
        "pack_qty_base": line.pack_qty_base,
        "min_order_qty_base": line.min_order_qty_base,
        "unit_cost_minor": line.unit_cost_minor,
        "value_minor": line.qty_base * line.unit_cost_minor,
        "source": line.source,
        "velocity_milli": line.velocity_milli,
        "sigma_milli": line.sigma_milli,
        "lead_time_days": line.lead_time_days,
        "review_period_days": line.review_period_days,
        "z_milli": line.z_milli,
        "on_hand_qty_base": line.on_hand_qty_base,
        "inbound_qty_base": line.inbound_qty_base,
        "on_order_qty_base": line.on_order_qty_base,
        "reserved_qty_base": line.reserved_qty_base,
        "position_qty_base": (
            line.on_hand_qty_base
            + line.inbound_qty_base
            + line.on_order_qty_base
            - line.reserved_qty_base
        ),  # fmt: skip
        "order_up_to_qty_base": line.order_up_to_qty_base,
        "reorder_point_qty_base": line.reorder_point_qty_base,
        "need_qty_base": line.need_qty_base,
        "from_on_hand_qty_base": line.from_on_hand_qty_base,
        "document_id": line.document_id,
    }


def run_document(run: pb.ReplenishRun) -> dict[str, Any]:
    return {
        "replenishment_run_id": run.run_id,
        "state": run.state,
        "store": run.store_code,
        "category": run.category,
        "service_level_bp": run.service_level_bp,
        "review_period_days": run.review_period_days,
        "window_days": run.window_days,
        "transfer_lead_time_days": run.transfer_lead_time_days,
        "created_by": run.created_by,
        "created_at": rfc3339(run.created_at_ms),
        "approved_by": run.approved_by,
        "approved_at": rfc3339(run.approved_at_ms),
        "line_count": run.line_count,
        "value_minor": run.value_minor,
        "currency": DEFAULT_CURRENCY,  # valued at catalogue or supplier cost, the chain's currency
        "lines": [line_document(line) for line in run.lines],
    }


def show_text(data: dict[str, Any]) -> str:
    run_id = data["replenishment_run_id"] or _("(dry run, not kept)")
    head = _(
        "replenishment run {run_id}: {state}, {count} lines; service level {level} "
        "(basis points), review every {review} days, demand over {window} days"
    ).format(run_id=run_id, state=data["state"], count=len(data["lines"]),
             level=data["service_level_bp"], review=data["review_period_days"],
             window=data["window_days"])  # fmt: skip
    if not data["lines"]:
        return head + "\n" + _("nothing to transfer or buy")
    rows = [{**line, "from": line["from_store"] or line["supplier"]} for line in data["lines"]]
    return head + "\n" + table(headings(LINE_COLUMNS), rows)


def _show(out: Output, run: pb.ReplenishRun) -> None:
    data = run_document(run)
    out.record(data, lambda: show_text(data), rows_key="lines", columns=CSV_COLUMNS)
    if out.for_people and run.lines and run.lines[-1].line_no < run.line_count:
        out.warn(
            _("lines {first}-{last} of {count}; the next page: hoctl replenish show {run_id} "
              "--after {last}").format(first=run.lines[0].line_no, last=run.lines[-1].line_no,
                                       count=run.line_count, run_id=run.run_id or "RUN")
        )  # fmt: skip


def cmd_run(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    if out.for_people:
        out.warn(_("computing the run from 90 days of movements ..."))
    replies = _stub(clients).RunReplenishmentWatched(
        pb.RunReplenishmentRequest(
            store_code=args.store or "", category=args.category or "", dry_run=args.dry_run
        ),
        timeout=RUN_TIMEOUT_S,
    )
    _show(out, watched_run(replies, RunProgress(sys.stderr)))
    return 0


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).GetReplenishRun(
        pb.GetReplenishRunRequest(run_id=args.run, after_line=args.after, limit=args.limit),
        timeout=CALL_TIMEOUT_S,
    )
    _show(out, reply)
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListReplenishRuns(
        pb.ListReplenishRunsRequest(limit=args.limit), timeout=CALL_TIMEOUT_S
    )
    rows = [{k: v for k, v in run_document(r).items() if k != "lines"} for r in reply.runs]
    out.listing(rows, headings(RUN_COLUMNS), empty=_("no replenishment runs yet"))
    return 0


def cmd_approve(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ApproveReplenishRun(
        pb.ApproveReplenishRunRequest(run_id=args.run, line_nos=args.lines or []),
        timeout=CALL_TIMEOUT_S,
    )
    documents = sorted({ln.document_id for ln in reply.lines if ln.document_id})
    if out.for_people:
        out.say(
            _("replenishment run {run_id} is {state}; documents: {documents}").format(
                run_id=reply.run_id, state=reply.state, documents=", ".join(documents)
            )
        )
    _show(out, reply)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "replenish", help=_("replenishment: runs, approval, min/max, costs, suppliers")
    )
    actions = group.add_subparsers(dest="replenish_command", required=True, metavar="ACTION")
    run = actions.add_parser("run", help=_("compute reorder suggestions, transfers first"))
    run.add_argument("--dry-run", action="store_true", help=_("show it without keeping it"))
    run.add_argument("--store", type=store_code_arg)
    run.add_argument("--category")
    add_format(run)
    run.set_defaults(handler=cmd_run, context="replenish run")
    show = actions.add_parser("show", help=_("a run's lines with every input"))
    show.add_argument("run")
    show.add_argument(
        "--after",
        type=whole_arg,
        default=0,
        help=_("only the lines numbered after this one (the next page)"),
    )
    show.add_argument("--limit", type=whole_arg, default=0,
                      help=_("at most this many lines (default and most: 5,000)"))  # fmt: skip
    add_format(show)
    show.set_defaults(handler=cmd_show, context="replenish show")
    listing = actions.add_parser("list", help=_("runs, newest first"))
    listing.add_argument("--limit", type=whole_arg, default=50)
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="replenish list")
    approve = actions.add_parser("approve", help=_("create the run's transfers and orders"))
    approve.add_argument("run")
    approve.add_argument("--lines", type=lines_arg, help=_("only these lines: 1,3,4"))
    add_format(approve)
    approve.set_defaults(handler=cmd_approve, context="replenish approve")
    register_settings(actions)
