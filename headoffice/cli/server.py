"""`headoffice`: initialise a data directory, migrate its database, serve sync and admin.

headoffice init --data-dir D [--db URL] [--listen ADDR] [--metrics-listen ADDR] [--advertise ADDR]
                [--fix-permissions]
headoffice serve --data-dir D [--listen ADDR] [--metrics-listen ADDR]
headoffice migrate --data-dir D [--db URL]

Files (docs/security.md): D is 0700 and every file in it 0600 whatever the umask
(common.files); init refuses a directory others may read unless --fix-permissions,
serve tightens what an older version left and logs each path. D/audit holds the
audit log's key and checkpoint: init creates them, and the first start after an
upgrade keys a log that had none (services.audit.open_seal).

Every refusal is one sentence on stderr and a non-zero exit code, never a traceback
(common.cli.failures): 1 refused, 2 the database cannot be reached. What it says is
in its user's language (STORELEDGER_LANGUAGE, else the locale), which is also the
language of the server's answers to a caller that names none; a caller that does
(hoctl) is answered in its own. Logs stay English.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import gc
import json
import logging
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import prometheus_client
from prometheus_client import CollectorRegistry

from common.certs import ROLE_SERVER, ROLE_STAFF, create_ca, issue_certificate
from common.cli.failures import EXIT_DONE, EXIT_FAILED, run_command
from common.cli.output import Output
from common.clock import now_ms
from common.config import write_config
from common.errors import ConfigError, StoreLedgerError
from common.files import (
    make_private_dir,
    refuse_loose_modes,
    restrict_umask,
    tighten,
    write_private,
)
from common.i18n import _, set_default_language, user_language
from common.logs import log_event, setup_logging
from common.runlock import hold_run_lock
from common.tls import SERVER_NAME
from headoffice.api.core_log import capture_core_log
from headoffice.api.server import TlsFiles, serve_headoffice
from headoffice.cli.backup import add_backup_parsers
from headoffice.cli.clients import labelled
from headoffice.cli.report_rollups import add_report_rollups_parser
from headoffice.config import DEFAULTS, DataDir, initialised_data_dir
from headoffice.domain.counts import count_policy
from headoffice.domain.errors import DatabaseUnavailable
from headoffice.jobs.schedule import job_plan
from headoffice.services.audit import open_seal, writer_protection
from headoffice.services.report_days import align_sku_days
from headoffice.services.write_off_policy import apply_threshold
from headoffice.store.audit_seal import AuditSeal
from headoffice.store.engine import check_reachable, create_engine, safe_url
from headoffice.store.migrations import current_revisions, migrate_engine
from headoffice.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

EXIT_REFUSED = EXIT_FAILED
EXIT_DATABASE = 2


def split_address(address: str, what: str) -> tuple[str, int]:
    """HOST:PORT -> (host, port); `what` names the option or setting in a refusal."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise ConfigError(
            _("{setting} {address} must be HOST:PORT, e.g. 127.0.0.1:50061").format(
                setting=what, address=repr(address)
            )
        )
    return host.strip("[]") or "0.0.0.0", int(port)


