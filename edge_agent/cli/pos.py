"""pos: the till client. Talks to the store's edge agent over its Unix socket.

  pos sell CODE[xQTY] ... --pay METHOD:AMOUNT[:REF] [--pay ...] [--till T1] [--cashier NAME]
           [--price SKU:PRICE] [--discount SKU:AMOUNT] [--manager NAME]
           [--key IDEMPOTENCY_KEY] [--format text|json]
  pos return | void | shift ... | x-report | z-report | reprint | no-sale   (see pos_till)
  pos receive --supplier-ref REF CODExQTY@COST ... [--actor NAME] [--key KEY] [--format text|json]
  pos receive --po PO-12 [SKU=QTY[@COST] ...] [--allow-over]   (see pos_purchasing)
  pos stock [SKU] [--format table|json]
  pos status [--format table|json]
  pos                      (no subcommand) opens the till screen (STORELEDGER_TILL_ID, STORELEDGER_CASHIER)

The agent's data directory comes from --data-dir or STORELEDGER_EDGE_DATA_DIR.
Amounts are whole minor units (5000 = 50.00); quantities whole base units.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc

from common.cli import stdout_closed
from common.domain.money import format_minor, parse_minor
from common.domain.units import parse_quantity
from common.errors import InvalidInput, InvalidQuantity, StoreLedgerError
from common.pb.storeledger.v1 import till_pb2, till_pb2_grpc
from edge_agent.cli import pos_purchasing, pos_transfers, pos_writeoffs
from edge_agent.cli.pos_till import add_till_commands
from edge_agent.datadir import DataDir
from edge_agent.domain.errors import AgentNotRunning

DATA_DIR_ENV = "STORELEDGER_EDGE_DATA_DIR"
RPC_TIMEOUT_S = 15.0


class Till:
    """A connection to one agent's Till service; gRPC failures become sentences."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.socket = DataDir(data_dir).till_socket
        if not self.socket.exists():
            raise AgentNotRunning(
                f"the edge agent for {data_dir} is not running (no socket at {self.socket})"
            )
        self._channel = grpc.insecure_channel(f"unix:{self.socket}")
        self.stub = till_pb2_grpc.TillStub(self._channel)

    def call(self, method: Callable, request: object):  # type: ignore[type-arg]
        try:
            return method(request, timeout=RPC_TIMEOUT_S)
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            if code == grpc.StatusCode.UNAVAILABLE and "connect" in (exc.details() or "").lower():  # type: ignore[attr-defined]
                raise AgentNotRunning(
                    f"the edge agent for {self.data_dir} is not running "
                    f"(nothing answers on {self.socket})"
                ) from exc
            raise StoreLedgerError(exc.details() or code.name) from exc  # type: ignore[attr-defined]

    def unit_of(self, code: str) -> str:
        try:
            return self.stub.LookupProduct(
                till_pb2.LookupProductRequest(code=code), timeout=RPC_TIMEOUT_S
            ).unit
        except grpc.RpcError:
            return "base units"

    def close(self) -> None:
        self._channel.close()


def parse_item(text: str, till: Till, missing_qty: int = 1) -> tuple[str, int]:
    """CODE or CODExQTY -> (code, qty); a bad quantity is refused naming the product's unit.

    Without xQTY the quantity is `missing_qty`; a sale passes 0, "not given", so
    the agent sells one piece but refuses a weighed item until its weight is given.
    """
    code, sep, qty_text = text.rpartition("x")
    if not sep or not code:
        return text, missing_qty
    try:
        return code, parse_quantity(qty_text)
    except InvalidQuantity:
        return code, parse_quantity(qty_text, till.unit_of(code))


def parse_tender(text: str) -> till_pb2.TenderRequest:
    parts = text.split(":", 2)
    if len(parts) < 2 or not parts[0]:
        raise InvalidInput(f"payment {text!r} must be METHOD:AMOUNT[:REF], e.g. cash:5000")
    amount = parse_minor(parts[1], "payment amount")
    return till_pb2.TenderRequest(
        method=parts[0].lower(), amount_minor=amount, reference=parts[2] if len(parts) > 2 else ""
    )


def parse_delivery_item(text: str, till: Till) -> till_pb2.ReceiveItem:
    item, sep, cost = text.rpartition("@")
    if not sep:
        raise InvalidInput(f"delivery item {text!r} must be CODExQTY@UNIT_COST, e.g. COLAx24@180")
    code, qty = parse_item(item, till)
    return till_pb2.ReceiveItem(
        code=code, qty_base=qty, unit_cost_minor=parse_minor(cost, "unit cost")
    )


