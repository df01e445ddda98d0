"""Every service head office serves: their descriptors (health, reflection and the staff role
matrix name them) and the servicers built from the process's configuration, with the gauges
some of them feed. api/server.py starts the server these are added to."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast

import grpc

from common.certs import KeyPair
from common.clock import now_ms
from common.pb.storeledger.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    audit_pb2,
    audit_pb2_grpc,
    catalogue_admin_pb2,
    catalogue_admin_pb2_grpc,
    channels_pb2,
    channels_pb2_grpc,
    count_admin_pb2_grpc,
    purchasing_pb2,
    purchasing_pb2_grpc,
    staff_pb2,
    staff_pb2_grpc,
    stock_views_pb2,
    stock_views_pb2_grpc,
    sync_pb2,
    sync_pb2_grpc,
    till_staff_pb2_grpc,
    transfers_pb2,
    transfers_pb2_grpc,
    write_offs_pb2,
    write_offs_pb2_grpc,
)
from headoffice.api import (
    alerts_servicer,
    counts_servicer,
    coupons_servicer,
    jobs_servicer,
    members_servicer,
    pricing_servicer,
    promotions_servicer,
    replenish_servicer,
    reports_servicer,
    till_staff_servicer,
    vouchers_servicer,
)
from headoffice.api.accuracy_gauges import AccuracyGauges
from headoffice.api.admin_servicer import AdminServicer
from headoffice.api.alert_metrics import AlertCountsCollector
from headoffice.api.audit_servicer import AuditServicer
from headoffice.api.auth import Authorizer
from headoffice.api.catalogue_servicer import CatalogueAdminServicer
from headoffice.api.channel_metrics import ChannelConflictsCollector, OpenReservationsCollector
from headoffice.api.channels_admin_servicer import ChannelAdminServicer
from headoffice.api.channels_servicer import ChannelOrdersServicer
from headoffice.api.metrics import SyncMetrics
from headoffice.api.purchasing_servicer import PurchasingServicer
from headoffice.api.revocations import RevocationCache
from headoffice.api.staff_servicer import StaffServicer
from headoffice.api.stock_views_servicer import StockViewsServicer
from headoffice.api.streams import DownstreamSignal, StreamRegistry
from headoffice.api.sync_servicer import StoreSyncServicer
from headoffice.api.transfers_servicer import TransfersServicer
from headoffice.api.voucher_metrics import VoucherDifferencesCollector
from headoffice.api.write_offs_servicer import WriteOffsServicer
from headoffice.domain.counts import CountPolicy
from headoffice.jobs.scheduler import HeadOfficeJobs
from headoffice.services.alerts import alert_counts
from headoffice.services.channel_conflicts import open_counts
from headoffice.services.channel_reservations import hold_policy, open_reservations
from headoffice.services.member_sales import member_settings
from headoffice.services.ports import JobsUnitOfWorkPort, UnitOfWorkFactory
from headoffice.services.ports_channel_conflicts import ChannelConflictsUnitOfWorkPort
from headoffice.services.ports_channels import ChannelsUnitOfWorkPort
from headoffice.services.ports_coupons import CouponsUnitOfWorkPort
from headoffice.services.ports_promotions import PromotionsUnitOfWorkPort
from headoffice.services.replenish import low_stock_source, policy_from_config
from headoffice.services.voucher_ports import VouchersUnitOfWorkPort

STORE_SERVICE = sync_pb2.DESCRIPTOR.services_by_name["StoreSync"]
# The services staff call with their own certificate; every method is @authorised.
STAFF_SERVICES = (
    admin_pb2.DESCRIPTOR.services_by_name["Admin"],
    staff_pb2.DESCRIPTOR.services_by_name["Staff"],
    audit_pb2.DESCRIPTOR.services_by_name["Audit"],
    catalogue_admin_pb2.DESCRIPTOR.services_by_name["CatalogueAdmin"],
    stock_views_pb2.DESCRIPTOR.services_by_name["StockViews"],
    transfers_pb2.DESCRIPTOR.services_by_name["Transfers"],
    purchasing_pb2.DESCRIPTOR.services_by_name["Purchasing"],
    write_offs_pb2.DESCRIPTOR.services_by_name["WriteOffs"],
    pricing_servicer.SERVICE,
    till_staff_servicer.SERVICE,
    counts_servicer.SERVICE,
    replenish_servicer.SERVICE,
    reports_servicer.SERVICE,
    jobs_servicer.SERVICE,
    alerts_servicer.SERVICE,
    members_servicer.SERVICE,
    promotions_servicer.SERVICE,
    coupons_servicer.SERVICE,
    channels_pb2.DESCRIPTOR.services_by_name["ChannelAdmin"],
    vouchers_servicer.SERVICE,
)
# The services stores call with their certificate beside StoreSync (the store from it).
STORE_SERVICES = (members_servicer.TILL_SERVICE, vouchers_servicer.TILL_SERVICE)
# The online channels' service (their certificate names the channel).
CHANNEL_SERVICES = (channels_pb2.DESCRIPTOR.services_by_name["ChannelOrders"],)
SERVICE_NAMES = (
    STORE_SERVICE.full_name,
    *(s.full_name for s in STORE_SERVICES),
    *(s.full_name for s in CHANNEL_SERVICES),
    *(s.full_name for s in STAFF_SERVICES),
)


def add_servicers(
    server: grpc.aio.Server,
    new_uow: UnitOfWorkFactory,
    *,
    settings: dict[str, dict[str, Any]],
    ca: KeyPair,
    address: Callable[[], str],
    registry: StreamRegistry,
    signal: DownstreamSignal,
    metrics: SyncMetrics,
    gauges: AccuracyGauges,
    policy: CountPolicy,
    revocations: RevocationCache,
    heartbeat_timeout_ms: int,
    make_jobs: Callable[[], HeadOfficeJobs],
) -> HeadOfficeJobs:
    """Add every servicer to `server` and register the gauges they feed; return the process's
    jobs (`make_jobs`, which the jobs' servicer answers for).

    `settings` is headoffice.toml's operations options (the defaults when it has none); a bad
    value is refused here, as each servicer reads its section.
    """
    auth = Authorizer(new_uow)
    sync_pb2_grpc.add_StoreSyncServicer_to_server(
        StoreSyncServicer(
            new_uow,
            registry,
            metrics,
            signal,
            count_posted=gauges.posted,
            count_tolerance=policy.tolerance,
            members=member_settings(settings),
        ),  # fmt: skip
        server,
    )
    # The staff services: every method is @authorised (headoffice.api.auth).
    staff_pb2_grpc.add_StaffServicer_to_server(
        StaffServicer(new_uow, auth, ca, address, revocations), server
    )
    audit_pb2_grpc.add_AuditServicer_to_server(AuditServicer(new_uow, auth), server)
    till_staff_pb2_grpc.add_TillStaffServicer_to_server(
        till_staff_servicer.TillStaffServicer(new_uow, auth), server
    )
    catalogue_admin_pb2_grpc.add_CatalogueAdminServicer_to_server(
        CatalogueAdminServicer(new_uow, auth, signal), server
    )
    stock_views_pb2_grpc.add_StockViewsServicer_to_server(StockViewsServicer(new_uow, auth), server)
    transfer_policy = str(settings["transfers"]["negative_stock"])
    transfers_pb2_grpc.add_TransfersServicer_to_server(
        TransfersServicer(new_uow, auth, signal, transfer_policy), server
    )
    purchasing_pb2_grpc.add_PurchasingServicer_to_server(
        PurchasingServicer(new_uow, auth, signal), server
    )
    write_offs_pb2_grpc.add_WriteOffsServicer_to_server(
        WriteOffsServicer(new_uow, auth, signal), server
    )
    count_admin_pb2_grpc.add_CountAdminServicer_to_server(
        counts_servicer.CountsServicer(new_uow, auth, signal, policy),
        server,
    )
    pricing_servicer.add_to_server(server, new_uow, auth, settings)
    replenish_servicer.add_to_server(server, new_uow, auth, signal, settings)
    reports_servicer.add_to_server(server, new_uow, auth, policy, settings)
    members_servicer.add_to_server(server, new_uow, auth, settings)
    jobs = make_jobs()
    # The SQL unit of work holds job_runs; the port the other services take does not
    # (their in-memory fake need not), hence the narrower type for the jobs' servicer.
    jobs_uow = cast("Callable[[], JobsUnitOfWorkPort]", new_uow)
    jobs_servicer.add_to_server(server, jobs_uow, auth, jobs)
    # Likewise promotions: the SQL unit of work holds them, the fake of the other services not.
    promotions_uow = cast("Callable[[], PromotionsUnitOfWorkPort]", new_uow)
    promotions_servicer.add_to_server(server, promotions_uow, auth)
    coupons_uow = cast("Callable[[], CouponsUnitOfWorkPort]", new_uow)
    coupons_servicer.add_to_server(server, coupons_uow, auth, settings)
    # Group-buy vouchers: the platform adapters from [vouchers.platforms], built once here.
    vouchers_uow = cast("Callable[[], VouchersUnitOfWorkPort]", new_uow)
    vouchers_servicer.add_to_server(server, vouchers_uow, auth, settings, now_ms)
    metrics.registry.register(
        VoucherDifferencesCollector(partial(_voucher_differences_now, vouchers_uow))
    )
    # Low stock from replenishment's reorder points, with the same [replenishment] policy.
    low_stock = low_stock_source(policy_from_config(settings))
    alerts_servicer.add_to_server(server, new_uow, auth, settings, heartbeat_timeout_ms, low_stock)
    metrics.registry.register(AlertCountsCollector(partial(_alert_counts_now, new_uow)))
    channels_pb2_grpc.add_ChannelOrdersServicer_to_server(
        ChannelOrdersServicer(new_uow, signal, hold_policy(settings)), server
    )
    channels_pb2_grpc.add_ChannelAdminServicer_to_server(
        ChannelAdminServicer(new_uow, auth, signal, ca, address), server
    )
    metrics.registry.register(OpenReservationsCollector(partial(_open_reservations, new_uow)))
    metrics.registry.register(ChannelConflictsCollector(partial(_open_conflicts_now, new_uow)))
    admin_pb2_grpc.add_AdminServicer_to_server(
        AdminServicer(new_uow, auth, ca, address, registry, heartbeat_timeout_ms, revocations),
        server,
    )
    return jobs


def _open_reservations(new_uow: UnitOfWorkFactory) -> dict[str, int]:
    return open_reservations(cast("Callable[[], ChannelsUnitOfWorkPort]", new_uow)())


def _voucher_differences_now(new_uow: Callable[[], VouchersUnitOfWorkPort]) -> dict[str, int]:
    with new_uow() as uow:
        return uow.vouchers.latest_difference_counts()


def _alert_counts_now(new_uow: UnitOfWorkFactory) -> list[tuple[str, str, int, int]]:
    return alert_counts(new_uow())


def _open_conflicts_now(new_uow: Callable[[], ChannelConflictsUnitOfWorkPort]) -> dict[str, int]:
    return open_counts(new_uow())
