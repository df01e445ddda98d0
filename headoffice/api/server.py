"""The head-office gRPC server: StoreSync + the staff services + health + reflection over mTLS.

Every call passes four interceptors, outermost first: AcceptLanguage (the call
runs in the language its caller sends, so every sentence it says, refusals
included, is in that language: common.rpc.language), Timing (duration and
code into storeledger_rpc_seconds), ErrorMapping (our errors to their status
code and sentence, anything else INTERNAL with a request id in the log; the
table is common.rpc.status) and CallerIdentity (the peer certificate, for
@authorised and the sync servicer; a certificate on head office's revocation
list is refused there). Servicers get a unit-of-work factory, never the engine.

TLS itself refuses a client whose certificate is not from the chain's CA or out
of date, inside gRPC's C core: `headoffice serve` logs each such peer
(headoffice.api.core_log).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from prometheus_client import CollectorRegistry
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.clock import now_ms
from common.errors import ConfigError
from common.i18n import _
from common.logs import log_event
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
from common.rpc.interceptors import ErrorMapping, Timing
from common.rpc.language import AcceptLanguage
from common.tls import server_credentials, server_options
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
from headoffice.api.caller import CallerIdentity
from headoffice.api.catalogue_servicer import CatalogueAdminServicer
from headoffice.api.channel_metrics import ChannelConflictsCollector, OpenReservationsCollector
from headoffice.api.channels_admin_servicer import ChannelAdminServicer
from headoffice.api.channels_servicer import ChannelOrdersServicer
from headoffice.api.metrics import SyncMetrics
from headoffice.api.purchasing_servicer import PurchasingServicer
from headoffice.api.refusal_log import RefusalLog
from headoffice.api.revocations import RevocationCache
from headoffice.api.staff_servicer import StaffServicer
from headoffice.api.stock_views_servicer import StockViewsServicer
from headoffice.api.streams import DownstreamSignal, StreamRegistry
from headoffice.api.sync_servicer import StoreSyncServicer
from headoffice.api.transfers_servicer import TransfersServicer
from headoffice.api.voucher_metrics import VoucherDifferencesCollector
from headoffice.api.write_offs_servicer import WriteOffsServicer
from headoffice.config import DEFAULTS
from headoffice.domain.certificates import RevocationList
from headoffice.domain.counts import count_policy
from headoffice.jobs.metrics import JobMetrics
from headoffice.jobs.registry import JobContext
from headoffice.jobs.runner import JobRunner
from headoffice.jobs.schedule import job_plan
from headoffice.jobs.scheduler import HeadOfficeJobs
from headoffice.reports.accuracy_metrics import AccuracyMetrics
from headoffice.services.alerts import alert_counts
from headoffice.services.channel_conflicts import open_counts
from headoffice.services.channel_reservations import hold_policy, open_reservations
from headoffice.services.credentials import load_revocation_list
from headoffice.services.member_sales import member_settings
from headoffice.services.ports import JobsUnitOfWorkPort, UnitOfWorkFactory
from headoffice.services.ports_channel_conflicts import ChannelConflictsUnitOfWorkPort
from headoffice.services.ports_channels import ChannelsUnitOfWorkPort
from headoffice.services.ports_coupons import CouponsUnitOfWorkPort
from headoffice.services.ports_promotions import PromotionsUnitOfWorkPort
from headoffice.services.replenish import low_stock_source, policy_from_config
from headoffice.services.status import StoreSyncView, sync_status
from headoffice.services.voucher_ports import VouchersUnitOfWorkPort
from headoffice.store.audit_seal import AuditSeal
from headoffice.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

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
FLUSH_S = 5.0  # how often refusals counted in an ended window are logged
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


@dataclass(frozen=True)
class TlsFiles:
    ca: KeyPair
    server: KeyPair

    @classmethod
    def load(cls, tls_dir: Path) -> TlsFiles:
        try:
            return cls(
                ca=KeyPair((tls_dir / "ca.pem").read_bytes(), (tls_dir / "ca.key").read_bytes()),
                server=KeyPair(
                    (tls_dir / "server.pem").read_bytes(), (tls_dir / "server.key").read_bytes()
                ),
            )
        except OSError as exc:
            raise ConfigError(
                _(
                    "head-office certificates in {directory} cannot be read ({problem}: "
                    "{file}); run 'headoffice init' first"
                ).format(directory=tls_dir, problem=exc.strerror, file=exc.filename)
            ) from exc


@dataclass
class RunningServer:
    server: grpc.aio.Server
    port: int
    address: str
    metrics: SyncMetrics
    registry: StreamRegistry


def reachable_address(listen: str, port: int) -> str:
    """The address a client on this machine dials for a listen address and its bound port."""
    host = listen.rsplit(":", 1)[0] if ":" in listen else listen
    if host in {"", "0.0.0.0", "[::]", "::", "*"}:
        host = "127.0.0.1"
    return f"{host}:{port}"


@asynccontextmanager
async def serve_headoffice(
    engine: Engine,
    tls: TlsFiles,
    listen: str,
    advertise: str = "",
    metrics_registry: CollectorRegistry | None = None,
    heartbeat_timeout_ms: int = 15_000,
    # Store streams never end by themselves; a short grace lets an in-flight batch
    # finish and ack (an unacked one is simply resent and ignored as a duplicate).
    grace_s: float = 1.0,
    # The operations options of headoffice.toml ([transfers], ...); None: the defaults.
    config: dict[str, dict[str, Any]] | None = None,
    # The audit log's key and checkpoint (store.audit_seal); `headoffice serve` always
    # passes its data directory's. None: records get plain digests (in-process tests).
    audit_seal: AuditSeal | None = None,
    # Schedule the jobs of [jobs] (headoffice.jobs); off, hoctl jobs list/run/history still
    # answer. config_file names the lines of a bad [jobs] value.
    run_jobs: bool = False,
    config_file: Path | None = None,
) -> AsyncIterator[RunningServer]:
    """Start the server and yield it with the port it really bound (listen on port 0 in tests)."""
    registry = StreamRegistry()
    signal = DownstreamSignal()
    metrics = SyncMetrics(
        metrics_registry or CollectorRegistry(),
        partial(_status_now, engine, heartbeat_timeout_ms),
        registry.__len__,
    )
    bound: dict[str, str] = {}
    # The store-to-store cost without a row set by hand, as replenishment's runs use it, for
    # the conflicts' proposals made inside a store's batch (services.channel_conflicts).
    transfer_cost = policy_from_config(config or DEFAULTS).default_transfer_cost_minor
    new_uow: UnitOfWorkFactory = partial(
        UnitOfWork, engine, audit_seal, default_transfer_cost_minor=transfer_cost
    )
    revocations = RevocationCache(partial(_revocation_list, new_uow))
    identify = CallerIdentity(revocations)
    server = grpc.aio.server(
        options=server_options(),
        interceptors=[
            # First: the error mapping's sentences are said in the caller's language too.
            AcceptLanguage(),
            Timing(metrics.rpc_finished, log),
            ErrorMapping(log, "head office"),
            identify,
        ],
    )
    auth = Authorizer(new_uow)
    policy = count_policy((config or DEFAULTS).get("counts", {}))
    gauges = AccuracyGauges(AccuracyMetrics(metrics.registry), new_uow, policy)
    sync_pb2_grpc.add_StoreSyncServicer_to_server(
        StoreSyncServicer(
            new_uow,
            registry,
            metrics,
            signal,
            count_posted=gauges.posted,
            count_tolerance=policy.tolerance,
            members=member_settings(config or DEFAULTS),
        ),  # fmt: skip
        server,
    )
    address = partial(_bound_address, advertise, bound)
    # The staff services: every method is @authorised (headoffice.api.auth).
    staff_pb2_grpc.add_StaffServicer_to_server(
        StaffServicer(new_uow, auth, tls.ca, address, revocations), server
    )
    audit_pb2_grpc.add_AuditServicer_to_server(AuditServicer(new_uow, auth), server)
    till_staff_pb2_grpc.add_TillStaffServicer_to_server(
        till_staff_servicer.TillStaffServicer(new_uow, auth), server
    )
    catalogue_admin_pb2_grpc.add_CatalogueAdminServicer_to_server(
        CatalogueAdminServicer(new_uow, auth, signal), server
    )
    stock_views_pb2_grpc.add_StockViewsServicer_to_server(StockViewsServicer(new_uow, auth), server)
    transfer_policy = str((config or DEFAULTS)["transfers"]["negative_stock"])
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
    pricing_servicer.add_to_server(server, new_uow, auth, config or DEFAULTS)
    replenish_servicer.add_to_server(server, new_uow, auth, signal, config or DEFAULTS)
    reports_servicer.add_to_server(server, new_uow, auth, policy, config or DEFAULTS)
    members_servicer.add_to_server(server, new_uow, auth, config or DEFAULTS)
    jobs = _jobs(config, config_file, new_uow, gauges, metrics.registry)
    # The SQL unit of work holds job_runs; the port the other services take does not
    # (their in-memory fake need not), hence the narrower type for the jobs' servicer.
    jobs_uow = cast("Callable[[], JobsUnitOfWorkPort]", new_uow)
    jobs_servicer.add_to_server(server, jobs_uow, auth, jobs)
    # Likewise promotions: the SQL unit of work holds them, the fake of the other services not.
    promotions_uow = cast("Callable[[], PromotionsUnitOfWorkPort]", new_uow)
    promotions_servicer.add_to_server(server, promotions_uow, auth)
    coupons_uow = cast("Callable[[], CouponsUnitOfWorkPort]", new_uow)
    coupons_servicer.add_to_server(server, coupons_uow, auth, config or DEFAULTS)
    # Group-buy vouchers: the platform adapters from [vouchers.platforms], built once here.
    vouchers_uow = cast("Callable[[], VouchersUnitOfWorkPort]", new_uow)
    vouchers_servicer.add_to_server(server, vouchers_uow, auth, config or DEFAULTS, now_ms)
    metrics.registry.register(
        VoucherDifferencesCollector(partial(_voucher_differences_now, vouchers_uow))
    )
    # Low stock from replenishment's reorder points, with the same [replenishment] policy.
    low_stock = low_stock_source(policy_from_config(config or DEFAULTS))
    alerts_servicer.add_to_server(
        server, new_uow, auth, config or DEFAULTS, heartbeat_timeout_ms, low_stock
    )
    metrics.registry.register(AlertCountsCollector(partial(_alert_counts_now, new_uow)))
    channels_pb2_grpc.add_ChannelOrdersServicer_to_server(
        ChannelOrdersServicer(new_uow, signal, hold_policy(config or DEFAULTS)), server
    )
    channels_pb2_grpc.add_ChannelAdminServicer_to_server(
        ChannelAdminServicer(new_uow, auth, signal, tls.ca, address), server
    )
    metrics.registry.register(OpenReservationsCollector(partial(_open_reservations, new_uow)))
    metrics.registry.register(ChannelConflictsCollector(partial(_open_conflicts_now, new_uow)))
    admin_pb2_grpc.add_AdminServicer_to_server(
        AdminServicer(new_uow, auth, tls.ca, address, registry, heartbeat_timeout_ms, revocations),
        server,
    )
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (*SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )
    credentials = server_credentials(tls.ca.cert_pem, tls.server.cert_pem, tls.server.key_pem)
    try:
        port = server.add_secure_port(listen, credentials)
    except RuntimeError as exc:
        raise ConfigError(
            _("head office cannot listen on {address}: {problem}").format(
                address=listen, problem=exc
            )
        ) from exc
    if port == 0:
        raise ConfigError(
            _("head office cannot listen on {address}: the address is in use or invalid").format(
                address=listen
            )
        )
    bound["address"] = reachable_address(listen, port)
    await server.start()
    for name in ("", *SERVICE_NAMES):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log_event(log, logging.INFO, "head office listening", address=bound["address"])
    flushing = asyncio.create_task(_flush_every(identify.refusals, FLUSH_S))
    refreshing = asyncio.create_task(gauges.run())
    try:
        if run_jobs:
            await jobs.start()
        yield RunningServer(server, port, bound["address"], metrics, registry)
    finally:
        jobs.stop()
        refreshing.cancel()
        flushing.cancel()
        await server.stop(grace_s)
        identify.refusals.flush(everything=True)
        log_event(log, logging.INFO, "head office stopped", address=bound["address"])


def _jobs(
    config: dict[str, dict[str, Any]] | None,
    config_file: Path | None,
    new_uow: Any,
    gauges: AccuracyGauges,
    registry: CollectorRegistry,
) -> HeadOfficeJobs:
    """The process's jobs from [jobs] (a bad cron is refused here with its line)."""
    settings = {**DEFAULTS, **(config or {})}
    # The report snapshots' directory, relative to the data directory (where headoffice.toml is).
    reports = dict(settings.get("reports", DEFAULTS["reports"]))
    where = Path(str(reports.get("snapshot_dir", DEFAULTS["reports"]["snapshot_dir"])))
    if not where.is_absolute() and config_file is not None:
        reports["snapshot_dir"] = str(config_file.parent / where)
    settings["reports"] = {**DEFAULTS["reports"], **reports}
    plan = job_plan(settings, config_file)
    ctx = JobContext(new_uow, new_uow, settings, now_ms, gauges)
    runner = JobRunner(ctx, new_uow, JobMetrics(registry), plan.attempts, plan.retry_backoff_s)
    return HeadOfficeJobs(plan, runner)


