"""Write-offs: WriteOffInfo in replies, WriteOffOrder sent to the store, their lines."""

from __future__ import annotations

from common.pb.storeledger.v1 import write_offs_pb2
from headoffice.domain.write_offs import WriteOff


def write_off_lines(write_off: WriteOff) -> list[write_offs_pb2.WriteOffLine]:
    return [
        write_offs_pb2.WriteOffLine(
            sku=ln.sku,
            qty_base=ln.qty_base,
            unit_cost_minor=ln.unit_cost_minor,
            value_minor=ln.value_minor,
        )
        for ln in write_off.lines
    ]


def write_off_order(write_off: WriteOff) -> write_offs_pb2.WriteOffOrder:
    return write_offs_pb2.WriteOffOrder(
        write_off_id=write_off.write_off_id,
        decision=write_off.state,
        reason=write_off.reason,
        note=write_off.note,
        lines=write_off_lines(write_off),
        value_minor=write_off.value_minor,
        requested_by=write_off.requested_by,
        decided_by=write_off.decided_by,
        decision_note=write_off.decision_note,
        origin=write_off.origin,
    )


def write_off_info(write_off: WriteOff) -> write_offs_pb2.WriteOffInfo:
    return write_offs_pb2.WriteOffInfo(
        write_off_id=write_off.write_off_id,
        store_code=write_off.store_code,
        origin=write_off.origin,
        state=write_off.state,
        reason=write_off.reason,
        note=write_off.note,
        lines=write_off_lines(write_off),
        value_minor=write_off.value_minor,
        threshold_minor=write_off.threshold_minor,
        requested_by=write_off.requested_by,
        requested_at_ms=write_off.requested_at_ms,
        decided_by=write_off.decided_by,
        decided_at_ms=write_off.decided_at_ms,
        decision_note=write_off.decision_note,
        done_seq=write_off.done_seq,
        done_at_ms=write_off.done_at_ms,
    )


def requested_items(request: write_offs_pb2.RequestWriteOffRequest) -> list[tuple[str, int]]:
    return [(item.sku, item.qty_base) for item in request.items]
