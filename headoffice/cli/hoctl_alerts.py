"""hoctl alerts [--store S001] [--kind KIND] [--format table|json|csv]: what is wrong now.

Head office works the alerts out when asked (headoffice/services/alerts.py), with
the SKU or count session each one is about, for a shop without Prometheus;
Prometheus gets per-store counts (storeledger_alerts_active). docs/runbook.md says
what each kind means and what to do.
"""

from __future__ import annotations

import argparse

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import alerts_admin_pb2, alerts_admin_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, store_code_arg
from headoffice.domain.alerts import STOCKTAKE_VARIANCE

COLUMNS = [
    Column("severity", N_("SEVERITY")),
    Column("store", N_("STORE")),
    Column("kind", N_("KIND")),
    Column("sku", N_("SKU")),
    Column("session_id", N_("SESSION")),
    Column("qty_base", N_("QTY"), kind="int"),
    Column("reorder_point_qty_base", N_("REORDER POINT"), kind="int"),
    Column("value_minor", N_("VALUE"), kind="money"),
    Column("normal_minor", N_("NORMAL"), kind="money"),
    Column("outside_bp", N_("OUTSIDE BP"), kind="int"),
    Column("lag_ms", N_("LAG MS"), kind="int"),
    Column("last_contact_at", N_("LAST CONTACT")),
    Column("message", N_("WHAT")),
]


def _row(a: alerts_admin_pb2.AlertRow, currency: str) -> dict[str, object]:
    return {
        "kind": a.kind,
        "severity": a.severity,
        "store": a.store_code,
        "sku": a.sku,
        "session_id": a.session_id,
        "qty_base": a.qty_base,
        "reorder_point_qty_base": a.reorder_point_qty_base,
        "value_minor": a.value_minor,
        "normal_minor": a.normal_minor,
        # a share that does not apply is null, never a 0 % (docs/output.md)
        "outside_bp": a.outside_bp if a.kind == STOCKTAKE_VARIANCE else None,
        "lag_ms": a.lag_ms,
        "last_contact_at": rfc3339(a.last_contact_ms) if a.last_contact_ms else None,
        "currency": currency,
        "message": a.message,
    }


def cmd_alerts(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = alerts_admin_pb2_grpc.AlertsAdminStub(clients.channel).ListAlerts(
        alerts_admin_pb2.ListAlertsRequest(store_code=args.store or "", kind=args.kind or ""),
        timeout=CALL_TIMEOUT_S,
    )
    out.listing(
        [_row(a, reply.currency) for a in reply.alerts],
        headings(COLUMNS) if out.for_people else COLUMNS,
        currency=reply.currency,
        empty=_("no alerts"),
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "alerts", help=_("what needs looking at now: negative stock, variances, write-offs, sync")
    )
    parser.add_argument("--store", type=store_code_arg, help=_("one store's alerts"))
    parser.add_argument(
        "--kind",
        help=_("one kind: negative_stock, low_stock, stocktake_variance, "
               "write_offs_above_normal, sync_lagging or store_silent"),
    )  # fmt: skip
    add_format(parser)
    parser.set_defaults(handler=cmd_alerts, context="alerts")
