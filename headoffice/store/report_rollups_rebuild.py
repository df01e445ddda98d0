"""Rebuilding the reports' roll-ups from the stored journal (migration 0024_sales_rollups).

sales_sku_daily and sales_hourly need the selling prices, cashier and shift, which
only the journal entries' payloads hold; the cost of goods sold is in the movements
apply_batch valued. stock_lots and po_receipts come from the supplier deliveries'
payloads; the SKU rows' days are counted at the shops' offset from UTC it is given
(recorded in report_rollup_settings for apply_batch). rebuild() empties the four tables (and the chain's sum of sales_sku_daily,
sales_sku_chain_daily, unless `chain` is False) and runs the same domain code the apply
path runs (ReportsTally.add for each sale and return with its stored movements;
lots_of and receipt_lines for each delivery, kept for an order of the same store)
over the entries in journal order, store by store, CHUNK entries at a time, so
memory stays bounded however long the journal is. It writes through the same
repository apply_batch uses and prints nothing; the caller owns the transaction.

Known difference: a delivery naming an order number that did not exist yet when it
was applied but exists now gets its po_receipts rows here (the effect found no order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from common.journal_kinds import SALE, SALE_RETURN, SUPPLIER_DELIVERY
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain import purchasing as po_rules
from headoffice.domain.documents import SupplierDeliveryBody
from headoffice.domain.ledger import ValuedMovement
from headoffice.domain.purchasing_errors import InvalidPurchaseRequest
from headoffice.domain.sales_tally import ReportsTally
from headoffice.domain.stock_reports import lots_of, receipt_lines
from headoffice.store import journal_codec
from headoffice.store import replenish_demand_keep as demand_keep
from headoffice.store.document_tables import purchase_orders
from headoffice.store.sales_report_repo import SalesReportRepository
from headoffice.store.sales_tables import (
    po_receipts,
    sales_hourly,
    sales_sku_chain_daily,
    sales_sku_daily,
    stock_lots,
)
from headoffice.store.tables import journal_entries, movements

CHUNK = 5_000  # journal entries read (and their movements) at a time
SEQ_INDEX = "ix_movements_rebuild_store_seq"  # only while rebuild runs
KINDS = (SALE.name, SALE_RETURN.name, SUPPLIER_DELIVERY.name)


def rebuild(
    conn: sa.Connection,
    chunk: int = CHUNK,
    progress: Callable[[str, int], None] | None = None,
    chain: bool = True,
    utc_offset_minutes: int | None = None,
) -> int:
    """Empty the four tables and fill them again from the journal, reading `chunk` entries
    at a time; the number of entries read. `progress` (store, entries read so far) is called
    after each chunk (the admin command's progress lines). The SKU rows' days are counted at
    `utc_offset_minutes` (recorded for apply_batch), or at the offset recorded before when
    None. `chain` False: before migration 0027 (no sales_sku_chain_daily and no recorded
    offset yet: UTC days)."""
    tables = [sales_sku_daily, sales_hourly, stock_lots, po_receipts]
    for table in [*tables, sales_sku_chain_daily] if chain else tables:
        conn.execute(table.delete())
    repo = SalesReportRepository(conn, chain)
    offset = 0
    if chain:
        offset = repo.sku_day_offset() if utc_offset_minutes is None else utc_offset_minutes
        repo.set_sku_day_offset(offset)
        demand_keep.forget(conn)  # replenishment's sums are rebuilt from the new rows
    # movements has no index by (store, seq): its (store, sku, seq) one would scan all of a
    # store's movements for each chunk. One built for the rebuild keeps it linear.
    conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {SEQ_INDEX} ON movements (store_code, seq)"))
    j = journal_entries.c
    stores = [s for (s,) in conn.execute(sa.select(j.store_code).distinct().order_by(j.store_code))]
    read = 0
    for store in stores:
        after = 0
        while True:
            rows = conn.execute(
                sa.select(j.seq, j.document_type, j.occurred_at_ms, j.payload)
                .where(j.store_code == store, j.seq > after, j.document_type.in_(KINDS))
                .order_by(j.seq)
                .limit(chunk)
            ).all()
            if not rows:
                break
            _chunk(conn, repo, store, rows, offset)
            read += len(rows)
            after = int(rows[-1][0])
            if progress is not None:
                progress(store, read)
    conn.execute(sa.text(f"DROP INDEX {SEQ_INDEX}"))
    return read


def _chunk(
    conn: sa.Connection,
    repo: SalesReportRepository,
    store: str,
    rows: Sequence[Any],
    day_offset_minutes: int,
) -> None:
    """One chunk of a store's entries: its sales into the roll-ups, its deliveries' lots."""
    sale, sale_return = SALE.name, SALE_RETURN.name
    sold = [int(r[0]) for r in rows if r[1] in (sale, sale_return)]
    moves = _movements(conn, store, sold[0], sold[-1]) if sold else {}
    tally = ReportsTally((), day_offset_minutes)
    for seq, kind, at_ms, payload in rows:
        entry = ledger_pb2.JournalEntry.FromString(bytes(payload))
        if kind == sale:
            tally.add(entry.sale, int(at_ms), moves.get(int(seq), []), 1)
        elif kind == sale_return:
            tally.add(entry.sale_return, int(at_ms), moves.get(int(seq), []), -1)
        else:
            _delivery(conn, repo, store, entry)
    repo.add(store, tally.by_sku, tally.by_hour)


def _movements(
    conn: sa.Connection, store: str, first: int, last: int
) -> dict[int, list[ValuedMovement]]:
    """The valued movements of the store's entries first..last, by entry."""
    m = movements.c
    out: dict[int, list[ValuedMovement]] = {}
    query = sa.select(m.seq, m.sku, m.qty_base, m.reason, m.unit_cost_minor).where(
        m.store_code == store, m.seq.between(first, last)
    )
    for seq, sku, qty, reason, cost in conn.execute(query):
        out.setdefault(int(seq), []).append((sku, int(qty), reason, int(cost)))
    return out


def _delivery(
    conn: sa.Connection, repo: SalesReportRepository, store: str, entry: ledger_pb2.JournalEntry
) -> None:
    """The delivery effect's lots and receipt rows (services/purchasing_effects.py)."""
    body = journal_codec.document(entry, SUPPLIER_DELIVERY, SupplierDeliveryBody).body
    lots = lots_of(body.lines)
    if lots:
        repo.add_lots(store, entry.seq, lots)
    if not body.po_id:
        return
    try:
        po_no = po_rules.parse_po_id(body.po_id)
    except InvalidPurchaseRequest:
        return
    p = purchase_orders.c
    owner = conn.execute(sa.select(p.store_code).where(p.po_no == po_no)).scalar()
    if owner == store:
        lines = receipt_lines(body.lines)
        repo.add_po_receipt(store, entry.seq, po_no, entry.occurred_at_ms, lines)
