"""hoctl supplier add | list | returns, and hoctl po create | add-line | remove-line | send |
cancel | close | list | show | export."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.cli.documents import ORDER_LINE_COLUMNS, purchase_order
from common.cli.item_lines import ORDER, parse_item_line
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text, rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import purchasing_pb2, purchasing_pb2_grpc
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    HoctlError,
    headings,
    store_code_arg,
    write_new,
)
from headoffice.cli.po_export import order_csv, order_pdf

ORDER_STATES = ("draft", "sent", "partly_received", "closed", "cancelled")
SUPPLIER_COLUMNS = [
    Column("supplier", N_("SUPPLIER")),
    Column("name", N_("NAME")),
    Column("contact", N_("CONTACT")),
    Column("created_at", N_("CREATED AT")),
    Column("created_by", N_("CREATED BY")),
]
ORDER_COLUMNS = [
    Column("po_id", N_("PO ID")),
    Column("store", N_("STORE")),
    Column("supplier", N_("SUPPLIER")),
    Column("state", N_("STATE")),
    Column("line_count", N_("LINES"), "int"),
    Column("total_minor", N_("TOTAL"), "money"),
    Column("updated_at", N_("UPDATED AT")),
]


def _sku_quantities(lines: list[dict[str, Any]]) -> str:
    return " ".join(f"{ln['sku']}={ln['qty_base']}" for ln in lines)


RETURN_COLUMNS = [
    Column("store", N_("STORE")),
    Column("seq", N_("SEQ"), kind="int"),
    Column("supplier", N_("SUPPLIER")),
    Column("reason", N_("REASON")),
    Column("actor", N_("ACTOR")),
    Column("occurred_at", N_("AT")),
    Column("qty_base", N_("QTY"), "int"),
    Column("value_minor", N_("VALUE"), "money"),
    Column("lines", N_("LINES"), show=_sku_quantities),
]


def _stub(clients: Clients) -> purchasing_pb2_grpc.PurchasingStub:
    return purchasing_pb2_grpc.PurchasingStub(clients.channel)


def parse_order_line(text: str) -> purchasing_pb2.OrderLineRequest:
    """SKU=QTY@COST -> an order line (COST in minor units per base unit)."""
    line = parse_item_line(text, ORDER)
    return purchasing_pb2.OrderLineRequest(
        sku=line.code, ordered_qty_base=line.qty_base, unit_cost_minor=line.unit_cost_minor
    )


# -- suppliers ---------------------------------------------------------------------------


def cmd_supplier_add(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    row = _stub(clients).AddSupplier(
        purchasing_pb2.AddSupplierRequest(code=args.code, name=args.name, contact=args.contact),
        timeout=CALL_TIMEOUT_S,
    )
    out.say(_("added supplier {supplier} ({name})").format(supplier=row.code, name=row.name))
    return 0


def cmd_supplier_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListSuppliers(
        purchasing_pb2.ListSuppliersRequest(), timeout=CALL_TIMEOUT_S
    )
    rows = [
        {
            "supplier": s.code,
            "name": s.name,
            "contact": s.contact,
            "created_at": rfc3339(s.created_at_ms),
            "created_by": s.created_by,
        }
        for s in reply.suppliers
    ]
    out.listing(rows, headings(SUPPLIER_COLUMNS))
    return 0


def cmd_supplier_returns(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListSupplierReturns(
        purchasing_pb2.ListSupplierReturnsRequest(
            store_code=args.store or "", supplier_code=args.supplier or ""
        ),
        timeout=CALL_TIMEOUT_S,
    )
    rows = [
        {
            "store": r.store_code,
            "seq": r.seq,
            "return_id": r.return_id,
            "supplier": r.supplier_code,
            "reason": r.reason,
            "actor": r.actor,
            "occurred_at": rfc3339(r.occurred_at_ms),
            "qty_base": r.qty_base,
            "value_minor": r.value_minor,
            "currency": DEFAULT_CURRENCY,  # valued at head office's cost, in the chain's currency
            "lines": [{"sku": ln.sku, "qty_base": ln.qty_base} for ln in r.lines],
        }
        for r in reply.returns
    ]
    out.listing(rows, headings(RETURN_COLUMNS))
    return 0


# -- purchase orders -------------------------------------------------------------------------


def order_text(order: dict[str, Any]) -> str:
    currency = order["currency"]
    head = [
        _("purchase order {po_id}: {state}").format(po_id=order["po_id"], state=order["state"]),
        _("store {store}, supplier {supplier} {supplier_name}")
        .format(
            store=order["store"], supplier=order["supplier"], supplier_name=order["supplier_name"]
        )
        .rstrip(),
        _("total {total} {currency}, over-delivery tolerance {pct}%").format(
            total=money_text(order["total_minor"], currency),
            currency=currency,
            pct=order["over_tolerance_pct"],
        ),
    ]
    lines = table(headings(ORDER_LINE_COLUMNS), order["lines"], currency)
    return "\n".join(head) + "\n" + lines


def show_order(out: Output, order: purchasing_pb2.PurchaseOrder, before: str = "") -> None:
    """The order as JSON, CSV of its lines, or a sentence (`before`) and the order's text."""
    data = purchase_order(order)
    out.record(
        data,
        lambda: (f"{before}\n" if before else "") + order_text(data),
        rows_key="lines",
        columns=[Column("po_id"), *ORDER_LINE_COLUMNS],
    )


