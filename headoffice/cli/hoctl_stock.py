"""hoctl stock [...] | hoctl stock card: levels, chain totals, negative and zero lists, stock cards.

Without --store, --by-store, --negative or --zero, `hoctl stock` shows chain
totals per SKU; otherwise one line per store and SKU, fetched page by page.
JSON and CSV keep quantities (base units) and money (minor units) as integers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from common.domain.money import DEFAULT_CURRENCY, format_minor
from common.pb.storeledger.v1 import stock_views_pb2, stock_views_pb2_grpc
from headoffice.cli import output
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, add_formats, store_code_arg

LINE_COLUMNS = ["store", "sku", "name", "category", "unit", "quantity", "unit_cost", "value"]
TOTAL_COLUMNS = ["sku", "name", "category", "unit", "stores", "quantity", "value"]
CARD_COLUMNS = [
    "seq",
    "at",
    "document_type",
    "document_id",
    "actor",
    "reason",
    "quantity",
    "unit_cost",
    "balance",
]
PAGE_SIZE = 10_000
_MONEY = {"unit_cost", "value"}
_NUMBERS = {"quantity", "stores", "balance", "seq"}


def moment_ms(text: str) -> int:
    """YYYY-MM-DD or an ISO-8601 time (UTC unless it says otherwise) as epoch ms."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a date (2026-11-24) or time (2026-11-24T09:30), got {text!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def selection(args: argparse.Namespace) -> stock_views_pb2.StockSelection:
    level_filter = stock_views_pb2.STOCK_LEVEL_FILTER_ALL
    if args.negative:
        level_filter = stock_views_pb2.STOCK_LEVEL_FILTER_NEGATIVE
    elif args.zero:
        level_filter = stock_views_pb2.STOCK_LEVEL_FILTER_ZERO
    return stock_views_pb2.StockSelection(
        store_code=args.store or "",
        category=args.category or "",
        search=args.search or "",
        sku=args.sku or "",
        filter=level_filter,
    )


def per_store(args: argparse.Namespace) -> bool:
    return bool(args.store or args.by_store or args.negative or args.zero)


def line_row(line: stock_views_pb2.StockLine) -> dict[str, Any]:
    return {
        "store": line.store_code,
        "sku": line.sku,
        "name": line.name,
        "category": line.category,
        "unit": line.unit,
        "quantity": line.qty_base,
        "unit_cost": line.unit_cost_minor,
        "value": line.value_minor,
    }


def total_row(line: stock_views_pb2.SkuTotal) -> dict[str, Any]:
    return {
        "sku": line.sku,
        "name": line.name,
        "category": line.category,
        "unit": line.unit,
        "stores": line.stores,
        "quantity": line.qty_base,
        "value": line.value_minor,
    }


def money_table(rows: list[dict[str, Any]], columns: list[str], currency: str) -> str:
    """An aligned table: money formatted (12.50), numbers right-aligned."""
    right = {i for i, c in enumerate(columns) if c in _MONEY or c in _NUMBERS}
    cells = [
        [
            format_minor(r[c], currency) if c in _MONEY else ("" if r[c] is None else str(r[c]))
            for c in columns
        ]
        for r in rows
    ]
    return output.table([c.upper().replace("_", " ") for c in columns], cells, right)


def totals_sentence(totals: stock_views_pb2.StockTotals, currency: str, what: str) -> str:
    """'3 lines, quantity 12, value 4.50 CNY; 1 below zero'; `what` is singular ('line')."""
    text = (
        f"{totals.lines} {what}{'' if totals.lines == 1 else 's'}, quantity {totals.qty_base}, "
        f"value {format_minor(totals.value_minor, currency)} {currency}"
    )
    notes = []
    if totals.negative_lines:
        notes.append(f"{totals.negative_lines} below zero")
    if totals.zero_lines:
        notes.append(f"{totals.zero_lines} at zero")
    return text + (f"; {', '.join(notes)}" if notes else "")


def show(rows: list[dict[str, Any]], columns: list[str], fmt: str, currency: str) -> str:
    if fmt == "table":
        return money_table(rows, columns, currency)
    if fmt == "json":
        # One line, by json's C encoder: indenting switches json to its pure-Python
        # encoder, 4x slower on a store's 10,000 levels (benchmarks/stock_views.py).
        return json.dumps(rows, ensure_ascii=False)
    return output.render(rows, columns, fmt)


