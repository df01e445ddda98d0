"""hoctl catalogue import | export | show | categories | price | prices."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from common.cli.cells import safe_text
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text, seconds_text
from common.domain.money import DEFAULT_CURRENCY
from common.pb.storeledger.v1 import catalogue_admin_pb2 as pb
from common.pb.storeledger.v1 import catalogue_admin_pb2_grpc
from headoffice.cli.catalogue_files import read_rows, write_rows
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, HoctlError, store_code_arg

CHUNK_ROWS = 2_000
PROGRESS_EVERY_ROWS = 10_000
# A 100,000-line file takes seconds; the bound only stops a hung call.
IMPORT_TIMEOUT_S = 900

CATEGORY_COLUMNS = [
    Column("path", "CATEGORY"),
    Column("product_count", "PRODUCTS", "int"),
    Column("depth", kind="int"),
]
PRICE_COLUMNS = [
    Column("store"),
    Column("sku"),
    Column("name"),
    Column("chain_price_minor", "CHAIN PRICE", "money"),
    Column("price_minor", "STORE PRICE", "money"),
]
PRODUCT_COLUMNS = [
    Column(key)
    for key in ("sku", "name", "kind", "unit", "category", "price_minor", "cost_minor", "currency",
                "active", "barcodes")
]  # fmt: skip


def _stub(clients: Clients) -> catalogue_admin_pb2_grpc.CatalogueAdminStub:
    return catalogue_admin_pb2_grpc.CatalogueAdminStub(clients.channel)


class _Progress:
    """One line on stderr per PROGRESS_EVERY_ROWS rows, with the elapsed time."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0

    def say(self, text: str) -> None:
        elapsed = seconds_text(int((time.monotonic() - self.started) * 1000))
        print(safe_text(f"  {text} ({elapsed} s)"), file=sys.stderr, flush=True)


def _chunks(path: Path, dry_run: bool, progress: _Progress) -> Iterator[pb.CatalogueImportChunk]:
    chunk = pb.CatalogueImportChunk(dry_run=dry_run, source=path.name)
    sent = 0
    for line_no, cells in read_rows(path):
        chunk.rows.append(pb.CatalogueRow(line_no=line_no, cells=cells))
        if len(chunk.rows) >= CHUNK_ROWS:
            sent += len(chunk.rows)
            yield chunk
            chunk = pb.CatalogueImportChunk()
            if sent - progress.shown >= PROGRESS_EVERY_ROWS:
                progress.shown = sent
                progress.say(f"read and sent {sent} rows of {path.name}")
    yield chunk


def cmd_import(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.file)
    progress = _Progress()
    rows = read_rows(path)  # fails here, before any call, when the file cannot be read
    del rows
    result: pb.CatalogueImportResult | None = None
    big = False
    for reply in _stub(clients).ImportCatalogue(
        _chunks(path, args.dry_run, progress), timeout=IMPORT_TIMEOUT_S
    ):
        big = big or reply.rows >= PROGRESS_EVERY_ROWS
        if reply.HasField("result"):
            result = reply.result
        elif big:
            progress.say(f"head office: {reply.stage} {reply.rows} rows")
    if result is None:
        raise HoctlError("head office ended the import without a result")
    if result.errors:
        for err in result.errors:
            out.warn(f"line {err.line_no}: {err.reason}")
        lines = sorted({err.line_no for err in result.errors})
        count = len(lines)
        out.warn(
            f"{path} was not imported: {count} line{'s' if count != 1 else ''} refused; "
            "nothing was changed"
        )
        return 1
    counts = (
        f"created {result.products_created}, updated {result.products_updated}, "
        f"unchanged {result.products_unchanged}"
    )
    if args.dry_run:
        out.say(f"dry run of {path}: would have {counts}; nothing was changed")
    else:
        out.say(f"imported {path}: {counts}")
    return 0


def cmd_export(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.file)
    if path.exists() and not args.force:
        raise HoctlError(f"{path} already exists; choose another file or pass --force")
    rows: list[list[str]] = []
    for chunk in _stub(clients).ExportCatalogue(
        pb.CatalogueExportRequest(), timeout=IMPORT_TIMEOUT_S
    ):
        rows.extend(list(row.cells) for row in chunk.rows)
    write_rows(path, rows)
    out.say(f"exported {max(len(rows) - 1, 0)} products to {path}")
    return 0


def product_document(detail: pb.ProductDetail) -> dict[str, object]:
    p = detail.product
    return {
        "sku": p.sku,
        "name": p.name,
        "kind": p.kind or "goods",
        "unit": p.unit,
        "category": p.category,
        "price_minor": p.price_minor,
        "cost_minor": p.cost_minor,
        "currency": p.currency or DEFAULT_CURRENCY,
        "active": p.active,
        "barcodes": list(p.barcodes),
        "packs": [{"name": k.name, "qty_base": k.qty_base, "barcode": k.barcode} for k in p.packs],
        "components": [{"sku": c.sku, "qty_base": c.qty_base} for c in p.components],
        "store_prices": [
            {"store": s.store_code, "price_minor": s.price_minor} for s in detail.store_prices
        ],
    }


