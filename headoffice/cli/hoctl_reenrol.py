"""hoctl store reenrol S: the documented recovery of a store whose ledger was lost, restored
or re-initialised (docs/runtime.md, "Recovering a store's ledger")."""

from __future__ import annotations

import argparse
import time
from functools import partial
from pathlib import Path

from common.cli.output import Output
from common.i18n import _
from common.pb.storeledger.v1 import admin_pb2
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, store_code_arg, write_credential


def cmd_store_reenrol(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = Path(args.out or f"{args.code}-reenrol-{stamp}.bundle")
    request = admin_pb2.ReenrolStoreRequest(store_code=args.code)
    reply = write_credential(
        path,
        partial(clients.admin.ReenrolStore, request, timeout=CALL_TIMEOUT_S),
        lambda reply: reply.bundle,
    )
    out.say(
        _(
            "re-enrolled store {store}: new certificate {serial}, every earlier one refused from "
            "now on; unbound from ledger instance {instance}; head office's journal ends at "
            "entry {seq}.\nThe new bundle is in {path} (mode 0600). At the store, stop the agent "
            "and rebuild its ledger from head office's journal in an empty data directory:\n"
            "  edge-agent init --from-headoffice --data-dir NEW_DIR --bundle {file}\n"
            "then serve from NEW_DIR; it continues at entry {next}."
        ).format(
            store=reply.store.store_code,
            serial=reply.serial,
            instance=reply.unbound_instance_id or _("(none)"),
            seq=reply.committed_seq,
            path=path,
            file=path.name,
            next=reply.committed_seq + 1,
        )  # fmt: skip
    )
    return 0


def register(store_cmds: argparse._SubParsersAction) -> None:
    reenrol = store_cmds.add_parser(
        "reenrol",
        help=_("recover a store whose ledger was lost or restored: new bundle, ledger unbound"),
    )
    reenrol.add_argument("code", type=store_code_arg, help=_("store code, e.g. S001"))
    reenrol.add_argument(
        "--out",
        help=_("where to write the new bundle (default: CODE-reenrol-YYYYMMDD-HHMMSS.bundle)"),
    )
    reenrol.set_defaults(handler=cmd_store_reenrol, context="store reenrol")
