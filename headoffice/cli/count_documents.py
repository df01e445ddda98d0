"""What hoctl count prints: count sessions, reports and variance rows as JSON documents
(docs/output.md), their columns, and the text for people."""

from __future__ import annotations

from typing import Any

from common.cli.render import Column, table
from common.cli.values import money_text, rfc3339, scope_cell
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import N_, _
from common.pb.storeledger.v1 import count_admin_pb2
from headoffice.cli.clients import headings, labelled

LIST_COLUMNS = [
    Column("session_id", N_("SESSION")),
    Column("store", N_("STORE")),
    Column("state", N_("STATE")),
    Column("scope_kind", N_("SCOPE")),
    Column("scope", N_("COVERS"), show=scope_cell),
    Column("sku_count", N_("SKUS"), "int"),
    Column("origin", N_("ORIGIN")),
    Column("title", N_("TITLE")),
    Column("created_by", N_("CREATED BY")),
    Column("posted_seq", N_("POSTED SEQ"), "int"),
]
RESULT_COLUMNS = [
    Column("sku", N_("SKU")),
    Column("abc_class", N_("CLASS")),
    Column("book_qty_base", N_("BOOK"), "int"),
    Column("counted_qty_base", N_("COUNTED"), "int"),
    Column("variance_qty_base", N_("DIFFERENCE"), "int"),
    Column("value_minor", N_("VALUE"), "money"),
    Column("within_tolerance", N_("WITHIN"), "flag"),
    Column("recount_needed", N_("RECOUNT"), "flag"),
    Column("moved_qty_base", N_("MOVED"), "int"),
    Column("round", N_("ROUND"), "int"),
]
UNKNOWN_COLUMNS = [
    Column("scanned_code", N_("BARCODE")),
    Column("location", N_("LOCATION")),
    Column("qty_base", N_("QTY"), "int"),
    Column("counter", N_("COUNTER")),
    Column("seq", N_("SEQ"), "int"),
]
VARIANCE_COLUMNS = [
    Column("key", N_("GROUP")),
    Column("sku_count", N_("SKUS"), "int"),
    Column("book_qty_base", N_("BOOK"), "int"),
    Column("counted_qty_base", N_("COUNTED"), "int"),
    Column("gain_qty_base", N_("GAIN QTY"), "int"),
    Column("loss_qty_base", N_("LOSS QTY"), "int"),
    Column("gain_minor", N_("GAINS"), "money"),
    Column("loss_minor", N_("LOSSES"), "money"),
    Column("net_minor", N_("NET"), "money"),
]
PLAN_COLUMNS = [
    Column("store", N_("STORE")),
    Column("abc_class", N_("CLASS")),
    Column("sku_count", N_("SKUS"), "int"),
    Column("skus", N_("SKU LIST")),
    Column("session_id", N_("SESSION")),
]


def session_document(s: count_admin_pb2.CountSessionInfo) -> dict[str, Any]:
    return {
        "session_id": s.session_id,
        "store": s.store_code,
        "origin": s.origin,
        "state": s.state,
        "scope_kind": s.scope.kind,
        "scope": {
            "categories": list(s.scope.categories),
            "locations": list(s.scope.locations),
            "abc_classes": list(s.scope.abc_classes),
            "skus": list(s.scope.skus),
        },
        "sku_count": len(s.scope.skus),
        "title": s.title,
        "round": s.round,
        "recount_skus": list(s.recount_skus),
        "selling_locations": list(s.selling_locations),
        "first_approver": s.first_approver,
        "approved_by": s.approved_by,
        "second_approved_by": s.second_approved_by,
        "created_by": s.created_by,
        "created_at": rfc3339(s.created_at_ms),
        "opened_seq": s.opened_seq or None,
        "submitted_seq": s.submitted_seq or None,
        "posted_seq": s.posted_seq or None,
        "posted_at": rfc3339(s.posted_at_ms),
        "anomaly": s.anomaly,
    }


def totals_document(t: count_admin_pb2.CountTotals) -> dict[str, Any]:
    return {
        "gain_qty_base": t.gain_qty_base,
        "loss_qty_base": t.loss_qty_base,
        "gain_minor": t.gain_minor,
        "loss_minor": t.loss_minor,
        "net_minor": t.net_minor,
        "sku_count": t.skus,
        "within": t.within,
    }


def report_document(r: count_admin_pb2.CountReport) -> dict[str, Any]:
    return {
        "session": session_document(r.session),
        "currency": DEFAULT_CURRENCY,
        "totals": totals_document(r.totals),
        "results": [
            {
                "sku": x.sku,
                "category": x.category,
                "abc_class": x.abc_class,
                "book_qty_base": x.book_qty_base,
                "counted_qty_base": x.counted_qty_base,
                "variance_qty_base": x.variance_qty_base,
                "unit_cost_minor": x.unit_cost_minor,
                "value_minor": x.value_minor,
                "within_tolerance": x.within_tolerance,
                "recount_needed": x.recount_needed,
                "moved_qty_base": x.moved_qty_base,
                "round": x.round,
                "counters": list(x.counters),
                "locations": [
                    {"location": p.location, "qty_base": p.qty_base} for p in x.locations
                ],
            }
            for x in r.results
        ],
        "not_counted": list(r.not_counted),
        "unknown_barcodes": [
            {
                "scanned_code": u.scanned_code,
                "location": u.location,
                "qty_base": u.qty_base,
                "counter": u.counter,
                "seq": u.seq,
            }
            for u in r.unknown_barcodes
        ],
        "book_mismatches": r.book_mismatches,
        "line_count": r.line_count,
    }


def totals_lines(t: dict[str, Any], currency: str) -> list[str]:
    return labelled(
        [
            (_("gains (盘盈)"), f"{t['gain_qty_base']}  {money_text(t['gain_minor'], currency)}"),
            (_("losses (盘亏)"), f"{t['loss_qty_base']}  {money_text(t['loss_minor'], currency)}"),
            (_("net"), money_text(t["net_minor"], currency)),
            (_("within tolerance"), f"{t['within']}/{t['sku_count']}"),
        ],
        indent="",
        width=17,
    )


def show_text(data: dict[str, Any]) -> str:
    s, currency = data["session"], data["currency"]
    fields = [
        (_("session"), s["session_id"]),
        (_("store"), s["store"]),
        (_("state"), s["state"]),
        (_("scope"), s["scope_kind"]),
        (_("title"), s["title"]),
        (_("round"), str(s["round"])),
        (_("approved by"), " ".join(x for x in (s["approved_by"], s["second_approved_by"]) if x)),
        (_("anomaly"), s["anomaly"]),
    ]
    lines = labelled([(k, v) for k, v in fields if v], indent="", width=17)
    lines += totals_lines(data["totals"], currency)
    if data["book_mismatches"]:
        lines.append(
            _("{n} count line(s) carried a book that differs from head office's ledger").format(
                n=data["book_mismatches"]
            )
        )
    lines.append(table(headings(RESULT_COLUMNS), data["results"], currency))
    if data["not_counted"]:
        lines.append(_("not counted: {skus}").format(skus=", ".join(data["not_counted"])))
    if data["unknown_barcodes"]:
        lines.append(_("unknown barcodes:"))
        lines.append(table(headings(UNKNOWN_COLUMNS), data["unknown_barcodes"]))
    return "\n".join(lines)
