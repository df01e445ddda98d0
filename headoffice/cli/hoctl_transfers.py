"""hoctl transfer create | list | show | cancel | in-transit | resolve."""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.documents import transfer_line
from common.cli.item_lines import TRANSFER, parse_item_line
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text, rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.domain.transfer_states import STATES, TRANSIT_LOSS
from common.i18n import N_, _
from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg

LIST_COLUMNS = [
    Column("transfer_id", N_("TRANSFER")),
    Column("from_store", N_("FROM")),
    Column("to_store", N_("TO")),
    Column("state", N_("STATE")),
    Column("line_count", N_("LINES"), "int"),
    Column("qty_base", N_("QTY"), "int"),
    Column("in_transit_value_minor", N_("IN TRANSIT VALUE"), "money"),
    Column("created_at", N_("CREATED AT")),
]
LINE_COLUMNS = [
    Column("sku", N_("SKU")),
    Column("ordered_qty_base", N_("ORDERED"), "int"),
    Column("shipped_qty_base", N_("SHIPPED"), "int"),
    Column("received_qty_base", N_("RECEIVED"), "int"),
    Column("difference_qty_base", N_("DIFFERENCE"), "int"),
    Column("unit_cost_minor", N_("UNIT COST"), "money"),
    Column("resolved_qty_base", N_("RESOLVED"), "int"),
]
TRANSIT_COLUMNS = [
    Column("transfer_id", N_("TRANSFER")),
    Column("from_store", N_("FROM")),
    Column("to_store", N_("TO")),
    Column("state", N_("STATE")),
    Column("sku", N_("SKU")),
    Column("qty_base", N_("QTY"), "int"),
    Column("unit_cost_minor", N_("UNIT COST"), "money"),
    Column("value_minor", N_("VALUE"), "money"),
]


def parse_items(texts: list[str]) -> list[transfers_pb2.TransferItem]:
    """SKU=QTY ... -> items (common.cli.item_lines)."""
    lines = [parse_item_line(text, TRANSFER) for text in texts]
    return [transfers_pb2.TransferItem(sku=line.code, qty_base=line.qty_base) for line in lines]


def _stub(clients: Clients) -> transfers_pb2_grpc.TransfersStub:
    return transfers_pb2_grpc.TransfersStub(clients.channel)


def transfer_document(info: transfers_pb2.TransferInfo) -> dict[str, Any]:
    order = info.order
    return {
        "transfer_id": order.transfer_id,
        "from_store": order.from_store,
        "to_store": order.to_store,
        "state": order.state,
        "resolution": order.resolution,
        "created_at": rfc3339(order.created_at_ms),
        "created_by": order.created_by,
        "shipped_at": rfc3339(info.shipped_at_ms),
        "received_at": rfc3339(info.received_at_ms),
        "resolved_at": rfc3339(info.resolved_at_ms),
        "resolved_by": info.resolved_by,
        "in_transit_value_minor": info.in_transit_value_minor,
        "loss_value_minor": info.loss_value_minor,
        "currency": info.currency or DEFAULT_CURRENCY,
        "lines": [transfer_line(line, order.state) for line in order.lines],
    }


def _summary_row(data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "line_count": len(data["lines"]),
        "qty_base": sum(line["ordered_qty_base"] for line in data["lines"]),
    }


def show_text(data: dict[str, Any]) -> str:
    currency = data["currency"]
    state = data["state"]
    if data["resolution"]:
        state = _("{state} ({resolution})").format(state=state, resolution=data["resolution"])
    head = [
        _("transfer {transfer_id}: {from_store} -> {to_store}, {state}").format(
            transfer_id=data["transfer_id"],
            from_store=data["from_store"],
            to_store=data["to_store"],
            state=state,
        ),
        _("created {at} by {user}").format(at=data["created_at"], user=data["created_by"]),
    ]
    if data["shipped_at"]:
        head.append(_("shipped {at}").format(at=data["shipped_at"]))
    if data["received_at"]:
        head.append(_("received {at}").format(at=data["received_at"]))
    if data["resolved_at"]:
        head.append(
            _("resolved {at} by {user}").format(at=data["resolved_at"], user=data["resolved_by"])
        )
    body = table(headings(LINE_COLUMNS), data["lines"], currency)
    tail = [
        _("in transit: {value} {currency}").format(
            value=money_text(data["in_transit_value_minor"], currency), currency=currency
        )
    ]
    if data["loss_value_minor"]:
        tail.append(
            _("transit loss: {value} {currency}").format(
                value=money_text(data["loss_value_minor"], currency), currency=currency
            )
        )
    return "\n".join([*head, "", body, "", *tail])


def _show(out: Output, data: dict[str, Any], text: str | None = None) -> None:
    """One transfer: JSON, CSV of its lines, or `text` (default: the whole transfer)."""
    out.record(
        data,
        (lambda: text) if text is not None else (lambda: show_text(data)),
        rows_key="lines",
        columns=[Column("transfer_id"), *LINE_COLUMNS],
    )


