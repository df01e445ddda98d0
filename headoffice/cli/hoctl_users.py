"""hoctl user add | disable | enable | reissue | list, and hoctl whoami."""

from __future__ import annotations

import argparse
import time
from functools import partial
from pathlib import Path

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import staff_pb2, staff_pb2_grpc
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    headings,
    store_code_arg,
    write_credential,
)
from headoffice.domain.roles import ROLES

USER_COLUMNS = [
    Column("username", N_("USERNAME")),
    Column("role", N_("ROLE")),
    Column("stores", N_("STORES"), show=",".join),
    Column("disabled", N_("DISABLED"), kind="flag"),
    Column("created_at", N_("CREATED AT")),
    Column("created_by", N_("CREATED BY")),
]
WHOAMI_COLUMNS = [
    Column("username"),
    Column("role"),
    Column("stores", show=",".join),
    Column("permissions", show=",".join),
]  # CSV only: field names


def _user_row(user: staff_pb2.UserInfo) -> dict[str, object]:
    return {
        "username": user.username,
        "role": user.role,
        "stores": list(user.stores),
        "disabled": user.disabled,
        "created_at": rfc3339(user.created_at_ms),
        "created_by": user.created_by,
    }


def cmd_user_add(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.out or f"{args.username}.identity")
    request = staff_pb2.AddUserRequest(
        username=args.username, role=args.role, stores=args.store or []
    )
    reply = write_credential(
        path,
        partial(staff_pb2_grpc.StaffStub(clients.channel).AddUser, request, timeout=CALL_TIMEOUT_S),
        lambda reply: reply.identity,
    )
    user = reply.user
    if user.stores:
        added = _(
            "added user {username} ({role} for store(s) {stores}); their credential is in "
            "{path} (mode 0600): give it to them only; they run `hoctl --identity {file} ...`"
        )
    else:
        added = _(
            "added user {username} ({role}); their credential is in {path} (mode 0600): "
            "give it to them only; they run `hoctl --identity {file} ...`"
        )
    out.say(
        added.format(
            username=user.username,
            role=user.role,
            stores=", ".join(user.stores),
            path=path,
            file=path.name,
        )
    )
    return 0


def cmd_user_disable(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    user = staff_pb2_grpc.StaffStub(clients.channel).DisableUser(
        staff_pb2.DisableUserRequest(username=args.username), timeout=CALL_TIMEOUT_S
    )
    out.say(
        _("user {username} ({role}) is disabled; their credential no longer works").format(
            username=user.username, role=user.role
        )
    )
    return 0


def cmd_user_enable(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    user = staff_pb2_grpc.StaffStub(clients.channel).EnableUser(
        staff_pb2.EnableUserRequest(username=args.username), timeout=CALL_TIMEOUT_S
    )
    out.say(
        _("user {username} ({role}) is enabled; their credential works again").format(
            username=user.username, role=user.role
        )
    )
    return 0


def cmd_user_reissue(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = Path(args.out or f"{args.username}-{stamp}.identity")
    reply = write_credential(
        path,
        partial(
            staff_pb2_grpc.StaffStub(clients.channel).ReissueUser,
            staff_pb2.ReissueUserRequest(username=args.username),
            timeout=CALL_TIMEOUT_S,
        ),
        lambda reply: reply.identity,
    )
    said = _(
        "reissued user {username}'s credential (serial {serial}) in {path} (mode 0600): give it "
        "to them only; they run `hoctl --identity {file} ...`"
    ).format(username=reply.user.username, serial=reply.serial, path=path, file=path.name)
    earlier = ", ".join(reply.superseded_serials) or _("issued before head office kept a register")
    then = _("their earlier credentials ({serials}) are refused from now on").format(
        serials=earlier
    )
    if reply.user.disabled:
        then += "\n" + _(
            "the user is disabled: `hoctl user enable {username}` lets the new credential work"
        ).format(username=reply.user.username)
    out.say(f"{said}\n{then}")
    return 0


def cmd_user_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = staff_pb2_grpc.StaffStub(clients.channel).ListUsers(
        staff_pb2.ListUsersRequest(), timeout=CALL_TIMEOUT_S
    )
    out.listing([_user_row(u) for u in reply.users], headings(USER_COLUMNS))
    return 0


def cmd_whoami(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    me = staff_pb2_grpc.StaffStub(clients.channel).WhoAmI(
        staff_pb2.WhoAmIRequest(), timeout=CALL_TIMEOUT_S
    )
    data = {
        "username": me.username,
        "role": me.role,
        "stores": list(me.stores),
        "permissions": list(me.permissions),
    }

    def text() -> str:
        who = f"{me.username}: {me.role}"
        if me.stores:
            who = _("{username}: {role} of store(s) {stores}").format(
                username=me.username, role=me.role, stores=", ".join(me.stores)
            )
        may = _("may: {permissions}").format(permissions=", ".join(me.permissions))
        return f"{who}\n{may}"

    out.record(data, text, columns=WHOAMI_COLUMNS)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    user = commands.add_parser("user", help=_("add, disable, enable, reissue and list staff users"))
    actions = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help=_("add a user with a role and write their credential"))
    add.add_argument("username", help=_("e.g. alice"))
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--store",
        action="append",
        type=store_code_arg,
        help=_("a store a store manager manages (repeat for several)"),
    )
    add.add_argument("--out", help=_("where to write the credential (default: USERNAME.identity)"))
    add.set_defaults(handler=cmd_user_add, context="user add")
    disable = actions.add_parser("disable", help=_("stop a user's credential from working"))
    disable.add_argument("username")
    disable.set_defaults(handler=cmd_user_disable, context="user disable")
    enable = actions.add_parser("enable", help=_("let a disabled user's credential work again"))
    enable.add_argument("username")
    enable.set_defaults(handler=cmd_user_enable, context="user enable")
    reissue = actions.add_parser(
        "reissue", help=_("a new credential for a user; their earlier ones are refused at once")
    )
    reissue.add_argument("username")
    reissue.add_argument(
        "--out",
        help=_("where to write the credential (default: USERNAME-YYYYMMDD-HHMMSS.identity)"),
    )
    reissue.set_defaults(handler=cmd_user_reissue, context="user reissue")
    listing = actions.add_parser("list", help=_("list every user and their role"))
    add_format(listing)
    listing.set_defaults(handler=cmd_user_list, context="user list")
    whoami = commands.add_parser("whoami", help=_("who hoctl acts as, and what they may do"))
    add_format(whoami)
    whoami.set_defaults(handler=cmd_whoami, context="whoami")
