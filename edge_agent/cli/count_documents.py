"""What pos count prints: count sessions, lines and results as JSON documents
(docs/output.md) and as text for people. Blind: a figure the reply does not show
(book_shown false) is left out, never printed as zero."""

from __future__ import annotations

from typing import Any

from common.cli.render import Column, table
from common.cli.values import rfc3339, scope_cell
from common.domain.stocktake import state_words
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import store_counts_pb2 as pb

SESSION_COLUMNS = [
    Column("session_id", "ID"),
    Column("state"),
    Column("scope_kind", N_("SCOPE")),
    Column("scope", N_("COVERS"), show=scope_cell),
    Column("sku_count", N_("SKUS"), "int"),
    Column("title", N_("TITLE")),
    Column("origin", N_("ORIGIN")),
    Column("created_by", N_("BY")),
    Column("opened_seq", N_("SEQ"), "int"),
]
LINE_COLUMNS = [
    Column("seq", N_("SEQ"), "int"),
    Column("sku"),
    Column("scanned_code", N_("SCANNED")),
    Column("location", N_("LOCATION")),
    Column("qty_base", N_("QTY"), "int"),
    Column("reason"),
    Column("round", N_("ROUND"), "int"),
]
BOOK_LINE_COLUMNS = [*LINE_COLUMNS, Column("book_qty_base", N_("BOOK"), "int")]
RESULT_COLUMNS = [
    Column("sku"),
    Column("abc_class", N_("CLASS")),
    Column("counted_qty_base", N_("COUNTED"), "int"),
    Column("round", N_("ROUND"), "int"),
    Column("recount_needed", N_("RECOUNT"), "flag"),
]
BOOK_RESULT_COLUMNS = [
    *RESULT_COLUMNS[:3],
    Column("book_qty_base", N_("BOOK"), "int"),
    Column("variance_qty_base", N_("VARIANCE"), "int"),
    Column("value_minor", N_("VALUE"), "money"),
    Column("moved_qty_base", N_("MOVED"), "int"),
    Column("within_tolerance", N_("WITHIN"), "flag"),
    *RESULT_COLUMNS[3:],
]


# -- documents (docs/output.md) ----------------------------------------------------------------
def session_document(s: pb.StoreCountSession, currency: str) -> dict[str, Any]:
    t = s.tolerance
    return {
        "session_id": s.session_id,
        "currency": currency,
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
        "selling_locations": list(s.selling_locations),
        "tolerance": {
            "a_bp": t.a_bp,
            "b_bp": t.b_bp,
            "c_bp": t.c_bp,
            "value_minor": t.value_minor,
            "second_approval_minor": t.second_approval_minor,
        },
        "title": s.title,
        "blind": s.blind,
        "note": s.note,
        "round": s.round,
        "recount_skus": list(s.recount_skus),
        "first_approver": s.first_approver,
        "approved_by": s.approved_by,
        "second_approved_by": s.second_approved_by,
        "created_by": s.created_by,
        "created_at": rfc3339(s.created_at_ms),
        "opened_seq": s.opened_seq,
        "posted_seq": s.closed_seq if s.state == "posted" else None,
    }


def line_document(ln: pb.StoreCountLine) -> dict[str, Any]:
    row: dict[str, Any] = {
        "seq": ln.seq,
        "line_id": ln.line_id,
        "sku": ln.sku,
        "scanned_code": ln.scanned_code,
        "location": ln.location,
        "qty_base": ln.qty_base,
        "reason": ln.reason,
        "round": ln.round,
        "counter": ln.counter,
        "book_shown": ln.book_shown,
    }
    if ln.book_shown:
        row["book_qty_base"] = ln.book_qty_base
    return row


