"""Stocktake at the till (StoreCounts) and head office's count orders coming down.

Blind counting is kept here as well as in the service: a figure the viewer may not
see (book, variance, value, moved) is never put in the reply at all.
"""

from __future__ import annotations

from common.domain.count_sheets import SheetItem
from common.domain.stocktake import CountedLine, SkuResult, Totals
from common.pb.storeledger.v1 import stocktake_pb2, store_counts_pb2
from edge_agent.domain.counts import CountOrderIn, CountSession
from edge_agent.services.counting import CountReport
from edge_agent.store.journal_codec.counts import scope_of, scope_pb, tolerance_of, tolerance_pb


def session_pb(s: CountSession) -> store_counts_pb2.StoreCountSession:
    return store_counts_pb2.StoreCountSession(
        session_id=s.session_id,
        origin=s.origin,
        state=s.state,
        scope=scope_pb(s.scope),
        tolerance=tolerance_pb(s.tolerance),
        title=s.title,
        selling_locations=s.selling_locations,
        blind=s.blind,
        note=s.note,
        round=s.round,
        recount_skus=s.recount_skus,
        first_approver=s.first_approver,
        approved_by=s.approved_by,
        second_approved_by=s.second_approved_by,
        created_by=s.created_by,
        created_at_ms=s.created_at_ms,
        opened_seq=s.opened_seq,
        closed_seq=s.closed_seq,
    )


def line_pb(ln: CountedLine, reveal: bool) -> store_counts_pb2.StoreCountLine:
    return store_counts_pb2.StoreCountLine(
        seq=ln.seq,
        line_id=ln.line_id,
        sku=ln.sku,
        scanned_code=ln.scanned_code,
        location=ln.location,
        qty_base=ln.qty_base,
        reason=ln.reason,
        round=ln.round,
        counter=ln.counter,
        book_shown=reveal,
        book_qty_base=ln.book_qty_base if reveal else 0,
    )


def result_pb(r: SkuResult, reveal: bool) -> store_counts_pb2.StoreCountResult:
    message = store_counts_pb2.StoreCountResult(
        sku=r.sku,
        round=r.round,
        counted_qty_base=r.counted_qty_base,
        abc_class=r.abc_class,
        recount_needed=r.recount_needed,
        counters=r.counters,
        locations=[
            store_counts_pb2.CountLocation(location=loc, counted_qty_base=qty)
            for loc, qty in r.locations
        ],
        first_seq=r.first_seq,
        last_seq=r.last_seq,
        book_shown=reveal,
    )
    if reveal:
        message.book_qty_base = r.book_qty_base
        message.variance_qty_base = r.variance_qty_base
        message.moved_qty_base = r.moved_qty_base
        message.unit_cost_minor = r.unit_cost_minor
        message.value_minor = r.value_minor
        message.within_tolerance = r.within_tolerance
    return message


def totals_pb(t: Totals) -> store_counts_pb2.CountTotalsInfo:
    return store_counts_pb2.CountTotalsInfo(
        skus=t.skus,
        within=t.within,
        gain_qty_base=t.gain_qty_base,
        loss_qty_base=t.loss_qty_base,
        gain_minor=t.gain_minor,
        loss_minor=t.loss_minor,
        net_minor=t.net_minor,
        gross_minor=t.gross_minor,
    )


def report_pb(report: CountReport) -> store_counts_pb2.CountSessionReply:
    reveal = report.reveal
    reply = store_counts_pb2.CountSessionReply(
        session=session_pb(report.session),
        results=[result_pb(r, reveal) for r in report.results],
        not_counted=report.not_counted,
        unknown=[line_pb(ln, False) for ln in report.unknown],
        line_count=report.line_count,
        book_shown=reveal,
        needs_second_approval=report.needs_second_approval if reveal else False,
    )
    if reveal:
        reply.totals.CopyFrom(totals_pb(report.totals))
    else:
        reply.totals.CopyFrom(store_counts_pb2.CountTotalsInfo(skus=report.totals.skus))
    return reply


def sheet_item_pb(item: SheetItem) -> store_counts_pb2.CountSheetItem:
    return store_counts_pb2.CountSheetItem(
        location=item.location, sku=item.sku, barcode=item.barcode, name=item.name, unit=item.unit
    )


def count_order(order: stocktake_pb2.CountOrder) -> CountOrderIn:
    return CountOrderIn(
        session_id=order.session_id,
        action=order.action,
        scope=scope_of(order.scope) if order.HasField("scope") else None,
        tolerance=tolerance_of(order.tolerance) if order.HasField("tolerance") else None,
        classes=tuple((c.sku, c.abc_class) for c in order.classes),
        title=order.title,
        blind=order.blind,
        note=order.note,
        by=order.by,
        second_by=order.second_by,
        selling_locations=tuple(order.selling_locations),
    )
