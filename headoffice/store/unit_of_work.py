"""One use case, one transaction: rolled back unless commit() is called.

Inside `with uow:` the repositories are the unit of work's attributes, all on
its one connection (cosmicpython's pattern): `uow.journal`, `uow.levels`,
`uow.stores`, ... (headoffice.services.ports lists them). Follow-up work
(waking downstream streams, metrics) belongs after commit, outside the block.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar, overload

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from headoffice.domain.errors import DatabaseUnavailable
from headoffice.store.accuracy_repo import AccuracyRepository
from headoffice.store.alerts_repo import AlertsRepository
from headoffice.store.audit_repo import AuditRepository
from headoffice.store.audit_seal import AuditSeal
from headoffice.store.catalogue_repo import CatalogueRepository
from headoffice.store.certificates_repo import CertificatesRepository
from headoffice.store.channel_conflicts_repo import ChannelConflictsRepository
from headoffice.store.channels_repo import ChannelsRepository
from headoffice.store.count_policy_repo import CountPolicyRepository
from headoffice.store.counts_repo import CountsRepository
from headoffice.store.coupons_repo import CouponsRepository
from headoffice.store.downstream_repo import DownstreamRepository
from headoffice.store.engine import first_line, safe_url
from headoffice.store.entitlements_repo import EntitlementsRepository
from headoffice.store.feed_pages import ChainPages
from headoffice.store.job_runs_repo import JobRunsRepository
from headoffice.store.journal_repo import JournalRepository
from headoffice.store.levels_repo import LevelsRepository
from headoffice.store.member_sales_repo import MemberSalesRepository
from headoffice.store.members_repo import MembersRepository
from headoffice.store.points_repo import PointsRepository
from headoffice.store.promotions_repo import PromotionsRepository
from headoffice.store.purchasing_repo import PurchasingRepository
from headoffice.store.replenish_figures_repo import ReplenishFiguresRepository
from headoffice.store.replenish_repo import ReplenishRepository
from headoffice.store.rewards_repo import RewardItemsRepository
from headoffice.store.sales_report_repo import SalesReportRepository
from headoffice.store.sales_rollup import SalesRollupRepository
from headoffice.store.stock_views_repo import StockViewsRepository
from headoffice.store.store_prices_repo import StorePricesRepository
from headoffice.store.stored_value_repo import StoredValueRepository
from headoffice.store.stores_repo import StoresRepository
from headoffice.store.till_staff_repo import TillStaffRepository
from headoffice.store.transfers_repo import TransfersRepository
from headoffice.store.users_repo import UsersRepository
from headoffice.store.voucher_journal_repo import VoucherJournalRepository
from headoffice.store.vouchers_repo import VouchersRepository
from headoffice.store.write_offs_repo import WriteOffsRepository

R = TypeVar("R")


class _Repository(Generic[R]):
    """A unit of work's repository, made on the open connection at first use in each
    transaction and kept in the instance's __dict__ (which then answers without this)."""

    def __init__(self, make: Callable[..., R], needs_unit: bool = False) -> None:
        self._make = make
        self._needs_unit = needs_unit  # make(connection, unit of work): it uses its settings
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type) -> _Repository[R]: ...

    @overload
    def __get__(self, instance: UnitOfWork, owner: type) -> R: ...

    def __get__(self, instance: UnitOfWork | None, owner: type) -> R | _Repository[R]:
        if instance is None:
            return self
        if self._needs_unit:
            repository = self._make(instance.connection, instance)
        else:
            repository = self._make(instance.connection)
        instance.__dict__[self._name] = repository
        return repository