def cmd_po_create(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = purchasing_pb2.CreateOrderRequest(
        store_code=args.store,
        supplier_code=args.supplier,
        lines=[parse_order_line(t) for t in args.lines],
    )
    if args.over_tolerance is not None:
        request.over_tolerance_pct = args.over_tolerance
    order = _stub(clients).CreateOrder(request, timeout=CALL_TIMEOUT_S)
    show_order(
        out,
        order,
        _("created purchase order {po_id} (draft); send it with `hoctl po send {po_id}`").format(
            po_id=order.po_id
        ),
    )
    return 0


def cmd_po_add_line(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    order = _stub(clients).AddOrderLine(
        purchasing_pb2.AddOrderLineRequest(po_id=args.po_id, line=parse_order_line(args.line)),
        timeout=CALL_TIMEOUT_S,
    )
    show_order(out, order)
    return 0


def cmd_po_remove_line(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    order = _stub(clients).RemoveOrderLine(
        purchasing_pb2.RemoveOrderLineRequest(po_id=args.po_id, line_no=args.line_no),
        timeout=CALL_TIMEOUT_S,
    )
    show_order(out, order)
    return 0


def _step(name: str, message: str) -> Callable[[argparse.Namespace, Clients, Output], int]:
    """A command calling the RPC `name` on an order and saying `message` (marked with N_())."""

    def run(args: argparse.Namespace, clients: Clients, out: Output) -> int:
        order = getattr(_stub(clients), name)(
            purchasing_pb2.OrderRequest(po_id=args.po_id), timeout=CALL_TIMEOUT_S
        )
        out.say(_(message).format(po=order.po_id, store=order.store_code, state=order.state))
        return 0

    return run


def cmd_po_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListOrders(
        purchasing_pb2.ListOrdersRequest(store_code=args.store or "", state=args.state or ""),
        timeout=CALL_TIMEOUT_S,
    )
    rows = [{**purchase_order(o), "line_count": len(o.lines)} for o in reply.orders]
    out.listing(rows, headings(ORDER_COLUMNS))
    return 0


def cmd_po_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    order = _stub(clients).GetOrder(
        purchasing_pb2.OrderRequest(po_id=args.po_id), timeout=CALL_TIMEOUT_S
    )
    show_order(out, order)
    return 0


def cmd_po_export(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    order = _stub(clients).GetOrder(
        purchasing_pb2.OrderRequest(po_id=args.po_id), timeout=CALL_TIMEOUT_S
    )
    # Both files are made before either is written: a refused PDF leaves no CSV behind.
    csv_data = order_csv(order).encode() if args.csv else b""
    pdf_data = order_pdf(order) if args.pdf else b""
    if args.csv:
        write_new(Path(args.csv), csv_data)
        out.say(
            _("wrote purchase order {po_id} to {file} (CSV, {count} lines)").format(
                po_id=order.po_id, file=args.csv, count=len(order.lines)
            )
        )
    if args.pdf:
        write_new(Path(args.pdf), pdf_data)
        out.say(
            _("wrote purchase order {po_id} to {file} (PDF)").format(
                po_id=order.po_id, file=args.pdf
            )
        )
    return 0


def _tolerance(text: str) -> int:
    if not text.isdigit() or int(text) > 100:
        raise argparse.ArgumentTypeError(
            _("must be a whole percentage 0-100, got {text}").format(text=text)
        )
    return int(text)


def _line_no(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(
            _("must be a line number (1, 2, ...), got {text}").format(text=text)
        )
    return int(text)


def register(commands: argparse._SubParsersAction) -> None:
    supplier = commands.add_parser("supplier", help=_("suppliers and goods returned to them"))
    sup = supplier.add_subparsers(dest="supplier_command", required=True, metavar="ACTION")
    add = sup.add_parser("add", help=_("add a supplier"))
    add.add_argument("code", help=_("supplier code, e.g. BEV-CO"))
    add.add_argument("--name", required=True)
    add.add_argument("--contact", default="", help=_("phone or e-mail"))
    add.set_defaults(handler=cmd_supplier_add, context="supplier add")
    listing = sup.add_parser("list", help=_("list suppliers"))
    add_format(listing)
    listing.set_defaults(handler=cmd_supplier_list, context="supplier list")
    returns = sup.add_parser("returns", help=_("goods stores sent back to suppliers"))
    returns.add_argument("--store", type=store_code_arg)
    returns.add_argument("--supplier")
    add_format(returns)
    returns.set_defaults(handler=cmd_supplier_returns, context="supplier returns")

    po = commands.add_parser("po", help=_("purchase orders for a store"))
    cmds = po.add_subparsers(dest="po_command", required=True, metavar="ACTION")
    create = cmds.add_parser("create", help=_("a draft order for a store from a supplier"))
    create.add_argument("--store", type=store_code_arg, required=True)
    create.add_argument("--supplier", required=True)
    create.add_argument("lines", nargs="+", metavar="SKU=QTY@UNIT_COST")
    create.add_argument(
        "--over-tolerance", type=_tolerance, metavar="PCT",
        help=_("a line may be received up to PCT%% above ordered (default 5)"),
    )  # fmt: skip
    add_format(create)
    create.set_defaults(handler=cmd_po_create, context="po create")
    add_line = cmds.add_parser("add-line", help=_("add a line to a draft"))
    add_line.add_argument("po_id")
    add_line.add_argument("line", metavar="SKU=QTY@UNIT_COST")
    add_format(add_line)
    add_line.set_defaults(handler=cmd_po_add_line, context="po add-line")
    remove_line = cmds.add_parser("remove-line", help=_("remove a line from a draft"))
    remove_line.add_argument("po_id")
    remove_line.add_argument("line_no", type=_line_no)
    add_format(remove_line)
    remove_line.set_defaults(handler=cmd_po_remove_line, context="po remove-line")
    for name, rpc, text, message in (
        ("send", "SendOrder", _("send a draft: its store starts expecting it"),
         N_("purchase order {po} is sent; store {store} expects the delivery")),
        ("cancel", "CancelOrder", _("cancel a draft or sent order (not once received)"),
         N_("purchase order {po} is cancelled; store {store} no longer expects it")),
        ("close", "CloseOrder", _("close a partly received order: the rest will not come"),
         N_("purchase order {po} is closed; store {store} no longer expects the rest")),
    ):  # fmt: skip
        step = cmds.add_parser(name, help=text)
        step.add_argument("po_id")
        step.set_defaults(handler=_step(rpc, message), context=f"po {name}")
    po_list = cmds.add_parser("list", help=_("list purchase orders"))
    po_list.add_argument("--store", type=store_code_arg)
    po_list.add_argument("--state", choices=ORDER_STATES)
    add_format(po_list)
    po_list.set_defaults(handler=cmd_po_list, context="po list")
    show = cmds.add_parser("show", help=_("one order with its lines"))
    show.add_argument("po_id")
    add_format(show)
    show.set_defaults(handler=cmd_po_show, context="po show")
    export = cmds.add_parser("export", help=_("write an order as CSV and/or PDF"))
    export.add_argument("po_id")
    export.add_argument("--csv", metavar="FILE")
    export.add_argument("--pdf", metavar="FILE")
    export.set_defaults(handler=_export_checked, context="po export")


def _export_checked(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    if not args.csv and not args.pdf:
        raise HoctlError(_("say where to write the order: --csv FILE and/or --pdf FILE"))
    return cmd_po_export(args, clients, out)