def cmd_stock(args: argparse.Namespace, clients: Clients) -> int:
    stub = stock_views_pb2_grpc.StockViewsStub(clients.channel)
    if not per_store(args):
        reply = stub.ChainTotals(
            stock_views_pb2.ChainTotalsRequest(selection=selection(args)), timeout=CALL_TIMEOUT_S
        )
        currency = reply.currency or DEFAULT_CURRENCY
        rows = [total_row(line) for line in reply.lines]
        print(show(rows, TOTAL_COLUMNS, args.format, currency))
        if args.format == "table":
            print(f"chain totals: {totals_sentence(reply.totals, currency, 'store level')}")
        return 0
    lines: list[stock_views_pb2.StockLine] = []
    token = ""
    totals = stock_views_pb2.StockTotals()
    currency = DEFAULT_CURRENCY
    while True:
        page = stub.ListStock(
            stock_views_pb2.ListStockRequest(
                selection=selection(args), page_token=token, page_size=PAGE_SIZE
            ),
            timeout=CALL_TIMEOUT_S,
        )
        if not token:
            totals = page.totals
            currency = page.currency or DEFAULT_CURRENCY
        lines.extend(page.lines)
        token = page.next_page_token
        if not token:
            break
        if sys.stderr.isatty():
            print(f"  fetched {len(lines):,} of {totals.lines:,} lines", file=sys.stderr)
    rows = [line_row(line) for line in lines]
    print(show(rows, LINE_COLUMNS, args.format, currency))
    if args.format == "table":
        print(totals_sentence(totals, currency, "line"))
    return 0


def card_row(movement: stock_views_pb2.CardMovement) -> dict[str, Any]:
    return {
        "seq": movement.seq,
        "at": output.iso_utc(movement.occurred_at_ms),
        "document_type": movement.document_type,
        "document_id": movement.document_id,
        "actor": movement.actor,
        "reason": movement.reason,
        "quantity": movement.qty_base,
        "unit_cost": movement.unit_cost_minor,
        "balance": movement.balance_qty_base,
    }


def cmd_card(args: argparse.Namespace, clients: Clients) -> int:
    stub = stock_views_pb2_grpc.StockViewsStub(clients.channel)
    rows: list[dict[str, Any]] = []
    after = 0
    first: stock_views_pb2.StockCardReply | None = None
    while True:
        reply = stub.StockCard(
            stock_views_pb2.StockCardRequest(
                store_code=args.store,
                sku=args.sku,
                since_ms=args.since or 0,
                until_ms=args.until or 0,
                after_seq=after,
            ),
            timeout=CALL_TIMEOUT_S,
        )
        first = first or reply
        rows.extend(card_row(m) for m in reply.movements)
        after = reply.next_after_seq
        if not after:
            break
    opening = first.opening_qty_base
    closing = rows[-1]["balance"] if rows else opening
    currency = first.currency or DEFAULT_CURRENCY
    if args.format == "json":
        print(
            output.to_json(
                {
                    "store": first.store_code,
                    "sku": first.sku,
                    "name": first.name,
                    "unit": first.unit,
                    "opening_balance": opening,
                    "movements": rows,
                    "closing_balance": closing,
                    "level": first.level_qty_base,
                    "unit_cost": first.unit_cost_minor,
                }
            )
        )
        return 0
    if args.format == "csv":
        print(output.render(rows, CARD_COLUMNS, "csv"))
        return 0
    print(
        f"stock card of {first.sku} ({first.name or 'not in the catalogue'}) in {first.store_code}"
    )
    print(f"opening balance {opening} {first.unit}".rstrip())
    if rows:
        print(money_table(rows, CARD_COLUMNS, currency))
    print(
        f"closing balance {closing} after {len(rows)} movement{'s' if len(rows) != 1 else ''}; "
        f"head office's level now {first.level_qty_base} at "
        f"{format_minor(first.unit_cost_minor, currency)} {currency} each"
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    stock = commands.add_parser(
        "stock",
        help="stock levels, value at cost, chain totals, negative/zero lists, stock cards",
        description="Without --store, --by-store, --negative or --zero: chain totals per SKU. "
        "`hoctl stock card --store S --sku K` shows one SKU's movements.",
    )
    stock.add_argument("--store", type=store_code_arg, help="one store's levels")
    stock.add_argument("--category", help="a category and everything below it, e.g. drinks")
    stock.add_argument("--search", help="part of a name or SKU, or a barcode")
    stock.add_argument("--sku", help="one SKU")
    stock.add_argument(
        "--by-store", action="store_true", help="one line per store and SKU, not chain totals"
    )
    which = stock.add_mutually_exclusive_group()
    which.add_argument("--negative", action="store_true", help="only levels below zero")
    which.add_argument("--zero", action="store_true", help="only levels at zero")
    add_formats(stock)
    stock.set_defaults(handler=cmd_stock, context="stock")
    actions = stock.add_subparsers(dest="stock_command", metavar="ACTION")
    card = actions.add_parser(
        "card", help="every movement of one SKU in one store with its running balance"
    )
    card.add_argument("--store", type=store_code_arg, required=True)
    card.add_argument("--sku", required=True)
    card.add_argument("--since", type=moment_ms, help="from this date/time (UTC)")
    card.add_argument("--until", type=moment_ms, help="before this date/time (UTC)")
    add_formats(card)
    card.set_defaults(handler=cmd_card, context="stock card")
