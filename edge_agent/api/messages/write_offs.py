"""The store's write-offs (pos writeoff/writeoffs) and head office's decisions coming down."""

from __future__ import annotations

from collections.abc import Iterable

from common.pb.storeledger.v1 import write_offs_pb2
from edge_agent.domain.write_offs import StoreWriteOff, WriteOffDecision, WriteOffLine
from edge_agent.store.journal_codec.stock import write_off_line_pb


def store_write_off_pb(row: StoreWriteOff) -> write_offs_pb2.StoreWriteOff:
    return write_offs_pb2.StoreWriteOff(
        write_off_id=row.write_off_id,
        origin=row.origin,
        state=row.state,
        reason=row.reason,
        note=row.note,
        lines=[write_off_line_pb(line) for line in row.lines],
        value_minor=row.value_minor,
        requested_by=row.requested_by,
        requested_at_ms=row.requested_at_ms,
        decided_by=row.decided_by,
        decision_note=row.decision_note,
        seq=row.seq,
        request_seq=row.request_seq,
    )


def items(given: Iterable[write_offs_pb2.WriteOffItem]) -> list[tuple[str, int]]:
    return [(item.sku, item.qty_base) for item in given]


def write_off_decision(order: write_offs_pb2.WriteOffOrder) -> WriteOffDecision:
    return WriteOffDecision(
        write_off_id=order.write_off_id,
        decision=order.decision,
        reason=order.reason,
        note=order.note,
        lines=tuple(WriteOffLine(ln.sku, ln.qty_base, ln.unit_cost_minor) for ln in order.lines),
        value_minor=order.value_minor,
        requested_by=order.requested_by,
        decided_by=order.decided_by,
        decision_note=order.decision_note,
        origin=order.origin,
    )
