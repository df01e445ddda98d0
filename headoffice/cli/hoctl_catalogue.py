"""hoctl catalogue import | export | show | categories | price | prices.

The import (chunks, progress, Ctrl-C) is hoctl_catalogue_import.py's.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from common.cli.bounds import bounded
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text
from common.domain.limits import check_unit_price
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import catalogue_admin_pb2 as pb
from common.pb.storeledger.v1 import catalogue_admin_pb2_grpc
from headoffice.cli.catalogue_files import write_rows
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    HoctlError,
    headings,
    labelled,
    store_code_arg,
)
from headoffice.cli.hoctl_catalogue_import import IMPORT_TIMEOUT_S, cmd_import

CATEGORY_COLUMNS = [
    Column("path", N_("CATEGORY")),
    Column("product_count", N_("PRODUCTS"), "int"),
    Column("depth", N_("DEPTH"), kind="int"),
]
PRICE_COLUMNS = [
    Column("store", N_("STORE")),
    Column("sku", N_("SKU")),
    Column("name", N_("NAME")),
    Column("chain_price_minor", N_("CHAIN PRICE"), "money"),
    Column("price_minor", N_("STORE PRICE"), "money"),
]
PRODUCT_COLUMNS = [
    Column(key)
    for key in ("sku", "name", "kind", "unit", "category", "price_minor", "cost_minor", "currency",
                "active", "barcodes")
]  # fmt: skip


def _stub(clients: Clients) -> catalogue_admin_pb2_grpc.CatalogueAdminStub:
    return catalogue_admin_pb2_grpc.CatalogueAdminStub(clients.channel)


def cmd_export(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.file)
    if path.exists() and not args.force:
        raise HoctlError(
            _("{path} already exists; choose another file or pass --force").format(path=path)
        )
    rows: list[list[str]] = []
    for chunk in _stub(clients).ExportCatalogue(
        pb.CatalogueExportRequest(), timeout=IMPORT_TIMEOUT_S
    ):
        rows.extend(list(row.cells) for row in chunk.rows)
    write_rows(path, rows)
    out.say(_("exported {count} products to {file}").format(count=max(len(rows) - 1, 0), file=path))
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
    fields = [
        (_("kind"), info["kind"]),
        (_("unit"), info["unit"]),
        (_("category"), info["category"]),
        (_("price"), money_text(info["price_minor"], currency)),
        (_("cost"), money_text(info["cost_minor"], currency)),
        (_("barcodes"), ", ".join(info["barcodes"]) or "-"),
    ]
    for k in info["packs"]:
        fields.append((_("pack"), f"{k['name']} = {k['qty_base']} {info['unit']}  {k['barcode']}"))
    label = _("consumable") if info["kind"] == "service" else _("component")
    for c in info["components"]:
        fields.append((label, f"{c['sku']} x {c['qty_base']}"))
    for s in info["store_prices"]:
        fields.append((_("store price"), f"{s['store']} {money_text(s['price_minor'], currency)}"))
    return "\n".join([f"{info['sku']}  {info['name']}".rstrip(), *labelled(fields)])


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
        out.write(table(headings(CATEGORY_COLUMNS[:2]), tree_rows))
    else:
        out.listing(rows, CATEGORY_COLUMNS)
    return 0


def cmd_price(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    if (args.price is None) == (not args.remove):
        raise HoctlError(_("give either --price MINOR_UNITS or --remove"))
    reply = _stub(clients).SetStorePrice(
        pb.SetStorePriceRequest(
            store_code=args.store, sku=args.sku, price_minor=args.price or 0, remove=args.remove
        ),
        timeout=CALL_TIMEOUT_S,
    )
    if reply.removed:
        out.say(
            _("store {store} now sells {sku} at the chain price").format(
                store=args.store, sku=args.sku
            )
        )
    else:
        p = reply.price
        out.say(
            _("store {store} sells {sku} ({name}) at {price} (chain price {chain_price})").format(
                store=p.store_code,
                sku=p.sku,
                name=p.name,
                price=money_text(p.price_minor),
                chain_price=money_text(p.chain_price_minor),
            )
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
    out.listing(rows, headings(PRICE_COLUMNS))
    return 0


def _minor(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(
            _(
                "must be a whole non-negative number of minor units (199 for 1.99), got {text}"
            ).format(text=repr(text))
        )
    return bounded(check_unit_price, N_("the store price"))(text)


def register(commands: argparse._SubParsersAction) -> None:
    catalogue = commands.add_parser("catalogue", help=_("manage the chain catalogue"))
    actions = catalogue.add_subparsers(dest="catalogue_command", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help=_("import products from a CSV or Excel (.xlsx) file"))
    imp.add_argument(
        "file",
        help=_("CSV or .xlsx: {columns}").format(
            columns="sku,name,barcodes,unit,price_minor,cost_minor,category"
            " [,kind,packs,components]"
        ),
    )
    imp.add_argument("--dry-run", action="store_true", help=_("check and count, change nothing"))
    imp.set_defaults(handler=cmd_import, context="catalogue import")

    exp = actions.add_parser("export", help=_("write the catalogue to a CSV or .xlsx file"))
    exp.add_argument("file", help=_("FILE.csv or FILE.xlsx"))
    exp.add_argument("--force", action="store_true", help=_("overwrite an existing file"))
    exp.set_defaults(handler=cmd_export, context="catalogue export")

    show = actions.add_parser("show", help=_("one product: kind, packs, components, store prices"))
    show.add_argument("sku")
    add_format(show)
    show.set_defaults(handler=cmd_show, context="catalogue show")

    cats = actions.add_parser("categories", help=_("the category tree with product counts"))
    add_format(cats)
    cats.set_defaults(handler=cmd_categories, context="catalogue categories")

    price = actions.add_parser("price", help=_("set or remove a store's own price for a SKU"))
    price.add_argument("--store", type=store_code_arg, required=True)
    price.add_argument("--sku", required=True)
    price.add_argument("--price", type=_minor, help=_("the store price in minor units"))
    price.add_argument("--remove", action="store_true", help=_("back to the chain price"))
    price.set_defaults(handler=cmd_price, context="catalogue price")

    prices = actions.add_parser("prices", help=_("store prices that override the chain price"))
    prices.add_argument("--store", type=store_code_arg, help=_("one store (default: every store)"))
    add_format(prices)
    prices.set_defaults(handler=cmd_prices, context="catalogue prices")
