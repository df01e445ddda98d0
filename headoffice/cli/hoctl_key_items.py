"""hoctl count key-items show | set: a store's key items for handover spot counts.

  hoctl count key-items show --store S [--format table|json|csv]
  hoctl count key-items set --store S [SKU ...]     (no SKU: none)

`set` replaces the store's list (pos count key-items) when it reaches the store down its
stream; `show` prints the store's list as last set, at head office or by the store's staff
(from its journal), and tells a list never set from one set to none (docs/till.md,
"Handover").
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import _
from common.pb.storeledger.v1 import count_admin_pb2, count_admin_pb2_grpc
from common.text_safety import printable as safe
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, store_code_arg


def key_items_document(reply: count_admin_pb2.StoreKeyItems) -> dict[str, Any]:
    return {
        "store": reply.store_code,
        "key_items": [{"sku": sku} for sku in reply.skus],
        "set_by": reply.set_by,
        "set_at": rfc3339(reply.set_at_ms),
        "set_from": reply.set_from,
    }


def _out(out: Output, reply: count_admin_pb2.StoreKeyItems, sent: bool) -> None:
    data = key_items_document(reply)

    def text() -> str:
        if not reply.set_from:
            said = _("nobody has set key items for store {store}: its handovers count none").format(
                store=reply.store_code
            )
        elif not reply.skus:
            said = _("store {store} has no key items: {by} set none at {at}").format(
                store=reply.store_code, by=safe(reply.set_by), at=rfc3339(reply.set_at_ms)
            )
        else:
            said = _("key items of store {store}: {skus}").format(
                store=reply.store_code, skus=", ".join(safe(s) for s in reply.skus)
            )
            said += "\n" + _("set by {by} at {at}").format(
                by=safe(reply.set_by), at=rfc3339(reply.set_at_ms)
            )
        if reply.set_from == "store":
            said += "\n" + _("set at the store by its staff")
        if sent:
            said += "\n" + _("sent to the store: they replace its list when they arrive")
        return said

    out.record(data, text, rows_key="key_items", columns=[Column("store"), Column("sku")])


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    stub = count_admin_pb2_grpc.CountAdminStub(clients.channel)
    reply = stub.ShowStoreKeyItems(
        count_admin_pb2.StoreKeyItemsRequest(store_code=args.store), timeout=CALL_TIMEOUT_S
    )
    _out(out, reply, sent=False)
    return 0


def cmd_set(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    stub = count_admin_pb2_grpc.CountAdminStub(clients.channel)
    reply = stub.SetStoreKeyItems(
        count_admin_pb2.StoreKeyItemsRequest(store_code=args.store, skus=args.skus),
        timeout=CALL_TIMEOUT_S,
    )
    _out(out, reply, sent=True)
    return 0


def register(actions: argparse._SubParsersAction) -> None:
    group = actions.add_parser(
        "key-items", help=_("a store's key items, counted at each shift handover")
    )
    verbs = group.add_subparsers(dest="key_items_command", required=True, metavar="ACTION")
    show = verbs.add_parser("show", help=_("the store's key items as head office set them"))
    show.add_argument("--store", required=True, type=store_code_arg)
    add_format(show)
    show.set_defaults(handler=cmd_show, context="count key-items show")
    put = verbs.add_parser("set", help=_("replace the store's key items (no SKU: none)"))
    put.add_argument("--store", required=True, type=store_code_arg)
    put.add_argument("skus", nargs="*", metavar="SKU")
    add_format(put)
    put.set_defaults(handler=cmd_set, context="count key-items set")