async def _flush_every(refusals: RefusalLog, interval_s: float) -> None:
    """Log refusals counted in windows that have ended (refusal_log.RefusalLog.flush)."""
    while True:
        await asyncio.sleep(interval_s)
        refusals.flush()


def _revocation_list(new_uow: UnitOfWorkFactory) -> RevocationList:
    return load_revocation_list(new_uow())


def _bound_address(advertise: str, bound: dict[str, str]) -> str:
    return advertise or bound["address"]


def _open_reservations(new_uow: UnitOfWorkFactory) -> dict[str, int]:
    return open_reservations(cast("Callable[[], ChannelsUnitOfWorkPort]", new_uow)())


def _voucher_differences_now(new_uow: Callable[[], VouchersUnitOfWorkPort]) -> dict[str, int]:
    with new_uow() as uow:
        return uow.vouchers.latest_difference_counts()


def _alert_counts_now(new_uow: UnitOfWorkFactory) -> list[tuple[str, str, int, int]]:
    return alert_counts(new_uow())


def _open_conflicts_now(new_uow: Callable[[], ChannelConflictsUnitOfWorkPort]) -> dict[str, int]:
    return open_counts(new_uow())


def _status_now(engine: Engine, heartbeat_timeout_ms: int) -> list[StoreSyncView]:
    return sync_status(UnitOfWork(engine), now_ms(), heartbeat_timeout_ms=heartbeat_timeout_ms)