def _per_sku(texts: list[str] | None, what: str) -> dict[str, int]:
    out = {}
    for text in texts or []:
        sku, sep, amount = text.rpartition(":")
        if not sep or not sku:
            raise InvalidInput(f"{what} {text!r} must be SKU:AMOUNT in minor units, e.g. COLA:300")
        out[sku] = parse_minor(amount, what)
    return out


def _apply_overrides(args: argparse.Namespace, till: Till, items: list[till_pb2.SellItem]) -> None:
    """--price/--discount on the items of that SKU, each with its manager's approval."""
    from edge_agent.cli.pos_till import approval

    prices = _per_sku(args.price, "price override")
    discounts = _per_sku(args.discount, "discount")
    if not prices and not discounts:
        return
    matched: set[str] = set()
    for item in items:
        sku = till.call(till.stub.LookupProduct, till_pb2.LookupProductRequest(code=item.code)).sku
        if sku in prices:
            item.price_override_minor = prices[sku]
            item.approval_id = approval(
                till, args, "price_override", f"SKU {sku} price {prices[sku]}"
            )
            matched.add(sku)
        if sku in discounts:
            if item.approval_id:
                raise InvalidInput(f"{sku} takes a price override or a discount, not both")
            item.discount_minor = discounts[sku]
            item.approval_id = approval(
                till, args, "line_discount", f"SKU {sku} discount {discounts[sku]}"
            )
            matched.add(sku)
    missing = (set(prices) | set(discounts)) - matched
    if missing:
        raise InvalidInput(f"the sale has no item of {', '.join(sorted(missing))} to reprice")


def cmd_sell(args: argparse.Namespace, till: Till) -> None:
    tenders = [parse_tender(p) for p in args.pay]
    items = [
        till_pb2.SellItem(code=c, qty_base=q)
        for c, q in (parse_item(t, till, missing_qty=0) for t in args.items)
    ]
    _apply_overrides(args, till, items)
    reply = till.call(
        till.stub.Sell,
        till_pb2.SellRequest(
            till_id=args.till,
            cashier=args.cashier,
            items=items,
            tenders=tenders,
            idempotency_key=args.key or "",
        ),
    )
    sale = reply.sale
    if args.format == "json":
        print(
            json.dumps(
                {
                    "seq": reply.seq,
                    "sale_no": sale.sale_no,
                    "sale_id": sale.sale_id,
                    "total_minor": sale.total_minor,
                    "change_minor": reply.change_minor,
                    "currency": sale.currency,
                    "lines": [
                        {
                            "line_no": line.line_no,
                            "sku": line.sku,
                            "name": line.name,
                            "qty_base": line.qty_base,
                            "unit_price_minor": line.unit_price_minor,
                            "amount_minor": line.amount_minor,
                        }
                        for line in sale.lines
                    ],
                },
                indent=2,
            )
        )
        return
    if reply.print.warning:
        print(f"pos: warning: {reply.print.warning}", file=sys.stderr)
    print(reply.receipt_text, end="")
    print(f"change: {format_minor(reply.change_minor, sale.currency)} {sale.currency}")


def cmd_receive(args: argparse.Namespace, till: Till) -> None:
    if args.po:
        pos_purchasing.cmd_receive_po(args, till)
        return
    if not args.supplier_ref:
        raise InvalidInput("a delivery needs --supplier-ref REF (or --po ID against an order)")
    if not args.items:
        raise InvalidInput("a delivery needs at least one CODExQTY@COST item")
    items = [parse_delivery_item(t, till) for t in args.items]
    reply = till.call(
        till.stub.Receive,
        till_pb2.ReceiveRequest(
            supplier_ref=args.supplier_ref,
            items=items,
            actor=args.actor,
            idempotency_key=args.key or "",
        ),
    )
    lines = [
        {"sku": r.sku, "qty_base": r.qty_base, "unit_cost_minor": r.unit_cost_minor}
        for r in reply.receipt.lines
    ]
    if args.format == "json":
        print(
            json.dumps(
                {"seq": reply.seq, "supplier_ref": reply.receipt.supplier_ref, "lines": lines},
                indent=2,
            )
        )
        return
    print(f"delivery {reply.receipt.supplier_ref} booked as journal entry {reply.seq}")
    for line in lines:
        print(f"  {line['sku']:<16} +{line['qty_base']:<8} @ {line['unit_cost_minor']}")


