"""hoctl: the staff command line for head office, speaking only the Admin gRPC API over mTLS.

It finds head office through its data directory (docs/runtime.md): the address
from D/run/serve.json, the staff certificate from D/tls/admin.*. Output and
failures follow docs/output.md (common.cli): one sentence on stderr, exit
codes 0 done, 1 refused or failed, 2 wrong usage (argparse).
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
from common.cli.failures import Peer, run_command
from common.cli.output import Output
from common.tls import channel_credentials, channel_options
from headoffice.cli import (
    hoctl_audit,
    hoctl_catalogue,
    hoctl_pricing,
    hoctl_purchasing,
    hoctl_stock,
    hoctl_stores,
    hoctl_transfers,
    hoctl_users,
    hoctl_writeoffs,
)
from headoffice.cli.clients import Clients, HoctlError

DATA_DIR_ENV = "STORELEDGER_HO_DATA_DIR"
IDENTITY_ENV = "STORELEDGER_HOCTL_IDENTITY"


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


# -- arguments -----------------------------------------------------------------

# Command groups kept in their own modules; each has register(commands).
COMMAND_MODULES = (
    hoctl_stores,
    hoctl_users,
    hoctl_audit,
    hoctl_catalogue,
    hoctl_stock,
    hoctl_transfers,
    hoctl_purchasing,
    hoctl_writeoffs,
    hoctl_pricing,
)


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
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, Clients, Output], int] = args.handler
    out = Output(getattr(args, "format", "table"))
    peer = Peer(f"head office at {args.address or '?'}", "{name} is not reachable: {details}")

    def run() -> int:
        nonlocal peer
        target = find_target(args.data_dir, args.address, args.identity)
        peer = Peer(f"head office at {target.address}", peer.unreachable)
        with open_clients(target) as clients:
            return handler(args, clients, out)

    return run_command(f"hoctl {args.context}", run, lambda: peer)


if __name__ == "__main__":
    sys.exit(main())
