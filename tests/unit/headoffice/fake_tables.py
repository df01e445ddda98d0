"""The fake database's tables: every row the in-memory repositories keep (fakes.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from common.domain.stocktake import Tolerance
from headoffice.domain.audit_chain import AuditRecord
from headoffice.domain.catalogue import Product
from headoffice.domain.certificates import CertificateRecord
from headoffice.domain.costing import StockPosition
from headoffice.domain.counts import CountSession, HoCountLine, PostedResult, StoreKeyItems
from headoffice.domain.purchasing import PurchaseOrder, Supplier
from headoffice.domain.roles import StaffUser
from headoffice.domain.stores import Store, SyncState
from headoffice.domain.supplier_reports import Receipt
from headoffice.domain.till_staff import TillStaffMember
from headoffice.domain.transfers import Transfer
from headoffice.domain.write_offs import WriteOff

# The approval threshold migration 0007 starts every database with (500.00).
DEFAULT_WRITE_OFF_THRESHOLD_MINOR = 50_000


def _replenish_tables() -> Any:
    from tests.unit.headoffice.fake_replenish import ReplenishTables

    return ReplenishTables()


def _channel_conflict_tables() -> Any:
    from tests.unit.headoffice.fake_channel_conflicts import ChannelConflictTables

    return ChannelConflictTables()


def _channel_tables() -> Any:
    from tests.unit.headoffice.fake_channels import ChannelTables

    return ChannelTables()


def _voucher_tables() -> Any:
    from tests.unit.headoffice.fake_vouchers import VoucherTables

    return VoucherTables()


class DuplicateKey(Exception):
    """What the database's unique constraint would refuse (an IntegrityError there)."""


@dataclass(frozen=True)
class JournalRecord:
    store_code: str
    seq: int
    document_type: str
    document_id: str
    occurred_at_ms: int
    received_at_ms: int
    payload: bytes


@dataclass(frozen=True)
class MovementRecord:
    id: int
    store_code: str
    seq: int
    document_type: str
    document_id: str
    actor: str
    occurred_at_ms: int
    sku: str
    qty_base: int
    reason: str
    unit_cost_minor: int


@dataclass(frozen=True)
class FeedRecord:
    """A downstream_events row: store_code None names a product for every store."""

    cursor: int
    sku: str
    created_at_ms: int
    store_code: str | None = None
    payload: bytes | None = None


@dataclass(frozen=True)
class SupplierReturnHead:
    """A supplier_returns row; its lines are the entry's movements."""

    store_code: str
    seq: int
    return_id: str
    supplier_code: str
    reason: str
    actor: str
    occurred_at_ms: int


@dataclass
class Tables:
    """Every table's rows; one copy per open unit of work, the database's after commit."""

    stores: dict[str, Store] = field(default_factory=dict)
    sync: dict[str, SyncState] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    feed: list[FeedRecord] = field(default_factory=list)
    store_prices: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    journal: dict[tuple[str, int], JournalRecord] = field(default_factory=dict)
    entry_hashes: dict[tuple[str, int], bytes] = field(default_factory=dict)
    movements: list[MovementRecord] = field(default_factory=list)
    sales_rollup: dict[tuple[str, int], list[int]] = field(default_factory=dict)  # hourly sums
    levels: dict[tuple[str, str], StockPosition] = field(default_factory=dict)
    # stockout_spans: (store, sku, out at) -> back at (None: still out)
    stockouts: dict[tuple[str, str, int], int | None] = field(default_factory=dict)
    # The reports' roll-ups: (store, day, sku) and (store, hour, cashier, shift) -> sums.
    sales_sku_daily: dict[tuple[str, int, str], list[int]] = field(default_factory=dict)
    sku_day_offset: int = 0  # report_rollup_settings: the SKU rows' days' offset from UTC
    sales_hourly: dict[tuple[str, int, str, str], list[int]] = field(default_factory=dict)
    stock_lots: dict[tuple[str, int, int], tuple[str, int, int]] = field(default_factory=dict)
    po_receipts: list[Receipt] = field(default_factory=list)
    audit: list[AuditRecord] = field(default_factory=list)
    audit_head: tuple[int, str] | None = (0, "")  # None: the head row was deleted
    users: dict[str, StaffUser] = field(default_factory=dict)
    transfers: dict[int, Transfer] = field(default_factory=dict)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    orders: dict[int, PurchaseOrder] = field(default_factory=dict)
    supplier_returns: list[SupplierReturnHead] = field(default_factory=list)
    write_offs: dict[str, WriteOff] = field(default_factory=dict)
    write_off_threshold: int = DEFAULT_WRITE_OFF_THRESHOLD_MINOR
    sent_thresholds: dict[str, int] = field(default_factory=dict)
    certificates: dict[int, CertificateRecord] = field(default_factory=dict)  # by record id
    till_staff: dict[tuple[str, str], TillStaffMember] = field(default_factory=dict)
    count_sessions: dict[str, CountSession] = field(default_factory=dict)
    count_lines: dict[tuple[str, int], HoCountLine] = field(default_factory=dict)
    count_results: dict[tuple[str, str], PostedResult] = field(default_factory=dict)
    # Replenishment's settings and runs (fake_replenish.ReplenishTables).
    replenish: Any = field(default_factory=_replenish_tables)
    replenish_demand_now_ms: int = 0  # the moment keep_demand last brought the sums to
    # Channels, quotas, stock states, reservations (fake_channels.ChannelTables).
    channel_rows: Any = field(default_factory=_channel_tables)
    channel_conflicts: Any = field(default_factory=_channel_conflict_tables)
    vouchers: Any = field(default_factory=_voucher_tables)
    count_tolerance_sent: dict[str, Tolerance] = field(default_factory=dict)
    count_key_items: dict[str, StoreKeyItems] = field(default_factory=dict)
    # (store, kind) -> (active, evaluated_at_ms): the last alert evaluation's counts
    alert_counts: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    # Sequences the database would assign (identity columns).
    next_ids: dict[str, int] = field(default_factory=dict)

    def next_id(self, table: str) -> int:
        self.next_ids[table] = self.next_ids.get(table, 0) + 1
        return self.next_ids[table]
