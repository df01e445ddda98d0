"""hoctl replenish run | show | list | approve | minmax | cost | supplier.

  hoctl replenish run [--dry-run] [--store S] [--category C] [--format table|json|csv]
  hoctl replenish show RUN [--format table|json|csv]
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
from pathlib import Path
from typing import Any

from common import spreadsheets
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import replenish_admin_pb2 as pb
from common.pb.storeledger.v1 import replenish_admin_pb2_grpc as pb_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg
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
MIN_MAX_COLUMNS = [
    Column("store", N_("STORE")),
    Column("sku", N_("SKU")),
    Column("min_qty_base", N_("MIN"), "int"),
    Column("max_qty_base", N_("MAX"), "int"),
]
COST_COLUMNS = [
    Column("from_store", N_("FROM")),
    Column("to_store", N_("TO")),
    Column("transfer_cost_minor", N_("COST"), "money"),
]
SUPPLY_COLUMNS = [
    Column("sku", N_("SKU")),
    Column("supplier", N_("SUPPLIER")),
    Column("pack_qty_base", N_("PACK"), "int"),
    Column("min_order_qty_base", N_("MIN ORDER"), "int"),
    Column("unit_cost_minor", N_("UNIT COST"), "money"),
]


def _stub(clients: Clients) -> pb_grpc.ReplenishAdminStub:
    return pb_grpc.ReplenishAdminStub(clients.channel)


def whole_arg(text: str) -> int:
    """A whole number typed on the command line, or a sentence naming it."""
    try:
        return int(text.strip(), 10)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a whole number").format(text=repr(text))
        ) from None


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
        pb.GetReplenishRunRequest(run_id=args.run), timeout=CALL_TIMEOUT_S
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


def _min_max_rows(rows: Any) -> list[dict[str, Any]]:
    return [{"store": r.store_code, "sku": r.sku, "min_qty_base": r.min_qty_base,
             "max_qty_base": r.max_qty_base} for r in rows]  # fmt: skip


def cmd_minmax_set(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    row = pb.MinMaxRow(store_code=args.store, sku=args.sku, min_qty_base=args.min,
                       max_qty_base=args.max)  # fmt: skip
    _stub(clients).SetMinMax(pb.SetMinMaxRequest(rows=[row]), timeout=CALL_TIMEOUT_S)
    out.say(
        _("{sku} at {store}: min {min}, max {max} (overrides the computed figure)").format(
            sku=args.sku, store=args.store, min=args.min, max=args.max
        )
    )
    return 0


def cmd_minmax_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ShowMinMax(
        pb.ShowMinMaxRequest(store_code=args.store or "", sku=args.sku or ""),
        timeout=CALL_TIMEOUT_S,
    )
    out.listing(_min_max_rows(reply.rows), headings(MIN_MAX_COLUMNS),
                empty=_("no min/max set; every figure is computed"))  # fmt: skip
    return 0


def cmd_minmax_clear(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    _stub(clients).ClearMinMax(
        pb.ClearMinMaxRequest(store_code=args.store, sku=args.sku), timeout=CALL_TIMEOUT_S
    )
    out.say(_("{sku} at {store} is computed again").format(sku=args.sku, store=args.store))
    return 0


def read_min_max(path: Path) -> list[pb.MinMaxRow]:
    """store,sku,min,max rows of a CSV or .xlsx file (a header line first); every bad cell
    refused with its line before anything is sent."""
    rows: list[pb.MinMaxRow] = []
    header: list[str] | None = None
    for line_no, cells in spreadsheets.read_rows(path):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            missing = [n for n in ("store", "sku", "min", "max") if n not in header]
            if missing:
                raise spreadsheets.SpreadsheetRefused(
                    _("{path} needs the columns store, sku, min and max; {missing} missing")
                    .format(path=path, missing=", ".join(missing))
                )  # fmt: skip
            continue
        value = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            low, high = int(value.get("min", ""), 10), int(value.get("max", ""), 10)
        except ValueError:
            raise spreadsheets.SpreadsheetRefused(
                _("line {line_no} of {path}: min and max must be whole numbers").format(
                    line_no=line_no, path=path
                )
            ) from None
        rows.append(pb.MinMaxRow(store_code=value.get("store", ""), sku=value.get("sku", ""),
                                 min_qty_base=low, max_qty_base=high))  # fmt: skip
    return rows


def cmd_minmax_import(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.file)
    rows = read_min_max(path)
    reply = _stub(clients).SetMinMax(
        pb.SetMinMaxRequest(rows=rows, source=path.name), timeout=CALL_TIMEOUT_S
    )
    out.say(_("{count} min/max rows set from {file}").format(count=reply.count, file=path.name))
    return 0


def cmd_cost_set(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    _stub(clients).SetTransferCost(
        pb.TransferCost(from_store=args.from_store, to_store=args.to_store, cost_minor=args.cost),
        timeout=CALL_TIMEOUT_S,
    )
    out.say(_("moving stock from {a} to {b} costs {cost} (minor units)").format(
        a=args.from_store, b=args.to_store, cost=args.cost))  # fmt: skip
    return 0


def cmd_cost_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListTransferCosts(pb.ListTransferCostsRequest(), timeout=CALL_TIMEOUT_S)
    rows = [{"from_store": c.from_store, "to_store": c.to_store,
             "transfer_cost_minor": c.cost_minor, "currency": DEFAULT_CURRENCY}
            for c in reply.costs]  # fmt: skip
    out.listing(rows, headings(COST_COLUMNS), empty=_("no costs set; every pair costs the default"))
    return 0


def cmd_supplier_set(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    _stub(clients).SetSupplyTerms(
        pb.SupplyTerms(sku=args.sku, supplier_code=args.supplier, pack_qty_base=args.pack,
                       min_order_qty_base=args.min_order, unit_cost_minor=args.cost),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    out.say(_("{sku} is bought from {supplier} in packs of {pack}, at least {least}").format(
        sku=args.sku, supplier=args.supplier, pack=args.pack, least=args.min_order))  # fmt: skip
    return 0


def cmd_supplier_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListSupplyTerms(pb.ListSupplyTermsRequest(), timeout=CALL_TIMEOUT_S)
    rows = [{"sku": t.sku, "supplier": t.supplier_code, "pack_qty_base": t.pack_qty_base,
             "min_order_qty_base": t.min_order_qty_base, "unit_cost_minor": t.unit_cost_minor,
             "currency": DEFAULT_CURRENCY} for t in reply.terms]  # fmt: skip
    out.listing(rows, headings(SUPPLY_COLUMNS), empty=_("no supply terms set"))
    return 0


def _register_settings(actions: argparse._SubParsersAction) -> None:
    minmax = actions.add_parser("minmax", help=_("min/max per store and SKU, set by hand"))
    mm = minmax.add_subparsers(dest="minmax_command", required=True, metavar="ACTION")
    mm_set = mm.add_parser("set", help=_("set a store's min and max of a SKU"))
    mm_set.add_argument("--store", required=True, type=store_code_arg)
    mm_set.add_argument("--sku", required=True)
    mm_set.add_argument("--min", required=True, type=whole_arg)
    mm_set.add_argument("--max", required=True, type=whole_arg)
    mm_set.set_defaults(handler=cmd_minmax_set, context="replenish minmax set")
    mm_show = mm.add_parser("show", help=_("the min/max set by hand"))
    mm_show.add_argument("--store", type=store_code_arg)
    mm_show.add_argument("--sku")
    add_format(mm_show)
    mm_show.set_defaults(handler=cmd_minmax_show, context="replenish minmax show")
    mm_clear = mm.add_parser("clear", help=_("go back to the computed figure"))
    mm_clear.add_argument("--store", required=True, type=store_code_arg)
    mm_clear.add_argument("--sku", required=True)
    mm_clear.set_defaults(handler=cmd_minmax_clear, context="replenish minmax clear")
    mm_import = mm.add_parser("import", help=_("set many from a CSV or Excel file"))
    mm_import.add_argument("file")
    mm_import.set_defaults(handler=cmd_minmax_import, context="replenish minmax import")
    cost = actions.add_parser("cost", help=_("store-to-store transfer costs"))
    cc = cost.add_subparsers(dest="cost_command", required=True, metavar="ACTION")
    c_set = cc.add_parser("set", help=_("the cost of moving stock from one store to another"))
    c_set.add_argument("from_store", type=store_code_arg, metavar="FROM")
    c_set.add_argument("to_store", type=store_code_arg, metavar="TO")
    c_set.add_argument("cost", type=whole_arg, metavar="COST")
    c_set.set_defaults(handler=cmd_cost_set, context="replenish cost set")
    c_list = cc.add_parser("list", help=_("the costs set by hand"))
    add_format(c_list)
    c_list.set_defaults(handler=cmd_cost_list, context="replenish cost list")
    supplier = actions.add_parser("supplier", help=_("who supplies a SKU, pack and minimum"))
    ss = supplier.add_subparsers(dest="supplier_command", required=True, metavar="ACTION")
    s_set = ss.add_parser("set", help=_("set a SKU's supplier, pack size and minimum order"))
    s_set.add_argument("sku")
    s_set.add_argument("supplier")
    s_set.add_argument("--pack", required=True, type=whole_arg)
    s_set.add_argument("--min-order", type=whole_arg, default=0)
    s_set.add_argument("--cost", type=whole_arg, default=0, help=_("unit cost in minor units"))
    s_set.set_defaults(handler=cmd_supplier_set, context="replenish supplier set")
    s_list = ss.add_parser("list", help=_("the supply terms set by hand"))
    add_format(s_list)
    s_list.set_defaults(handler=cmd_supplier_list, context="replenish supplier list")


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
    _register_settings(actions)
