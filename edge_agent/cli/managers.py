"""edge-agent manager add|set-pin|list|disable: the managers whose PIN approves till actions.

  edge-agent manager add NAME [--pin-stdin] --data-dir E
  edge-agent manager set-pin NAME [--pin-stdin] --data-dir E
  edge-agent manager list --data-dir E [--format table|json|csv]
  edge-agent manager disable NAME --data-dir E

The agent need not be running: these write the ledger directly, in the same
BEGIN IMMEDIATE transactions the agent uses (SQLite serialises the writers).
A PIN is read from the terminal (twice) or one line of stdin, never from the
command line, follows the PIN policy (common.domain.pins: 6 to 12 digits, none of
the first guesses) and only its argon2id hash is stored. set-pin gives a manager a
new PIN: the way out for a PIN set before the policy, which approves nothing until
it is changed (docs/security.md).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.errors import InvalidInput
from common.i18n import N_, _
from edge_agent.config import load_edge_config
from edge_agent.datadir import DataDir
from edge_agent.services import approving
from edge_agent.services.context import StoreContext


def _status(disabled: bool) -> str:
    return _("disabled") if disabled else _("active")


COLUMNS = [
    Column("name"),
    Column("role"),
    Column("disabled", N_("STATUS"), show=_status),
    Column("lockout_ends_at", N_("LOCKED UNTIL")),
]


def _context(data_dir: str) -> StoreContext:
    layout = DataDir(Path(data_dir).resolve())
    layout.require_initialised()
    config = load_edge_config(layout.root)
    store = config["store"]
    return StoreContext.open(layout.ledger, store["code"], store["name"], store["currency"])


def _read_pin(from_stdin: bool, name: str) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    pin = getpass.getpass(_("PIN for manager {manager}: ").format(manager=name))
    if getpass.getpass(_("again: ")) != pin:
        raise InvalidInput(_("the two PINs differ; nothing was changed"))
    return pin


def cmd_manager(args: argparse.Namespace) -> int:
    out = Output(getattr(args, "format", "table"))
    ctx = _context(args.data_dir)
    try:
        if args.manager_command == "add":
            approving.add_manager(ctx, args.name, _read_pin(args.pin_stdin, args.name))
            out.say(
                _("manager {manager} added to store {store}").format(
                    manager=args.name, store=ctx.store_code
                )
            )
        elif args.manager_command == "set-pin":
            approving.set_manager_pin(ctx, args.name, _read_pin(args.pin_stdin, args.name))
            out.say(
                _("manager {manager} has a new PIN in store {store}").format(
                    manager=args.name, store=ctx.store_code
                )
            )
        elif args.manager_command == "disable":
            approving.disable_manager(ctx, args.name)
            out.say(
                _("manager {manager} disabled in store {store}").format(
                    manager=args.name, store=ctx.store_code
                )
            )
        else:
            rows = [
                {
                    "name": m.name,
                    "role": m.role,
                    "disabled": m.disabled,
                    "lockout_ends_at": rfc3339(m.pin.locked_until_ms),
                }
                for m in approving.list_managers(ctx)
            ]
            out.listing(rows, COLUMNS)
    finally:
        ctx.close()
    return 0


def add_manager_parser(sub: argparse._SubParsersAction) -> None:
    mgr = sub.add_parser("manager", help="add, list or disable the managers who approve")
    msub = mgr.add_subparsers(dest="manager_command", required=True)
    add = msub.add_parser("add", help="add a manager (PIN from the terminal or --pin-stdin)")
    add.add_argument("name")
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from stdin")
    set_pin = msub.add_parser(
        "set-pin", help=_("give a manager a new PIN (from the terminal or --pin-stdin)")
    )
    set_pin.add_argument("name")
    set_pin.add_argument("--pin-stdin", action="store_true", help=_("read the PIN from stdin"))
    lst = msub.add_parser("list", help="list the managers")
    add_format(lst)
    dis = msub.add_parser("disable", help="disable a manager")
    dis.add_argument("name")
    for p in (add, set_pin, lst, dis):
        p.add_argument("--data-dir", required=True)
    mgr.set_defaults(func=cmd_manager)
