"""hoctl report NAME: sales, margin, cashiers, turnover, shrink, slow-movers, no-sale.

  hoctl report NAME [--store S] [--since YYYY-MM-DD] [--until YYYY-MM-DD | --days N]
                    [--by store|category|sku|day|hour|cashier] [--top N] [--cover-days N]
                    [--format table|json|csv] [--png FILE] [--html FILE]

Head office adds the figures up (ReportsAdmin.RunReport) and draws the chart and the
page; hoctl prints the JSON document as it came (integers: docs/output.md), a table of
its rows, or CSV, and writes the files. `hoctl report accuracy` is hoctl_reports.py.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.i18n import N_, _
from common.pb.storeledger.v1 import reports_admin_pb2, reports_admin_pb2_grpc
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    headings,
    labelled,
    store_code_arg,
    write_chart_files,
)
from headoffice.domain.report_names import NAMES, SALES_BY

HEADINGS = {
    "store": N_("STORE"),
    "sku": N_("SKU"),
    "category": N_("CATEGORY"),
    "day": N_("DAY"),
    "hour": N_("HOUR"),
    "cashier": N_("CASHIER"),
    "staff_code": N_("CASHIER"),
    "supplier": N_("SUPPLIER"),
    "qty_base": N_("QTY"),
    "sales_count": N_("SALES"),
    "amount_minor": N_("REVENUE"),
    "cost_minor": N_("COST"),
    "margin_minor": N_("MARGIN"),
    "margin_bp": N_("MARGIN BP"),
    "basket_minor": N_("BASKET"),
    "items_per_sale": N_("ITEMS/SALE"),
    "stock_value_minor": N_("STOCK VALUE"),
    "turnover_days": N_("TURNOVER DAYS"),
    "loss_minor": N_("LOSSES"),
    "gain_minor": N_("GAINS"),
    "write_off_minor": N_("WRITTEN OFF"),
    "shrink_minor": N_("SHRINK"),
    "shrink_sales_bp": N_("SHRINK/SALES BP"),
    "on_hand_qty_base": N_("ON HAND"),
    "sold_qty_base": N_("SOLD"),
    "cover_days": N_("COVER DAYS"),
    "value_minor": N_("VALUE"),
    "promotion": N_("PROMOTION"),
    "markdown_bp": N_("MARKDOWN BP"),
    "last_sale_day": N_("LAST SALE"),
    "expiry_date": N_("EXPIRES"),
    "days_left": N_("DAYS LEFT"),
    "received_qty_base": N_("RECEIVED"),
    "left_qty_base": N_("LEFT"),
    "orders_count": N_("ORDERS"),
    "delivered_count": N_("DELIVERED"),
    "ordered_qty_base": N_("ORDERED"),
    "filled_qty_base": N_("FILLED"),
    "fill_rate_bp": N_("FILL BP"),
    "lead_time_days": N_("LEAD DAYS"),
    "on_time_bp": N_("ON TIME BP"),
}


def _columns(rows: list[dict[str, Any]]) -> list[Column]:
    """One column a field of the rows; JSON and CSV name each by its key, tables by HEADINGS
    in the reader's language (headings())."""
    if not rows:
        return []
    out = []
    for key, value in rows[0].items():
        title = HEADINGS.get(key, key)
        if key.endswith("_minor"):
            out.append(Column(key, title, "money"))
        elif isinstance(value, int) and not isinstance(value, bool):
            out.append(Column(key, title, "int"))
        else:
            out.append(Column(key, title))
    return out


def report_text(data: dict[str, Any]) -> str:
    rows = data["rows"]
    lines = labelled(
        [(_("report"), data["report"]), (_("days"), f"{data['first_day']} .. {data['last_day']}")],
        indent="",
        width=10,
    )
    if not rows:
        lines.append(_("nothing in this period"))
        return "\n".join(lines)
    lines.append(table(headings(_columns(rows)), rows, data["currency"]))
    tops = data.get("top_sellers")
    if tops:
        lines.append(_("top sellers:"))
        lines.append(table(headings(_columns(tops)), tops, data["currency"]))
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    stub = reports_admin_pb2_grpc.ReportsAdminStub(clients.channel)
    reply = stub.RunReport(
        reports_admin_pb2.RunReportRequest(
            name=args.report_command,
            store_code=args.store or "",
            since=getattr(args, "since", "") or "",
            until=getattr(args, "until", "") or "",
            days=getattr(args, "days", 0) or 0,
            by=getattr(args, "by", "") or "",
            top=getattr(args, "top", 0) or 0,
            cover_days=getattr(args, "cover_days", 0) or 0,
            within_days=getattr(args, "within_days", None),
            png=bool(args.png),
            html=bool(args.html),
        ),
        timeout=CALL_TIMEOUT_S,
    )
    write_chart_files(args, reply.png, reply.html, out.say)
    data = json.loads(reply.document_json)
    out.record(data, lambda: report_text(data), rows_key="rows", columns=_columns(data["rows"]))
    return 0


def _whole(low: int, high: int, option: str) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("{option} takes a whole number from {low} to {high}").format(
                    option=option, low=low, high=high
                )
            )
        return value

    return parse


def register_names(actions: argparse._SubParsersAction) -> None:
    """One `hoctl report NAME` a report of domain.report_names.NAMES."""
    helps = {
        "sales": _("sales by store, category, SKU, day, hour or cashier, with trends"),
        "margin": _("gross margin at moving-average cost"),
        "cashiers": _("sales per cashier: tickets, basket, items"),
        "turnover": _("stock turnover days per store"),
        "shrink": _("shrink from counts and write-offs per store"),
        "slow-movers": _("SKUs with more days of cover than --cover-days, and a promotion"),
        "no-sale": _("stock that sold nothing in the period"),
        "near-expiry": _("lots received with a best-before day within --within-days"),
        "suppliers": _("supplier lead time, fill rate, on-time share and price history"),
    }
    for name in NAMES:
        p = actions.add_parser(name, help=helps[name])
        p.add_argument("--store", type=store_code_arg)
        if name == "near-expiry":
            p.add_argument("--within-days", type=_whole(0, 3650, "--within-days"))
        else:
            p.add_argument("--since", help=_("the first day, YYYY-MM-DD"))
            p.add_argument("--until", help=_("the last day, YYYY-MM-DD (default: today)"))
            p.add_argument("--days", type=_whole(1, 731, "--days"), help=_("the last N days"))
        if name in ("sales", "margin"):
            p.add_argument("--by", choices=SALES_BY)
        if name == "sales":
            p.add_argument("--top", type=_whole(1, 1000, "--top"))
        if name == "slow-movers":
            p.add_argument("--cover-days", type=_whole(1, 3650, "--cover-days"))
        p.add_argument("--png", metavar="FILE", help=_("write the chart as a PNG file"))
        p.add_argument("--html", metavar="FILE", help=_("write the report as one HTML page"))
        add_format(p)
        p.set_defaults(handler=cmd_report, context=f"report {name}")
