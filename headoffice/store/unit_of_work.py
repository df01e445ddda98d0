"""One use case, one transaction: rolled back unless commit() is called.

Inside `with uow:` the repositories are the unit of work's attributes, all on
its one connection (cosmicpython's pattern): `uow.journal`, `uow.levels`,
`uow.stores`, ... (headoffice.services.ports lists them). Follow-up work
(waking downstream streams, metrics) belongs after commit, outside the block.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

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


class UnitOfWork:
    """A context manager around one database transaction on a connection from `engine`.

    The repositories exist while the block runs; the same unit of work may be
    entered again later for another transaction.
    """

    journal: JournalRepository
    levels: LevelsRepository
    stores: StoresRepository
    catalogue: CatalogueRepository
    store_prices: StorePricesRepository
    downstream: DownstreamRepository
    audit: AuditRepository
    users: UsersRepository
    till_staff: TillStaffRepository
    transfers: TransfersRepository
    purchasing: PurchasingRepository
    write_offs: WriteOffsRepository
    stock_views: StockViewsRepository
    certificates: CertificatesRepository
    counts: CountsRepository
    count_policy: CountPolicyRepository
    accuracy: AccuracyRepository
    replenish: ReplenishRepository
    replenish_figures: ReplenishFiguresRepository
    sales_report: SalesReportRepository
    job_runs: JobRunsRepository
    sales_rollup: SalesRollupRepository
    alerts: AlertsRepository
    members: MembersRepository
    stored_value: StoredValueRepository
    entitlements: EntitlementsRepository
    points: PointsRepository
    promotions: PromotionsRepository
    coupons: CouponsRepository
    member_sales: MemberSalesRepository
    rewards: RewardItemsRepository
    channel_conflicts: ChannelConflictsRepository
    channels: ChannelsRepository
    voucher_journal: VoucherJournalRepository
    vouchers: VouchersRepository

    def __init__(
        self,
        engine: Engine,
        audit_seal: AuditSeal | None = None,
        default_transfer_cost_minor: int | None = None,
    ) -> None:
        self.engine = engine
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
        conn = self._connection
        self._follow_ups = []
        self.journal = JournalRepository(conn)
        self.levels = LevelsRepository(conn)
        self.stores = StoresRepository(conn)
        self.catalogue = CatalogueRepository(conn)
        self.store_prices = StorePricesRepository(conn)
        self.downstream = DownstreamRepository(conn)
        self.audit = AuditRepository(conn)
        self.users = UsersRepository(conn)
        self.till_staff = TillStaffRepository(conn)
        self.transfers = TransfersRepository(conn)
        self.purchasing = PurchasingRepository(conn)
        self.write_offs = WriteOffsRepository(conn)
        self.stock_views = StockViewsRepository(conn)
        self.certificates = CertificatesRepository(conn)
        self.counts = CountsRepository(conn)
        self.count_policy = CountPolicyRepository(conn)
        self.accuracy = AccuracyRepository(conn)
        self.replenish = ReplenishRepository(conn)
        self.replenish_figures = ReplenishFiguresRepository(conn)
        self.sales_report = SalesReportRepository(conn)
        self.job_runs = JobRunsRepository(conn)
        self.sales_rollup = SalesRollupRepository(conn)
        self.alerts = AlertsRepository(conn)
        self.members = MembersRepository(conn)
        self.stored_value = StoredValueRepository(conn)
        self.entitlements = EntitlementsRepository(conn)
        self.points = PointsRepository(conn)
        self.promotions = PromotionsRepository(conn)
        self.coupons = CouponsRepository(conn)
        self.member_sales = MemberSalesRepository(conn)
        self.rewards = RewardItemsRepository(conn)
        self.channel_conflicts = ChannelConflictsRepository(conn)
        self.channels = ChannelsRepository(conn)
        self.voucher_journal = VoucherJournalRepository(conn)
        self.vouchers = VouchersRepository(conn)
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
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self._transaction = None
            self._follow_ups = []
            if self._connection is not None:
                self._connection.close()
                self._connection = None


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
