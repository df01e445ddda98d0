"""hoctl channel ...: online channels, their quotas and reservations; stock by state.

  hoctl channel add CODE --name N --kind mall|delivery|groupbuy --store S001 ... [--out FILE]
  hoctl channel list
  hoctl channel allow CODE [--store S ...] [--remove S ...]
  hoctl channel quota set CODE (--sku K | --category C) --percent P   (0 removes it)
  hoctl channel quotas [CODE]
  hoctl channel reservations [--channel C] [--store S] [--state S] [--limit N]
  hoctl channel cancel CR000001 --reason TEXT
  hoctl stock --states --store S [--sku K] [--channel C|*]   (cmd_states, from hoctl_stock)

Read commands take --format table|json|csv. `channel add` writes the channel's credential
file (mode 0600; certificate OU "channel", CN the code) for its integration: chanctl
--bundle FILE (docs/channels.md).
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path
from typing import Any

from common.cli.cells import safe_text
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc
from headoffice.cli import hoctl_channel_conflicts
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, write_credential


def _lines_text(lines: list[dict[str, Any]]) -> str:
    return " ".join(f"{x['sku']}:{x['qty_base']}" for x in lines)


def _promise_text(channels: list[dict[str, Any]]) -> str:
    return " ".join(
        f"{c['channel']}={c['promisable_qty_base']}({c['quota_percent']}%)" for c in channels
    )


CHANNEL_COLUMNS = [
    Column("channel", N_("CHANNEL")),
    Column("name", N_("NAME")),
    Column("kind", N_("KIND")),
    Column("stores", N_("STORES"), show=" ".join),
]
QUOTA_COLUMNS = [
    Column("channel", N_("CHANNEL")),
    Column("quota_scope", N_("SCOPE")),
    Column("key", N_("SKU OR CATEGORY")),
    Column("quota_percent", N_("QUOTA %"), kind="int"),
]
RESERVATION_COLUMNS = [
    Column("reservation_id", N_("RESERVATION")),
    Column("channel", N_("CHANNEL")),
    Column("store", N_("STORE")),
    Column("state", N_("STATE")),
    Column("lines", N_("LINES"), show=_lines_text),
    Column("order_ref", N_("ORDER")),
    Column("expires_at", N_("EXPIRES")),
    Column("close_reason", N_("REASON")),
]
STATE_COLUMNS = [
    Column("store", N_("STORE")),
    Column("sku", N_("SKU")),
    Column("on_hand_qty_base", N_("ON HAND"), kind="int"),
    Column("available_qty_base", N_("AVAILABLE"), kind="int"),
    Column("reserved_qty_base", N_("RESERVED"), kind="int"),
    Column("committed_qty_base", N_("COMMITTED"), kind="int"),
    Column("damaged_qty_base", N_("DAMAGED"), kind="int"),
    Column("safety_qty_base", N_("SAFETY"), kind="int"),
]
PROMISE_COLUMN = Column("channels", N_("PROMISABLE (QUOTA %)"), show=_promise_text)


def _stub(clients: Clients) -> channels_pb2_grpc.ChannelAdminStub:
    return channels_pb2_grpc.ChannelAdminStub(clients.channel)


def channel_document(c: channels_pb2.Channel) -> dict[str, Any]:
    return {"channel": c.code, "name": safe_text(c.name), "kind": c.kind,
            "stores": list(c.stores), "created_at": rfc3339(c.created_at_ms),
            "disabled": c.disabled}  # fmt: skip


def reservation_document(r: channels_pb2.Reservation) -> dict[str, Any]:
    return {
        "reservation_id": r.reservation_id, "channel": r.channel, "store": r.store_code,
        "state": r.state, "lines": [{"sku": x.sku, "qty_base": x.qty_base} for x in r.lines],
        "idempotency_key": safe_text(r.idempotency_key), "order_ref": safe_text(r.order_ref),
        "created_at": rfc3339(r.created_at_ms), "expires_at": rfc3339(r.expires_at_ms),
        "confirmed_at": rfc3339(r.confirmed_at_ms), "picked_at": rfc3339(r.picked_at_ms),
        "fulfilled_at": rfc3339(r.fulfilled_at_ms), "closed_at": rfc3339(r.closed_at_ms),
        "close_reason": safe_text(r.close_reason), "replayed": r.replayed,
    }  # fmt: skip


def state_document(s: channels_pb2.StockState) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "store": s.store_code, "sku": s.sku, "on_hand_qty_base": s.on_hand_qty_base,
        "available_qty_base": s.available_qty_base, "reserved_qty_base": s.reserved_qty_base,
        "committed_qty_base": s.committed_qty_base, "damaged_qty_base": s.damaged_qty_base,
        "safety_qty_base": s.safety_qty_base,
    }  # fmt: skip
    if s.channels:
        doc["channels"] = [
            {"channel": c.channel, "promisable_qty_base": c.promisable_qty_base,
             "quota_percent": c.quota_percent}
            for c in s.channels
        ]  # fmt: skip
    return doc


def cmd_add(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.out or f"{args.code}.channel")
    request = channels_pb2.AddChannelRequest(
        code=args.code, name=args.name, kind=args.kind, stores=args.store or []
    )
    reply = write_credential(
        path, partial(_stub(clients).AddChannel, request, timeout=CALL_TIMEOUT_S),
        lambda reply: reply.credential,
    )  # fmt: skip
    out.say(
        _(
            "added channel {channel} ({kind}) for store(s) {stores}; its credential is in "
            "{path} (mode 0600): give it to the channel's integration only; it runs "
            "`chanctl --bundle {file} ...`"
        ).format(
            channel=reply.code,
            kind=reply.kind,
            stores=", ".join(reply.stores) or "-",
            path=path,
            file=path.name,
        )  # fmt: skip
    )
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListChannels(channels_pb2.ListChannelsRequest(), timeout=CALL_TIMEOUT_S)
    docs = [channel_document(c) for c in reply.channels]
    out.listing(docs, headings(CHANNEL_COLUMNS), empty=_("no channels"))
    return 0


def cmd_allow(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).AllowStores(
        channels_pb2.AllowStoresRequest(
            channel=args.code, add=args.store or [], remove=args.remove or []
        ),
        timeout=CALL_TIMEOUT_S,
    )
    out.say(
        _("channel {channel} may act for store(s) {stores}").format(
            channel=reply.code, stores=", ".join(reply.stores) or "-"
        )
    )
    return 0


def cmd_quota_set(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    scope, key = ("sku", args.sku) if args.sku else ("category", args.category)
    reply = _stub(clients).SetQuota(
        channels_pb2.SetQuotaRequest(channel=args.code, scope=scope, key=key, percent=args.percent),
        timeout=CALL_TIMEOUT_S,
    )
    if reply.percent:
        out.say(
            _("channel {channel} may promise at most {percent} percent of available of {scope} {key}")
            .format(channel=reply.channel, percent=reply.percent, scope=scope, key=key)
        )  # fmt: skip
    else:
        out.say(
            _("channel {channel} has no quota on {scope} {key} any more").format(
                channel=reply.channel, scope=scope, key=key
            )
        )
    return 0


def cmd_quotas(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListQuotas(
        channels_pb2.ListQuotasRequest(channel=args.code or ""), timeout=CALL_TIMEOUT_S
    )
    docs = [
        {"channel": q.channel, "quota_scope": q.scope, "key": q.key, "quota_percent": q.percent,
         "set_at": rfc3339(q.set_at_ms), "set_by": q.set_by}
        for q in reply.quotas
    ]  # fmt: skip
    out.listing(docs, headings(QUOTA_COLUMNS), empty=_("no quotas: every channel may promise all"))
    return 0


def cmd_reservations(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListReservations(
        channels_pb2.ListReservationsRequest(
            channel=args.channel or "", store_code=args.store or "", state=args.state or "",
            limit=args.limit or 0,
        ),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    docs = [reservation_document(r) for r in reply.reservations]
    out.listing(docs, headings(RESERVATION_COLUMNS), empty=_("no reservations"))
    return 0


def cmd_cancel(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).CancelReservation(
        channels_pb2.CancelReservationRequest(reservation_id=args.reservation, reason=args.reason),
        timeout=CALL_TIMEOUT_S,
    )
    out.say(
        _("reservation {id} of channel {channel} cancelled; its stock is available again").format(
            id=reply.reservation_id, channel=reply.channel
        )
    )
    return 0


def cmd_states(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    """hoctl stock --states / --channel: one store's SKUs by state (hoctl_stock calls this)."""
    reply = _stub(clients).StockStates(
        channels_pb2.StockStatesRequest(
            store_code=args.store or "", sku=args.sku or "", channel=args.channel or ""
        ),
        timeout=CALL_TIMEOUT_S,
    )
    docs = [state_document(s) for s in reply.states]
    columns = STATE_COLUMNS + ([PROMISE_COLUMN] if args.channel else [])
    out.listing(docs, headings(columns), empty=_("no stock at this store"))
    return 0


