"""hoctl catalogue import | export | show | categories | price | prices."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from common.domain.money import format_minor
from common.pb.storeledger.v1 import catalogue_admin_pb2 as pb
from common.pb.storeledger.v1 import catalogue_admin_pb2_grpc
from headoffice.cli import output
from headoffice.cli.catalogue_files import read_rows, write_rows
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    HoctlError,
    add_formats,
    store_code_arg,
)

CHUNK_ROWS = 2_000
PROGRESS_EVERY_ROWS = 10_000
# A 100,000-line file takes seconds; the bound only stops a hung call.
IMPORT_TIMEOUT_S = 900


def _stub(clients: Clients) -> catalogue_admin_pb2_grpc.CatalogueAdminStub:
    return catalogue_admin_pb2_grpc.CatalogueAdminStub(clients.channel)


class _Progress:
    """One line on stderr per PROGRESS_EVERY_ROWS rows, with the elapsed time."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0

    def say(self, text: str) -> None:
        print(f"  {text} ({time.monotonic() - self.started:.1f} s)", file=sys.stderr, flush=True)


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


def cmd_import(args: argparse.Namespace, clients: Clients) -> int:
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
            print(f"line {err.line_no}: {err.reason}", file=sys.stderr)
        lines = sorted({err.line_no for err in result.errors})
        count = len(lines)
        print(
            f"{path} was not imported: {count} line{'s' if count != 1 else ''} refused; "
            "nothing was changed",
            file=sys.stderr,
        )
        return 1
    counts = (
        f"created {result.products_created}, updated {result.products_updated}, "
        f"unchanged {result.products_unchanged}"
    )
    if args.dry_run:
        print(f"dry run of {path}: would have {counts}; nothing was changed")
    else:
        print(f"imported {path}: {counts}")
    return 0


def cmd_export(args: argparse.Namespace, clients: Clients) -> int:
    path = Path(args.file)
    if path.exists() and not args.force:
        raise HoctlError(f"{path} already exists; choose another file or pass --force")
    rows: list[list[str]] = []
    for chunk in _stub(clients).ExportCatalogue(
        pb.CatalogueExportRequest(), timeout=IMPORT_TIMEOUT_S
    ):
        rows.extend(list(row.cells) for row in chunk.rows)
    write_rows(path, rows)
    print(f"exported {max(len(rows) - 1, 0)} products to {path}")
    return 0


def _product_dict(detail: pb.ProductDetail) -> dict[str, object]:
    p = detail.product
    return {
        "sku": p.sku,
        "name": p.name,
        "kind": p.kind or "goods",
        "unit": p.unit,
        "category": p.category,
        "price_minor": p.price_minor,
        "cost_minor": p.cost_minor,
        "currency": p.currency,
        "active": p.active,
        "barcodes": list(p.barcodes),
        "packs": [{"name": k.name, "qty_base": k.qty_base, "barcode": k.barcode} for k in p.packs],
        "components": [{"sku": c.sku, "qty_base": c.qty_base} for c in p.components],
        "store_prices": [
            {"store": s.store_code, "price_minor": s.price_minor} for s in detail.store_prices
        ],
    }


def cmd_show(args: argparse.Namespace, clients: Clients) -> int:
    detail = _stub(clients).ShowProduct(pb.ShowProductRequest(sku=args.sku), timeout=CALL_TIMEOUT_S)
    info = _product_dict(detail)
    if args.format == "json":
        print(output.to_json(info))
        return 0
    p = detail.product
    lines = [
        f"{p.sku}  {p.name}",
        f"  kind        {info['kind']}",
        f"  unit        {p.unit}",
        f"  category    {p.category}",
        f"  price       {format_minor(p.price_minor, p.currency)}",
        f"  cost        {format_minor(p.cost_minor, p.currency)}",
        f"  barcodes    {', '.join(p.barcodes) or '-'}",
    ]
    for k in p.packs:
        lines.append(f"  pack        {k.name} = {k.qty_base} {p.unit}  {k.barcode or ''}".rstrip())
    label = "consumable" if p.kind == "service" else "component"
    for c in p.components:
        lines.append(f"  {label:<11} {c.sku} x {c.qty_base}")
    for s in detail.store_prices:
        lines.append(f"  store price {s.store_code} {format_minor(s.price_minor, p.currency)}")
    print("\n".join(lines))
    return 0


def cmd_categories(args: argparse.Namespace, clients: Clients) -> int:
    tree = _stub(clients).ListCategories(pb.ListCategoriesRequest(), timeout=CALL_TIMEOUT_S)
    if args.format == "table":
        rows = [
            {"category": "  " * n.depth + n.path.rsplit("/", 1)[-1], "products": n.products}
            for n in tree.nodes
        ]
        print(output.render(rows, ["category", "products"], "table"))
        return 0
    rows = [{"path": n.path, "depth": n.depth, "products": n.products} for n in tree.nodes]
    print(output.render(rows, ["path", "depth", "products"], args.format))
    return 0


def cmd_price(args: argparse.Namespace, clients: Clients) -> int:
    if (args.price is None) == (not args.remove):
        raise HoctlError("give either --price MINOR_UNITS or --remove")
    reply = _stub(clients).SetStorePrice(
        pb.SetStorePriceRequest(
            store_code=args.store, sku=args.sku, price_minor=args.price or 0, remove=args.remove
        ),
        timeout=CALL_TIMEOUT_S,
    )
    if reply.removed:
        print(f"store {args.store} now sells {args.sku} at the chain price")
    else:
        p = reply.price
        print(
            f"store {p.store_code} sells {p.sku} ({p.name}) at {format_minor(p.price_minor)} "
            f"(chain price {format_minor(p.chain_price_minor)})"
        )
    return 0


def cmd_prices(args: argparse.Namespace, clients: Clients) -> int:
    reply = _stub(clients).ListStorePrices(
        pb.ListStorePricesRequest(store_code=args.store or ""), timeout=CALL_TIMEOUT_S
    )
    table = args.format == "table"
    rows = [
        {
            "store": p.store_code,
            "sku": p.sku,
            "name": p.name,
            "chain_price": format_minor(p.chain_price_minor) if table else p.chain_price_minor,
            "store_price": format_minor(p.price_minor) if table else p.price_minor,
        }
        for p in reply.prices
    ]
    print(output.render(rows, ["store", "sku", "name", "chain_price", "store_price"], args.format))
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
    add_formats(show, csv=False)
    show.set_defaults(handler=cmd_show, context="catalogue show")

    cats = actions.add_parser("categories", help="the category tree with product counts")
    add_formats(cats)
    cats.set_defaults(handler=cmd_categories, context="catalogue categories")

    price = actions.add_parser("price", help="set or remove a store's own price for a SKU")
    price.add_argument("--store", type=store_code_arg, required=True)
    price.add_argument("--sku", required=True)
    price.add_argument("--price", type=_minor, help="the store price in minor units")
    price.add_argument("--remove", action="store_true", help="back to the chain price")
    price.set_defaults(handler=cmd_price, context="catalogue price")

    prices = actions.add_parser("prices", help="store prices that override the chain price")
    prices.add_argument("--store", type=store_code_arg, help="one store (default: every store)")
    add_formats(prices)
    prices.set_defaults(handler=cmd_prices, context="catalogue prices")
