"""hoctl channel conflicts | resolve: online orders a store's till sales left short.

  hoctl channel conflicts [--store S] [--state open|resolved|all]
  hoctl channel resolve CC000001 [--transfer [--from S002]]
  hoctl channel resolve CC000001 --cancel [--reservation CR000001] --reason TEXT

Both take --format table|json|csv. Without --transfer or --cancel, resolve does what the
conflict proposes. `add_actions` puts the two on the `hoctl channel` group; `register`
makes the group when no other module has.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, labelled

COLUMNS = [
    Column("conflict_id", N_("CONFLICT")),
    Column("store", N_("STORE")),
    Column("sku", N_("SKU")),
    Column("short_qty_base", N_("SHORT"), kind="int"),
    Column("state", N_("STATE")),
    Column("proposal", N_("PROPOSAL")),
    Column("from_store", N_("FROM")),
    Column("reservation_id", N_("ORDER")),
    Column("resolution", N_("RESOLUTION")),
    Column("transfer_id", N_("TRANSFER")),
]


def _stub(clients: Clients) -> channels_pb2_grpc.ChannelAdminStub:
    return channels_pb2_grpc.ChannelAdminStub(clients.channel)


def conflict_document(c: channels_pb2.ChannelConflict) -> dict[str, Any]:
    return {
        "conflict_id": c.conflict_id,
        "store": c.store_code,
        "sku": c.sku,
        "short_qty_base": c.short_qty_base,
        "reservation_ids": list(c.reservation_ids),
        "detected_at": rfc3339(c.detected_at_ms),
        "detected_seq": c.detected_seq or None,
        "state": c.state,
        "proposal": c.proposal,
        "from_store": c.proposed_from_store,
        "reservation_id": c.proposed_reservation_id,
        "resolution": c.resolution,
        "transfer_id": c.transfer_id,
        "resolved_at": rfc3339(c.resolved_at_ms),
        "resolved_by": c.resolved_by,
        "note": c.note,
    }


def cmd_conflicts(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = channels_pb2.ListConflictsRequest(store_code=args.store or "", state=args.state)
    reply = _stub(clients).ListConflicts(request, timeout=CALL_TIMEOUT_S)
    out.listing(
        [conflict_document(c) for c in reply.conflicts],
        headings(COLUMNS),
        empty=_("no conflicts"),
    )
    return 0


def resolved_text(data: dict[str, Any]) -> str:
    pairs = [
        (_("conflict"), data["conflict_id"]),
        (_("store"), f"{data['store']} {data['sku']}"),
        (_("short"), str(data["short_qty_base"])),
        (_("state"), data["state"]),
        (_("resolution"), data["resolution"] or "-"),
    ]
    if data["transfer_id"]:
        pairs.append((_("transfer"), data["transfer_id"]))
    if data["note"]:
        pairs.append((_("note"), data["note"]))
    return "\n".join(labelled(pairs, indent="", width=12))


def cmd_resolve(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    resolution = "transfer" if args.transfer else "cancel" if args.cancel else ""
    request = channels_pb2.ResolveConflictRequest(
        conflict_id=args.conflict_id, resolution=resolution, from_store=args.from_store or "",
        reservation_id=args.reservation or "", reason=args.reason or "",
    )  # fmt: skip
    reply = _stub(clients).ResolveConflict(request, timeout=CALL_TIMEOUT_S)
    data = conflict_document(reply)
    out.record(data, lambda: resolved_text(data))
    return 0


def add_actions(actions: argparse._SubParsersAction) -> None:
    """`conflicts` and `resolve` on the `hoctl channel` group's actions."""
    listing = actions.add_parser(
        "conflicts", help=_("online orders a store's till sales left short (offline oversells)")
    )
    listing.add_argument("--store", help=_("one store's conflicts"))
    listing.add_argument("--state", choices=("open", "resolved", "all"), default="open")
    add_format(listing)
    listing.set_defaults(handler=cmd_conflicts, context="channel conflicts")
    resolve = actions.add_parser(
        "resolve", help=_("resolve a conflict: as proposed, by a transfer or by cancelling")
    )
    resolve.add_argument("conflict_id", metavar="CONFLICT")
    how = resolve.add_mutually_exclusive_group()
    how.add_argument(
        "--transfer", action="store_true", help=_("send the shortfall from another store")
    )
    how.add_argument("--cancel", action="store_true", help=_("cancel an online order"))
    resolve.add_argument(
        "--from",
        dest="from_store",
        metavar="STORE",
        help=_("the store to send from (default: the proposed one)"),
    )
    resolve.add_argument("--reservation", help=_("the order to cancel (default: the proposed one)"))
    resolve.add_argument("--reason", help=_("why the order is cancelled; the channel receives it"))
    add_format(resolve)
    resolve.set_defaults(handler=cmd_resolve, context="channel resolve")
