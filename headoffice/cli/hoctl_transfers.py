"""hoctl transfer create | list | show | cancel | in-transit | resolve."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from common.domain.money import format_minor
from common.item_lines import parse_item_line
from common.pb.storeledger.v1 import transfers_pb2, transfers_pb2_grpc
from headoffice.cli import output
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    add_format,
    add_formats,
    store_code_arg,
)
from headoffice.domain.transfers import STATES

LIST_COLUMNS = ["transfer", "from", "to", "state", "lines", "qty", "in_transit_value", "created_at"]
LINE_COLUMNS = ["sku", "ordered", "shipped", "received", "difference", "unit_cost", "resolved"]
TRANSIT_COLUMNS = ["transfer", "from", "to", "state", "sku", "qty", "unit_cost", "value"]


def parse_items(texts: list[str]) -> list[transfers_pb2.TransferItem]:
    """SKU=QTY ... -> items (common.item_lines)."""
    lines = [parse_item_line(text, "transfer line", "COLA-330=24") for text in texts]
    return [transfers_pb2.TransferItem(sku=line.code, qty_base=line.qty_base) for line in lines]


def _stub(clients: Clients) -> transfers_pb2_grpc.TransfersStub:
    return transfers_pb2_grpc.TransfersStub(clients.channel)


def transfer_json(info: transfers_pb2.TransferInfo) -> dict[str, Any]:
    order = info.order
    return {
        "transfer": order.transfer_id,
        "from": order.from_store,
        "to": order.to_store,
        "state": order.state,
        "resolution": order.resolution or None,
        "created_at": output.iso_utc(order.created_at_ms),
        "created_by": order.created_by,
        "shipped_at": output.iso_utc(info.shipped_at_ms),
        "received_at": output.iso_utc(info.received_at_ms),
        "resolved_at": output.iso_utc(info.resolved_at_ms),
        "resolved_by": info.resolved_by or None,
        "in_transit_value_minor": info.in_transit_value_minor,
        "loss_value_minor": info.loss_value_minor,
        "currency": info.currency,
        "lines": [
            {
                "sku": line.sku,
                "ordered": line.qty_base,
                "shipped": line.shipped_qty_base,
                "received": line.received_qty_base,
                "difference": line.shipped_qty_base - line.received_qty_base
                if order.state not in ("open", "cancelled", "shipped")
                else 0,
                "unit_cost_minor": line.unit_cost_minor,
                "resolved": line.resolved_qty_base,
            }
            for line in order.lines
        ],
    }


def _summary_row(info: transfers_pb2.TransferInfo, fmt: str) -> dict[str, Any]:
    order = info.order
    value: Any = info.in_transit_value_minor
    if fmt == "table":
        value = format_minor(value, info.currency)
    return {
        "transfer": order.transfer_id,
        "from": order.from_store,
        "to": order.to_store,
        "state": order.state,
        "lines": len(order.lines),
        "qty": sum(line.qty_base for line in order.lines),
        "in_transit_value": value,
        "created_at": output.iso_utc(order.created_at_ms),
    }


def show_text(info: transfers_pb2.TransferInfo) -> str:
    data = transfer_json(info)
    currency = info.currency
    head = [
        f"transfer {data['transfer']}: {data['from']} -> {data['to']}, {data['state']}"
        + (f" ({data['resolution']})" if data["resolution"] else ""),
        f"created {data['created_at']} by {data['created_by']}",
    ]
    if info.shipped_at_ms:
        head.append(f"shipped {data['shipped_at']}")
    if info.received_at_ms:
        head.append(f"received {data['received_at']}")
    if info.resolved_at_ms:
        head.append(f"resolved {data['resolved_at']} by {data['resolved_by']}")
    rows = [
        {**line, "unit_cost": format_minor(line["unit_cost_minor"], currency)}
        for line in data["lines"]
    ]
    body = output.render(rows, LINE_COLUMNS, "table")
    tail = [f"in transit: {format_minor(info.in_transit_value_minor, currency)} {currency}"]
    if info.loss_value_minor:
        tail.append(f"transit loss: {format_minor(info.loss_value_minor, currency)} {currency}")
    return "\n".join([*head, "", body, "", *tail])


def cmd_create(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).CreateTransfer(
        transfers_pb2.CreateTransferRequest(
            from_store=args.from_store, to_store=args.to_store, items=parse_items(args.items)
        ),
        timeout=CALL_TIMEOUT_S,
    )
    for warning in reply.warnings:
        print(f"hoctl transfer create: warning: {warning}", file=sys.stderr)
    if args.format == "json":
        print(output.to_json({**transfer_json(reply.transfer), "warnings": list(reply.warnings)}))
        return 0
    order = reply.transfer.order
    print(
        f"created transfer {order.transfer_id} from {order.from_store} to {order.to_store} "
        f"({len(order.lines)} line(s)); {order.from_store} ships it with "
        f"`pos transfer ship {order.transfer_id}`"
    )
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).ListTransfers(
        transfers_pb2.ListTransfersRequest(state=args.state or "", store=args.store or ""),
        timeout=CALL_TIMEOUT_S,
    )
    if args.format == "json":
        print(output.to_json([transfer_json(t) for t in reply.transfers]))
        return 0
    rows = [_summary_row(t, args.format) for t in reply.transfers]
    print(output.render(rows, LIST_COLUMNS, args.format))
    return 0


def cmd_show(args: argparse.Namespace, clients: Clients) -> int:
    info = _stub(clients).ShowTransfer(
        transfers_pb2.ShowTransferRequest(transfer_id=args.transfer_id), timeout=CALL_TIMEOUT_S
    )
    print(output.to_json(transfer_json(info)) if args.format == "json" else show_text(info))
    return 0


def cmd_cancel(args: argparse.Namespace, clients: Clients) -> int:
    info = _stub(clients).CancelTransfer(
        transfers_pb2.CancelTransferRequest(transfer_id=args.transfer_id), timeout=CALL_TIMEOUT_S
    )
    print(f"transfer {info.order.transfer_id} is cancelled; both stores are told")
    return 0


def cmd_resolve(args: argparse.Namespace, clients: Clients) -> int:
    info = _stub(clients).ResolveTransfer(
        transfers_pb2.ResolveTransferRequest(transfer_id=args.transfer_id, resolution=args.as_),
        timeout=CALL_TIMEOUT_S,
    )
    order = info.order
    if args.format == "json":
        print(output.to_json(transfer_json(info)))
    elif order.resolution == "transit_loss":
        print(
            f"transfer {order.transfer_id} resolved as transit loss: "
            f"{format_minor(info.loss_value_minor, info.currency)} {info.currency} written off"
        )
    else:
        print(
            f"transfer {order.transfer_id} resolved as correction: {order.from_store} books the "
            "difference back into its stock when its edge agent next syncs"
        )
    return 0


def cmd_in_transit(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).InTransit(
        transfers_pb2.InTransitRequest(store=args.store or ""), timeout=CALL_TIMEOUT_S
    )
    currency = reply.currency
    table = args.format == "table"
    rows: list[dict[str, Any]] = [
        {
            "transfer": r.transfer_id,
            "from": r.from_store,
            "to": r.to_store,
            "state": r.state,
            "sku": r.sku,
            "qty": r.qty_base,
            "unit_cost": format_minor(r.unit_cost_minor, currency) if table else r.unit_cost_minor,
            "value": format_minor(r.value_minor, currency) if table else r.value_minor,
        }
        for r in reply.rows
    ]
    if args.format == "json":
        print(
            output.to_json(
                {
                    "rows": rows,
                    "total_qty_base": reply.total_qty_base,
                    "total_value_minor": reply.total_value_minor,
                    "currency": currency,
                }
            )
        )
        return 0
    print(output.render(rows, TRANSIT_COLUMNS, args.format))
    if table:
        print(
            f"chain total in transit: {reply.total_qty_base} units, "
            f"{format_minor(reply.total_value_minor, currency)} {currency}"
        )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    transfer = commands.add_parser("transfer", help="move stock between stores")
    actions = transfer.add_subparsers(dest="transfer_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a transfer; both stores are told")
    create.add_argument("--from", dest="from_store", required=True, type=store_code_arg)
    create.add_argument("--to", dest="to_store", required=True, type=store_code_arg)
    create.add_argument("items", nargs="+", metavar="SKU=QTY")
    add_format(create)
    create.set_defaults(handler=cmd_create, context="transfer create")
    listing = actions.add_parser("list", help="list transfers")
    listing.add_argument("--state", choices=STATES)
    listing.add_argument("--store", type=store_code_arg, help="either side of the transfer")
    add_formats(listing)
    listing.set_defaults(handler=cmd_list, context="transfer list")
    show = actions.add_parser("show", help="one transfer with its lines")
    show.add_argument("transfer_id", metavar="ID")
    add_format(show)
    show.set_defaults(handler=cmd_show, context="transfer show")
    cancel = actions.add_parser("cancel", help="cancel a transfer not shipped yet")
    cancel.add_argument("transfer_id", metavar="ID")
    cancel.set_defaults(handler=cmd_cancel, context="transfer cancel")
    transit = actions.add_parser("in-transit", help="stock in transit, valued, with chain total")
    transit.add_argument("--store", type=store_code_arg, help="either side of the transfer")
    add_formats(transit)
    transit.set_defaults(handler=cmd_in_transit, context="transfer in-transit")
    resolve = actions.add_parser("resolve", help="resolve a discrepancy")
    resolve.add_argument("transfer_id", metavar="ID")
    resolve.add_argument("--as", dest="as_", required=True, choices=["transit-loss", "correction"])
    add_format(resolve)
    resolve.set_defaults(handler=cmd_resolve, context="transfer resolve")
