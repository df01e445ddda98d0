"""An in-memory unit of work for head-office service tests (cosmicpython's FakeUnitOfWork).

`FakeUnitOfWork` implements headoffice.services.ports.UnitOfWorkPort with
in-memory repositories over one `FakeDatabase`, so a use case runs exactly as
it does on SQLite or PostgreSQL, without either:

    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_product("COLA", cost_minor=100)
    uow = FakeUnitOfWork(db)            # or FakeUnitOfWork() for a fresh database
    apply_batch(uow, "S001", [...])
    assert db.levels_of("S001") == {...} and uow.commits == 1

Transactions are real enough to assert on: `with uow:` works on a copy of the
tables, commit() makes the copy the database's, and leaving the block without
commit() throws the copy away, so "a refused request changes nothing" can be
tested here too. `FakeUnitOfWork(db, adds_in_place=True)` takes apply_batch's
PostgreSQL path (levels.add_to_levels) instead of lock-then-upsert.

The repositories mirror the SQL of headoffice/store/*_repo.py (orderings,
joins, what a read returns for a missing row); tests/db keeps proving the SQL.
This module holds the database and the unit of work; the rows are in
fake_tables.py and the repositories in fake_ledger.py (journal, levels,
stores, downstream feed, audit), fake_catalogue.py (catalogue, store prices),
fake_documents.py (transfers, purchasing, write-offs, users),
fake_stock_views.py (stock views), fake_certificates.py (issued certificates) and
fake_counts.py (stocktake), fake_channels.py (channels, stock states, reservations, the
store's picks and hand-overs), fake_channel_conflicts.py (offline
oversell conflicts and the channel rows they read), fake_accuracy.py (the accuracy report's
sums), fake_alerts.py (alert facts and counts), fake_replenish.py (replenishment settings,
runs, figures). A repository
method the Protocol gains must be added to its fake too: mypy says so.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from types import TracebackType

from common.pb.storeledger.v1 import sync_pb2
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.audit_chain import AuditKey, Checkpoint
from headoffice.domain.catalogue import Product
from headoffice.domain.costing import StockPosition
from headoffice.domain.purchasing import Supplier
from headoffice.domain.roles import StaffUser
from headoffice.domain.stores import Store, SyncState
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.ports_channel_conflicts import ChannelConflictsUnitOfWorkPort
from headoffice.services.ports_channels import ChannelsUnitOfWorkPort
from headoffice.services.voucher_ports import VouchersUnitOfWorkPort
from tests.unit.headoffice.fake_accuracy import FakeAccuracy, FakeSalesRollup
from tests.unit.headoffice.fake_alerts import FakeAlerts
from tests.unit.headoffice.fake_catalogue import FakeCatalogue, FakeStorePrices
from tests.unit.headoffice.fake_certificates import FakeCertificates
from tests.unit.headoffice.fake_channel_conflicts import FakeChannelConflicts
from tests.unit.headoffice.fake_channels import FakeChannels
from tests.unit.headoffice.fake_counts import FakeCountPolicy, FakeCounts
from tests.unit.headoffice.fake_documents import (
    FakePurchasing,
    FakeTransfers,
    FakeUsers,
    FakeWriteOffs,
)
from tests.unit.headoffice.fake_ledger import (
    FakeAudit,
    FakeDownstream,
    FakeJournal,
    FakeLevels,
    FakeStores,
)
from tests.unit.headoffice.fake_replenish import FakeReplenish, FakeReplenishFigures
from tests.unit.headoffice.fake_sales_report import FakeSalesReport
from tests.unit.headoffice.fake_stock_views import FakeStockViews
from tests.unit.headoffice.fake_tables import DuplicateKey, Tables
from tests.unit.headoffice.fake_till_staff import FakeTillStaff
from tests.unit.headoffice.fake_vouchers import FakeVouchers

__all__ = ["DuplicateKey", "FakeAuditSeal", "FakeDatabase", "FakeUnitOfWork", "Tables"]


class FakeDatabase:
    """The committed tables, shared by every FakeUnitOfWork made over it."""

    def __init__(self) -> None:
        self.tables = Tables()
        # migration 0002: the staff certificate `headoffice init` writes is the first admin.
        self.tables.users["admin"] = StaffUser("admin", "admin", (), False, 0, "headoffice init")

    # -- seeding, straight into the committed tables ---------------------------------

    def seed_store(self, code: str, name: str = "", disabled: bool = False) -> Store:
        FakeStores(self.tables).insert_store(code, name or f"Store {code}", 0)
        if disabled:
            FakeStores(self.tables).set_disabled(code, True)
        return self.tables.stores[code]

    def seed_product(
        self,
        sku: str,
        cost_minor: int = 100,
        price_minor: int = 200,
        name: str = "",
        category: str = "general",
        unit: str = "piece",
        barcodes: tuple[str, ...] = (),
    ) -> Product:
        row = Product(
            sku, name or sku, unit, price_minor, cost_minor, category, "CNY", True, barcodes
        )
        FakeCatalogue(self.tables).save_products([row], set(self.tables.products), 0)
        return row

    def seed_level(self, store_code: str, sku: str, qty_base: int, avg_cost_minor: int) -> None:
        self.tables.levels[(store_code, sku)] = StockPosition(qty_base, avg_cost_minor)

    def seed_user(self, username: str, role: str, stores: tuple[str, ...] = ()) -> StaffUser:
        user = StaffUser(username, role, tuple(sorted(stores)), False, 0, "test")
        self.tables.users[username] = user
        return user

    def seed_supplier(self, code: str, name: str = "") -> Supplier:
        supplier = Supplier(code, name or f"Supplier {code}", "", 0, "test")
        self.tables.suppliers[code] = supplier
        return supplier

    # -- reading what committed ---------------------------------------------------------

    def levels_of(self, store_code: str) -> dict[str, int]:
        return FakeLevels(self.tables).levels(store_code)

    def movement_sums(self, store_code: str) -> dict[str, int]:
        return FakeLevels(self.tables).movement_sums(store_code)

    def sync_of(self, store_code: str) -> SyncState:
        return self.tables.sync[store_code]

    def events_for(self, store_code: str) -> list[sync_pb2.DownstreamEvent]:
        page = FakeDownstream(self.tables).feed_after(store_code, 0, 1_000_000)
        return [feed_event(item) for item in page.items if item.event_payload is not None]


class FakeAuditSeal:
    """AuditSealPort in memory: the key and checkpoint head office keeps in D/audit."""

    def __init__(self, key: AuditKey | None = None, checkpoint: Checkpoint | None = None) -> None:
        self._key = key
        self.saved: Checkpoint | None = checkpoint

    @property
    def key(self) -> AuditKey | None:
        return self._key

    @property
    def where(self) -> str:
        return "D/audit"

    def create_key(self) -> AuditKey:
        if self._key is not None:
            raise AssertionError("head office never replaces its audit key")
        self._key = AuditKey(bytes(range(32)))
        return self._key

    def checkpoint(self) -> Checkpoint | None:
        return self.saved

    def start_checkpoint(self, checkpoint: Checkpoint) -> None:
        self.saved = checkpoint

    def advance(self, seq: int, mac: str) -> None:
        if self.saved is not None and (self._key is None or self.saved.key_id == self._key.key_id):
            self.saved = self.saved.advanced(seq, mac)


class FakeUnitOfWork:
    """UnitOfWorkPort in memory; `commits` counts the transactions it committed."""

    journal: FakeJournal
    levels: FakeLevels
    stores: FakeStores
    catalogue: FakeCatalogue
    store_prices: FakeStorePrices
    downstream: FakeDownstream
    audit: FakeAudit
    users: FakeUsers
    transfers: FakeTransfers
    purchasing: FakePurchasing
    write_offs: FakeWriteOffs
    stock_views: FakeStockViews
    certificates: FakeCertificates
    till_staff: FakeTillStaff
    counts: FakeCounts
    count_policy: FakeCountPolicy
    accuracy: FakeAccuracy
    replenish: FakeReplenish
    replenish_figures: FakeReplenishFigures
    sales_report: FakeSalesReport
    sales_rollup: FakeSalesRollup
    alerts: FakeAlerts
    channel_conflicts: FakeChannelConflicts
    channels: FakeChannels
    vouchers: FakeVouchers

    def __init__(
        self,
        db: FakeDatabase | None = None,
        adds_in_place: bool = False,
        audit_seal: FakeAuditSeal | None = None,
    ) -> None:
        self.db = db if db is not None else FakeDatabase()
        self.adds_in_place = adds_in_place
        self.audit_seal = audit_seal
        self.commits = 0
        self._work: Tables | None = None
        self._follow_ups: list[Callable[[], None]] = []

    def __enter__(self) -> FakeUnitOfWork:
        self._follow_ups = []
        self._open(copy.deepcopy(self.db.tables))
        return self

    def _open(self, work: Tables) -> None:
        self._work = work
        self.journal = FakeJournal(work)
        self.levels = FakeLevels(work, self.adds_in_place)
        self.stores = FakeStores(work)
        self.catalogue = FakeCatalogue(work)
        self.store_prices = FakeStorePrices(work)
        self.downstream = FakeDownstream(work)
        self.audit = FakeAudit(work)
        self.users = FakeUsers(work)
        self.transfers = FakeTransfers(work)
        self.purchasing = FakePurchasing(work)
        self.write_offs = FakeWriteOffs(work)
        self.stock_views = FakeStockViews(work)
        self.certificates = FakeCertificates(work)
        self.till_staff = FakeTillStaff(work)
        self.counts = FakeCounts(work)
        self.count_policy = FakeCountPolicy(work)
        self.accuracy = FakeAccuracy(work)
        self.replenish = FakeReplenish(work)
        self.replenish_figures = FakeReplenishFigures(work)
        self.sales_report = FakeSalesReport(work)
        self.sales_rollup = FakeSalesRollup(work)
        self.alerts = FakeAlerts(work)
        self.channel_conflicts = FakeChannelConflicts(work)
        self.channels = FakeChannels(work)
        self.vouchers = FakeVouchers(work)

    def commit(self) -> None:
        if self._work is None:
            raise RuntimeError("the unit of work is not open")
        self.db.tables = self._work
        self.commits += 1
        sealed, self.audit.appended = self.audit.appended, None
        if sealed is not None and self.audit_seal is not None:
            self.audit_seal.advance(sealed.id, sealed.hash)
        # Like a connection after COMMIT: later work is a new transaction, rolled back at exit.
        self._open(copy.deepcopy(self._work))
        follow_ups, self._follow_ups = self._follow_ups, []
        for follow_up in follow_ups:
            follow_up()

    def after_commit(self, follow_up: Callable[[], None]) -> None:
        self._follow_ups.append(follow_up)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._work = None
        self._follow_ups = []


def _implements_the_port(uow: FakeUnitOfWork) -> UnitOfWorkPort:
    """mypy checks here that the fake is what the services take (`make lint`)."""
    return uow


def _implements_the_channels_port(uow: FakeUnitOfWork) -> ChannelsUnitOfWorkPort:
    return uow


def _implements_the_channel_conflicts_port(uow: FakeUnitOfWork) -> ChannelConflictsUnitOfWorkPort:
    return uow


def _implements_the_vouchers_port(uow: FakeUnitOfWork) -> VouchersUnitOfWorkPort:
    return uow
