"""Read-only views of the ledger: stock, status, the balance checksum and full balances."""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms
from common.domain.checksum import balance_checksum
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.product import CatalogueProduct, resolve_code
from edge_agent.services.context import StoreContext
from edge_agent.store import catalogue, journal
from edge_agent.store import stock as stock_store


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
    acked_seq: int
    backlog_entries: int
    oldest_unacked_at_ms: int
    lag_ms: int
    last_contact_ms: int
    catalogue_cursor: int
    products: int


def stock(ctx: StoreContext, sku: str = "") -> list[StockRow]:
    with ctx.db.read() as conn:
        return [StockRow(*row) for row in stock_store.stock_levels(conn, sku)]


def status(ctx: StoreContext) -> LedgerStatus:
    with ctx.db.read() as conn:
        newest = journal.newest_seq(conn)
        acked, contact = journal.sync_state(conn)
        oldest = journal.oldest_unacked_at_ms(conn, acked)
        cursor = catalogue.catalogue_cursor(conn)
        products = catalogue.product_count(conn)
    return LedgerStatus(
        store_code=ctx.store_code,
        newest_seq=newest,
        acked_seq=acked,
        backlog_entries=max(0, newest - acked),
        oldest_unacked_at_ms=oldest,
        lag_ms=0 if oldest == 0 else max(0, now_ms() - oldest),
        last_contact_ms=contact,
        catalogue_cursor=cursor,
        products=products,
    )


def checksum(ctx: StoreContext) -> ledger_pb2.BalanceChecksum:
    """The checksum of every level, as of the newest journal seq, read in one transaction."""
    with ctx.db.read() as conn:
        as_of = journal.newest_seq(conn)
        levels = stock_store.levels(conn)
    digest, count = balance_checksum(levels)
    return ledger_pb2.BalanceChecksum(as_of_seq=as_of, sha256_hex=digest, sku_count=count)


def balances(ctx: StoreContext) -> tuple[int, list[ledger_pb2.SkuBalance]]:
    """(as_of_seq, every non-zero level) read in one transaction."""
    with ctx.db.read() as conn:
        as_of = journal.newest_seq(conn)
        levels = stock_store.levels(conn)
    return as_of, [ledger_pb2.SkuBalance(sku=s, qty_base=q) for s, q in levels if q != 0]


def lookup_product(ctx: StoreContext, code: str) -> tuple[CatalogueProduct, list[str]]:
    """The product a code names and all its barcodes; UnknownBarcode when none."""
    with ctx.db.read() as conn:
        product = resolve_code(code, lambda c: catalogue.find_product(conn, c), ctx.store_code)
        return product, catalogue.barcodes_of(conn, product.sku)