class UnitOfWork:
    """A context manager around one database transaction on a connection from `engine`.

    The repositories exist while the block runs; the same unit of work may be
    entered again later for another transaction.
    """

    journal = _Repository(JournalRepository)
    levels = _Repository(LevelsRepository)
    stores = _Repository(StoresRepository)
    catalogue = _Repository(CatalogueRepository)
    store_prices = _Repository(StorePricesRepository)
    downstream = _Repository(
        lambda conn, unit: DownstreamRepository(conn, unit.feed_pages), needs_unit=True
    )
    audit = _Repository(AuditRepository)
    users = _Repository(UsersRepository)
    till_staff = _Repository(TillStaffRepository)
    transfers = _Repository(TransfersRepository)
    purchasing = _Repository(PurchasingRepository)
    write_offs = _Repository(WriteOffsRepository)
    stock_views = _Repository(StockViewsRepository)
    certificates = _Repository(CertificatesRepository)
    counts = _Repository(CountsRepository)
    count_policy = _Repository(CountPolicyRepository)
    accuracy = _Repository(AccuracyRepository)
    replenish = _Repository(ReplenishRepository)
    replenish_figures = _Repository(ReplenishFiguresRepository)
    sales_report = _Repository(SalesReportRepository)
    job_runs = _Repository(JobRunsRepository)
    sales_rollup = _Repository(SalesRollupRepository)
    alerts = _Repository(AlertsRepository)
    members = _Repository(MembersRepository)
    stored_value = _Repository(StoredValueRepository)
    entitlements = _Repository(EntitlementsRepository)
    points = _Repository(PointsRepository)
    promotions = _Repository(PromotionsRepository)
    coupons = _Repository(CouponsRepository)
    member_sales = _Repository(MemberSalesRepository)
    rewards = _Repository(RewardItemsRepository)
    channel_conflicts = _Repository(ChannelConflictsRepository)
    channels = _Repository(ChannelsRepository)
    voucher_journal = _Repository(VoucherJournalRepository)
    vouchers = _Repository(VouchersRepository)

    def __init__(
        self,
        engine: Engine,
        audit_seal: AuditSeal | None = None,
        default_transfer_cost_minor: int | None = None,
        feed_pages: ChainPages | None = None,
    ) -> None:
        self.engine = engine
        # The chain-wide feed slices every store's stream of this process shares
        # (store.feed_pages); None: each store's feed is read on its own.
        self.feed_pages = feed_pages
        self.audit_seal = audit_seal
        # [replenishment] default_transfer_cost_minor: the store-to-store cost where no row
        # was set by hand, for the services that weigh stores inside a transaction they do
        # not start with the configuration in hand (a conflict's proposal while a batch
        # applies). None: not configured, the services' own default.
        self.default_transfer_cost_minor = default_transfer_cost_minor
        self._connection: sa.Connection | None = None
        self._transaction: sa.RootTransaction | None = None
        self._follow_ups: list[Callable[[], None]] = []

    @property
    def connection(self) -> sa.Connection:
        """The open connection, for tests/db's own SQL; services use the repositories."""
        if self._connection is None:
            raise RuntimeError("the unit of work is not open; use it in a with block")
        return self._connection

    def __enter__(self) -> UnitOfWork:
        try:
            self._connection = self.engine.connect()
            self._transaction = self._connection.begin()
        except OperationalError as exc:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            raise DatabaseUnavailable(safe_url(self.engine.url), first_line(exc)) from exc
        self._follow_ups = []
        # Each repository is made on first use in this transaction (the descriptor below):
        # a channel order uses three of the thirty-five, and making them all cost more than
        # one of its statements.
        for name in _REPOSITORY_NAMES:
            self.__dict__.pop(name, None)
        return self

    def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("the unit of work is not open")
        sealed = self.audit.appended
        self._transaction.commit()
        self._transaction = None
        self.audit.appended = None
        if sealed is not None and self.audit_seal is not None:
            self.audit_seal.advance(sealed.id, sealed.hash)
        follow_ups, self._follow_ups = self._follow_ups, []
        for follow_up in follow_ups:
            follow_up()

    def after_commit(self, follow_up: Callable[[], None]) -> None:
        """Run `follow_up` after commit(); a transaction rolled back drops it."""
        self._follow_ups.append(follow_up)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        lost = _connection_lost(exc)
        try:
            if self._transaction is not None and self._transaction.is_active:
                try:
                    self._transaction.rollback()
                except DBAPIError as failed:
                    # The session died under the transaction (PostgreSQL restarted): the
                    # server rolled it back as the session ended; nothing is left to undo.
                    if _connection_lost(failed) is None:
                        raise
                    lost = lost or failed
        finally:
            self._transaction = None
            self._follow_ups = []
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        if lost is not None:
            # Not a fault of the request: UNAVAILABLE, and the caller retries (a store resends
            # its batch; the (store, seq) key finds what a commit without an answer wrote).
            # The pool has dropped the dead connection; the next one is made new.
            url = safe_url(self.engine.url)
            raise DatabaseUnavailable(url, first_line(lost)) from (exc or lost)


def _connection_lost(exc: BaseException | None) -> DBAPIError | None:
    """The error, if it says the database connection was lost (SQLAlchemy invalidated it)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return exc
    return None


_REPOSITORY_NAMES = tuple(
    name for name, value in vars(UnitOfWork).items() if isinstance(value, _Repository)
)

if TYPE_CHECKING:
    from headoffice.services.loyalty_ports import LoyaltyUnitOfWorkPort
    from headoffice.services.member_ports import MembersUnitOfWorkPort
    from headoffice.services.ports import UnitOfWorkPort
    from headoffice.services.ports_channel_conflicts import ChannelConflictsUnitOfWorkPort
    from headoffice.services.ports_channels import ChannelsUnitOfWorkPort
    from headoffice.services.voucher_ports import VouchersUnitOfWorkPort

    def _implements_the_port(uow: UnitOfWork) -> UnitOfWorkPort:
        """mypy checks here that the SQL unit of work is what the services take."""
        return uow

    def _implements_the_members_port(uow: UnitOfWork) -> MembersUnitOfWorkPort:
        return uow

    def _implements_the_loyalty_port(uow: UnitOfWork) -> LoyaltyUnitOfWorkPort:
        return uow

    def _implements_the_channels_port(uow: UnitOfWork) -> ChannelsUnitOfWorkPort:
        return uow

    def _implements_the_channel_conflicts_port(uow: UnitOfWork) -> ChannelConflictsUnitOfWorkPort:
        return uow

    def _implements_the_vouchers_port(uow: UnitOfWork) -> VouchersUnitOfWorkPort:
        return uow
