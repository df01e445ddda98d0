"""edge-agent: enrol a store (init) and run its agent (serve).

edge-agent init  --data-dir E --bundle FILE [--fix-permissions] [--from-headoffice]
edge-agent renew --data-dir E --bundle FILE
edge-agent serve --data-dir E [--headoffice ADDR] [--metrics-listen ADDR]
edge-agent check --data-dir E [--format json]
edge-agent backup FILE --data-dir E / edge-agent restore FILE --data-dir E

Every command runs under umask 077, so what it creates in E only the agent's user
reads (docs/security.md); init refuses a directory others may read unless
--fix-permissions, serve tightens what an older version left and logs each path.

init and renew check the bundle before taking it (edge_agent.enrolment): its
certificate must be this store's, from the bundle's CA, in date and match its
key, and head office (when it can be reached) must present a certificate from
the same CA and accept the store's.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from prometheus_client import start_http_server

from common.bundle import EnrolmentBundle
from common.certs import identity_from_pem
from common.cli.failures import run_command
from common.cli.output import Output
from common.clock import now_ms
from common.errors import ConfigError
from common.files import restrict_umask, tighten
from common.ho_address import grpc_target
from common.i18n import N_, _
from common.logs import log_event, setup_logging
from common.runlock import hold_run_lock
from common.tls_check import CertificateProblem
from edge_agent.api.devices_servicer import TillDevicesServicer
from edge_agent.api.server import till_server
from edge_agent.api.till_servicer import TillServicer
from edge_agent.cli.agent_backup import RebuildSeed, add_backup_parsers
from edge_agent.cli.agent_check import add_check_parser
from edge_agent.cli.managers import add_manager_parser
from edge_agent.config import load_edge_config, speak_the_stores_language
from edge_agent.datadir import DataDir, init_data_dir, renew_certificate, write_json_atomically
from edge_agent.devices.hub import DeviceHub
from edge_agent.enrolment import check_bundle, check_head_office
from edge_agent.metrics import EdgeMetrics
from edge_agent.services import vouchers
from edge_agent.services.context import StoreContext
from edge_agent.sync.credentials import StoreCredentials
from edge_agent.sync.downstream import DownstreamClient
from edge_agent.sync.link import HeadOfficeLink
from edge_agent.sync.member_client import MemberTillClient
from edge_agent.sync.upstream import UpstreamClient
from edge_agent.sync.voucher_client import VoucherTillClient

log = logging.getLogger(__name__)


def agent_version() -> str:
    try:
        return version("storeledger")
    except PackageNotFoundError:
        return "0"


def split_listen(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise ConfigError(
            _("listen address {address} must be HOST:PORT, e.g. 127.0.0.1:9471").format(
                address=repr(address)
            )
        )
    return host.strip("[]") or "127.0.0.1", int(port)


def _read_bundle(path: Path) -> tuple[EnrolmentBundle, bytes]:
    """The bundle, refused when its certificate cannot work (checked offline, then against
    the head office it names); a note when head office cannot be reached to check it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            _("cannot read the bundle {path}: {problem}").format(path=path, problem=exc.strerror)
        ) from exc
    bundle = EnrolmentBundle.from_bytes(data, str(path))
    check_bundle(bundle, str(path))
    return bundle, data


def cmd_init(args: argparse.Namespace) -> int:
    bundle_path = Path(args.bundle)
    bundle, data = _read_bundle(bundle_path)
    note = check_head_office(bundle)
    seed = None
    if args.from_headoffice:
        seed, note = RebuildSeed(bundle), ""
    bundle = init_data_dir(Path(args.data_dir), data, str(bundle_path), args.fix_permissions, seed)
    said = _("initialised store {store} ({name}) in {directory}; head office at {address}").format(
        store=bundle.store_code,
        name=bundle.store_name,
        directory=args.data_dir,
        address=bundle.headoffice_address,
    )
    if seed is not None:
        note = seed.said
    Output().say(f"{said}\n{note}" if note else said)
    return 0


def cmd_renew(args: argparse.Namespace) -> int:
    bundle_path = Path(args.bundle)
    bundle, data = _read_bundle(bundle_path)
    note = check_head_office(bundle)
    bundle = renew_certificate(Path(args.data_dir), data, str(bundle_path))
    serial = identity_from_pem(bundle.cert_pem.encode()).serial_text
    said = _(
        "installed store {store}'s new certificate (serial {serial}) in {directory}; a running "
        "agent uses it from its next connection to head office"
    ).format(store=bundle.store_code, serial=serial, directory=Path(args.data_dir) / "tls")
    Output().say(f"{said}\n{note}" if note else said)
    return 0