def cmd_create(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).CreateTransfer(
        transfers_pb2.CreateTransferRequest(
            from_store=args.from_store, to_store=args.to_store, items=parse_items(args.items)
        ),
        timeout=CALL_TIMEOUT_S,
    )
    for warning in reply.warnings:
        out.warn(_("hoctl transfer create: warning: {warning}").format(warning=warning))
    order = reply.transfer.order
    data = {**transfer_document(reply.transfer), "warnings": list(reply.warnings)}
    _show(
        out,
        data,
        _(
            "created transfer {transfer_id} from {from_store} to {to_store} ({count} line(s)); "
            "{from_store} ships it with `pos transfer ship {transfer_id}`"
        ).format(
            transfer_id=order.transfer_id,
            from_store=order.from_store,
            to_store=order.to_store,
            count=len(order.lines),
        ),
    )
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListTransfers(
        transfers_pb2.ListTransfersRequest(state=args.state or "", store_code=args.store or ""),
        timeout=CALL_TIMEOUT_S,
    )
    rows = [_summary_row(transfer_document(t)) for t in reply.transfers]
    out.listing(rows, headings(LIST_COLUMNS))
    return 0


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    info = _stub(clients).ShowTransfer(
        transfers_pb2.ShowTransferRequest(transfer_id=args.transfer_id), timeout=CALL_TIMEOUT_S
    )
    _show(out, transfer_document(info))
    return 0


def cmd_cancel(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    info = _stub(clients).CancelTransfer(
        transfers_pb2.CancelTransferRequest(transfer_id=args.transfer_id), timeout=CALL_TIMEOUT_S
    )
    out.say(
        _("transfer {transfer_id} is cancelled; both stores are told").format(
            transfer_id=info.order.transfer_id
        )
    )
    return 0


def cmd_resolve(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    info = _stub(clients).ResolveTransfer(
        transfers_pb2.ResolveTransferRequest(transfer_id=args.transfer_id, resolution=args.as_),
        timeout=CALL_TIMEOUT_S,
    )
    order = info.order
    if order.resolution == TRANSIT_LOSS:
        currency = info.currency or DEFAULT_CURRENCY
        text = _(
            "transfer {transfer_id} resolved as transit loss: {value} {currency} written off"
        ).format(
            transfer_id=order.transfer_id,
            value=money_text(info.loss_value_minor, currency),
            currency=currency,
        )
    else:
        text = _(
            "transfer {transfer_id} resolved as correction: {from_store} books the difference "
            "back into its stock when its edge agent next syncs"
        ).format(transfer_id=order.transfer_id, from_store=order.from_store)
    _show(out, transfer_document(info), text)
    return 0


def cmd_in_transit(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).InTransit(
        transfers_pb2.InTransitRequest(store_code=args.store or ""), timeout=CALL_TIMEOUT_S
    )
    currency = reply.currency or DEFAULT_CURRENCY
    data = {
        "currency": currency,
        "total_qty_base": reply.total_qty_base,
        "total_value_minor": reply.total_value_minor,
        "lines": [
            {
                "transfer_id": r.transfer_id,
                "from_store": r.from_store,
                "to_store": r.to_store,
                "state": r.state,
                "sku": r.sku,
                "qty_base": r.qty_base,
                "unit_cost_minor": r.unit_cost_minor,
                "value_minor": r.value_minor,
            }
            for r in reply.rows
        ],
    }

    def text() -> str:
        total = _("chain total in transit: {qty} units, {value} {currency}").format(
            qty=reply.total_qty_base,
            value=money_text(reply.total_value_minor, currency),
            currency=currency,
        )
        return table(headings(TRANSIT_COLUMNS), data["lines"], currency) + "\n" + total

    out.record(data, text, rows_key="lines", columns=TRANSIT_COLUMNS)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    transfer = commands.add_parser("transfer", help=_("move stock between stores"))
    actions = transfer.add_subparsers(dest="transfer_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help=_("create a transfer; both stores are told"))
    create.add_argument("--from", dest="from_store", required=True, type=store_code_arg)
    create.add_argument("--to", dest="to_store", required=True, type=store_code_arg)
    create.add_argument("items", nargs="+", metavar="SKU=QTY")
    add_format(create)
    create.set_defaults(handler=cmd_create, context="transfer create")
    listing = actions.add_parser("list", help=_("list transfers"))
    listing.add_argument("--state", choices=STATES)
    listing.add_argument("--store", type=store_code_arg, help=_("either side of the transfer"))
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="transfer list")
    show = actions.add_parser("show", help=_("one transfer with its lines"))
    show.add_argument("transfer_id", metavar="ID")
    add_format(show)
    show.set_defaults(handler=cmd_show, context="transfer show")
    cancel = actions.add_parser("cancel", help=_("cancel a transfer not shipped yet"))
    cancel.add_argument("transfer_id", metavar="ID")
    cancel.set_defaults(handler=cmd_cancel, context="transfer cancel")
    transit = actions.add_parser("in-transit", help=_("stock in transit, valued, with chain total"))
    transit.add_argument("--store", type=store_code_arg, help=_("either side of the transfer"))
    add_format(transit)
    transit.set_defaults(handler=cmd_in_transit, context="transfer in-transit")
    resolve = actions.add_parser("resolve", help=_("resolve a discrepancy"))
    resolve.add_argument("transfer_id", metavar="ID")
    resolve.add_argument("--as", dest="as_", required=True, choices=["transit-loss", "correction"])
    add_format(resolve)
    resolve.set_defaults(handler=cmd_resolve, context="transfer resolve")
