"""hoctl report members | offline-debits: member sales and visits, and the stored-value debits
tills made offline (head office's Members service; docs/members.md, docs/output.md).

  hoctl report members [--member M] [--store S] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  hoctl report offline-debits [--store S] [--from ...] [--to ...] [--exceeded]
"""

from __future__ import annotations

import argparse

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.i18n import N_, _
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, labelled, store_code_arg

MEMBER_COLUMNS = [
    Column("member_id", N_("MEMBER")),
    Column("phone", N_("PHONE")),
    Column("store", N_("STORE")),
    Column("sales_count", N_("SALES"), "int"),
    Column("visits", N_("VISITS"), "int"),
    Column("returns_count", N_("RETURNS"), "int"),
    Column("net_minor", N_("NET PAID"), "money"),
    Column("points_earned", N_("POINTS"), "int"),
    Column("first_day", N_("FIRST")),
    Column("last_day", N_("LAST")),
]
DEBIT_COLUMNS = [
    Column("day", N_("DAY")),
    Column("store", N_("STORE")),
    Column("member_id", N_("MEMBER")),
    Column("sale_id", N_("SALE")),
    Column("key", N_("KEY")),
    Column("amount_minor", N_("AMOUNT"), "money"),
    Column("taken_minor", N_("FROM BALANCE"), "money"),
    Column("shortfall_minor", N_("SHORTFALL"), "money"),
    Column("over_allowance", N_("OVER ALLOWANCE"), "flag"),
]


def _stub(clients: Clients) -> members_pb2_grpc.MembersStub:
    return members_pb2_grpc.MembersStub(clients.channel)


def cmd_members(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    r = _stub(clients).MemberSales(
        members_pb2.MemberSalesRequest(
            member=args.member or "",
            store_code=args.store or "",
            since=args.since or "",
            until=args.until or "",
        ),  # fmt: skip
        timeout=CALL_TIMEOUT_S,
    )
    rows = [
        {"member_id": x.member_id, "phone": x.phone, "store": x.store_code,
         "sales_count": x.sales_count, "visits": x.visits, "returns_count": x.returns_count,
         "net_minor": x.net_minor, "points_earned": x.points_earned,
         "first_day": x.first_day, "last_day": x.last_day}
        for x in r.rows
    ]  # fmt: skip
    data = {
        "report": "members", "first_day": r.first_day, "last_day": r.last_day,
        "utc_offset_minutes": r.utc_offset_minutes, "currency": r.currency, "rows": rows,
    }  # fmt: skip

    def text() -> str:
        lines = labelled([(_("days"), f"{r.first_day} .. {r.last_day}")], indent="")
        if not rows:
            return "\n".join([*lines, _("no member sales in these days")])
        return "\n".join([*lines, table(headings(MEMBER_COLUMNS), rows, r.currency)])

    out.record(data, text, rows_key="rows", columns=MEMBER_COLUMNS)
    return 0


def cmd_offline_debits(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    r = _stub(clients).OfflineDebits(
        members_pb2.OfflineDebitsRequest(
            store_code=args.store or "",
            since=args.since or "",
            until=args.until or "",
            exceeded_only=args.exceeded,
        ),  # fmt: skip
        timeout=CALL_TIMEOUT_S,
    )
    rows = [
        {"day": d.day, "store": d.store_code, "member_id": d.member_id, "sale_id": d.sale_id,
         "key": d.key, "amount_minor": d.amount_minor, "taken_minor": d.taken_minor,
         "shortfall_minor": d.shortfall_minor, "allowance_minor": d.allowance_minor,
         "over_allowance": d.over_allowance}
        for d in r.debits
    ]  # fmt: skip
    data = {
        "report": "offline-debits", "first_day": r.first_day, "last_day": r.last_day,
        "currency": r.currency, "rows": rows,
    }  # fmt: skip

    def text() -> str:
        lines = labelled([(_("days"), f"{r.first_day} .. {r.last_day}")], indent="")
        if not rows:
            return "\n".join([*lines, _("no offline debits in these days")])
        return "\n".join([*lines, table(headings(DEBIT_COLUMNS), rows, r.currency)])

    out.record(data, text, rows_key="rows", columns=DEBIT_COLUMNS)
    return 0


def _period(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", type=store_code_arg)
    p.add_argument("--from", "--since", dest="since", help=_("the first day, YYYY-MM-DD"))
    p.add_argument("--to", "--until", dest="until", help=_("the last day, YYYY-MM-DD"))
    add_format(p)


def register_member_sales_reports(actions: argparse._SubParsersAction) -> None:
    """`hoctl report members` and `hoctl report offline-debits`, added to hoctl report's."""
    members = actions.add_parser("members", help=_("member sales and visits, phone masked"))
    members.add_argument("--member", help=_("member id, phone number, card number or QR code"))
    _period(members)
    members.set_defaults(handler=cmd_members, context="report members")
    debits = actions.add_parser(
        "offline-debits", help=_("stored value tills debited offline, as head office booked it")
    )
    debits.add_argument(
        "--exceeded", action="store_true",
        help=_("only debits above the offline allowance or past the member's balance"),
    )  # fmt: skip
    _period(debits)
    debits.set_defaults(handler=cmd_offline_debits, context="report offline-debits")
