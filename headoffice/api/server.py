"""The head-office gRPC server: StoreSync + the staff services + health + reflection over mTLS.

Every call passes four interceptors, outermost first: AcceptLanguage (the call
runs in the language its caller sends, so every sentence it says, refusals
included, is in that language: common.rpc.language), Timing (duration and
code into storeledger_rpc_seconds), ErrorMapping (our errors to their status
code and sentence, anything else INTERNAL with a request id in the log; the
table is common.rpc.status) and CallerIdentity (the peer certificate, for
@authorised and the sync servicer; a certificate on head office's revocation
list is refused there). Servicers get a unit-of-work factory, never the engine;
which servicers, built from what, is api/servicers.py.

TLS itself refuses a client whose certificate is not from the chain's CA or out
of date, inside gRPC's C core: `headoffice serve` logs each such peer
(headoffice.api.core_log).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

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
from common.rpc.interceptors import ErrorMapping, Timing
from common.rpc.language import AcceptLanguage
from common.tls import server_credentials, server_options
from headoffice.api.accuracy_gauges import AccuracyGauges
from headoffice.api.caller import CallerIdentity
from headoffice.api.metrics import SyncMetrics
from headoffice.api.refusal_log import RefusalLog
from headoffice.api.revocations import RevocationCache
from headoffice.api.servicers import SERVICE_NAMES, add_servicers
from headoffice.api.streams import DownstreamSignal, StreamRegistry
from headoffice.config import DEFAULTS
from headoffice.domain.certificates import RevocationList
from headoffice.domain.counts import count_policy
from headoffice.jobs.metrics import JobMetrics
from headoffice.jobs.registry import JobContext
from headoffice.jobs.runner import JobRunner
from headoffice.jobs.schedule import job_plan
from headoffice.jobs.scheduler import HeadOfficeJobs
from headoffice.reports.accuracy_metrics import AccuracyMetrics
from headoffice.services.credentials import load_revocation_list
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.replenish import policy_from_config
from headoffice.services.status import StoreSyncView, sync_status
from headoffice.store.audit_seal import AuditSeal
from headoffice.store.feed_pages import ChainPages
from headoffice.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

FLUSH_S = 5.0  # how often refusals counted in an ended window are logged


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
    # Every store's stream reads the chain-wide part of a page once (store.feed_pages).
    new_uow: UnitOfWorkFactory = partial(
        UnitOfWork, engine, audit_seal, default_transfer_cost_minor=transfer_cost,
        feed_pages=ChainPages(),
    )  # fmt: skip
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
    settings = config or DEFAULTS
    policy = count_policy(settings.get("counts", {}))
    gauges = AccuracyGauges(AccuracyMetrics(metrics.registry), new_uow, policy)
    jobs = add_servicers(
        server,
        new_uow,
        settings=settings,
        ca=tls.ca,
        address=partial(_bound_address, advertise, bound),
        registry=registry,
        signal=signal,
        metrics=metrics,
        gauges=gauges,
        policy=policy,
        revocations=revocations,
        heartbeat_timeout_ms=heartbeat_timeout_ms,
        make_jobs=partial(_jobs, config, config_file, new_uow, gauges, metrics.registry),
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


def _status_now(engine: Engine, heartbeat_timeout_ms: int) -> list[StoreSyncView]:
    return sync_status(UnitOfWork(engine), now_ms(), heartbeat_timeout_ms=heartbeat_timeout_ms)