def product_text(info: dict) -> str:
    currency = info["currency"]
    lines = [
        f"{info['sku']}  {info['name']}",
        f"  kind        {info['kind']}",
        f"  unit        {info['unit']}",
        f"  category    {info['category']}",
        f"  price       {money_text(info['price_minor'], currency)}",
        f"  cost        {money_text(info['cost_minor'], currency)}",
        f"  barcodes    {', '.join(info['barcodes']) or '-'}",
    ]
    for k in info["packs"]:
        lines.append(f"  pack        {k['name']} = {k['qty_base']} {info['unit']}  {k['barcode']}")
    label = "consumable" if info["kind"] == "service" else "component"
    for c in info["components"]:
        lines.append(f"  {label:<11} {c['sku']} x {c['qty_base']}")
    for s in info["store_prices"]:
        lines.append(f"  store price {s['store']} {money_text(s['price_minor'], currency)}")
    return "\n".join(line.rstrip() for line in lines)


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    detail = _stub(clients).ShowProduct(pb.ShowProductRequest(sku=args.sku), timeout=CALL_TIMEOUT_S)
    info = product_document(detail)
    out.record(info, lambda: product_text(info), columns=PRODUCT_COLUMNS)
    return 0


def _category_name(row: dict) -> str:
    """The last part of the path, indented by depth: a tree for people."""
    return "  " * row["depth"] + row["path"].rsplit("/", 1)[-1]


def cmd_categories(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    tree = _stub(clients).ListCategories(pb.ListCategoriesRequest(), timeout=CALL_TIMEOUT_S)
    rows = [
        {"path": n.path, "depth": n.depth, "product_count": n.product_count} for n in tree.nodes
    ]
    if out.for_people:
        tree_rows = [{**row, "path": _category_name(row)} for row in rows]
        out.write(table(CATEGORY_COLUMNS[:2], tree_rows))
    else:
        out.listing(rows, CATEGORY_COLUMNS)
    return 0


def cmd_price(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    if (args.price is None) == (not args.remove):
        raise HoctlError("give either --price MINOR_UNITS or --remove")
    reply = _stub(clients).SetStorePrice(
        pb.SetStorePriceRequest(
            store_code=args.store, sku=args.sku, price_minor=args.price or 0, remove=args.remove
        ),
        timeout=CALL_TIMEOUT_S,
    )
    if reply.removed:
        out.say(f"store {args.store} now sells {args.sku} at the chain price")
    else:
        p = reply.price
        out.say(
            f"store {p.store_code} sells {p.sku} ({p.name}) at {money_text(p.price_minor)} "
            f"(chain price {money_text(p.chain_price_minor)})"
        )
    return 0


def cmd_prices(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListStorePrices(
        pb.ListStorePricesRequest(store_code=args.store or ""), timeout=CALL_TIMEOUT_S
    )
    rows = [
        {
            "store": p.store_code,
            "sku": p.sku,
            "name": p.name,
            "chain_price_minor": p.chain_price_minor,
            "price_minor": p.price_minor,
            "currency": DEFAULT_CURRENCY,  # head office keeps one currency for the chain
        }
        for p in reply.prices
    ]
    out.listing(rows, PRICE_COLUMNS)
    return 0


def _minor(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(
            f"must be a whole non-negative number of minor units (199 for 1.99), got {text!r}"
        )
    return int(text)


def register(commands: argparse._SubParsersAction) -> None:
    catalogue = commands.add_parser("catalogue", help="manage the chain catalogue")
    actions = catalogue.add_subparsers(dest="catalogue_command", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="import products from a CSV or Excel (.xlsx) file")
    imp.add_argument(
        "file",
        help="CSV or .xlsx: sku,name,barcodes,unit,price_minor,cost_minor,category"
        " [,kind,packs,components]",
    )
    imp.add_argument("--dry-run", action="store_true", help="check and count, change nothing")
    imp.set_defaults(handler=cmd_import, context="catalogue import")

    exp = actions.add_parser("export", help="write the catalogue to a CSV or .xlsx file")
    exp.add_argument("file", help="FILE.csv or FILE.xlsx")
    exp.add_argument("--force", action="store_true", help="overwrite an existing file")
    exp.set_defaults(handler=cmd_export, context="catalogue export")

    show = actions.add_parser("show", help="one product: kind, packs, components, store prices")
    show.add_argument("sku")
    add_format(show)
    show.set_defaults(handler=cmd_show, context="catalogue show")

    cats = actions.add_parser("categories", help="the category tree with product counts")
    add_format(cats)
    cats.set_defaults(handler=cmd_categories, context="catalogue categories")

    price = actions.add_parser("price", help="set or remove a store's own price for a SKU")
    price.add_argument("--store", type=store_code_arg, required=True)
    price.add_argument("--sku", required=True)
    price.add_argument("--price", type=_minor, help="the store price in minor units")
    price.add_argument("--remove", action="store_true", help="back to the chain price")
    price.set_defaults(handler=cmd_price, context="catalogue price")

    prices = actions.add_parser("prices", help="store prices that override the chain price")
    prices.add_argument("--store", type=store_code_arg, help="one store (default: every store)")
    add_format(prices)
    prices.set_defaults(handler=cmd_prices, context="catalogue prices")
