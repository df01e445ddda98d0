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

The Protocols of one area live beside this module (ports_counts, ports_documents, ports_jobs,
ports_people, ports_reports); the unit of work here gathers them.
"""

from __future__ import annotations

from collections.abc import (
    Callable,
    Collection,
    Container,
    Iterable,
    Sequence,
)
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from common.journal_kinds import JournalKind
from headoffice.domain.catalogue import CatalogueChange, Product, StorePrice
from headoffice.domain.costing import StockPosition
from headoffice.domain.documents import JournalDocument
from headoffice.domain.ledger import (
    EntryHead,
    EntryLike,
    JournalRow,
    MovementLike,
    Recorded,
    ValuedMovement,
)
from headoffice.domain.stock_views import (
    CardMovement,
    CardWindow,
    Selection,
    SkuTotal,
    StockLevel,
    StockTotals,
)
from headoffice.domain.stockouts import Span
from headoffice.domain.store_events import FeedPage, StoreEvent
from headoffice.domain.stores import Store, SyncState
from headoffice.services.ports_counts import (  # noqa: F401 - importers take them from here too
    AccuracyPort,
    CountPolicyPort,
    CountsPort,
)
from headoffice.services.ports_documents import (  # noqa: F401 - importers take them from here too
    PurchasingPort,
    TransfersPort,
    WriteOffsPort,
)
from headoffice.services.ports_jobs import (  # noqa: F401 - importers take them from here too
    JobRunsPort,
    JobsUnitOfWorkPort,
)
from headoffice.services.ports_people import (  # noqa: F401 - importers take them from here too
    AuditPort,
    AuditSealPort,
    CertificatesPort,
    TillStaffPort,
    UsersPort,
)
from headoffice.services.ports_reports import (  # noqa: F401 - importers take them from here too
    AlertsPort,
    SalesReportPort,
    SalesRollupPort,
)
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

    def record_stockouts(
        self, store_code: str, closes: Sequence[tuple[str, int]], spans: Sequence[Span]
    ) -> None: ...


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

    def enqueue_chain_event(self, event: StoreEvent, now_ms: int) -> int: ...

    def feed_after(self, store_code: str, cursor: int, limit: int) -> FeedPage: ...


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