def cmd_set_state(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    """hoctl stock state set: damaged or safety stock of one store's SKU set to a figure."""
    reply = _stub(clients).SetStockState(
        channels_pb2.SetStockStateRequest(
            store_code=args.store, sku=args.sku, state=args.state, qty_base=args.qty,
            reason=args.reason,
        ),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    doc = state_document(reply)
    sentence = _(
        "{state} stock of {sku} at {store} is {qty}; {available} available of {on_hand} on hand"
    ).format(
        state=args.state, sku=safe_text(reply.sku), store=reply.store_code,
        qty=doc[f"{args.state}_qty_base"], available=reply.available_qty_base,
        on_hand=reply.on_hand_qty_base,
    )  # fmt: skip
    out.record(doc, lambda: sentence)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "channel",
        help=_("online channels: add, allow stores, quotas, reservations, cancel, conflicts"),
    )
    actions = group.add_subparsers(dest="channel_command", required=True, metavar="ACTION")
    hoctl_channel_conflicts.add_actions(actions)  # conflicts, resolve
    add = actions.add_parser("add", help=_("add a channel and write its credential file"))
    add.add_argument("code", metavar="CODE", help=_("lower-case letters, digits, - and _"))
    add.add_argument("--name", required=True)
    add.add_argument("--kind", required=True, choices=("mall", "delivery", "groupbuy"))
    add.add_argument("--store", action="append", help=_("a store it may act for (repeat)"))
    add.add_argument("--out", help=_("the credential file (default CODE.channel)"))
    add.set_defaults(handler=cmd_add, context="channel add")
    listing = actions.add_parser("list", help=_("the channels and the stores they act for"))
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="channel list")
    allow = actions.add_parser("allow", help=_("let a channel act for stores, or stop it"))
    allow.add_argument("code", metavar="CODE")
    allow.add_argument("--store", action="append", help=_("a store to allow (repeat)"))
    allow.add_argument("--remove", action="append", help=_("a store to remove (repeat)"))
    allow.set_defaults(handler=cmd_allow, context="channel allow")
    quota = actions.add_parser("quota", help=_("set a channel's quota"))
    quota_actions = quota.add_subparsers(dest="quota_command", required=True, metavar="ACTION")
    qset = quota_actions.add_parser(
        "set", help=_("at most P percent of available, per SKU or category")
    )
    qset.add_argument("code", metavar="CODE")
    which = qset.add_mutually_exclusive_group(required=True)
    which.add_argument("--sku")
    which.add_argument("--category")
    qset.add_argument("--percent", type=int, required=True, help=_("1 to 100; 0 removes it"))
    qset.set_defaults(handler=cmd_quota_set, context="channel quota set")
    quotas = actions.add_parser("quotas", help=_("the quotas set, per channel"))
    quotas.add_argument("code", metavar="CODE", nargs="?")
    add_format(quotas)
    quotas.set_defaults(handler=cmd_quotas, context="channel quotas")
    res = actions.add_parser("reservations", help=_("channel reservations, newest first"))
    res.add_argument("--channel")
    res.add_argument("--store")
    res.add_argument(
        "--state",
        choices=("held", "confirmed", "picked", "fulfilled", "released", "expired", "cancelled"),
    )
    res.add_argument("--limit", type=int, help=_("at most this many (default 1,000)"))
    add_format(res)
    res.set_defaults(handler=cmd_reservations, context="channel reservations")
    cancel = actions.add_parser("cancel", help=_("cancel an order; the channel reads the reason"))
    cancel.add_argument("reservation", metavar="RESERVATION")
    cancel.add_argument("--reason", required=True)
    cancel.set_defaults(handler=cmd_cancel, context="channel cancel")
