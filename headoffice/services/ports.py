"""What the use cases need of storage: one Protocol per repository, and the unit of work.

Services take a `UnitOfWorkPort` and reach every table through its
repositories (`uow.journal`, `uow.levels`, `uow.stores`, ...), never through
a connection. headoffice.store.unit_of_work.UnitOfWork implements it over
SQLAlchemy; tests/unit/headoffice/fakes.py implements it in memory, so a
use case's rules are tested without a database. mypy checks both against
these Protocols (`make lint`).

Attribute        Protocol          SQL implementation (headoffice/store/)
journal          JournalPort       journal_repo.JournalRepository
levels           LevelsPort        levels_repo.LevelsRepository
stores           StoresPort        stores_repo.StoresRepository
catalogue        CataloguePort     catalogue_repo.CatalogueRepository
store_prices     StorePricesPort   store_prices_repo.StorePricesRepository
downstream       DownstreamPort    downstream_repo.DownstreamRepository
audit            AuditPort         audit_repo.AuditRepository
audit_seal       AuditSealPort     audit_seal.AuditSeal (files, not the database)
users            UsersPort         users_repo.UsersRepository
till_staff       TillStaffPort     till_staff_repo.TillStaffRepository
transfers        TransfersPort     transfers_repo.TransfersRepository
purchasing       PurchasingPort    purchasing_repo.PurchasingRepository
write_offs       WriteOffsPort     write_offs_repo.WriteOffsRepository
stock_views      StockViewsPort    stock_views_repo.StockViewsRepository
certificates     CertificatesPort  certificates_repo.CertificatesRepository
counts           CountsPort        counts_repo.CountsRepository
replenish...     (headoffice.services.replenish_ports)
job_runs         JobRunsPort       job_runs_repo.JobRunsRepository (JobsUnitOfWorkPort only)
alerts           AlertsPort        alerts_repo.AlertsRepository
sales_rollup     SalesRollupPort   sales_rollup.SalesRollupRepository
"""

from __future__ import annotations