def cmd_init(args: argparse.Namespace) -> int:
    restrict_umask()
    data = DataDir(Path(args.data_dir))
    if data.is_initialised():
        raise ConfigError(
            _(
                "{directory} is already a head-office data directory; "
                "use 'headoffice serve --data-dir' or choose an empty directory"
            ).format(directory=data.root)
        )
    if args.fix_permissions:
        tighten(data.root)
    refuse_loose_modes(data.root, f"headoffice init --data-dir {data.root} --fix-permissions")
    config = copy.deepcopy(DEFAULTS)
    for key, value in (
        ("listen", args.listen),
        ("metrics_listen", args.metrics_listen),
        ("advertise", args.advertise),
    ):
        if value is not None:
            config["server"][key] = value
    split_address(config["server"]["listen"], "--listen")
    split_address(config["server"]["metrics_listen"], "--metrics-listen")
    advertise_host = ""
    if config["server"]["advertise"]:
        advertise_host, _port = split_address(config["server"]["advertise"], "--advertise")
    if args.db:
        config["database"]["url"] = args.db
        engine = create_engine(args.db)
        try:
            check_reachable(engine)
        finally:
            engine.dispose()

    existed = data.root.exists()
    created: list[Path] = []
    try:
        make_private_dir(data.root)
        for directory in (data.tls, data.run, data.audit):
            make_private_dir(directory)
            created.append(directory)
        ca = create_ca()
        hosts = [SERVER_NAME, "localhost", "127.0.0.1", "::1"]
        if advertise_host and advertise_host not in hosts:
            hosts.append(advertise_host)
        server = issue_certificate(ca, SERVER_NAME, ROLE_SERVER, hosts=hosts)
        admin = issue_certificate(ca, "admin", ROLE_STAFF)
        for name, pair in (("ca", ca), ("server", server), ("admin", admin)):
            write_private(data.tls / f"{name}.pem", pair.cert_pem)
            write_private(data.tls / f"{name}.key", pair.key_pem)
        write_config(data.config_file, config)
        created.append(data.config_file)
        url = data.database_url(config)
        if not args.db:
            created.append(data.sqlite_file)
        engine = create_engine(url)
        try:
            migrate_engine(engine)
            open_seal(UnitOfWork(engine, AuditSeal(data.audit)))
        finally:
            engine.dispose()
    except BaseException:
        # Refused part-way: leave the directory as it was found.
        if not existed:
            shutil.rmtree(data.root, ignore_errors=True)
        else:
            for path in created:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    fields = [
        (_("database:"), safe_url(url)),
        (_("listen:"), str(config["server"]["listen"])),
        (_("metrics:"), str(config["server"]["metrics_listen"])),
        (_("staff cert:"), str(data.tls / "admin.pem")),
    ]
    said = _("initialised head office in {directory}").format(directory=data.root)
    Output().say("\n".join([said, *labelled(fields, width=13)]))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    restrict_umask()
    data = _initialised(args.data_dir)
    config = data.load()
    # --db: the schema's owner, when head office itself connects as a role that may not
    # change the schema (deploy/postgres/README.md).
    url = args.db or data.database_url(config)
    engine = create_engine(url, int(config["database"]["pool_size"]))
    try:
        migrate_engine(engine)
        revision = ", ".join(sorted(current_revisions(engine)))
    finally:
        engine.dispose()
    Output().say(
        _("database {url} is at schema revision {revision}").format(
            url=safe_url(url), revision=revision
        )
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    restrict_umask()
    data = _initialised(args.data_dir)
    config = data.load()
    if args.listen is not None:
        config["server"]["listen"] = args.listen
    if args.metrics_listen is not None:
        config["server"]["metrics_listen"] = args.metrics_listen
    # Before the log is set up: Python's stderr then goes to the original, and the C
    # core's lines through the reader that logs refused TLS peers (api.core_log).
    with capture_core_log():
        return _serve_data_dir(data, config)


def _serve_data_dir(data: DataDir, config: dict[str, dict[str, Any]]) -> int:
    setup_logging(str(config["log"]["level"]))
    for loose in tighten(data.root):
        log_event(
            log, logging.WARNING, "file mode tightened", path=str(loose.path),
            was=loose.mode_text, now=f"{loose.wanted:04o}",
        )  # fmt: skip
    hold_run_lock(data.run / "serve.lock", "head office")
    split_address(config["server"]["listen"], "[server] listen")
    job_plan(config, data.config_file)  # a bad [jobs] value stops the start here, with its line
    metrics_host, metrics_port = split_address(
        config["server"]["metrics_listen"], "[server] metrics_listen"
    )
    tls = TlsFiles.load(data.tls)
    url = data.database_url(config)
    engine = create_engine(url, int(config["database"]["pool_size"]))
    try:
        migrate_engine(engine)
        seal = AuditSeal(data.audit)
        open_seal(UnitOfWork(engine, seal))
        if writer_protection(UnitOfWork(engine)) is False:
            log_event(
                log, logging.WARNING, "audit rows writable by head office's database role",
                advice="deploy/postgres/README.md: connect as a member of storeledger_app",
            )  # fmt: skip
        threshold = int(config["write_offs"]["approval_threshold_minor"])
        apply_threshold(UnitOfWork(engine, seal), threshold)
        offset = count_policy(dict(config.get("counts", {}))).utc_offset_minutes
        recorded = align_sku_days(UnitOfWork(engine, seal), offset)
        if recorded is not None:  # SKU reports keep their days; the others follow the config
            log_event(
                log, logging.WARNING, "SKU report days follow another UTC offset than [counts]",
                recorded_minutes=recorded, configured_minutes=offset,
                advice="headoffice rebuild-report-rollups --data-dir D, head office stopped",
            )  # fmt: skip
        asyncio.run(_serve(data, config, engine, tls, metrics_host, metrics_port, seal))
    finally:
        engine.dispose()
    return 0


async def _serve(
    data: DataDir,
    config: dict[str, dict[str, Any]],
    engine: Any,
    tls: TlsFiles,
    metrics_host: str,
    metrics_port: int,
    seal: AuditSeal,
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    registry = CollectorRegistry()
    async with serve_headoffice(
        engine,
        tls,
        str(config["server"]["listen"]),
        advertise=str(config["server"]["advertise"]),
        metrics_registry=registry,
        heartbeat_timeout_ms=int(config["sync"]["heartbeat_timeout_s"]) * 1000,
        config=config,
        audit_seal=seal,
        run_jobs=True,
        config_file=data.config_file,
    ) as running:
        try:
            http_server, _thread = prometheus_client.start_http_server(
                metrics_port, metrics_host, registry=registry
            )
        except OSError as exc:
            raise ConfigError(
                _("head office cannot serve metrics on {address}: {problem}").format(
                    address=f"{metrics_host}:{metrics_port}", problem=exc.strerror
                )
            ) from exc
        metrics_address = f"{_dial_host(metrics_host)}:{http_server.server_port}"
        # What start-up built (modules, the schema, statements, protobuf descriptors) lives
        # as long as the process: moved out of the collector's generations, the collections
        # that every few thousand allocations of a call trigger no longer walk it.
        gc.collect()
        gc.freeze()
        try:
            _write_serve_file(data, running.address, metrics_address)
            log_event(
                log, logging.INFO, "head office serving", grpc_address=running.address,
                metrics_address=metrics_address, pid=os.getpid(),
            )  # fmt: skip
            await stop.wait()
            log_event(log, logging.INFO, "head office stopping")
        finally:
            data.serve_file.unlink(missing_ok=True)
            http_server.shutdown()


def _dial_host(host: str) -> str:
    return "127.0.0.1" if host in {"", "0.0.0.0", "::"} else host


def _write_serve_file(data: DataDir, grpc_address: str, metrics_address: str) -> None:
    data.run.mkdir(mode=0o700, exist_ok=True)
    record = {
        "pid": os.getpid(),
        "grpc_address": grpc_address,
        "metrics_address": metrics_address,
        "started_at_ms": now_ms(),
    }
    write_private(data.serve_file, (json.dumps(record, indent=2) + "\n").encode())


def _initialised(data_dir: str) -> DataDir:
    return initialised_data_dir(data_dir)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="headoffice",
        description=_(
            "`headoffice`: initialise a data directory, migrate its database, serve sync and admin."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help=_("create a data directory, certificates and schema"))
    init.add_argument("--data-dir", required=True)
    init.add_argument("--db", help=_("database URL (default: sqlite in the data directory)"))
    init.add_argument("--listen", help=_("gRPC HOST:PORT (default 127.0.0.1:50061)"))
    init.add_argument("--metrics-listen", help=_("metrics HOST:PORT (default 127.0.0.1:9461)"))
    init.add_argument("--advertise", help=_("HOST:PORT written into store bundles"))
    init.add_argument(
        "--fix-permissions",
        action="store_true",
        help=_("make an existing directory 0700 and its files 0600 first"),
    )
    init.set_defaults(handler=cmd_init)
    serve = commands.add_parser("serve", help=_("serve store sync, admin and /metrics"))
    serve.add_argument("--data-dir", required=True)
    serve.add_argument("--listen", help=_("gRPC HOST:PORT (port 0 picks a free port)"))
    serve.add_argument("--metrics-listen", help=_("metrics HOST:PORT (port 0 picks a free port)"))
    serve.set_defaults(handler=cmd_serve)
    mig = commands.add_parser("migrate", help=_("bring the database schema up to date"))
    mig.add_argument("--data-dir", required=True)
    mig.add_argument(
        "--db", help=_("database URL to migrate as (the schema's owner); default: the configured")
    )
    mig.set_defaults(handler=cmd_migrate)
    add_backup_parsers(commands)
    add_report_rollups_parser(commands)
    return parser


def _exit_code(exc: StoreLedgerError) -> int:
    return EXIT_DATABASE if isinstance(exc, DatabaseUnavailable) else EXIT_REFUSED


def speak_the_users_language() -> int:
    """The command's language, and the server's for callers that name none: the user's."""
    set_default_language(user_language())
    return EXIT_DONE


def main(argv: list[str] | None = None) -> int:
    refused = run_command("headoffice", speak_the_users_language)
    if refused:
        return refused
    args = build_parser().parse_args(argv)
    return run_command(
        "headoffice", lambda: int(args.handler(args)), exit_code=_exit_code, bugs_as_sentences=False
    )


if __name__ == "__main__":
    sys.exit(main())