def cmd_stock(args: argparse.Namespace, till: Till) -> None:
    reply = till.call(till.stub.GetStock, till_pb2.TillStockRequest(sku=args.sku or ""))
    rows = [
        {"sku": r.sku, "name": r.name, "unit": r.unit, "qty_base": r.qty_base} for r in reply.rows
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return
    print(f"{'SKU':<16} {'NAME':<28} {'UNIT':<6} {'QTY':>10}")
    for r in rows:
        print(f"{r['sku']:<16} {r['name'][:28]:<28} {r['unit']:<6} {r['qty_base']:>10}")


def cmd_status(args: argparse.Namespace, till: Till) -> None:
    st = till.call(till.stub.GetStatus, till_pb2.TillStatusRequest())
    data = {
        "store_code": st.store_code,
        "connected": st.connected,
        "newest_seq": st.newest_seq,
        "acked_seq": st.acked_seq,
        "backlog_entries": st.backlog_entries,
        "lag_ms": st.lag_ms,
        "last_contact_ms": st.last_contact_ms,
        "catalogue_cursor": st.catalogue_cursor,
        "products": st.products,
    }
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        print(f"{key:<18} {value}")


# Store-operation command groups in their own modules (pos_<area>.py), each with register(sub).
COMMAND_MODULES: tuple[Any, ...] = (pos_transfers, pos_purchasing, pos_writeoffs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos", description="StoreLedger till client")
    parser.add_argument("--data-dir", help=f"edge agent data directory (or ${DATA_DIR_ENV})")
    sub = parser.add_subparsers(dest="command")
    sell = sub.add_parser("sell", help="sell items and print the receipt")
    sell.add_argument("items", nargs="+", metavar="CODE[xQTY]")
    sell.add_argument("--pay", action="append", required=True, metavar="METHOD:AMOUNT[:REF]")
    sell.add_argument("--till", default=os.environ.get("STORELEDGER_TILL_ID", "T1"))
    sell.add_argument(
        "--cashier",
        default=os.environ.get("STORELEDGER_CASHIER") or os.environ.get("USER", "cashier"),
    )
    sell.add_argument("--price", action="append", metavar="SKU:PRICE", help="unit price override")
    sell.add_argument("--discount", action="append", metavar="SKU:AMOUNT", help="line discount")
    sell.add_argument("--manager", help="approving manager (PIN from $STORELEDGER_MANAGER_PIN)")
    sell.add_argument("--key", help="idempotency key: a retry with it never sells twice")
    sell.add_argument("--format", choices=["text", "json"], default="text")
    sell.set_defaults(func=cmd_sell)
    rec = sub.add_parser("receive", help="book a supplier delivery")
    rec.add_argument("items", nargs="*", metavar="CODExQTY@COST | with --po: SKU=QTY[@COST]")
    rec.add_argument("--supplier-ref")
    rec.add_argument("--po", help="receive against this purchase order (default: what remains)")
    rec.add_argument("--allow-over", action="store_true", help="accept more than the tolerance")
    rec.add_argument("--actor", default=os.environ.get("USER", ""))
    rec.add_argument("--key")
    rec.add_argument("--format", choices=["text", "json"], default="text")
    rec.set_defaults(func=cmd_receive)
    stock = sub.add_parser("stock", help="show stock levels")
    stock.add_argument("sku", nargs="?")
    stock.add_argument("--format", choices=["table", "json"], default="table")
    stock.set_defaults(func=cmd_stock)
    status = sub.add_parser("status", help="show the agent's sync status")
    status.add_argument("--format", choices=["table", "json"], default="table")
    status.set_defaults(func=cmd_status)
    add_till_commands(sub)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = args.data_dir or os.environ.get(DATA_DIR_ENV)
    try:
        if not data_dir:
            raise InvalidInput(
                f"pos needs the edge agent's data directory: pass --data-dir E or set {DATA_DIR_ENV}"
            )
        if args.command is None:
            from edge_agent.tui.app import run_till

            return run_till(Path(data_dir))
        till = Till(Path(data_dir))
        try:
            args.func(args, till)
        finally:
            till.close()
    except StoreLedgerError as exc:
        print(f"pos: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return stdout_closed()
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
