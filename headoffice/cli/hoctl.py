"""hoctl: the staff command line for head office, speaking only the Admin gRPC API over mTLS.

It finds head office through its data directory (docs/runtime.md): the address
from D/run/serve.json, the staff certificate from D/tls/admin.*. Output and
failures follow docs/output.md (common.cli): one sentence on stderr, exit
codes 0 done, 1 refused or failed, 2 wrong usage (argparse).

It speaks its user's language (STORELEDGER_LANGUAGE, else the locale:
common.i18n.user_language) and sends it with every call, so head office's
refusals and sentences come back in it too; JSON and CSV do not change.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType

import grpc

from common.cli.failures import EXIT_DONE, Peer, run_command
from common.cli.output import Output
from common.ho_address import dial_addresses, grpc_target
from common.i18n import _, set_default_language, user_language
from common.tls import Credentials, Holder, channel_credentials, channel_options
from headoffice.cli.clients import Clients, HoctlError, SendsLanguage

DATA_DIR_ENV = "STORELEDGER_HO_DATA_DIR"
IDENTITY_ENV = "STORELEDGER_HOCTL_IDENTITY"


@dataclass(frozen=True)
class Target:
    """Where head office listens and the staff credentials to reach it."""

    address: str
    ca_pem: bytes
    cert_pem: bytes
    key_pem: bytes
    holder: Holder

    @property
    def credentials(self) -> Credentials:
        return Credentials(self.ca_pem, self.cert_pem, self.key_pem)


def _admin_holder(path: Path) -> Holder:
    return Holder(
        _("head office's administrator certificate {path}").format(path=path),
        _(
            "another administrator can issue a new one with `hoctl user reissue admin`; "
            "then use the identity file it writes (--identity FILE)"
        ),
    )


def _user_holder(username: str, path: Path) -> Holder:
    return Holder(
        _("staff user {user}'s certificate in {path}").format(user=username, path=path),
        _("ask an administrator for a new identity file: `hoctl user reissue {user}`").format(
            user=username
        ),
    )


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
            _(
                "hoctl needs head office's data directory: pass --data-dir D or set {variable}"
            ).format(variable=DATA_DIR_ENV)
        )
    root = Path(raw)
    if not root.is_dir():
        raise HoctlError(
            _(
                "head office data directory {directory} does not exist; "
                "create it with `headoffice init --data-dir {directory}`"
            ).format(directory=root)
        )
    tls = root / "tls"
    pems = []
    for name in ("ca.pem", "admin.pem", "admin.key"):
        path = tls / name
        try:
            pems.append(path.read_bytes())
        except FileNotFoundError:
            raise HoctlError(
                _(
                    "{path} is missing, so {directory} is not an initialised head-office data "
                    "directory; run `headoffice init --data-dir {directory}`"
                ).format(path=path, directory=root)
            ) from None
        except PermissionError:
            raise HoctlError(
                _("{path} cannot be read by this user; run hoctl as the head-office user").format(
                    path=path
                )
            ) from None
    return Target(
        address or read_serve_address(root),
        pems[0],
        pems[1],
        pems[2],
        _admin_holder(tls / "admin.pem"),
    )


def target_from_identity(path: Path, address: str | None) -> Target:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise HoctlError(_("identity file {path} does not exist").format(path=path)) from None
    except PermissionError:
        raise HoctlError(
            _("identity file {path} cannot be read by this user").format(path=path)
        ) from None
    from common.bundle import StaffIdentity  # only with an identity file: json, dataclasses

    staff = StaffIdentity.from_bytes(data, str(path))
    return Target(
        address or staff.headoffice_address,
        staff.ca_pem.encode(),
        staff.cert_pem.encode(),
        staff.key_pem.encode(),
        _user_holder(staff.username, path),
    )


def read_serve_address(root: Path) -> str:
    serve = root / "run" / "serve.json"
    try:
        info = json.loads(serve.read_text())
    except FileNotFoundError:
        raise HoctlError(
            _(
                "head office is not running from {directory} (no {file}); start it with "
                "`headoffice serve --data-dir {directory}` (or pass --address HOST:PORT)"
            ).format(directory=root, file=serve)
        ) from None
    except ValueError:
        raise HoctlError(
            _(
                "{file} is not valid JSON; start head office with `headoffice serve --data-dir "
                "{directory}` (or pass --address HOST:PORT)"
            ).format(directory=root, file=serve)
        ) from None
    address = info.get("grpc_address") if isinstance(info, dict) else None
    if not isinstance(address, str) or not address:
        raise HoctlError(
            _(
                "{file} has no grpc_address; start head office with `headoffice serve "
                "--data-dir {directory}` (or pass --address HOST:PORT)"
            ).format(directory=root, file=serve)
        )
    return address


@contextmanager
def open_clients(target: Target) -> Iterator[Clients]:
    creds = channel_credentials(target.ca_pem, target.cert_pem, target.key_pem)
    # One address or several (head-office processes on one database): one gRPC target.
    with grpc.secure_channel(grpc_target(target.address), creds, options=channel_options()) as ch:
        yield Clients(grpc.intercept_channel(ch, SendsLanguage()))


# -- arguments -----------------------------------------------------------------

# Each top-level command and the module (in headoffice.cli) whose register(commands) adds
# it, in the order `hoctl --help` lists them. hoctl imports only the module of the command
# it runs: importing all twenty was most of a hoctl start (the report commands alone bring
# in head office's report services). A unit test checks the table against the modules.
COMMANDS: dict[str, str] = {
    "store": "hoctl_stores",
    "sync": "hoctl_stores",
    "verify": "hoctl_stores",
    "user": "hoctl_users",
    "whoami": "hoctl_users",
    "staff": "hoctl_till_staff",
    "audit": "hoctl_audit",
    "catalogue": "hoctl_catalogue",
    "stock": "hoctl_stock",
    "transfer": "hoctl_transfers",
    "supplier": "hoctl_purchasing",
    "po": "hoctl_purchasing",
    "report": "hoctl_reports",
    "writeoff": "hoctl_writeoffs",
    "price-cart": "hoctl_pricing",
    "count": "hoctl_counts",
    "replenish": "hoctl_replenish",
    "jobs": "hoctl_jobs",
    "alerts": "hoctl_alerts",
    "member": "hoctl_members",
    "promo": "hoctl_promo",
    "coupon": "hoctl_coupons",
    "channel": "hoctl_channels",
    "voucher": "hoctl_vouchers",
}
# Options before the command that take a value (the value is not the command).
_GLOBAL_VALUE_OPTIONS = ("--data-dir", "--address", "--identity")


def command_modules(argv: list[str] | None = None) -> list[ModuleType]:
    """The modules to register: the named command's alone, else (help, a typo) all."""
    chosen = chosen_command(sys.argv[1:] if argv is None else argv)
    names = [COMMANDS[chosen]] if chosen in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    return [importlib.import_module(f"headoffice.cli.{name}") for name in names]


