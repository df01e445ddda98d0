"""Write-offs at the store: write off now or ask head office, and apply head office's answers.

Stock moves only here, in the store's ledger: a write-off at or below the
threshold commits at once (journal body WriteOff, WRITE_OFF movements); above
it the store journals a WriteOffRequest (nothing moves) and waits. Head
office's WriteOffOrder then either commits the approved write-off (the same
id, once) or marks the request rejected; its WriteOffPolicy sets the threshold.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from common.clock import now_ms
from common.ids import new_document_id
from common.logs import log_event
from common.pb.storeledger.v1 import write_offs_pb2
from edge_agent.domain.errors import InvalidInput
from edge_agent.domain.write_offs import WriteOffLine, plan_write_off
from edge_agent.services import recording
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.store import catalogue
from edge_agent.store import write_offs as store
from edge_agent.store.write_offs import StoreWriteOffRow

log = logging.getLogger(__name__)

NOTE_MAX = 500


@dataclass(frozen=True)
class WriteOffResult:
    row: StoreWriteOffRow
    threshold_minor: int


def write_off_stock(
    ctx: StoreContext,
    items: Sequence[tuple[str, int]],
    reason: str,
    note: str = "",
    actor: str = "",
) -> WriteOffResult:
    """Write off now (at or below the threshold) or journal a request for approval."""
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"a write-off note may have at most {NOTE_MAX} characters")
    with ctx.db.write() as conn:
        threshold = store.threshold(conn)
        plan = plan_write_off(
            items, reason, threshold, lambda code: catalogue.find_product(conn, code)
        )
        at = now_ms()
        row = StoreWriteOffRow(
            write_off_id=new_document_id(),
            origin="store",
            state="pending" if plan.needs_approval else "done",
            reason=plan.reason,
            note=note,
            value_minor=plan.value_minor,
            requested_by=actor,
            requested_at_ms=at,
            lines=plan.lines,
        )
        if plan.needs_approval:
            request = write_offs_pb2.WriteOffRequest(
                write_off_id=row.write_off_id,
                reason=row.reason,
                note=note,
                lines=_lines_pb(row.lines),
                value_minor=row.value_minor,
                threshold_minor=threshold,
            )
            entry = recording.record(
                conn, "write_off_request", row.write_off_id, actor, "write_off_request", request,
                occurred_at_ms=at,
            )  # fmt: skip
            row = row.with_(request_seq=entry.seq)
        else:
            row = row.with_(seq=_commit(conn, row, actor, "", at))
        store.save(conn, row)
    log_event(log, logging.INFO, "write-off recorded", write_off_id=row.write_off_id,
              state=row.state, value_minor=row.value_minor, reason=row.reason)  # fmt: skip
    return WriteOffResult(row, threshold)


def _commit(
    conn: sqlite3.Connection, row: StoreWriteOffRow, actor: str, approved_by: str, at: int
) -> int:
    """Journal the write-off with its WRITE_OFF movements; returns the entry's seq."""
    body = write_offs_pb2.WriteOff(
        write_off_id=row.write_off_id,
        reason=row.reason,
        note=row.note,
        lines=_lines_pb(row.lines),
        value_minor=row.value_minor,
        origin=row.origin,
        approved_by=approved_by,
    )
    entry = recording.record(
        conn, "write_off", row.write_off_id, actor, "write_off", body,
        movements=[(ln.sku, -ln.qty_base, "write_off") for ln in row.lines],
        occurred_at_ms=at,
    )  # fmt: skip
    return entry.seq


def _lines_pb(lines: Sequence[WriteOffLine]) -> list[write_offs_pb2.WriteOffLine]:
    return [
        write_offs_pb2.WriteOffLine(
            sku=ln.sku,
            qty_base=ln.qty_base,
            unit_cost_minor=ln.unit_cost_minor,
            value_minor=ln.value_minor,
        )
        for ln in lines
    ]


def apply_write_off_order(
    ctx: StoreContext, order: write_offs_pb2.WriteOffOrder, cursor: int
) -> bool:
    """Commit an approved write-off once, or mark a request rejected; the cursor with it."""

    def work(conn: sqlite3.Connection) -> None:
        known = store.get(conn, order.write_off_id)
        if known is not None and known.state in ("done", "rejected"):
            return  # already applied (a replay that outran the cursor)
        row = known or StoreWriteOffRow(
            write_off_id=order.write_off_id,
            origin=order.origin or "head_office",
            state="pending",
            reason=order.reason,
            note=order.note,
            value_minor=order.value_minor,
            requested_by=order.requested_by,
            requested_at_ms=now_ms(),
            lines=tuple(
                WriteOffLine(ln.sku, ln.qty_base, ln.unit_cost_minor) for ln in order.lines
            ),
        )
        row = row.with_(decided_by=order.decided_by, decision_note=order.decision_note)
        if order.decision == "approved":
            # The movement's "who" is whoever asked; the body names who approved it.
            actor = row.requested_by or order.decided_by
            seq = _commit(conn, row, actor, order.decided_by, now_ms())
            row = row.with_(state="done", seq=seq)
        elif order.decision == "rejected":
            row = row.with_(state="rejected")
        else:
            log_event(log, logging.WARNING, "write-off order with an unknown decision",
                      write_off_id=order.write_off_id, decision=order.decision)  # fmt: skip
            return
        store.save(conn, row)

    applied = apply_once(ctx, cursor, work)
    if applied:
        log_event(log, logging.INFO, "write-off order applied", write_off_id=order.write_off_id,
                  decision=order.decision)  # fmt: skip
    return applied


def apply_write_off_policy(
    ctx: StoreContext, policy: write_offs_pb2.WriteOffPolicy, cursor: int
) -> bool:
    threshold = policy.approval_threshold_minor
    return apply_once(ctx, cursor, lambda conn: store.set_threshold(conn, threshold))


def list_write_offs(ctx: StoreContext, state: str = "") -> tuple[list[StoreWriteOffRow], int]:
    """The store's write-offs, newest first, and its current threshold."""
    with ctx.db.read() as conn:
        return store.select(conn, state), store.threshold(conn)
