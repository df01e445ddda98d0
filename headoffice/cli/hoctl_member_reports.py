"""hoctl report liability|points|uplift: the member and promotion reports.

  hoctl report liability [--day YYYY-MM-DD]              stored value owed, with breakage
  hoctl report points [--since D] [--until D | --days N] [--top N]
  hoctl report uplift --promo P [--store S]

Every one takes --format table|json|csv; points and uplift also --png/--html FILE.
Head office adds the figures up (Members.Liability, ReportsAdmin.PointsOutstanding and
PromotionUplift); hoctl prints them. Members print masked (phone and name).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text
from common.i18n import N_, _
from common.pb.storeledger.v1 import (
    members_pb2,
    members_pb2_grpc,
    reports_admin_pb2,
    reports_admin_pb2_grpc,
)
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    headings,
    labelled,
    store_code_arg,
    write_chart_files,
)
from headoffice.domain.count_periods import bp_text

LIABILITY_FIELDS = (
    ("opening_principal_minor", N_("opening principal")),
    ("opening_bonus_minor", N_("opening bonus")),
    ("topup_principal_minor", N_("topped up")),
    ("topup_bonus_minor", N_("bonus granted")),
    ("redeemed_principal_minor", N_("redeemed principal")),
    ("redeemed_bonus_minor", N_("redeemed bonus")),
    ("paid_back_minor", N_("paid back")),
    ("forfeited_minor", N_("forfeited")),
    ("expired_principal_minor", N_("expired principal (breakage)")),
    ("expired_bonus_minor", N_("expired bonus (breakage)")),
    ("closing_principal_minor", N_("closing principal (deferred revenue)")),
    ("closing_bonus_minor", N_("closing bonus")),
)
FIELD_OF = {"paid_back_minor": "cash_out_minor"}  # the glossary's name: cash_out is a drawer's

UPLIFT_COLUMNS = [
    Column("sku", N_("SKU")),
    Column("before_qty_base", N_("QTY BEFORE"), "int"),
    Column("during_qty_base", N_("QTY DURING"), "int"),
    Column("qty_uplift", N_("QTY UPLIFT")),
    Column("before_minor", N_("BEFORE"), "money"),
    Column("during_minor", N_("DURING"), "money"),
    Column("uplift", N_("UPLIFT")),
]
LOT_COLUMNS = [
    Column("lot_month", N_("EARNED IN")),
    Column("expires_month", N_("EXPIRES")),
    Column("points", N_("POINTS"), "int"),
    Column("member_count", N_("MEMBERS"), "int"),
]
HOLDER_COLUMNS = [
    Column("member_id", N_("MEMBER")),
    Column("phone", N_("PHONE")),
    Column("name", N_("NAME")),
    Column("points_balance", N_("POINTS"), "int"),
]
POINTS_FIELDS = (
    ("opening_points", N_("opening")),
    ("earned_points", N_("earned")),
    ("reversed_points", N_("reversed on returns")),
    ("redeemed_points", N_("redeemed")),
    ("expired_points", N_("expired")),
    ("adjusted_points", N_("adjusted")),
    ("closing_points", N_("closing")),
)


def cmd_liability(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    r = members_pb2_grpc.MembersStub(clients.channel).Liability(
        members_pb2.LiabilityRequest(day=args.day or ""), timeout=CALL_TIMEOUT_S
    )
    row: dict[str, object] = {
        "report": "liability", "day": r.day, "utc_offset_minutes": r.utc_offset_minutes,
        "currency": r.currency,
        **{key: getattr(r, FIELD_OF.get(key, key)) for key, _label in LIABILITY_FIELDS},
        "topup_count": r.topup_count, "debit_count": r.debit_count,
        "refund_count": r.refund_count, "expire_count": r.expire_count, "balanced": r.balanced,
    }  # fmt: skip

    def text() -> str:
        pairs = [(_("day"), r.day)] + [
            (_(label), money_text(int(row[key]), r.currency))  # type: ignore[call-overload]
            for key, label in LIABILITY_FIELDS
        ]
        lines = labelled(pairs, indent="")
        if not r.balanced:
            lines.append(_("warning: opening + movements does not equal closing"))
        return "\n".join(lines)

    out.record(row, text)
    return 0


def _days(data: dict[str, Any]) -> str:
    return f"{data['first_day']} .. {data['last_day']}"


def uplift_text(data: dict[str, Any]) -> str:
    totals = data["totals"]
    currency = data["currency"]
    lines = labelled(
        [
            (_("promotion"), data["promotion"]),
            (_("stores"), ", ".join(data["stores"]) or _("every store")),
            (_("during"), _days(data)),
            (_("before"), f"{data['before_first_day']} .. {data['before_last_day']}"),
            (_("sales during"), money_text(totals["during_minor"], currency)),
            (_("sales before"), money_text(totals["before_minor"], currency)),
            (_("uplift"), bp_text(totals["uplift_bp"])),
        ],
        indent="",
    )
    if not data["rows"]:
        lines.append(_("nothing in this period"))
        return "\n".join(lines)
    rows = [
        {**r, "qty_uplift": bp_text(r["qty_uplift_bp"]), "uplift": bp_text(r["uplift_bp"])}
        for r in data["rows"]
    ]
    lines.append(table(headings(UPLIFT_COLUMNS), rows, currency))
    return "\n".join(lines)


def points_text(data: dict[str, Any]) -> str:
    totals = data["totals"]
    months = data["expiry_months"]
    lines = labelled(
        [
            (_("outstanding"), str(totals["points"])),
            (_("expiry"), _("{months} months after the month earned").format(months=months)
             if months else _("never")),
            (_("days"), _days(data)),
        ]
        + [(_(label), str(totals[key])) for key, label in POINTS_FIELDS],
        indent="",
    )  # fmt: skip
    if not totals["balanced"]:
        lines.append(_("warning: opening + movements does not equal closing"))
    if data["rows"]:
        lines.append(_("outstanding by the month earned:"))
        lines.append(table(headings(LOT_COLUMNS), data["rows"], data["currency"]))
    if data["holders"]:
        lines.append(_("members holding the most:"))
        lines.append(table(headings(HOLDER_COLUMNS), data["holders"], data["currency"]))
    return "\n".join(lines)


def _print(reply: reports_admin_pb2.RunReportReply, args: argparse.Namespace, out: Output,
           text: Any, columns: list[Column]) -> int:  # fmt: skip
    write_chart_files(args, reply.png, reply.html, out.say)
    data = json.loads(reply.document_json)
    out.record(data, lambda: text(data), rows_key="rows", columns=columns)
    return 0


def cmd_uplift(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = reports_admin_pb2_grpc.ReportsAdminStub(clients.channel).PromotionUplift(
        reports_admin_pb2.UpliftRequest(
            promo_id=args.promo, store_code=args.store or "", png=bool(args.png),
            html=bool(args.html),
        ),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    columns = [c for c in UPLIFT_COLUMNS if c.key not in ("qty_uplift", "uplift")]
    columns += [Column("qty_uplift_bp"), Column("uplift_bp")]
    return _print(reply, args, out, uplift_text, columns)


def cmd_points(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = reports_admin_pb2_grpc.ReportsAdminStub(clients.channel).PointsOutstanding(
        reports_admin_pb2.RunReportRequest(
            name="points", since=args.since or "", until=args.until or "", days=args.days or 0,
            top=args.top or 0, png=bool(args.png), html=bool(args.html),
        ),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    return _print(reply, args, out, points_text, LOT_COLUMNS)


def _whole(low: int, high: int, option: str) -> Any:
    def parse(text: str) -> int:
        value = int(text) if text.strip().isdigit() else low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("{option} takes a whole number from {low} to {high}").format(
                    option=option, low=low, high=high
                )
            )
        return value

    return parse


def _files(p: argparse.ArgumentParser) -> None:
    p.add_argument("--png", metavar="FILE", help=_("write the chart as a PNG file"))
    p.add_argument("--html", metavar="FILE", help=_("write the report as one HTML page"))
    add_format(p)


def register(actions: argparse._SubParsersAction) -> None:
    """`hoctl report liability|points|uplift`, added to hoctl report's reports."""
    p = actions.add_parser(
        "liability",
        help=_("stored value owed to members: principal, bonus, redemptions, breakage"),
    )
    p.add_argument("--day", help=_("the day, YYYY-MM-DD (default: today)"))
    add_format(p)
    p.set_defaults(handler=cmd_liability, context="report liability")

    p = actions.add_parser(
        "points", help=_("points outstanding by expiry month, what moved them, top holders")
    )
    p.add_argument("--since", help=_("the first day, YYYY-MM-DD"))
    p.add_argument("--until", help=_("the last day, YYYY-MM-DD (default: today)"))
    p.add_argument("--days", type=_whole(1, 731, "--days"), help=_("the last N days"))
    p.add_argument("--top", type=_whole(1, 1000, "--top"), help=_("how many members to list"))
    _files(p)
    p.set_defaults(handler=cmd_points, context="report points")

    p = actions.add_parser(
        "uplift", help=_("a promotion's SKUs: sales during the offer against the days before")
    )
    p.add_argument("--promo", required=True, help=_("the promotion's id"))
    p.add_argument("--store", type=store_code_arg)
    _files(p)
    p.set_defaults(handler=cmd_uplift, context="report uplift")