def chosen_command(argv: list[str]) -> str | None:
    """The first argument that is neither an option nor an option's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """hoctl's parser; with argv, only the command it names is registered (None: all)."""
    parser = argparse.ArgumentParser(
        prog="hoctl",
        description=_("Administer StoreLedger head office (stores, catalogue, stock)."),
    )
    parser.add_argument(
        "--data-dir",
        help=_("head office's data directory (default: ${variable})").format(variable=DATA_DIR_ENV),
    )
    parser.add_argument(
        "--address",
        help=_(
            "HOST:PORT of head office, or of each of its processes separated by commas "
            "(default: D/run/serve.json)"
        ),
    )
    parser.add_argument(
        "--identity",
        help=_(
            "act as the user in this identity file from `hoctl user add` (or ${variable})"
        ).format(variable=IDENTITY_ENV),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in command_modules(argv if argv is not None else ["--help"]):
        module.register(commands)
    return parser


def speak_the_users_language() -> int:
    """hoctl's language for this run: STORELEDGER_LANGUAGE, else the locale (one we have)."""
    set_default_language(user_language())
    return EXIT_DONE


def _head_office_at(address: str, target: Target | None = None) -> Peer:
    diagnose = None
    if target is not None:
        diagnose = partial(_diagnose, target)
    return Peer(
        _("head office at {address}").format(address=address),
        _("{name} is not reachable: {details}"),
        diagnose,
    )


def _diagnose(target: Target, details: str) -> str | None:
    """After a call failed in the transport: a certificate problem, said, or None.

    hoctl checks its own certificate here, after the handshake failed, not before every
    call: the check (the cryptography package, parsing and verifying) cost each command
    about 50 ms of CPU, and a certificate that is expired, of another chain or not matching
    its key fails the handshake, which brings the call here (check_own, then the probe).
    A valid certificate of the wrong role passes TLS; head office refuses it in its own
    sentence (headoffice.services.users.resolve_staff).
    """
    from common.tls_check import diagnose

    for address in dial_addresses(target.address):
        sentence = diagnose(address, target.credentials, target.holder)
        if sentence is not None:
            return sentence
    return None


def main(argv: list[str] | None = None) -> int:
    refused = run_command("hoctl", speak_the_users_language)
    if refused:
        return refused
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    handler: Callable[[argparse.Namespace, Clients, Output], int] = args.handler
    out = Output(getattr(args, "format", "table"))
    peer = _head_office_at(args.address or "?")

    def run() -> int:
        nonlocal peer
        target = find_target(args.data_dir, args.address, args.identity)
        peer = _head_office_at(target.address, target)
        with open_clients(target) as clients:
            return handler(args, clients, out)

    return run_command(f"hoctl {args.context}", run, lambda: peer)


if __name__ == "__main__":
    sys.exit(main())
