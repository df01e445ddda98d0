"""hoctl stock [...] | hoctl stock card: levels, chain totals, negative and zero lists, stock cards.

Without --store, --by-store, --negative or --zero, `hoctl stock` shows chain
totals per SKU; otherwise one line per store and SKU, fetched page by page.
JSON and CSV keep quantities (base units) and money (minor units) as integers.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from common.cli.options import add_format, moment_arg
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text, rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _, ngettext
from common.pb.storeledger.v1 import stock_views_pb2, stock_views_pb2_grpc
from headoffice.cli import hoctl_channels
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg

QTY = Column("qty_base", N_("QUANTITY"), "int")
LINE_COLUMNS = [
    Column("store", N_("STORE")),
    Column("sku", N_("SKU")),
    Column("name", N_("NAME")),
    Column("category", N_("CATEGORY")),
    Column("unit", N_("UNIT")),
    QTY,
    Column("unit_cost_minor", N_("UNIT COST"), "money"),
    Column("value_minor", N_("VALUE"), "money"),
]
TOTAL_COLUMNS = [
    Column("sku", N_("SKU")),
    Column("name", N_("NAME")),
    Column("category", N_("CATEGORY")),
    Column("unit", N_("UNIT")),
    Column("store_count", N_("STORES"), "int"),
    QTY,
    Column("value_minor", N_("VALUE"), "money"),
]
CARD_COLUMNS = [
    Column("seq", N_("SEQ"), kind="int"),
    Column("occurred_at", N_("AT")),
    Column("document_type", N_("DOCUMENT TYPE")),
    Column("document_id", N_("DOCUMENT ID")),
    Column("actor", N_("ACTOR")),
    Column("reason", N_("REASON")),
    QTY,
    Column("unit_cost_minor", N_("UNIT COST"), "money"),
    Column("balance_qty_base", N_("BALANCE"), "int"),
]
PAGE_SIZE = 10_000


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


def line_row(line: stock_views_pb2.StockLine, currency: str) -> dict[str, Any]:
    return {
        "store": line.store_code,
        "sku": line.sku,
        "name": line.name,
        "category": line.category,
        "unit": line.unit,
        "qty_base": line.qty_base,
        "unit_cost_minor": line.unit_cost_minor,
        "value_minor": line.value_minor,
        "currency": currency,
    }


def total_row(line: stock_views_pb2.SkuTotal, currency: str) -> dict[str, Any]:
    return {
        "sku": line.sku,
        "name": line.name,
        "category": line.category,
        "unit": line.unit,
        "store_count": line.stores,
        "qty_base": line.qty_base,
        "value_minor": line.value_minor,
        "currency": currency,
    }


def totals_sentence(
    totals: stock_views_pb2.StockTotals, currency: str, store_levels: bool = False
) -> str:
    """'3 lines, quantity 12, value 4.50 CNY; 1 below zero' (or '3 store levels, ...')."""
    if store_levels:
        counted = ngettext(
            "{count} store level, quantity {qty}, value {value} {currency}",
            "{count} store levels, quantity {qty}, value {value} {currency}",
            totals.lines,
        )
    else:
        counted = ngettext(
            "{count} line, quantity {qty}, value {value} {currency}",
            "{count} lines, quantity {qty}, value {value} {currency}",
            totals.lines,
        )
    text = counted.format(
        count=totals.lines,
        qty=totals.qty_base,
        value=money_text(totals.value_minor, currency),
        currency=currency,
    )
    if totals.negative_lines and totals.zero_lines:
        noted = _("{totals}; {negative} below zero, {zero} at zero")
    elif totals.negative_lines:
        noted = _("{totals}; {negative} below zero")
    elif totals.zero_lines:
        noted = _("{totals}; {zero} at zero")
    else:
        return text
    return noted.format(totals=text, negative=totals.negative_lines, zero=totals.zero_lines)


def cmd_stock(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    if args.states or args.channel:
        return hoctl_channels.cmd_states(args, clients, out)
    stub = stock_views_pb2_grpc.StockViewsStub(clients.channel)
    if not per_store(args):
        reply = stub.ChainTotals(
            stock_views_pb2.ChainTotalsRequest(selection=selection(args)), timeout=CALL_TIMEOUT_S
        )
        currency = reply.currency or DEFAULT_CURRENCY
        out.listing(
            [total_row(line, currency) for line in reply.lines],
            headings(TOTAL_COLUMNS),
            footer=lambda: _("chain totals: {totals}").format(
                totals=totals_sentence(reply.totals, currency, store_levels=True)
            ),
        )
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
            out.warn(
                _("  fetched {count} of {total} lines").format(
                    count=f"{len(lines):,}", total=f"{totals.lines:,}"
                )
            )
    out.listing(
        [line_row(line, currency) for line in lines],
        headings(LINE_COLUMNS),
        footer=lambda: totals_sentence(totals, currency),
    )
    return 0


def card_row(movement: stock_views_pb2.CardMovement) -> dict[str, Any]:
    return {
        "seq": movement.seq,
        "occurred_at": rfc3339(movement.occurred_at_ms),
        "document_type": movement.document_type,
        "document_id": movement.document_id,
        "actor": movement.actor,
        "reason": movement.reason,
        "qty_base": movement.qty_base,
        "unit_cost_minor": movement.unit_cost_minor,
        "balance_qty_base": movement.balance_qty_base,
    }


def card_text(card: dict[str, Any]) -> str:
    currency = card["currency"]
    moves = card["movements"]
    lines = [
        _("stock card of {sku} ({name}) in {store}").format(
            sku=card["sku"], name=card["name"] or _("not in the catalogue"), store=card["store"]
        ),
        _("opening balance {qty} {unit}")
        .format(qty=card["opening_qty_base"], unit=card["unit"])
        .rstrip(),
    ]
    if moves:
        lines.append(table(headings(CARD_COLUMNS), moves, currency))
    count = len(moves)
    lines.append(
        ngettext(
            "closing balance {qty} after {count} movement; head office's level now {level} at "
            "{cost} {currency} each",
            "closing balance {qty} after {count} movements; head office's level now {level} at "
            "{cost} {currency} each",
            count,
        ).format(
            qty=card["closing_qty_base"],
            count=count,
            level=card["level_qty_base"],
            cost=money_text(card["unit_cost_minor"], currency),
            currency=currency,
        )
    )
    return "\n".join(lines)


def cmd_card(args: argparse.Namespace, clients: Clients, out: Output) -> int:
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
    card = {
        "store": first.store_code,
        "sku": first.sku,
        "name": first.name,
        "unit": first.unit,
        "currency": first.currency or DEFAULT_CURRENCY,
        "opening_qty_base": opening,
        "closing_qty_base": rows[-1]["balance_qty_base"] if rows else opening,
        "level_qty_base": first.level_qty_base,
        "unit_cost_minor": first.unit_cost_minor,
        "movements": rows,
    }
    out.record(card, lambda: card_text(card), rows_key="movements", columns=CARD_COLUMNS)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    stock = commands.add_parser(
        "stock",
        help=_("stock levels, value at cost, chain totals, negative/zero lists, stock cards"),
        description=_(
            "Without --store, --by-store, --negative or --zero: chain totals per SKU. "
            "`hoctl stock card --store S --sku K` shows one SKU's movements."
        ),
    )
    stock.add_argument("--store", type=store_code_arg, help=_("one store's levels"))
    stock.add_argument("--category", help=_("a category and everything below it, e.g. drinks"))
    stock.add_argument("--search", help=_("part of a name or SKU, or a barcode"))
    stock.add_argument("--sku", help=_("one SKU"))
    stock.add_argument(
        "--by-store", action="store_true", help=_("one line per store and SKU, not chain totals")
    )
    stock.add_argument(
        "--states",
        action="store_true",
        help=_(
            "one store's stock by state: on hand, available, reserved, committed, damaged, safety"
        ),
    )
    stock.add_argument(
        "--channel",
        help=_("with --states: what channel C (or * every channel) may still promise"),
    )
    which = stock.add_mutually_exclusive_group()
    which.add_argument("--negative", action="store_true", help=_("only levels below zero"))
    which.add_argument("--zero", action="store_true", help=_("only levels at zero"))
    add_format(stock)
    stock.set_defaults(handler=cmd_stock, context="stock")
    actions = stock.add_subparsers(dest="stock_command", metavar="ACTION")
    card = actions.add_parser(
        "card", help=_("every movement of one SKU in one store with its running balance")
    )
    card.add_argument("--store", type=store_code_arg, required=True)
    card.add_argument("--sku", required=True)
    card.add_argument("--since", type=moment_arg, help=_("from this date/time (UTC)"))
    card.add_argument("--until", type=moment_arg, help=_("before this date/time (UTC)"))
    add_format(card)
    card.set_defaults(handler=cmd_card, context="stock card")
    state = actions.add_parser("state", help=_("set damaged or safety stock of a store's SKU"))
    state_actions = state.add_subparsers(dest="state_command", required=True, metavar="ACTION")
    set_state = state_actions.add_parser(
        "set", help=_("set damaged or safety stock to a figure; it is not available to promise")
    )
    set_state.add_argument("--store", type=store_code_arg, required=True)
    set_state.add_argument("--sku", required=True)
    set_state.add_argument("--state", required=True, choices=("damaged", "safety"))
    set_state.add_argument(
        "--qty", type=int, required=True, help=_("the new figure in base units, 0 or more")
    )
    set_state.add_argument("--reason", required=True, help=_("why; recorded with the change"))
    add_format(set_state)
    set_state.set_defaults(handler=hoctl_channels.cmd_set_state, context="stock state set")
