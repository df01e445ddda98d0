"""hoctl report accuracy: inventory record accuracy and shrink, per store and over time.

  hoctl report accuracy [--store S] [--since YYYY-MM-DD] [--by week|day|month] [--top N]
                        [--format table|json|csv] [--png FILE] [--html FILE]

Head office adds the figures up (CountAdmin.CountAccuracy) and, when asked,
draws the chart and the page where its CJK font is; hoctl prints the figures
and writes the files. Shares are basis points rounded down, money minor units;
sales are the stores' sales at cost over the same periods.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column, table
from common.cli.values import money_text, rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import count_admin_pb2, count_admin_pb2_grpc
from headoffice.api.messages.accuracy import figures_of
from headoffice.cli import hoctl_member_reports
from headoffice.cli.clients import (
    CALL_TIMEOUT_S,
    Clients,
    headings,
    labelled,
    store_code_arg,
    write_chart_files,
)
from headoffice.cli.hoctl_member_sales_reports import register_member_sales_reports
from headoffice.cli.hoctl_report_names import register_names
from headoffice.domain.accuracy import BUCKETS, CHAIN, Figures, Loss, bp_text

STORE_COLUMNS = [
    Column("store", N_("STORE")),
    Column("sku_count", N_("COUNTED"), "int"),
    Column("within", N_("WITHIN"), "int"),
    Column("accuracy_bp", N_("ACCURACY BP"), "int"),
    Column("loss_minor", N_("LOSSES"), "money"),
    Column("gain_minor", N_("GAINS"), "money"),
    Column("shrink_minor", N_("SHRINK"), "money"),
    Column("sales_minor", N_("SALES"), "money"),
    Column("shrink_sales_bp", N_("SHRINK/SALES BP"), "int"),
]
SHOWN_COLUMNS = [
    Column("label", N_("STORE")),
    Column("counted", N_("COUNTED"), "int"),
    Column("accuracy", N_("ACCURACY")),
    Column("class_a", N_("A")),
    Column("class_b", N_("B")),
    Column("class_c", N_("C")),
    Column("shrink_minor", N_("SHRINK"), "money"),
    Column("sales_minor", N_("SALES"), "money"),
    Column("shrink_sales", N_("SHRINK/SALES")),
]
LOSS_COLUMNS = [
    Column("key", N_("KEY")),
    Column("loss_minor", N_("LOSSES"), "money"),
    Column("counts", N_("COUNTS"), "int"),
]


def _losses(losses: tuple[Loss, ...], key: str) -> list[dict[str, Any]]:
    return [{key: x.key, "loss_minor": x.loss_minor, "counts": x.counts} for x in losses]


def figures_document(f: Figures) -> dict[str, Any]:
    return {
        "store": f.store_code,
        "period": f.period,
        "sku_count": f.accuracy.counted,
        "within": f.accuracy.within,
        "accuracy_bp": f.accuracy_bp,
        "classes": [
            {"abc_class": c, "sku_count": n, "within": w, "accuracy_bp": f.class_bp(c)}
            for c, (n, w) in sorted(f.accuracy.by_class.items())
        ],
        "loss_minor": f.loss_minor,
        "gain_minor": f.gain_minor,
        "net_minor": f.net_minor,
        "shrink_minor": f.shrink_minor,
        "sales_minor": f.sales_minor,
        "shrink_sales_bp": f.shrink_sales_bp,
        "top_skus": _losses(f.top_skus, "sku"),
        "top_categories": _losses(f.top_categories, "category"),
    }


def accuracy_document(reply: count_admin_pb2.CountAccuracyReply) -> dict[str, Any]:
    return {
        "by": reply.by,
        "since_at": rfc3339(reply.since_ms),
        "utc_offset_minutes": reply.utc_offset_minutes,
        "currency": DEFAULT_CURRENCY,
        "chain": figures_document(figures_of(reply.chain)),
        "store_figures": [figures_document(figures_of(f)) for f in reply.stores],
        "period_figures": [figures_document(figures_of(f)) for f in reply.periods],
    }


def _shown(f: Figures, label: str) -> dict[str, Any]:
    return {
        "label": label,
        "counted": f.accuracy.counted,
        "accuracy": bp_text(f.accuracy_bp),
        "class_a": bp_text(f.class_bp("A")),
        "class_b": bp_text(f.class_bp("B")),
        "class_c": bp_text(f.class_bp("C")),
        "shrink_minor": f.shrink_minor,
        "sales_minor": f.sales_minor,
        "shrink_sales": bp_text(f.shrink_sales_bp),
    }


def accuracy_text(reply: count_admin_pb2.CountAccuracyReply) -> str:
    chain = figures_of(reply.chain)
    stores = [figures_of(f) for f in reply.stores]
    if not stores:
        return _("no posted count since {since}").format(since=rfc3339(reply.since_ms))
    currency = DEFAULT_CURRENCY
    lines = labelled(
        [
            (_("since"), rfc3339(reply.since_ms) or ""),
            (_("accuracy"), bp_text(chain.accuracy_bp)),
            (_("shrink"), money_text(chain.shrink_minor, currency)),
            (_("shrink of sales"), bp_text(chain.shrink_sales_bp)),
        ],
        indent="",
        width=17,
    )
    lines.append(
        table(headings(SHOWN_COLUMNS), [_shown(f, f.store_code) for f in stores], currency)
    )
    series = [figures_of(f) for f in reply.periods if f.store_code == CHAIN]
    lines.append(_("by {period}:").format(period=reply.by))
    lines.append(table(headings(SHOWN_COLUMNS), [_shown(f, f.period) for f in series], currency))
    for title, losses in (
        (_("largest losses by SKU:"), chain.top_skus),
        (_("largest losses by category:"), chain.top_categories),
    ):
        if losses:
            lines.append(title)
            lines.append(table(headings(LOSS_COLUMNS), _losses(losses, "key"), currency))
    return "\n".join(lines)


def cmd_accuracy(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    stub = count_admin_pb2_grpc.CountAdminStub(clients.channel)
    reply = stub.CountAccuracy(
        count_admin_pb2.CountAccuracyRequest(
            store_code=args.store or "",
            since=args.since or "",
            by=args.by,
            top=args.top,
            png=bool(args.png),
            html=bool(args.html),
        ),
        timeout=CALL_TIMEOUT_S,
    )
    write_chart_files(args, reply.png, reply.html, out.say)
    data = accuracy_document(reply)
    out.record(data, lambda: accuracy_text(reply), rows_key="store_figures", columns=STORE_COLUMNS)
    return 0


def _top(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(_("--top takes a whole number from 1 to 1000"))
    return value


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("report", help=_("reports: sales, margin, stock, shrink, accuracy"))
    actions = group.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    acc = actions.add_parser(
        "accuracy", help=_("inventory record accuracy and shrink, per store and over time")
    )
    acc.add_argument("--store", type=store_code_arg)
    acc.add_argument("--since", help=_("the first day, YYYY-MM-DD (default: 90 days ago)"))
    acc.add_argument("--by", choices=BUCKETS, default="week")
    acc.add_argument("--top", type=_top, default=10, help=_("how many largest losses to list"))
    acc.add_argument("--png", metavar="FILE", help=_("write the chart as a PNG file"))
    acc.add_argument("--html", metavar="FILE", help=_("write the report as one HTML page"))
    add_format(acc)
    acc.set_defaults(handler=cmd_accuracy, context="report accuracy")
    register_names(actions)
    hoctl_member_reports.register(actions)
    register_member_sales_reports(actions)