from collections.abc import (
    Callable,
    Collection,
    Container,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from common.domain import stocktake as st
from common.journal_kinds import JournalKind
from headoffice.domain.accuracy import CountFact
from headoffice.domain.accuracy_sums import Sums
from headoffice.domain.alerts import NegativeLevel, PostedSession, WriteOffValues
from headoffice.domain.audit_chain import AuditFilter, AuditKey, AuditRecord, Checkpoint
from headoffice.domain.catalogue import CatalogueChange, Product, StorePrice
from headoffice.domain.certificates import CertificateRecord
from headoffice.domain.costing import StockPosition
from headoffice.domain.counts import CountSession, HoCountLine, PostedResult, StoreKeyItems
from headoffice.domain.documents import JournalDocument
from headoffice.domain.jobs import JobRun
from headoffice.domain.ledger import (
    EntryHead,
    EntryLike,
    JournalRow,
    MovementLike,
    Recorded,
    ValuedMovement,
)
from headoffice.domain.purchasing import PurchaseOrder, Supplier, SupplierReturn
from headoffice.domain.report_period import Period
from headoffice.domain.roles import StaffUser
from headoffice.domain.sales_reports import SalesFigures
from headoffice.domain.sales_tally import HourSums, SkuSums
from headoffice.domain.stock_reports import Lot, StockRow
from headoffice.domain.stock_views import (
    CardMovement,
    CardWindow,
    Selection,
    SkuTotal,
    StockLevel,
    StockTotals,
)
from headoffice.domain.store_events import FeedPage, StoreEvent
from headoffice.domain.stores import Store, SyncState
from headoffice.domain.supplier_reports import Receipt, SentOrder
from headoffice.domain.till_staff import TillStaffMember
from headoffice.domain.transfers import Transfer
from headoffice.domain.write_offs import WriteOff
from headoffice.services.replenish_ports import ReplenishFiguresPort, ReplenishPort

B = TypeVar("B")


class JournalPort(Protocol):
    """Head office's copy of each store's journal (journal_entries), and the entries' stored
    form: their bytes, whether a replay is the committed entry, an entry's decoded body."""

    def committed_entries(self, store_code: str, seqs: Iterable[int]) -> dict[int, Recorded]: ...

    def insert_entries(
        self, store_code: str, received_at_ms: int, rows: Iterable[JournalRow]
    ) -> None: ...

    def payload(self, entry: EntryLike) -> bytes: ...

    def keep_entry_hashes(self, store_code: str, hashes: Sequence[tuple[int, bytes]]) -> None: ...

    def entry_hashes(self, store_code: str, seqs: Iterable[int]) -> dict[int, bytes]: ...

    def committed_after(
        self, store_code: str, seq: int, limit: int
    ) -> list[tuple[int, bytes, bytes]]: ...

    def same_content(self, committed: bytes, replayed: bytes) -> bool: ...

    def unit_cost(self, movement: MovementLike) -> int | None: ...

    def document(
        self, entry: EntryLike, kind: JournalKind, body_type: type[B]
    ) -> JournalDocument[B]: ...


class LevelsPort(Protocol):
    """Movements and the stock levels derived from them (written by apply_batch only), and
    the levels and moving-average costs other use cases read."""

    @property
    def adds_in_place(self) -> bool: ...

    def lock_levels(self, store_code: str, skus: Iterable[str]) -> dict[str, StockPosition]: ...

    def insert_movements(
        self, store_code: str, entries: Iterable[tuple[EntryHead, Sequence[ValuedMovement]]]
    ) -> None: ...

    def add_to_levels(
        self, store_code: str, net: dict[str, int], now_ms: int
    ) -> dict[str, StockPosition]: ...

    def upsert_levels(
        self,
        store_code: str,
        positions: dict[str, StockPosition],
        now_ms: int,
        locked: Container[str] = (),
    ) -> None: ...

    def levels(self, store_code: str, skus: Iterable[str] | None = None) -> dict[str, int]: ...

    def average_costs(self, store_code: str, skus: Iterable[str]) -> dict[str, int]: ...

    def movement_sums_after(self, store_code: str, seq: int) -> dict[str, int]: ...

    def movement_sums(self, store_code: str) -> dict[str, int]: ...


class StoresPort(Protocol):
    """Enrolled stores and each one's sync state (how far its journal is committed)."""

    def get_store(self, code: str) -> Store | None: ...

    def list_stores(self) -> list[Store]: ...

    def insert_store(self, code: str, name: str, now_ms: int) -> Store: ...

    def set_disabled(self, code: str, disabled: bool) -> None: ...

    def lock_sync_row(self, code: str) -> SyncState | None: ...

    def lock_store_sync(self, code: str) -> tuple[Store, SyncState] | None: ...

    def all_sync_rows(self, code: str | None = None) -> list[tuple[Store, SyncState]]: ...

    def update_sync(self, code: str, **values: Any) -> None: ...


class CataloguePort(Protocol):
    """The chain catalogue: products, barcodes, packs, components, and their change feed."""

    def category_exists(self, category: str) -> bool: ...

    def products_by_sku(self, skus: Iterable[str] | None = None) -> dict[str, Product]: ...

    def costs(self, skus: Iterable[str]) -> dict[str, int]: ...

    def existing_skus(self, skus: Iterable[str]) -> set[str]: ...

    def kinds_unless_goods(self, skus: Iterable[str]) -> dict[str, tuple[str, int] | None]: ...

    def components_of(self, skus: Iterable[str]) -> dict[str, list[tuple[str, int]]]: ...

    def component_graph(self) -> dict[str, list[str]]: ...

    def category_counts(self) -> dict[str, int]: ...

    def barcode_owners(self, codes: Iterable[str]) -> dict[str, str]: ...

    def save_products(self, rows: list[Product], existing: set[str], now_ms: int) -> None: ...

    def changes_after(self, cursor: int, limit: int = 500) -> list[CatalogueChange]: ...


class StorePricesPort(Protocol):
    """A store's own prices, each change queued for that store."""

    def price_at(self, store_code: str, sku: str) -> int | None: ...

    def set_price(self, store_code: str, sku: str, price_minor: int, now: int) -> None: ...

    def remove_price(self, store_code: str, sku: str, now: int) -> None: ...

    def prices_of(self, sku: str) -> dict[str, int]: ...

    def prices_at_store(self, store_code: str, skus: set[str]) -> dict[str, int]: ...

    def list_prices(self, store_code: str = "") -> list[StorePrice]: ...


class DownstreamPort(Protocol):
    """What each store is sent: catalogue changes and events queued for it."""

    def enqueue_store_event(self, store_code: str, event: StoreEvent, now_ms: int) -> int: ...

    def feed_after(self, store_code: str, cursor: int, limit: int) -> FeedPage: ...


class AuditPort(Protocol):
    """The sealed audit log and its head row (newest id and seal); lock_head() is None
    when the row is missing, restore_head() False when another transaction restored it,
    newest() and first_sealed() read the table (None: no such record), protected() says
    whether the connected role is unable to UPDATE or DELETE audit rows (None: SQLite)."""

    def lock_head(self) -> tuple[int, str] | None: ...

    def restore_head(self, last_id: int, last_hash: str) -> bool: ...

    def newest(self) -> tuple[int, str] | None: ...

    def first_sealed(self) -> tuple[int, str] | None: ...  # (id, key_id)

    def protected(self) -> bool | None: ...

    def append(self, record: AuditRecord) -> None: ...

    def select(self, flt: AuditFilter) -> list[AuditRecord]: ...

    def all_records(self) -> Iterator[AuditRecord]: ...


class AuditSealPort(Protocol):
    """What head office keeps of its audit log outside the database (store.audit_seal):
    the key that seals records and the checkpoint of the newest committed record.
    start_checkpoint() writes one whatever is there; advance() moves it after a commit,
    never back and never creating it; `where` names the directory in sentences."""

    @property
    def key(self) -> AuditKey | None: ...

    @property
    def where(self) -> str: ...

    def create_key(self) -> AuditKey: ...

    def checkpoint(self) -> Checkpoint | None: ...

    def start_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    def advance(self, seq: int, mac: str) -> None: ...


class UsersPort(Protocol):
    """Staff users and the stores a store manager manages."""

    def get_user(self, username: str) -> StaffUser | None: ...

    def list_users(self) -> list[StaffUser]: ...

    def insert_user(self, user: StaffUser) -> None: ...

    def set_disabled(self, username: str, disabled: bool) -> None: ...


class TillStaffPort(Protocol):
    """The stores' till staff (headoffice.domain.till_staff)."""

    def get(
        self, store_code: str, staff_code: str, lock: bool = False
    ) -> TillStaffMember | None: ...

    def insert(self, member: TillStaffMember) -> None: ...

    def update(self, member: TillStaffMember) -> None: ...

    def list(self, store_codes: list[str] | None = None) -> list[TillStaffMember]: ...


class TransfersPort(Protocol):
    """Inter-store transfers with their lines, and what a shipment's movements were valued at."""

    def insert_transfer(
        self,
        from_store: str,
        to_store: str,
        lines: Iterable[tuple[str, int]],
        created_by: str,
        now_ms: int,
    ) -> int: ...

    def get_transfer(self, number: int, lock: bool = False) -> Transfer | None: ...

    def list_transfers(self, state: str = "", store_code: str = "") -> list[Transfer]: ...

    def in_transit_transfers(self, states: Iterable[str]) -> list[Transfer]: ...

    def save(self, before: Transfer, after: Transfer) -> None: ...

    def movement_costs(self, store_code: str, seq: int) -> dict[str, int]: ...


class PurchasingPort(Protocol):
    """Suppliers, purchase orders with their lines, and supplier returns."""

    def get_supplier(self, code: str) -> Supplier | None: ...

    def list_suppliers(self) -> list[Supplier]: ...

    def insert_supplier(self, supplier: Supplier) -> None: ...

    def supplier_names(self, codes: set[str]) -> dict[str, str]: ...

    def insert_order(self, order: PurchaseOrder) -> int: ...

    def save_order(self, order: PurchaseOrder) -> None: ...

    def get_order(self, po_no: int, *, lock: bool = False) -> PurchaseOrder | None: ...

    def list_orders(self, store_code: str = "", state: str = "") -> list[PurchaseOrder]: ...

    def insert_supplier_return(
        self,
        store_code: str,
        seq: int,
        return_id: str,
        supplier_code: str,
        reason: str,
        actor: str,
        occurred_at_ms: int,
    ) -> None: ...

    def list_supplier_returns(
        self, store_code: str = "", supplier_code: str = ""
    ) -> list[SupplierReturn]: ...


class WriteOffsPort(Protocol):
    """Write-offs with their lines, the approval threshold and what each store was sent."""

    def insert(self, row: WriteOff) -> None: ...

    def update(self, row: WriteOff) -> None: ...

    def get(self, write_off_id: str, lock: bool = False) -> WriteOff | None: ...

    def select(
        self, store_codes: Iterable[str] | None, state: str, limit: int = 1000
    ) -> list[WriteOff]: ...

    def threshold(self, lock: bool = False) -> int: ...

    def set_threshold(self, threshold_minor: int, now_ms: int) -> None: ...

    def sent_threshold(self, store_code: str) -> int | None: ...

    def set_sent_threshold(self, store_code: str, threshold_minor: int) -> None: ...


class StockViewsPort(Protocol):
    """The stock views' reads: level pages, totals, a SKU's stock card."""

    def level_page(
        self,
        selection: Selection,
        visible_stores: Collection[str] | None,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[StockLevel]: ...

    def level_totals(
        self, selection: Selection, visible_stores: Collection[str] | None
    ) -> StockTotals: ...

    def sku_totals(
        self, selection: Selection, visible_stores: Collection[str] | None
    ) -> list[SkuTotal]: ...

    def category_known(self, category: str) -> bool: ...

    def level(self, store_code: str, sku: str) -> tuple[int, int] | None: ...

    def sku_has_levels(self, sku: str) -> bool: ...

    def product_name_unit(self, sku: str) -> tuple[str, str] | None: ...

    def qty_before(self, store_code: str, sku: str, window: CardWindow, after_seq: int) -> int: ...

    def card_movements(
        self, store_code: str, sku: str, window: CardWindow, after_seq: int, limit: int
    ) -> list[CardMovement]: ...

    def has_movements(self, store_code: str, sku: str) -> bool: ...


class CertificatesPort(Protocol):
    """The certificates head office issued, by serial, and from when each is refused."""

    def insert(self, record: CertificateRecord) -> None: ...

    def by_serial(self, serial: str) -> CertificateRecord | None: ...

    def of_subjects(
        self, role: str, subjects: Iterable[str] | None = None
    ) -> list[CertificateRecord]: ...

    def stop(self, records: Iterable[CertificateRecord]) -> None: ...

    def revocations(self) -> list[CertificateRecord]: ...


class CountPolicyPort(Protocol):
    """The count tolerance each store was last sent down its stream."""

    def sent_tolerance(self, store_code: str, lock: bool = False) -> st.Tolerance | None: ...

    def set_sent_tolerance(self, store_code: str, tolerance: st.Tolerance) -> None: ...

    def key_items(self, store_code: str) -> StoreKeyItems: ...

    def set_key_items(self, items: StoreKeyItems) -> None: ...


class CountsPort(Protocol):
    """Count sessions, their lines and posted results, and what stocktake reads of the ledger
    (the book at a journal position, sales by value, the category tree)."""

    def insert(self, row: CountSession) -> None: ...

    def update(self, row: CountSession) -> None: ...

    def get(self, session_id: str, lock: bool = False) -> CountSession | None: ...

    def select(
        self, store_codes: Iterable[str] | None, state: str, limit: int = 1000
    ) -> list[CountSession]: ...

    def active(self, store_code: str) -> list[CountSession]: ...

    def insert_line(self, line: HoCountLine) -> None: ...

    def lines(self, session_id: str) -> list[HoCountLine]: ...

    def unknown_lines(self, session_id: str) -> list[HoCountLine]: ...

    def line_counts(self, session_id: str) -> tuple[int, int, int, int]: ...

    def sku_figures(
        self,
        session_id: str,
        store_code: str,
        selling_locations: Sequence[str],
        by_round: bool = True,
        posted: bool = True,
    ) -> Sequence[Any]: ...

    def place_lines(self, session_id: str) -> Sequence[Any]: ...

    def not_counted(self, session_id: str, store_code: str) -> list[str]: ...

    def book_at(self, store_code: str, sku: str, seq: int) -> int: ...

    def insert_results(self, rows: Sequence[PostedResult]) -> None: ...

    def posted_results(self, session_id: str) -> list[PostedResult]: ...

    def count_facts(self, store_codes: Iterable[str] | None, since_ms: int) -> list[CountFact]: ...

    def last_counted(self, store_code: str) -> dict[str, int]: ...

    def sales_values(self, store_code: str, since_ms: int) -> dict[str, int]: ...

    def skus_in_categories(self, categories: Iterable[str]) -> list[str]: ...

    def categories_of(self, skus: Iterable[str]) -> dict[str, str]: ...

    def stocked_skus(self, store_code: str) -> list[str]: ...


class AccuracyPort(Protocol):
    """The accuracy report's sums: posted count results and sales, added up by the database."""

    def count_sums(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
        top_n: int = 10,
    ) -> Sums: ...

    def sales_by_period(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
    ) -> dict[tuple[str, str], int]: ...


class SalesReportPort(Protocol):
    """The reports' sales roll-ups (store/sales_report_repo.py): added to by apply_batch,
    read by services/sales_reports.py and services/stock_reports.py."""

    def add(self, store_code: str, by_sku: SkuSums, by_hour: HourSums) -> None: ...

    def sku_day_offset(self) -> int: ...

    def set_sku_day_offset(self, minutes: int) -> None: ...

    def has_sku_rows(self) -> bool: ...

    def sales_by(
        self, by: str, store_codes: Iterable[str] | None, period: Period
    ) -> list[SalesFigures]: ...

    def revenue_by_day(
        self, store_codes: Iterable[str] | None, first_day: int, end_day: int, offset_min: int
    ) -> dict[int, int]: ...

    def stock_rows(
        self, store_codes: Iterable[str] | None, first_day: int, end_day: int
    ) -> list[StockRow]: ...

    def stock_values(self, store_codes: Iterable[str] | None) -> dict[str, int]: ...

    def shrink_by_store(
        self, store_codes: Iterable[str] | None, since_ms: int, until_ms: int
    ) -> dict[str, tuple[int, int, int]]: ...

    def add_lots(
        self, store_code: str, seq: int, lots: list[tuple[int, str, int, int]]
    ) -> None: ...

    def lots_and_stock(
        self, store_codes: Iterable[str] | None, last_expiry_day: int
    ) -> tuple[list[Lot], dict[tuple[str, str], tuple[int, int]]]: ...

    def add_po_receipt(
        self, store_code: str, seq: int, po_no: int, at_ms: int,
        lines: list[tuple[int, str, int, int]],
    ) -> None: ...  # fmt: skip

    def supplier_facts(
        self, store_codes: Iterable[str] | None, since_ms: int, until_ms: int
    ) -> tuple[list[SentOrder], list[Receipt]]: ...


class SalesRollupPort(Protocol):
    """Each store's sales at cost by day and hour, added to as apply_batch writes the sale and
    return movements (domain/sales_rollup.py)."""

    def add(self, store_code: str, days: Sequence[tuple[int, Sequence[int]]]) -> None: ...


class AlertsPort(Protocol):
    """Alert facts (levels below zero, posted sessions added up, write-offs by period) and
    the per-store counts the last evaluation left for /metrics."""

    def negative_levels(self, store_code: str = "") -> list[NegativeLevel]: ...

    def posted_sessions(self, since_ms: int, store_code: str = "") -> list[PostedSession]: ...

    def write_off_values(
        self, recent_since_ms: int, baseline_since_ms: int, until_ms: int, store_code: str = ""
    ) -> list[WriteOffValues]: ...

    def replace_counts(self, counts: dict[tuple[str, str], int], now_ms: int) -> None: ...

    def counts(self) -> list[tuple[str, str, int, int]]: ...


class UnitOfWorkPort(Protocol):
    """One transaction: `with uow:` opens it, commit() keeps it, leaving the block without
    commit() rolls it back. The repositories are usable inside the block only."""

    @property
    def journal(self) -> JournalPort: ...

    @property
    def levels(self) -> LevelsPort: ...

    @property
    def stores(self) -> StoresPort: ...

    @property
    def catalogue(self) -> CataloguePort: ...

    @property
    def store_prices(self) -> StorePricesPort: ...

    @property
    def downstream(self) -> DownstreamPort: ...

    @property
    def audit(self) -> AuditPort: ...

    @property
    def audit_seal(self) -> AuditSealPort | None: ...  # None: plain digests (no data dir)

    @property
    def users(self) -> UsersPort: ...

    @property
    def till_staff(self) -> TillStaffPort: ...

    @property
    def transfers(self) -> TransfersPort: ...

    @property
    def purchasing(self) -> PurchasingPort: ...

    @property
    def write_offs(self) -> WriteOffsPort: ...

    @property
    def stock_views(self) -> StockViewsPort: ...

    @property
    def certificates(self) -> CertificatesPort: ...

    @property
    def counts(self) -> CountsPort: ...

    @property
    def count_policy(self) -> CountPolicyPort: ...

    @property
    def accuracy(self) -> AccuracyPort: ...

    @property
    def replenish(self) -> ReplenishPort: ...

    @property
    def replenish_figures(self) -> ReplenishFiguresPort: ...

    @property
    def sales_report(self) -> SalesReportPort: ...

    @property
    def alerts(self) -> AlertsPort: ...

    @property
    def sales_rollup(self) -> SalesRollupPort: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def after_commit(self, follow_up: Callable[[], None]) -> None:
        """Run `follow_up` once this transaction has committed (a metric, a log line about
        what is now kept); never if it rolls back (STYLE: follow-up work after commit)."""
        ...


# A new unit of work per use case: what servicers and jobs are given instead of an engine.
UnitOfWorkFactory = Callable[[], UnitOfWorkPort]


class JobRunsPort(Protocol):
    """Scheduled jobs' once-per-tick claims and each attempt's record (domain.jobs)."""

    def claim(self, job: str, tick_at_ms: int, scope: str, holder: str, at_ms: int) -> bool: ...

    def claim_holder(self, job: str, tick_at_ms: int, scope: str) -> str: ...

    def start(
        self, job: str, tick_at_ms: int, trigger: str, holder: str, attempt: int, at_ms: int
    ) -> int: ...

    def finish(
        self,
        run_id: int,
        result: str,
        at_ms: int,
        duration_ms: int,
        summary: str,
        counts: Mapping[str, int],
    ) -> None: ...

    def run(self, run_id: int) -> JobRun: ...

    def history(self, job: str, limit: int) -> list[JobRun]: ...

    def last_runs(self) -> dict[str, JobRun]: ...

    def last_successes(self) -> dict[str, int]: ...

    def prune(self, before_ms: int) -> tuple[int, int]: ...


class JobsUnitOfWorkPort(Protocol):
    """The unit of work the jobs' use cases take (headoffice.services.jobs): only job_runs,
    so the in-memory unit of work of the other services need not hold jobs."""

    @property
    def job_runs(self) -> JobRunsPort: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
