"""Write-offs at the store: write off now or ask head office, and apply head office's answers.

Stock moves only here, in the store's ledger: a write-off at or below the
threshold commits at once (journal body WriteOff, WRITE_OFF movements); above
it the store journals a WriteOffRequest (nothing moves) and waits. Head
office's decision then either commits the approved write-off (the same id,
once) or marks the request rejected; its policy sets the threshold.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from common import journal_kinds as jk
from common.clock import now_ms
from common.domain.typed_text import clean_note
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.idempotency import keyed
from edge_agent.domain.write_offs import (
    StoreWriteOff,
    WriteOff,
    WriteOffDecision,
    WriteOffRequest,
    check_state,
    plan_write_off,
)
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once
from edge_agent.services.keys import remember, replayed
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

NOTE_MAX = 500


@dataclass(frozen=True)
class WriteOffResult:
    row: StoreWriteOff
    threshold_minor: int


def write_off_stock(
    ctx: StoreContext,
    items: Sequence[tuple[str, int]],
    reason: str,
    note: str = "",
    actor: str = "",
    idempotency_key: str = "",
    confirm_negative: bool = False,
) -> WriteOffResult:
    """Write off now (at or below the threshold) or journal a request for approval.

    The note is typed text (common.domain.typed_text: card data refused or reduced). A
    retry with the write-off's idempotency key and the same content returns it; the key
    with other content is refused. Valued at the moving-average cost of this moment; one
    larger than the stock is refused unless `confirm_negative` (the second confirmation)."""
    note = clean_note(_("the write-off note"), note, NOTE_MAX)
    keyed_request = keyed("write_off", idempotency_key, (list(items), reason, note))
    with ctx.db.write() as uow:
        recorded = replayed(uow, keyed_request)
        if recorded is not None:
            done = uow.write_offs.at_seq(recorded)
            assert done is not None
            return WriteOffResult(done, uow.write_offs.threshold())
        threshold = uow.write_offs.threshold()
        plan = plan_write_off(
            items, reason, threshold, uow.catalogue.find_product,
            lambda product: uow.stock.position(product.sku, product.cost_minor),
            confirm_negative,
        )  # fmt: skip
        at = now_ms()
        row = StoreWriteOff(
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
            request = WriteOffRequest(
                row.write_off_id, row.reason, note, row.lines, row.value_minor, threshold
            )
            entry = uow.journal.append(
                jk.WRITE_OFF_REQUEST, row.write_off_id, actor, request, occurred_at_ms=at
            )
            row = row.with_(request_seq=entry.seq)
        else:
            row = row.with_(seq=_commit(uow, row, actor, "", at))
        uow.write_offs.save(row)
        remember(uow, keyed_request, row.seq or row.request_seq)
    log_event(log, logging.INFO, "write-off recorded", write_off_id=row.write_off_id,
              state=row.state, value_minor=row.value_minor, reason=row.reason)  # fmt: skip
    return WriteOffResult(row, threshold)


def _commit(uow: UnitOfWork, row: StoreWriteOff, actor: str, approved_by: str, at: int) -> int:
    """Journal the write-off with its WRITE_OFF movements; returns the entry's seq."""
    body = WriteOff(
        row.write_off_id, row.reason, row.note, row.lines, row.value_minor, row.origin, approved_by
    )
    entry = uow.journal.append(
        jk.WRITE_OFF, row.write_off_id, actor, body, row.movements(), occurred_at_ms=at
    )
    return entry.seq


def apply_write_off_decision(ctx: StoreContext, order: WriteOffDecision, cursor: int) -> bool:
    """Commit an approved write-off once, or mark a request rejected; the cursor with it."""

    def work(uow: UnitOfWork) -> None:
        known = uow.write_offs.get(order.write_off_id)
        if known is not None and known.state in ("done", "rejected"):
            return  # already applied (a replay that outran the cursor)
        row = known or StoreWriteOff(
            write_off_id=order.write_off_id,
            origin=order.origin or "head_office",
            state="pending",
            reason=order.reason,
            note=order.note,
            value_minor=order.value_minor,
            requested_by=order.requested_by,
            requested_at_ms=now_ms(),
            lines=order.lines,
        )
        row = row.with_(decided_by=order.decided_by, decision_note=order.decision_note)
        if order.decision == "approved":
            # The movement's "who" is whoever asked; the body names who approved it.
            actor = row.requested_by or order.decided_by
            seq = _commit(uow, row, actor, order.decided_by, now_ms())
            row = row.with_(state="done", seq=seq)
        elif order.decision == "rejected":
            row = row.with_(state="rejected")
        else:
            log_event(log, logging.WARNING, "write-off order with an unknown decision",
                      write_off_id=order.write_off_id, decision=order.decision)  # fmt: skip
            return
        uow.write_offs.save(row)

    applied = apply_once(ctx, cursor, work)
    if applied:
        log_event(log, logging.INFO, "write-off order applied", write_off_id=order.write_off_id,
                  decision=order.decision)  # fmt: skip
    return applied


def apply_write_off_threshold(ctx: StoreContext, threshold_minor: int, cursor: int) -> bool:
    return apply_once(ctx, cursor, lambda uow: uow.write_offs.set_threshold(threshold_minor))


def list_write_offs(ctx: StoreContext, state: str = "") -> tuple[list[StoreWriteOff], int]:
    """The store's write-offs, newest first, and its current threshold."""
    check_state(state)
    with ctx.db.read() as uow:
        return uow.write_offs.select(state), uow.write_offs.threshold()
