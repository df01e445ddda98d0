"""hoctl store add | disable | list (store cert: hoctl_certs), hoctl sync status, hoctl verify."""

from __future__ import annotations

import argparse
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import rfc3339, seconds_text
from common.i18n import N_, _
from common.pb.storeledger.v1 import admin_pb2
from headoffice.cli import hoctl_certs, hoctl_reenrol
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    headings,
    store_code_arg,
    write_credential,
)

VERIFY_GRACE_S = 5.0
NO_STORES = N_("no stores yet; add one with `hoctl store add CODE --name NAME`")


def _store_status(disabled: bool) -> str:
    """The STATUS a CSV row keeps: a word for scripts ("active", "disabled")."""
    return "disabled" if disabled else "active"


def _store_status_shown(disabled: bool) -> str:
    return _("disabled") if disabled else _("active")


STORE_COLUMNS = [
    Column("store", N_("STORE")),
    Column("name", N_("NAME")),
    Column("disabled", N_("STATUS"), show=_store_status),
    Column("created_at", N_("CREATED")),
]


def _sync_state(row: dict[str, Any]) -> str:
    """A word for scripts: disabled, refused (head office refuses its batches), connected
    or offline; `connected` and `refused_at` say the rest."""
    if row["disabled"]:
        return "disabled"
    if row["refused_at"] is not None:
        return "refused"
    return "connected" if row["connected"] else "offline"


def _never_if_none(at: str | None) -> str:
    return at or _("never")


SYNC_COLUMNS = [
    Column("store", N_("STORE")),
    Column("name", N_("NAME")),
    Column("state", N_("STATE")),
    Column("committed_seq", N_("COMMITTED"), "int"),
    Column("newest_seq", N_("NEWEST"), "int"),
    Column("backlog_count", N_("BACKLOG"), "int"),
    Column("lag_ms", N_("LAG S"), "int", show=seconds_text),
    Column("last_contact_at", N_("LAST CONTACT"), show=_never_if_none),
    Column("connected", N_("CONNECTED"), kind="flag"),
    Column("disabled", N_("DISABLED"), kind="flag"),
    Column("agent_version", N_("AGENT VERSION")),
    Column("refused_at", N_("REFUSED SINCE")),
    Column("refused_seq", N_("REFUSED ENTRY"), "int"),
    Column("refused_reason", N_("REFUSAL REASON")),
    Column("refused_message", N_("REFUSAL")),
]
DIFFERENCE_COLUMNS = [
    Column("sku", N_("SKU")),
    Column("head_office_qty_base", N_("HEAD OFFICE QTY"), "int"),
    Column("store_qty_base", N_("STORE QTY"), "int"),
]


def cmd_store_add(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.out or f"{args.code}.bundle")
    reply = write_credential(
        path,
        partial(
            clients.admin.AddStore,
            admin_pb2.AddStoreRequest(store_code=args.code, name=args.name),
            timeout=CALL_TIMEOUT_S,
        ),
        lambda reply: reply.bundle,
    )
    out.say(
        _(
            "added store {store} ({name}); enrolment bundle written to {path} (mode 0600): "
            "copy it to the store and run `edge-agent init --bundle {file}`"
        ).format(store=reply.store.store_code, name=reply.store.name, path=path, file=path.name)
    )
    return 0


