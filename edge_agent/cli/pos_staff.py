"""pos login | logout | whoami: who is signed in at a till; every till command acts as them.

  pos login STAFF_CODE [--till T]     PIN from $STORELEDGER_PIN or a prompt, never an argument
  pos login --card [--till T]         the staff card's number from one line of stdin (a reader
                                      types it) or a prompt
  pos logout [--till T]
  pos whoami [--till T] [--format table|json|csv]

The agent keeps the sign-in (edge_agent.services.signing_in): the till acts as this
person until someone logs out or another person signs in there. A disabled person
is refused at their next command once the store has the change.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from common.cli.options import add_format, add_till
from common.cli.output import Output
from common.cli.values import rfc3339
from common.errors import InvalidInput
from common.i18n import _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.cli.pos_shared import Till

PIN_ENV = "STORELEDGER_PIN"


def _secret(env: str, prompt: str, what: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        line = sys.stdin.readline().strip()
        if line:
            return line
        raise InvalidInput(
            _("{what}: set {env}, pipe it on stdin or run in a terminal").format(what=what, env=env)
        )
    return getpass.getpass(prompt)


def signed_in_document(who: till_pb2.SignedInStaff) -> dict[str, Any]:
    return {
        "till": who.till_id,
        "staff_code": who.staff_code,
        "display_name": who.display_name,
        "role": who.role,
        "permissions": list(who.permissions),
        "signed_in_at": rfc3339(who.signed_in_at_ms),
    }


def _show(out: Output, who: till_pb2.SignedInStaff) -> None:
    out.record(
        signed_in_document(who),
        lambda: _("{code} ({role}) is signed in at till {till}; may: {actions}").format(
            code=who.staff_code,
            role=who.role,
            till=who.till_id,
            actions=", ".join(who.permissions),
        ),
    )


def cmd_login(args: argparse.Namespace, till: Till, out: Output) -> None:
    if args.card:
        card = _secret("STORELEDGER_STAFF_CARD", _("staff card: "), _("the staff card's number"))
        request = till_pb2.SignInRequest(till_id=till.till_id, card=card)
    else:
        if not args.staff_code:
            raise InvalidInput(_("pos login needs your staff code (or --card)"))
        pin = _secret(
            PIN_ENV,
            _("PIN for {code}: ").format(code=args.staff_code),
            _("{code}'s PIN").format(code=args.staff_code),
        )
        request = till_pb2.SignInRequest(till_id=till.till_id, staff_code=args.staff_code, pin=pin)
    _show(out, till.call(till.stub.SignIn, request))


def cmd_logout(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(till.stub.SignOut, till_pb2.SignOutRequest(till_id=till.till_id))
    out.record(
        {"till": reply.till_id, "staff_code": reply.staff_code},
        lambda: (
            _("{code} signed out of till {till}").format(code=reply.staff_code, till=reply.till_id)
            if reply.staff_code
            else _("nobody was signed in at till {till}").format(till=reply.till_id)
        ),
    )


def cmd_whoami(args: argparse.Namespace, till: Till, out: Output) -> None:
    _show(
        out,
        till.call(till.stub.WhoIsSignedIn, till_pb2.WhoIsSignedInRequest(till_id=till.till_id)),
    )


def register(sub: argparse._SubParsersAction) -> None:
    login = sub.add_parser("login", help="sign in at a till (staff code and PIN, or card)")
    login.add_argument("staff_code", nargs="?", default="")
    login.add_argument("--card", action="store_true", help="sign in with a staff card")
    logout = sub.add_parser("logout", help="end the sign-in at a till")
    whoami = sub.add_parser("whoami", help="who is signed in at a till, and what they may do")
    for parser, func in ((login, cmd_login), (logout, cmd_logout), (whoami, cmd_whoami)):
        add_till(parser)
        add_format(parser)
        parser.set_defaults(func=func)