async def serve(data_dir: Path, headoffice: str | None, metrics_listen: str | None) -> None:
    data_dir = data_dir.resolve()
    layout = DataDir(data_dir)
    layout.require_initialised()
    hold_run_lock(layout.run / "agent.lock", N_("edge agent"))
    config = load_edge_config(data_dir)
    setup_logging(config["log"]["level"])
    # A write past a file-size limit (RLIMIT_FSIZE: a quota, ulimit -f, the simulator's full
    # disk) sends SIGXFSZ, whose default action kills the process. Ignored, the write fails with
    # EFBIG instead: SQLite rolls the transaction back, the till is told nothing was recorded
    # (store.ledger_writes) and the agent keeps serving. CPython ignores it at start-up already;
    # saying so here keeps it true when the agent runs embedded or under another runtime.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for loose in tighten(data_dir):
        log_event(
            log, logging.WARNING, "file mode tightened", path=str(loose.path),
            was=loose.mode_text, now=f"{loose.wanted:04o}",
        )  # fmt: skip
    # One address or several (common.ho_address): a list gRPC cannot dial is refused here.
    address = headoffice or config["headoffice"]["address"]
    grpc_target(address)
    credentials = StoreCredentials(layout, config["store"]["code"], address)
    try:
        credentials.channel_credentials()
    except CertificateProblem as exc:
        # The till keeps selling; sync says this again at each try (ConnectionLog).
        log_event(
            log, logging.ERROR, "store certificate cannot reach head office", problem=str(exc)
        )
    hub = DeviceHub.from_data_dir(data_dir)
    ctx = StoreContext.open(
        layout.ledger, config["store"]["code"], config["store"]["name"], config["store"]["currency"]
    )
    ctx.members = MemberTillClient(address, credentials)
    ctx.vouchers = VoucherTillClient(address, credentials)
    metrics = EdgeMetrics(ctx)
    link = HeadOfficeLink(metrics=metrics)
    metrics_listen = metrics_listen or config["metrics"]["listen"]
    host, port = split_listen(metrics_listen)
    try:
        metrics_server, metrics_thread = start_http_server(port, host, registry=metrics.registry)
    except OSError as exc:
        ctx.close()
        raise ConfigError(
            _(
                "the edge agent cannot serve /metrics on {address}: {error}; another agent or "
                "program holds it — give this store its own port with --metrics-listen "
                "HOST:PORT or [metrics] listen in edge.toml (port 0 picks a free one)"
            ).format(address=metrics_listen, error=exc.strerror or exc)
        ) from exc
    metrics_address = f"{host}:{metrics_server.server_port}"
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    servicer = TillServicer(ctx, link, metrics, peripherals=hub)
    tasks: list[asyncio.Task[None]] = []
    try:
        async with till_server(
            servicer, layout.till_socket, TillDevicesServicer(hub), ctx
        ) as till_address:
            write_json_atomically(
                layout.agent_json,
                {
                    "pid": os.getpid(),
                    "store_code": ctx.store_code,
                    "till_address": till_address,
                    "metrics_address": metrics_address,
                    "started_at_ms": now_ms(),
                },
            )
            sync = config["sync"]
            tasks = [
                asyncio.create_task(
                    UpstreamClient(ctx, link, address, credentials, sync, agent_version()).run()
                ),
                asyncio.create_task(DownstreamClient(ctx, address, credentials, sync).run()),
                # Voucher requests a crash left open are asked about again, once, at start.
                asyncio.create_task(_settle_vouchers(ctx)),
            ]
            log_event(
                log,
                logging.INFO,
                "edge agent serving",
                store_code=ctx.store_code,
                till_address=till_address,
                metrics_address=metrics_address,
                headoffice=address,
                tills_with_devices=",".join(hub.till_ids) or "none",
            )
            await stop.wait()
            log_event(log, logging.INFO, "edge agent stopping", store_code=ctx.store_code)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for task in tasks:
            task.cancel()
        layout.agent_json.unlink(missing_ok=True)
        metrics_server.shutdown()
        metrics_thread.join(timeout=5)
        hub.close()
        ctx.close()


async def _settle_vouchers(ctx: StoreContext) -> None:
    settled = await asyncio.to_thread(vouchers.recover_pending, ctx)
    if settled:
        log_event(log, logging.INFO, "voucher requests settled at start", settled=settled)


def cmd_serve(args: argparse.Namespace) -> int:
    asyncio.run(serve(Path(args.data_dir), args.headoffice, args.metrics_listen))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edge-agent", description="StoreLedger store edge agent")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="enrol this store from a head-office bundle")
    init.add_argument("--data-dir", required=True)
    init.add_argument("--bundle", required=True)
    init.add_argument(
        "--fix-permissions",
        action="store_true",
        help=_("make an existing directory 0700 and its files 0600 first"),
    )
    init.add_argument(
        "--from-headoffice",
        action="store_true",
        help=_(
            "rebuild the ledger from head office's journal (after `hoctl store reenrol`); "
            "the store continues at head office's next entry"
        ),
    )
    init.set_defaults(func=cmd_init)
    renew = sub.add_parser(
        "renew", help="install a reissued bundle (hoctl store cert reissue); the ledger stays"
    )
    renew.add_argument("--data-dir", required=True)
    renew.add_argument("--bundle", required=True)
    renew.set_defaults(func=cmd_renew)
    srv = sub.add_parser("serve", help="run the agent: Till socket, sync, /metrics")
    srv.add_argument("--data-dir", required=True)
    srv.add_argument(
        "--headoffice",
        help="head-office gRPC address, or several separated by commas (overrides edge.toml)",
    )
    srv.add_argument("--metrics-listen", help="HOST:PORT for /metrics (port 0 picks one)")
    srv.set_defaults(func=cmd_serve)
    add_manager_parser(sub)
    add_check_parser(sub)
    add_backup_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    restrict_umask()
    args = build_parser().parse_args(argv)

    def run() -> int:
        # The store's language for everything this process says, and for each till call
        # that does not ask for another (the server's AcceptLanguage).
        speak_the_stores_language(Path(args.data_dir))
        return int(args.func(args))

    return run_command("edge-agent", run, bugs_as_sentences=False)


if __name__ == "__main__":
    sys.exit(main())
