"""Stocktake messages: head office's count sessions and reports <-> protobuf."""

from __future__ import annotations

from common.domain import stocktake as st
from common.pb.storeledger.v1 import count_admin_pb2, stocktake_pb2
from headoffice.domain.counts import CountSession
from headoffice.services.counts_reports import Proposal, SessionReport, VarianceReport


def scope_message(scope: st.Scope) -> stocktake_pb2.CountScope:
    return stocktake_pb2.CountScope(
        kind=scope.kind,
        categories=list(scope.categories),
        locations=list(scope.locations),
        abc_classes=list(scope.abc_classes),
        skus=list(scope.skus),
    )


def tolerance_message(tolerance: st.Tolerance) -> stocktake_pb2.CountTolerance:
    return stocktake_pb2.CountTolerance(
        a_bp=tolerance.a_bp,
        b_bp=tolerance.b_bp,
        c_bp=tolerance.c_bp,
        value_minor=tolerance.value_minor,
        second_approval_minor=tolerance.second_approval_minor,
    )


def count_order(
    session: CountSession, action: str, by: str = "", second_by: str = "", note: str = ""
) -> stocktake_pb2.CountOrder:
    """What a store is told to do with a session head office holds."""
    return stocktake_pb2.CountOrder(
        session_id=session.session_id,
        action=action,
        scope=scope_message(session.scope),
        tolerance=tolerance_message(session.tolerance),
        classes=[
            stocktake_pb2.SkuClass(sku=sku, abc_class=cls)
            for sku, cls in sorted(session.classes.items())
        ],
        title=session.title,
        blind=session.blind,
        note=note,
        by=by,
        second_by=second_by,
        selling_locations=list(session.selling_locations),
    )


def session_info(s: CountSession) -> count_admin_pb2.CountSessionInfo:
    return count_admin_pb2.CountSessionInfo(
        session_id=s.session_id,
        store_code=s.store_code,
        origin=s.origin,
        state=s.state,
        scope=scope_message(s.scope),
        title=s.title,
        blind=s.blind,
        round=s.round,
        recount_skus=list(s.recount_skus),
        first_approver=s.first_approver,
        approved_by=s.approved_by,
        second_approved_by=s.second_approved_by,
        created_by=s.created_by,
        created_at_ms=s.created_at_ms,
        opened_seq=s.opened_seq,
        submitted_seq=s.submitted_seq,
        posted_seq=s.posted_seq,
        posted_at_ms=s.posted_at_ms,
        anomaly=s.anomaly,
        tolerance=tolerance_message(s.tolerance),
        selling_locations=list(s.selling_locations),
    )


def totals_message(t: st.Totals) -> count_admin_pb2.CountTotals:
    return count_admin_pb2.CountTotals(
        gain_qty_base=t.gain_qty_base,
        loss_qty_base=t.loss_qty_base,
        gain_minor=t.gain_minor,
        loss_minor=t.loss_minor,
        net_minor=t.net_minor,
        gross_minor=t.gross_minor,
        skus=t.skus,
        within=t.within,
    )


def report_message(report: SessionReport) -> count_admin_pb2.CountReport:
    return count_admin_pb2.CountReport(
        session=session_info(report.session),
        results=[
            count_admin_pb2.CountSkuResult(
                sku=r.sku,
                category=report.categories.get(r.sku, ""),
                abc_class=r.abc_class,
                book_qty_base=r.book_qty_base,
                counted_qty_base=r.counted_qty_base,
                variance_qty_base=r.variance_qty_base,
                unit_cost_minor=r.unit_cost_minor,
                value_minor=r.value_minor,
                within_tolerance=r.within_tolerance,
                recount_needed=r.recount_needed,
                round=r.round,
                moved_qty_base=r.moved_qty_base,
                counters=list(r.counters),
                locations=[
                    count_admin_pb2.CountPlace(location=place, qty_base=qty)
                    for place, qty in r.locations
                ],
            )
            for r in report.results
        ],
        totals=totals_message(report.totals),
        not_counted=report.not_counted,
        unknown_barcodes=[
            count_admin_pb2.UnknownBarcode(
                scanned_code=ln.scanned_code,
                location=ln.location,
                qty_base=ln.qty_base,
                counter=ln.counter,
                seq=ln.seq,
            )
            for ln in report.unknown_barcodes
        ],
        book_mismatches=report.book_mismatches,
        line_count=report.lines,
    )


def variance_message(report: VarianceReport) -> count_admin_pb2.CountVarianceReply:
    return count_admin_pb2.CountVarianceReply(
        session_id=report.session.session_id,
        store_code=report.session.store_code,
        by=report.by,
        rows=[
            count_admin_pb2.CountVarianceRow(
                key=r.key,
                skus=r.skus,
                book_qty_base=r.book_qty_base,
                counted_qty_base=r.counted_qty_base,
                gain_qty_base=r.gain_qty_base,
                loss_qty_base=r.loss_qty_base,
                gain_minor=r.gain_minor,
                loss_minor=r.loss_minor,
                net_minor=r.net_minor,
            )
            for r in report.rows
        ],
        totals=totals_message(report.totals),
    )


def plan_message(proposals: list[Proposal]) -> count_admin_pb2.PlanCountsReply:
    return count_admin_pb2.PlanCountsReply(
        proposals=[
            count_admin_pb2.CountProposal(
                store_code=p.store_code,
                abc_class=p.abc_class,
                skus=list(p.skus),
                session_id=p.session_id,
            )
            for p in proposals
        ]
    )
