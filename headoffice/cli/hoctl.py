"""hoctl: the staff command line for head office, speaking only the Admin gRPC API over mTLS.

It finds head office through its data directory (docs/runtime.md): the address
from D/run/serve.json, the staff certificate from D/tls/admin.*. Every failure
is printed as one sentence on stderr; exit codes are 0 done, 1 refused or
failed, 2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc

from common.bundle import StaffIdentity
from common.cli import stdout_closed
from common.errors import StoreLedgerError
from common.pb.storeledger.v1 import admin_pb2
from common.tls import channel_credentials, channel_options
from headoffice.cli import (
    hoctl_audit,
    hoctl_catalogue,
    hoctl_pricing,
    hoctl_purchasing,
    hoctl_stock,
    hoctl_transfers,
    hoctl_users,
    hoctl_writeoffs,
    output,
)
from headoffice.cli.clients import (
    BUNDLE_RESERVE_BYTES,
    CALL_TIMEOUT_S,
    Clients,
    HoctlError,
    add_format,
    reserve_file,
    store_code_arg,
)

DATA_DIR_ENV = "STORELEDGER_HO_DATA_DIR"
IDENTITY_ENV = "STORELEDGER_HOCTL_IDENTITY"
VERIFY_GRACE_S = 5.0


@dataclass(frozen=True)
class Target:
    """Where head office listens and the staff credentials to reach it."""

    address: str
    ca_pem: bytes
    cert_pem: bytes
    key_pem: bytes


def find_target(data_dir: str | None, address: str | None, identity: str | None = None) -> Target:
    """Head office's address and the caller's credentials.

    With an identity file (`hoctl user add` wrote it) hoctl acts as that user,
    anywhere; without one it uses the data directory's administrator certificate.
    """
    identity = identity or os.environ.get(IDENTITY_ENV, "")
    if identity:
        return target_from_identity(Path(identity), address)
    raw = data_dir or os.environ.get(DATA_DIR_ENV, "")
    if not raw:
        raise HoctlError(
            f"hoctl needs head office's data directory: pass --data-dir D or set {DATA_DIR_ENV}"
        )
    root = Path(raw)
    if not root.is_dir():
        raise HoctlError(
            f"head office data directory {root} does not exist; "
            f"create it with `headoffice init --data-dir {root}`"
        )
    tls = root / "tls"
    pems = []
    for name in ("ca.pem", "admin.pem", "admin.key"):
        path = tls / name
        try:
            pems.append(path.read_bytes())
        except FileNotFoundError:
            raise HoctlError(
                f"{path} is missing, so {root} is not an initialised head-office data directory; "
                f"run `headoffice init --data-dir {root}`"
            ) from None
        except PermissionError:
            raise HoctlError(
                f"{path} cannot be read by this user; run hoctl as the head-office user"
            ) from None
    return Target(address or read_serve_address(root), pems[0], pems[1], pems[2])


def target_from_identity(path: Path, address: str | None) -> Target:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise HoctlError(f"identity file {path} does not exist") from None
    except PermissionError:
        raise HoctlError(f"identity file {path} cannot be read by this user") from None
    staff = StaffIdentity.from_bytes(data, str(path))
    return Target(
        address or staff.headoffice_address,
        staff.ca_pem.encode(),
        staff.cert_pem.encode(),
        staff.key_pem.encode(),
    )


def read_serve_address(root: Path) -> str:
    serve = root / "run" / "serve.json"
    hint = f"start it with `headoffice serve --data-dir {root}` (or pass --address HOST:PORT)"
    try:
        info = json.loads(serve.read_text())
    except FileNotFoundError:
        raise HoctlError(f"head office is not running from {root} (no {serve}); {hint}") from None
    except ValueError:
        raise HoctlError(f"{serve} is not valid JSON; {hint}") from None
    address = info.get("grpc_address") if isinstance(info, dict) else None
    if not isinstance(address, str) or not address:
        raise HoctlError(f"{serve} has no grpc_address; {hint}")
    return address


@contextmanager
def open_clients(target: Target) -> Iterator[Clients]:
    creds = channel_credentials(target.ca_pem, target.cert_pem, target.key_pem)
    with grpc.secure_channel(target.address, creds, options=channel_options()) as channel:
        yield Clients(channel)


# -- commands ------------------------------------------------------------------
# Each takes the parsed arguments and a stub, prints its answer, returns the exit code.


def cmd_store_add(args: argparse.Namespace, clients: Clients) -> int:
    out = Path(args.out or f"{args.code}.bundle")
    if out.exists():
        raise HoctlError(
            f"{out} already exists; hoctl never overwrites a bundle, choose another --out"
        )
    if not out.parent.is_dir():
        raise HoctlError(f"cannot write {out}: directory {out.parent} does not exist")
    # Claim the file and its space before enrolling: a bundle that cannot be written
    # after head office has enrolled the store would leave its code used up.
    fd = reserve_file(out, BUNDLE_RESERVE_BYTES)
    try:
        reply = clients.admin.AddStore(
            admin_pb2.AddStoreRequest(store_code=args.code, name=args.name), timeout=CALL_TIMEOUT_S
        )
    except BaseException:
        os.close(fd)
        out.unlink(missing_ok=True)
        raise
    with os.fdopen(fd, "wb") as fh:
        fh.write(reply.bundle)
        fh.truncate(len(reply.bundle))
        fh.flush()
        os.fsync(fh.fileno())
    print(
        f"added store {reply.store.store_code} ({reply.store.name}); enrolment bundle written "
        f"to {out} (mode 0600): copy it to the store and run `edge-agent init --bundle {out.name}`"
    )
    return 0


def cmd_store_disable(args: argparse.Namespace, clients: Clients) -> int:
    store = clients.admin.DisableStore(
        admin_pb2.DisableStoreRequest(store_code=args.code), timeout=CALL_TIMEOUT_S
    )
    print(
        f"store {store.store_code} ({store.name}) is disabled; "
        "its edge agent can no longer sync with head office"
    )
    return 0


def cmd_store_list(args: argparse.Namespace, clients: Clients) -> int:
    reply = clients.admin.ListStores(admin_pb2.ListStoresRequest(), timeout=CALL_TIMEOUT_S)
    if args.format == "json":
        print(output.to_json(output.stores_json(reply)))
    else:
        print(output.stores_table(reply))
    return 0


def cmd_sync_status(args: argparse.Namespace, clients: Clients) -> int:
    reply = clients.admin.GetSyncStatus(
        admin_pb2.SyncStatusRequest(store_code=args.store or ""), timeout=CALL_TIMEOUT_S
    )
    if args.format == "json":
        print(output.to_json(output.sync_json(reply)))
    else:
        print(output.sync_table(reply))
    return 0


def cmd_verify(args: argparse.Namespace, clients: Clients) -> int:
    timeout_ms = args.timeout * 1000
    reply = clients.admin.Verify(
        admin_pb2.VerifyRequest(store_code=args.store, timeout_ms=timeout_ms),
        timeout=args.timeout + VERIFY_GRACE_S,
    )
    if args.format == "json":
        print(output.to_json(output.verify_json(reply)))
    else:
        print(output.verify_text(reply))
    return 0 if reply.match else 1


# -- arguments -----------------------------------------------------------------

# Command groups kept in their own modules; each has register(commands).
COMMAND_MODULES = (
    hoctl_users,
    hoctl_audit,
    hoctl_catalogue,
    hoctl_stock,
    hoctl_transfers,
    hoctl_purchasing,
    hoctl_writeoffs,
    hoctl_pricing,
)


def _positive_seconds(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number of seconds, got {text}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hoctl", description="Administer StoreLedger head office (stores, catalogue, stock)."
    )
    parser.add_argument(
        "--data-dir", help=f"head office's data directory (default: ${DATA_DIR_ENV})"
    )
    parser.add_argument("--address", help="HOST:PORT of head office (default: D/run/serve.json)")
    parser.add_argument(
        "--identity",
        help=f"act as the user in this identity file from `hoctl user add` (or ${IDENTITY_ENV})",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    store = commands.add_parser("store", help="add, disable and list stores")
    store_cmds = store.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    add = store_cmds.add_parser("add", help="add a store and write its enrolment bundle")
    add.add_argument("code", type=store_code_arg, help="store code, e.g. S001")
    add.add_argument("--name", required=True, help="the store's name, e.g. 'Central St'")
    add.add_argument("--out", help="where to write the bundle (default: CODE.bundle)")
    add.set_defaults(handler=cmd_store_add, context="store add")
    disable = store_cmds.add_parser("disable", help="stop a store from syncing")
    disable.add_argument("code", type=store_code_arg)
    disable.set_defaults(handler=cmd_store_disable, context="store disable")
    listing = store_cmds.add_parser("list", help="list every store")
    add_format(listing)
    listing.set_defaults(handler=cmd_store_list, context="store list")

    sync = commands.add_parser("sync", help="store synchronisation")
    sync_cmds = sync.add_subparsers(dest="sync_command", required=True, metavar="ACTION")
    status = sync_cmds.add_parser("status", help="per store: connected, backlog, lag")
    status.add_argument("--store", type=store_code_arg, help="one store (default: every store)")
    add_format(status)
    status.set_defaults(handler=cmd_sync_status, context="sync status")

    verify = commands.add_parser("verify", help="compare a store's stock with head office's")
    verify.add_argument("--store", type=store_code_arg, required=True)
    verify.add_argument(
        "--timeout", type=_positive_seconds, default=10, help="seconds to wait for the store"
    )
    add_format(verify)
    verify.set_defaults(handler=cmd_verify, context="verify")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


# How gRPC describes a call that never reached a running head office. Head office
# itself also answers UNAVAILABLE (its database is down) with a sentence of its own.
_TRANSPORT_FAILURES = (
    "failed to connect",
    "connections to all backends failing",
    "dns resolution failed",
    "socket closed",
    "connection reset",
    "connection refused",
    "broken pipe",
    "handshake",
    "empty address list",
)


def describe_rpc_error(exc: grpc.RpcError, context: str, address: str) -> str:
    code = exc.code() if isinstance(exc, grpc.Call) else None
    details = (exc.details() if isinstance(exc, grpc.Call) else None) or str(exc)
    if code == grpc.StatusCode.UNAVAILABLE and any(
        phrase in details.lower() for phrase in _TRANSPORT_FAILURES
    ):
        return f"head office at {address} is not reachable: {details}"
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return f"hoctl {context}: head office at {address} did not answer in time ({details})"
    return f"hoctl {context}: {details}"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, Clients], int] = args.handler
    address = args.address or "?"
    try:
        target = find_target(args.data_dir, args.address, args.identity)
        address = target.address
        with open_clients(target) as clients:
            return handler(args, clients)
    except grpc.RpcError as exc:
        print(describe_rpc_error(exc, args.context, address), file=sys.stderr)
        return 1
    except StoreLedgerError as exc:
        print(f"hoctl {args.context}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return stdout_closed()
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"hoctl {args.context}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"hoctl {args.context}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in hoctl: still one line for the person, never a traceback
        print(f"hoctl {args.context}: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
