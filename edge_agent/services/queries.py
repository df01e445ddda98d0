"""Read-only views of the ledger: stock, status, the balance checksum and full balances."""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms
from common.domain.checksum import balance_checksum
from common.domain.product import CatalogueProduct, resolve_code
from common.i18n import _
from edge_agent.domain.errors import UnknownBarcode
from edge_agent.services.context import StoreContext


@dataclass(frozen=True)
class StockRow:
    sku: str
    name: str
    unit: str
    qty_base: int


@dataclass(frozen=True)
class LedgerStatus:
    store_code: str
    newest_seq: int
    committed_seq: int
    backlog_count: int
    oldest_uncommitted_at_ms: int
    lag_ms: int
    last_contact_ms: int
    downstream_cursor: int
    product_count: int


@dataclass(frozen=True)
class BalanceChecksum:
    """The digest of every level after the journal's entries up to as_of_seq."""

    as_of_seq: int
    sha256_hex: str
    sku_count: int


def stock(ctx: StoreContext, sku: str = "") -> list[StockRow]:
    """Every SKU's level (with its name and unit), or one SKU's; NOT_FOUND for an unknown SKU."""
    with ctx.db.read() as uow:
        rows = [StockRow(*row) for row in uow.stock.stock_rows(sku)]
    if sku and not rows:
        raise UnknownBarcode(
            _("store {store} has no product or stock for SKU {sku}").format(
                store=ctx.store_code, sku=sku
            )
        )
    return rows


def status(ctx: StoreContext) -> LedgerStatus:
    with ctx.db.read() as uow:
        newest = uow.journal.newest_seq()
        committed, contact = uow.journal.sync_state()
        oldest = uow.journal.oldest_uncommitted_at_ms(committed)
        cursor = uow.catalogue.downstream_cursor()
        products = uow.catalogue.product_count()
    return LedgerStatus(
        store_code=ctx.store_code,
        newest_seq=newest,
        committed_seq=committed,
        backlog_count=max(0, newest - committed),
        oldest_uncommitted_at_ms=oldest,
        lag_ms=0 if oldest == 0 else max(0, now_ms() - oldest),
        last_contact_ms=contact,
        downstream_cursor=cursor,
        product_count=products,
    )


def checksum(ctx: StoreContext) -> BalanceChecksum:
    """The checksum of every level, as of the newest journal seq, read in one transaction."""
    with ctx.db.read() as uow:
        as_of = uow.journal.newest_seq()
        levels = uow.stock.levels()
    digest, count = balance_checksum(levels)
    return BalanceChecksum(as_of, digest, count)


def balances(ctx: StoreContext) -> tuple[int, list[tuple[str, int]]]:
    """(as_of_seq, (sku, level) of every non-zero level) read in one transaction."""
    with ctx.db.read() as uow:
        as_of = uow.journal.newest_seq()
        levels = uow.stock.levels()
    return as_of, [(sku, qty) for sku, qty in levels if qty != 0]


def lookup_product(ctx: StoreContext, code: str) -> tuple[CatalogueProduct, list[str]]:
    """The product a code names and all its barcodes; UnknownBarcode when none."""
    with ctx.db.read() as uow:
        product = resolve_code(code, uow.catalogue.find_product, ctx.store_code)
        return product, uow.catalogue.barcodes_of(product.sku)
