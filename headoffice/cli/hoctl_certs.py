"""hoctl store cert reissue | revoke | list: a store's certificates (docs/security.md).

reissue writes a new bundle (the store installs it with `edge-agent renew`);
the store's earlier certificates stay accepted for a grace period (7 days,
`--grace-days`), so it keeps syncing until then. revoke refuses one certificate
(`--serial`) or all of the store's at once. list shows each certificate's
serial and state.
"""

from __future__ import annotations

import argparse
import time
from functools import partial
from pathlib import Path
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import admin_pb2
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    headings,
    store_code_arg,
    write_credential,
)

CERT_COLUMNS = [
    Column("store", N_("STORE")),
    Column("serial", N_("SERIAL")),
    Column("state", N_("STATE")),
    Column("issued_at", N_("ISSUED")),
    Column("issued_by", N_("ISSUED BY")),
    Column("expires_at", N_("EXPIRES")),
    Column("revoked_at", N_("REFUSED FROM")),
    Column("revoked_by", N_("REFUSED BY")),
    Column("replaced_by", N_("REPLACED BY")),
]


def certificate_rows(certificates: list[admin_pb2.CertificateInfo]) -> list[dict[str, Any]]:
    return [
        {
            "store": c.store_code,
            "serial": c.serial,
            "state": c.state,
            "issued_at": rfc3339(c.issued_at_ms),
            "issued_by": c.issued_by,
            "expires_at": rfc3339(c.not_after_ms),
            "revoked_at": rfc3339(c.revoked_at_ms),
            "revoked_by": c.revoked_by,
            "replaced_by": c.replaced_by,
        }
        for c in certificates
    ]


def _when(ms: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(ms / 1000))


def cmd_cert_reissue(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = Path(args.out or f"{args.code}-{stamp}.bundle")
    request = admin_pb2.ReissueStoreCertificateRequest(store_code=args.code)
    if args.grace_days is not None:
        request.grace_days = args.grace_days
    reply = write_credential(
        path,
        partial(clients.admin.ReissueStoreCertificate, request, timeout=CALL_TIMEOUT_S),
        lambda reply: reply.bundle,
    )
    said = _(
        "reissued store {store}'s certificate (serial {serial}); the new bundle is in {path} "
        "(mode 0600): at the store run `edge-agent renew --data-dir DIR --bundle {file}`"
    ).format(store=reply.store.store_code, serial=reply.serial, path=path, file=path.name)
    earlier = ", ".join(c.serial for c in reply.superseded if c.serial) or _("(none recorded)")
    if reply.superseded_at_ms > int(time.time() * 1000):
        then = _(
            "its earlier certificates ({serials}) stay accepted until {when}; "
            "`hoctl store cert revoke {store}` refuses them sooner"
        ).format(serials=earlier, when=_when(reply.superseded_at_ms), store=reply.store.store_code)
    else:
        then = _("its earlier certificates ({serials}) are refused from now on").format(
            serials=earlier
        )
    out.say(f"{said}\n{then}")
    return 0


def cmd_cert_revoke(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = clients.admin.RevokeStoreCertificate(
        admin_pb2.RevokeStoreCertificateRequest(store_code=args.code, serial=args.serial or ""),
        timeout=CALL_TIMEOUT_S,
    )
    serials = ", ".join(c.serial for c in reply.revoked if c.serial)
    if args.serial and not reply.revoked:
        out.say(
            _("store {store}'s certificate {serial} was already refused; nothing changed").format(
                store=args.code, serial=args.serial
            )
        )
        return 0
    if args.serial:
        said = _(
            "revoked store {store}'s certificate {serial}: head office refuses it from now on"
        ).format(store=args.code, serial=serials)
    else:
        said = _(
            "revoked every certificate of store {store} ({serials}): head office refuses them "
            "from now on"
        ).format(store=args.code, serials=serials or _("none recorded"))
    then = _(
        "the store keeps selling; it syncs again once it installs a bundle from "
        "`hoctl store cert reissue {store}` (`edge-agent renew`)"
    ).format(store=args.code)
    out.say(f"{said}\n{then}")
    return 0


def cmd_cert_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = clients.admin.ListStoreCertificates(
        admin_pb2.ListStoreCertificatesRequest(store_code=args.code or ""),
        timeout=CALL_TIMEOUT_S,
    )
    columns = headings(CERT_COLUMNS) if out.for_people else CERT_COLUMNS
    out.listing(
        certificate_rows(list(reply.certificates)),
        columns,
        empty=_("no certificates recorded (stores enrolled before head office kept a register)"),
    )
    return 0


def _grace_days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(
            _("must be a whole number of days, got {text}").format(text=text)
        )
    return int(text)


def register(store_cmds: argparse._SubParsersAction) -> None:
    cert = store_cmds.add_parser("cert", help=_("reissue, revoke and list a store's certificates"))
    actions = cert.add_subparsers(dest="cert_command", required=True, metavar="ACTION")
    reissue = actions.add_parser(
        "reissue", help=_("a new certificate and bundle; the earlier ones end after a grace period")
    )
    reissue.add_argument("code", type=store_code_arg, help=_("store code, e.g. S001"))
    reissue.add_argument(
        "--out", help=_("where to write the new bundle (default: CODE-YYYYMMDD-HHMMSS.bundle)")
    )
    reissue.add_argument(
        "--grace-days",
        type=_grace_days,
        help=_("days the earlier certificates stay accepted (default 7; 0: refused at once)"),
    )
    reissue.set_defaults(handler=cmd_cert_reissue, context="store cert reissue")
    revoke = actions.add_parser("revoke", help=_("refuse a store's certificate from now on"))
    revoke.add_argument("code", type=store_code_arg, help=_("store code, e.g. S001"))
    revoke.add_argument(
        "--serial", help=_("the certificate to revoke (default: every one of the store)")
    )
    revoke.set_defaults(handler=cmd_cert_revoke, context="store cert revoke")
    listing = actions.add_parser("list", help=_("each certificate's serial and state"))
    listing.add_argument(
        "code", nargs="?", type=store_code_arg, help=_("one store (default: every store)")
    )
    add_format(listing)
    listing.set_defaults(handler=cmd_cert_list, context="store cert list")