def result_document(r: pb.StoreCountResult) -> dict[str, Any]:
    row: dict[str, Any] = {
        "sku": r.sku,
        "abc_class": r.abc_class,
        "round": r.round,
        "counted_qty_base": r.counted_qty_base,
        "recount_needed": r.recount_needed,
        "counters": list(r.counters),
        "locations": [
            {"location": loc.location, "qty_base": loc.counted_qty_base} for loc in r.locations
        ],
        "first_seq": r.first_seq,
        "last_seq": r.last_seq,
        "book_shown": r.book_shown,
    }
    if r.book_shown:
        row.update(
            book_qty_base=r.book_qty_base,
            variance_qty_base=r.variance_qty_base,
            moved_qty_base=r.moved_qty_base,
            unit_cost_minor=r.unit_cost_minor,
            value_minor=r.value_minor,
            within_tolerance=r.within_tolerance,
        )
    return row


def report_document(reply: pb.CountSessionReply, currency: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        **session_document(reply.session, currency),
        "book_shown": reply.book_shown,
        "line_count": reply.line_count,
        "results": [result_document(r) for r in reply.results],
        "not_counted": list(reply.not_counted),
        "unknown_barcodes": [line_document(ln) for ln in reply.unknown],
    }
    if reply.book_shown:
        t = reply.totals
        data["totals"] = {
            "sku_count": t.skus,
            "within": t.within,
            "gain_qty_base": t.gain_qty_base,
            "loss_qty_base": t.loss_qty_base,
            "gain_minor": t.gain_minor,
            "loss_minor": t.loss_minor,
            "net_minor": t.net_minor,
            "gross_minor": t.gross_minor,
        }
        data["needs_second_approval"] = reply.needs_second_approval
    return data


# -- text for people ---------------------------------------------------------------------------
def _head(s: pb.StoreCountSession) -> str:
    scope = s.scope.kind
    if s.scope.skus:
        scope += " " + _("({n} SKUs)").format(n=len(s.scope.skus))
    head = _("count session {session} ({scope}): {state}").format(
        session=s.session_id, scope=scope, state=state_words(s.state)
    )
    if s.title:
        head += f" - {s.title}"
    if s.recount_skus and s.state == "recount":
        head += "\n" + _("to recount, by someone who did not count them: {skus}").format(
            skus=", ".join(s.recount_skus)
        )
    if s.note:
        head += "\n" + _("note: {note}").format(note=s.note)
    return head


def report_text(reply: pb.CountSessionReply, data: dict[str, Any], currency: str) -> str:
    parts = [_head(reply.session)]
    columns = BOOK_RESULT_COLUMNS if reply.book_shown else RESULT_COLUMNS
    if data["results"]:
        parts.append(table(columns, data["results"], currency))
    else:
        parts.append(_("nothing counted yet"))
    if reply.book_shown:
        t = reply.totals
        parts.append(
            _(
                "gains {gain} ({gain_qty}), losses {loss} ({loss_qty}), net {net};"
                " {within} of {skus} SKUs within tolerance"
            ).format(
                gain=display_amount(t.gain_minor, currency),
                gain_qty=t.gain_qty_base,
                loss=display_amount(t.loss_minor, currency),
                loss_qty=t.loss_qty_base,
                net=display_amount(t.net_minor, currency),
                within=t.within,
                skus=t.skus,
            )  # fmt: skip
        )
        moved = [r for r in reply.results if r.moved_qty_base]
        if moved:
            parts.append(
                _("moved while counting: {skus}").format(
                    skus=", ".join(f"{r.sku} ({r.moved_qty_base:+d})" for r in moved)
                )
            )
        if reply.needs_second_approval and reply.session.state in ("submitted", "approving"):
            parts.append(_("the variance is above the limit: a second person approves too"))
    else:
        parts.append(_("blind count: book quantities are not shown"))
    if reply.not_counted:
        shown = ", ".join(reply.not_counted[:20])
        more = len(reply.not_counted) - 20
        parts.append(
            _("not counted ({n}): {skus}").format(n=len(reply.not_counted), skus=shown)
            + (f" (+{more})" if more > 0 else "")
        )
    if reply.unknown:
        parts.append(
            _("unknown barcodes to follow up: {codes}").format(
                codes=", ".join(f"{ln.scanned_code}@{ln.location or '-'}" for ln in reply.unknown)
            )
        )
    return "\n".join(parts)