def cmd_store_disable(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    store = clients.admin.DisableStore(
        admin_pb2.DisableStoreRequest(store_code=args.code), timeout=CALL_TIMEOUT_S
    )
    out.say(
        _(
            "store {store} ({name}) is disabled; its edge agent can no longer sync with head office"
        ).format(store=store.store_code, name=store.name)
    )
    return 0


def store_rows(reply: admin_pb2.ListStoresReply) -> list[dict[str, Any]]:
    return [
        {
            "store": s.store_code,
            "name": s.name,
            "disabled": s.disabled,
            "created_at": rfc3339(s.created_at_ms),
        }
        for s in reply.stores
    ]


def cmd_store_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = clients.admin.ListStores(admin_pb2.ListStoresRequest(), timeout=CALL_TIMEOUT_S)
    if out.for_people:
        columns = [
            replace(c, show=_store_status_shown) if c.key == "disabled" else c
            for c in headings(STORE_COLUMNS)
        ]
    else:
        columns = STORE_COLUMNS
    out.listing(store_rows(reply), columns, empty=_(NO_STORES))
    return 0


def sync_rows(reply: admin_pb2.SyncStatusReply) -> list[dict[str, Any]]:
    rows = []
    for s in reply.stores:
        row = {
            "store": s.store_code,
            "name": s.name,
            "disabled": s.disabled,
            "connected": s.connected,
            "committed_seq": s.committed_seq,
            "newest_seq": s.store_newest_seq,
            "backlog_count": s.backlog_count,
            "lag_ms": s.lag_ms,
            "last_contact_at": rfc3339(s.last_contact_ms),
            "agent_version": s.agent_version,
            # While head office refuses the store's batches; null / "" otherwise.
            "refused_at": rfc3339(s.refused_since_ms),
            "refused_seq": s.refused_seq if s.refused_since_ms else None,
            "refused_reason": s.refused_reason,
            "refused_message": s.refused_message,
        }
        row["state"] = _sync_state(row)
        rows.append(row)
    return rows


def cmd_sync_status(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = clients.admin.GetSyncStatus(
        admin_pb2.SyncStatusRequest(store_code=args.store or ""), timeout=CALL_TIMEOUT_S
    )
    rows = sync_rows(reply)
    # The table leaves out what its STATE column already says, and says why under it.
    columns = headings(SYNC_COLUMNS[:8]) if out.for_people else SYNC_COLUMNS
    out.listing(rows, columns, empty=_(NO_STORES), footer=lambda: refusals_text(rows))
    return 0


def refusals_text(rows: list[dict[str, Any]]) -> str:
    """One line per refused store: since when, which entry, head office's sentence."""
    return "\n".join(
        _("{store}: refused since {since}, entry {seq}: {reason}").format(
            store=row["store"],
            since=row["refused_at"],
            seq=row["refused_seq"],
            reason=row["refused_message"] or row["refused_reason"],
        )
        for row in rows
        if row["refused_at"] is not None
    )


def verify_document(reply: admin_pb2.VerifyReply) -> dict[str, Any]:
    return {
        "store": reply.store_code,
        "match": reply.match,
        "head_office_seq": reply.head_office_seq,
        "store_seq": reply.store_seq,
        "head_office_checksum": reply.head_office_checksum,
        "store_checksum": reply.store_checksum,
        "sku_count": reply.sku_count,
        "differences": [
            {
                "sku": d.sku,
                "head_office_qty_base": d.head_office_qty_base,
                "store_qty_base": d.store_qty_base,
            }
            for d in reply.differences
        ],
        "message": reply.message,
        "diverged_seq": reply.diverged_seq,
    }


def verify_text(data: dict[str, Any]) -> str:
    """Head office's sentence, the differing SKUs if any, and the checksums compared."""
    if data["message"]:
        verdict = data["message"]
    elif data["match"]:
        verdict = _("store {store} matches head office").format(store=data["store"])
    else:
        verdict = _("store {store} does NOT match head office").format(store=data["store"])
    lines = [verdict]
    if data.get("diverged_seq"):
        return verdict
    if data["differences"]:
        lines.append(table(headings(DIFFERENCE_COLUMNS), data["differences"]))
    lines.append(
        _(
            "  {count} SKUs at entry {seq}; checksum store {store_checksum}, "
            "head office {head_office_checksum}"
        ).format(
            count=data["sku_count"],
            seq=data["store_seq"],
            store_checksum=data["store_checksum"][:16],
            head_office_checksum=data["head_office_checksum"][:16],
        )
    )
    return "\n".join(lines)


def cmd_verify(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = clients.admin.Verify(
        admin_pb2.VerifyRequest(store_code=args.store, timeout_ms=args.timeout * 1000),
        timeout=args.timeout + VERIFY_GRACE_S,
    )
    data = verify_document(reply)
    out.record(data, lambda: verify_text(data), rows_key="differences", columns=DIFFERENCE_COLUMNS)
    return 0 if reply.match else 1


def _positive_seconds(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(
            _("must be a positive whole number of seconds, got {text}").format(text=text)
        )
    return int(text)


def register(commands: argparse._SubParsersAction) -> None:
    store = commands.add_parser(
        "store", help=_("add, disable and list stores; reissue and revoke their certificates")
    )
    store_cmds = store.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    add = store_cmds.add_parser("add", help=_("add a store and write its enrolment bundle"))
    add.add_argument("code", type=store_code_arg, help=_("store code, e.g. S001"))
    add.add_argument("--name", required=True, help=_("the store's name, e.g. 'Central St'"))
    add.add_argument("--out", help=_("where to write the bundle (default: CODE.bundle)"))
    add.set_defaults(handler=cmd_store_add, context="store add")
    disable = store_cmds.add_parser("disable", help=_("stop a store from syncing"))
    disable.add_argument("code", type=store_code_arg)
    disable.set_defaults(handler=cmd_store_disable, context="store disable")
    listing = store_cmds.add_parser("list", help=_("list every store"))
    add_format(listing)
    listing.set_defaults(handler=cmd_store_list, context="store list")
    hoctl_certs.register(store_cmds)
    hoctl_reenrol.register(store_cmds)

    sync = commands.add_parser("sync", help=_("store synchronisation"))
    sync_cmds = sync.add_subparsers(dest="sync_command", required=True, metavar="ACTION")
    status = sync_cmds.add_parser(
        "status", help=_("per store: connected, backlog, lag, and why head office refuses it")
    )
    status.add_argument("--store", type=store_code_arg, help=_("one store (default: every store)"))
    add_format(status)
    status.set_defaults(handler=cmd_sync_status, context="sync status")

    verify = commands.add_parser("verify", help=_("compare a store's stock with head office's"))
    verify.add_argument("--store", type=store_code_arg, required=True)
    verify.add_argument(
        "--timeout", type=_positive_seconds, default=10, help=_("seconds to wait for the store")
    )
    add_format(verify)
    verify.set_defaults(handler=cmd_verify, context="verify")
