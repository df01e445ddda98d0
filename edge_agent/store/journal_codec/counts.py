"""Stocktake documents (count sessions, count lines, postings) <-> protobuf (stocktake.proto)."""

from __future__ import annotations

from collections.abc import Iterable

from common.domain.stocktake import CountedLine, Scope, SkuResult, Tolerance
from common.pb.storeledger.v1 import stocktake_pb2
from edge_agent.domain.counts import (
    CountLineEntry,
    CountPostingEntry,
    KeyItemsEntry,
    SessionEvent,
)


def scope_pb(scope: Scope) -> stocktake_pb2.CountScope:
    return stocktake_pb2.CountScope(
        kind=scope.kind,
        categories=scope.categories,
        locations=scope.locations,
        abc_classes=scope.abc_classes,
        skus=scope.skus,
    )


def scope_of(m: stocktake_pb2.CountScope) -> Scope:
    return Scope(
        m.kind,
        categories=tuple(m.categories),
        locations=tuple(m.locations),
        abc_classes=tuple(m.abc_classes),
        skus=tuple(sorted(set(m.skus))),
    )


def tolerance_pb(t: Tolerance) -> stocktake_pb2.CountTolerance:
    return stocktake_pb2.CountTolerance(
        a_bp=t.a_bp,
        b_bp=t.b_bp,
        c_bp=t.c_bp,
        value_minor=t.value_minor,
        second_approval_minor=t.second_approval_minor,
    )


def tolerance_of(m: stocktake_pb2.CountTolerance) -> Tolerance:
    """The order's tolerance; a message with every field zero means the defaults."""
    if m.ByteSize() == 0:
        return Tolerance()
    return Tolerance(m.a_bp, m.b_bp, m.c_bp, m.value_minor, m.second_approval_minor)


def classes_pb(classes: Iterable[tuple[str, str]]) -> list[stocktake_pb2.SkuClass]:
    return [stocktake_pb2.SkuClass(sku=sku, abc_class=c) for sku, c in sorted(classes)]


def session_event_pb(e: SessionEvent) -> stocktake_pb2.CountSessionEvent:
    message = stocktake_pb2.CountSessionEvent(
        session_id=e.session_id,
        event=e.event,
        origin=e.origin,
        classes=classes_pb(e.classes),
        title=e.title,
        blind=e.blind,
        note=e.note,
        recount_skus=e.recount_skus,
        round=e.round,
        by=e.by,
        selling_locations=e.selling_locations,
    )
    if e.scope is not None:
        message.scope.CopyFrom(scope_pb(e.scope))
    if e.tolerance is not None:
        message.tolerance.CopyFrom(tolerance_pb(e.tolerance))
    return message


def count_line_pb(e: CountLineEntry) -> stocktake_pb2.CountLine:
    ln = e.line
    return stocktake_pb2.CountLine(
        session_id=e.session_id,
        line_id=ln.line_id,
        sku=ln.sku,
        scanned_code=ln.scanned_code,
        location=ln.location,
        qty_base=ln.qty_base,
        reason=ln.reason,
        round=ln.round,
        book_qty_base=ln.book_qty_base,
        counter=ln.counter,
    )


def counted_line_of(m: stocktake_pb2.CountLine, seq: int) -> CountedLine:
    return CountedLine(
        seq=seq,
        sku=m.sku,
        qty_base=m.qty_base,
        round=m.round,
        book_qty_base=m.book_qty_base,
        counter=m.counter,
        location=m.location,
        reason=m.reason,
        scanned_code=m.scanned_code,
        line_id=m.line_id,
    )


def result_line_pb(r: SkuResult) -> stocktake_pb2.CountResultLine:
    return stocktake_pb2.CountResultLine(
        sku=r.sku,
        book_qty_base=r.book_qty_base,
        counted_qty_base=r.counted_qty_base,
        variance_qty_base=r.variance_qty_base,
        unit_cost_minor=r.unit_cost_minor,
        value_minor=r.value_minor,
        abc_class=r.abc_class,
        within_tolerance=r.within_tolerance,
        round=r.round,
        moved_qty_base=r.moved_qty_base,
    )


def count_posting_pb(p: CountPostingEntry) -> stocktake_pb2.CountPosting:
    return stocktake_pb2.CountPosting(
        session_id=p.session_id,
        lines=[result_line_pb(r) for r in p.lines],
        approved_by=p.approved_by,
        second_approved_by=p.second_approved_by,
        part=p.part,
        parts=p.parts,
    )


def key_items_pb(e: KeyItemsEntry) -> stocktake_pb2.KeyItemsSet:
    return stocktake_pb2.KeyItemsSet(
        skus=list(e.skus), by=e.by, origin=e.origin, order_cursor=e.order_cursor
    )


def session_event_of(m: stocktake_pb2.CountSessionEvent) -> SessionEvent:
    """The inverse of session_event_pb (a scope or tolerance the entry lacks stays None)."""
    return SessionEvent(
        session_id=m.session_id,
        event=m.event,
        origin=m.origin,
        scope=scope_of(m.scope) if m.HasField("scope") else None,
        tolerance=tolerance_of(m.tolerance) if m.HasField("tolerance") else None,
        classes=tuple((c.sku, c.abc_class) for c in m.classes),
        title=m.title,
        blind=m.blind,
        note=m.note,
        recount_skus=tuple(m.recount_skus),
        round=m.round,
        by=m.by,
        selling_locations=tuple(m.selling_locations),
    )


def count_posting_of(m: stocktake_pb2.CountPosting) -> CountPostingEntry:
    """A posting's approvals and part, without its result lines (what a rebuild needs)."""
    return CountPostingEntry(
        session_id=m.session_id,
        lines=(),
        approved_by=m.approved_by,
        second_approved_by=m.second_approved_by,
        part=m.part,
        parts=m.parts,
    )


def key_items_of(m: stocktake_pb2.KeyItemsSet) -> KeyItemsEntry:
    return KeyItemsEntry(skus=tuple(m.skus), by=m.by, origin=m.origin, order_cursor=m.order_cursor)
