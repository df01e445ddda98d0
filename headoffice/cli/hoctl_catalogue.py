"""hoctl catalogue import | export | show | categories | price | prices."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from common.cli.bounds import bounded
from common.cli.cells import safe_text
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text, seconds_text
from common.domain.limits import check_unit_price
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _, ngettext
from common.pb.storeledger.v1 import catalogue_admin_pb2 as pb
from common.pb.storeledger.v1 import catalogue_admin_pb2_grpc
from headoffice.cli.catalogue_files import read_rows, write_rows
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    HoctlError,
    headings,
    labelled,
    store_code_arg,
)

CHUNK_ROWS = 2_000
PROGRESS_EVERY_ROWS = 10_000
# A 100,000-line file takes seconds; the bound only stops a hung call.
IMPORT_TIMEOUT_S = 900

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
# What head office is doing with an import, as it says in its progress messages.
STAGES = {"received": N_("received"), "checking": N_("checking")}


def _stub(clients: Clients) -> catalogue_admin_pb2_grpc.CatalogueAdminStub:
    return catalogue_admin_pb2_grpc.CatalogueAdminStub(clients.channel)


class _Progress:
    """One line on stderr per PROGRESS_EVERY_ROWS rows, with the elapsed time."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0

    def say(self, text: str) -> None:
        elapsed = seconds_text(int((time.monotonic() - self.started) * 1000))
        line = _("  {progress} ({seconds} s)").format(progress=text, seconds=elapsed)
        print(safe_text(line), file=sys.stderr, flush=True)


class _Upload:
    """How far an import got: whether head office has the whole file, and its answer."""

    def __init__(self) -> None:
        self.file_sent = False
        self.result: pb.CatalogueImportResult | None = None


def _chunks(
    path: Path, dry_run: bool, progress: _Progress, upload: _Upload
) -> Iterator[pb.CatalogueImportChunk]:
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
                progress.say(
                    _("read and sent {rows} rows of {file}").format(rows=sent, file=path.name)
                )
    yield chunk
    upload.file_sent = True


def interrupted_import(path: Path, dry_run: bool, upload: _Upload) -> str | None:
    """What a Ctrl-C during an import means; None when head office had already answered (the
    answer stands and is reported as usual: an import it committed is not "interrupted")."""
    if upload.result is not None:
        return None
    if not upload.file_sent or dry_run:
        return _("interrupted; {file} was not imported, nothing was changed").format(file=path)
    # Head office checks and imports in one transaction it does not abandon when the caller
    # goes: once it has the whole file, the import may have committed or may still.
    return _(
        "interrupted after head office received all of {file}: it finishes checking it and, if "
        "every line is good, imports it; see `hoctl catalogue show SKU` or `hoctl audit list` "
        "before importing it again"
    ).format(file=path)


def cmd_import(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.file)
    progress = _Progress()
    with closing(read_rows(path)) as rows:  # fails here, before any call, when the file
        next(rows, None)  # cannot be read (an .xlsx file is opened by its first row)
    upload = _Upload()
    # The replies are read on a thread so that Ctrl-C lands here, never inside a gRPC call
    # (which it would break): the call goes on and its answer can still be read. A Ctrl-C
    # while the call and its reader start (a small file may be sent and checked by then)
    # is held until both are running, then said like any other.
    with _ctrl_c_held() as pressed:
        replies = _stub(clients).ImportCatalogue(
            _chunks(path, args.dry_run, progress, upload), timeout=IMPORT_TIMEOUT_S
        )
        reader = _Reader(replies, progress, upload)
        reader.start()
    try:
        if pressed:
            raise KeyboardInterrupt
        reader.wait()
    except KeyboardInterrupt:
        sentence = interrupted_import(path, args.dry_run, upload)
        if sentence is None:
            reader.wait()  # head office had answered: report what it did
        elif not upload.file_sent or args.dry_run:
            replies.cancel()
            raise HoctlError(sentence) from None
        else:
            # Head office goes on with the whole file whatever happens here: wait for what it
            # did rather than say "interrupted" about an import that commits.
            out.warn(
                _(
                    "head office has all of {file} and finishes the import whatever happens "
                    "here; waiting for its answer (Ctrl-C again to stop waiting)"
                ).format(file=path)
            )
            try:
                reader.wait()
            except KeyboardInterrupt:
                replies.cancel()
                raise HoctlError(sentence) from None
    if reader.error is not None:
        raise reader.error
    if upload.result is None:
        raise HoctlError(_("head office ended the import without a result"))
    return _report(path, args.dry_run, upload.result, out)


@contextmanager
def _ctrl_c_held() -> Iterator[list[int]]:
    """Record a Ctrl-C (SIGINT) instead of raising it, for the block's length (main thread
    only: elsewhere Python delivers no signal anyway)."""
    pressed: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


class _Reader(threading.Thread):
    """Reads an import's replies; the error that ended them, if any, for the caller to raise."""

    def __init__(self, replies: Any, progress: _Progress, upload: _Upload) -> None:
        super().__init__(name="catalogue-import-replies", daemon=True)
        self._replies = replies
        self._progress = progress
        self._upload = upload
        self.error: Exception | None = None
        self.done = threading.Event()

    def run(self) -> None:
        big = False
        try:
            for reply in self._replies:
                big = big or reply.rows >= PROGRESS_EVERY_ROWS
                if reply.HasField("result"):
                    self._upload.result = reply.result
                elif big:
                    stage = _(STAGES[reply.stage]) if reply.stage in STAGES else reply.stage
                    self._progress.say(
                        _("head office: {stage} {rows} rows").format(stage=stage, rows=reply.rows)
                    )
        except Exception as exc:  # raised again by cmd_import on the main thread
            self.error = exc
        finally:
            self.done.set()

    def wait(self) -> None:
        # A sleep, not join(): a join that Ctrl-C interrupts can leave is_alive() False while
        # the thread still runs (CPython gh-90882), and the answer would be lost.
        while not self.done.is_set():
            time.sleep(0.05)


def _report(path: Path, dry_run: bool, result: pb.CatalogueImportResult, out: Output) -> int:
    if result.errors:
        for err in result.errors:
            out.warn(_("line {line_no}: {reason}").format(line_no=err.line_no, reason=err.reason))
        count = len({err.line_no for err in result.errors})
        out.warn(
            ngettext(
                "{file} was not imported: {count} line refused; nothing was changed",
                "{file} was not imported: {count} lines refused; nothing was changed",
                count,
            ).format(file=path, count=count)
        )
        return 1
    counts = {
        "file": path,
        "created": result.products_created,
        "updated": result.products_updated,
        "unchanged": result.products_unchanged,
    }
    if dry_run:
        out.say(
            _(
                "dry run of {file}: would have created {created}, updated {updated}, "
                "unchanged {unchanged}; nothing was changed"
            ).format(**counts)
        )
    else:
        out.say(
            _(
                "imported {file}: created {created}, updated {updated}, unchanged {unchanged}"
            ).format(**counts)
        )
    return 0


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
