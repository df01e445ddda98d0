"""hoctl replenish minmax | cost | supplier: the settings a run takes from people.

  hoctl replenish minmax set --store S --sku SKU --min N --max N
  hoctl replenish minmax show [--store S] [--sku SKU] [--format table|json|csv]
  hoctl replenish minmax clear --store S --sku SKU
  hoctl replenish minmax import FILE          (CSV or .xlsx: store,sku,min,max)
  hoctl replenish cost set FROM TO COST       (minor units; lower is tried first)
  hoctl replenish cost list [--format ...]
  hoctl replenish supplier set SKU SUPPLIER --pack N [--min-order N] [--cost MINOR]
  hoctl replenish supplier list [--format ...]

The runs themselves are hoctl_replenish.py's.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from common import spreadsheets
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import replenish_admin_pb2 as pb
from common.pb.storeledger.v1 import replenish_admin_pb2_grpc as pb_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg

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


def register_settings(actions: argparse._SubParsersAction) -> None:
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
