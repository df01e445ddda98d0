"""hoctl staff add | list | disable | enable | set-role | reset-pin: the stores' till staff.

  hoctl staff add CODE --store S001 --role cashier|supervisor|stock_clerk|store_manager
                  [--name NAME] [--card]      PIN (and card number) from the terminal or stdin
  hoctl staff list [--store S001] [--format table|json|csv]
  hoctl staff disable|enable CODE --store S001
  hoctl staff set-role CODE --store S001 --role ROLE
  hoctl staff reset-pin CODE --store S001     the new PIN from the terminal or stdin

A PIN is never an argument (it would stay in the shell's history and the process
list): it is read twice from the terminal, or as one line of stdin. Each change is
audited and sent down to the store, which signs people in on the last list it has.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.domain.till_roles import ROLES
from common.errors import InvalidInput
from common.i18n import N_, _
from common.pb.storeledger.v1 import till_staff_pb2, till_staff_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg

COLUMNS = [
    Column("store", N_("STORE")),
    Column("staff_code", N_("CODE")),
    Column("display_name", N_("NAME")),
    Column("role", N_("ROLE")),
    Column("disabled", N_("DISABLED"), kind="flag"),
    Column("has_card", N_("CARD"), kind="flag"),
    Column("updated_at", N_("UPDATED AT")),
    Column("updated_by", N_("UPDATED BY")),
]


def _row(m: till_staff_pb2.TillStaffMember) -> dict[str, object]:
    return {
        "store": m.store_code,
        "staff_code": m.staff_code,
        "display_name": m.display_name,
        "role": m.role,
        "disabled": m.disabled,
        "has_card": m.has_card,
        "updated_at": rfc3339(m.updated_at_ms),
        "updated_by": m.updated_by,
    }


def _secret(prompt: str, confirm: bool = True) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("again: ")) != value:
        raise InvalidInput(_("the two PINs differ; nothing was changed"))
    return value


def _stub(clients: Clients) -> till_staff_pb2_grpc.TillStaffStub:
    return till_staff_pb2_grpc.TillStaffStub(clients.channel)


def _said(out: Output, m: till_staff_pb2.TillStaffMember, sentence: str) -> int:
    out.record(_row(m), lambda: sentence.format(code=m.staff_code, store=m.store_code, role=m.role))
    return 0


def cmd_add(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    pin = _secret(_("PIN for {code}: ").format(code=args.code))
    card = _secret(_("staff card: "), confirm=False) if args.card else ""
    m = _stub(clients).AddTillStaff(
        till_staff_pb2.AddTillStaffRequest(
            store_code=args.store, staff_code=args.code, display_name=args.name or "",
            role=args.role, pin=pin, card=card,
        ),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    return _said(
        out, m, _("added {code} ({role}) to store {store}; the store has them at its next sync")
    )


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListTillStaff(
        till_staff_pb2.ListTillStaffRequest(store_code=args.store or ""), timeout=CALL_TIMEOUT_S
    )
    out.listing(
        [_row(m) for m in reply.staff],
        headings(COLUMNS) if out.for_people else COLUMNS,
        empty=_("no till staff"),
    )
    return 0


def cmd_disable(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    m = _stub(clients).DisableTillStaff(
        till_staff_pb2.TillStaffRequest(store_code=args.store, staff_code=args.code),
        timeout=CALL_TIMEOUT_S,
    )
    return _said(
        out, m, _("{code} is disabled at store {store}: they cannot sign in once it syncs")
    )


def cmd_enable(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    m = _stub(clients).EnableTillStaff(
        till_staff_pb2.TillStaffRequest(store_code=args.store, staff_code=args.code),
        timeout=CALL_TIMEOUT_S,
    )
    return _said(out, m, _("{code} is enabled again at store {store}"))


def cmd_set_role(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    m = _stub(clients).SetTillStaffRole(
        till_staff_pb2.SetTillStaffRoleRequest(
            store_code=args.store, staff_code=args.code, role=args.role
        ),
        timeout=CALL_TIMEOUT_S,
    )
    return _said(out, m, _("{code} is now a {role} at store {store}"))


def cmd_reset_pin(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    pin = _secret(_("new PIN for {code}: ").format(code=args.code))
    m = _stub(clients).ResetTillStaffPin(
        till_staff_pb2.ResetTillStaffPinRequest(
            store_code=args.store, staff_code=args.code, pin=pin
        ),
        timeout=CALL_TIMEOUT_S,
    )
    return _said(out, m, _("{code} has a new PIN at store {store}"))


def register(commands: argparse._SubParsersAction) -> None:
    staff = commands.add_parser("staff", help=_("the stores' till staff: who signs in at a till"))
    actions = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")

    def action(name: str, handler, help_text: str, role: bool = False) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("code", help=_("the staff code they sign in with, e.g. ann"))
        parser.add_argument("--store", required=True, type=store_code_arg)
        if role:
            parser.add_argument("--role", required=True, choices=ROLES)
        add_format(parser)
        parser.set_defaults(handler=handler, context=f"staff {name}")
        return parser

    add = action("add", cmd_add, _("add a member of a store's till staff (PIN from stdin)"), True)
    add.add_argument("--name", help=_("their name as the till shows it"))
    add.add_argument("--card", action="store_true", help=_("also read a staff card's number"))
    action("disable", cmd_disable, _("stop a person signing in at their store"))
    action("enable", cmd_enable, _("let a disabled person sign in again"))
    action("set-role", cmd_set_role, _("give a person another role"), True)
    action("reset-pin", cmd_reset_pin, _("give a person a new PIN (from stdin)"))
    listing = actions.add_parser("list", help=_("the till staff of every store you see"))
    listing.add_argument("--store", type=store_code_arg)
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="staff list")
