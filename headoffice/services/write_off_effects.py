"""What head office does when a store's write-off documents arrive in its journal.

A WriteOffRequest opens a pending write-off for a manager to decide; a
WriteOff closes the approved write-off it commits as done, or records a
store's own write-off at or below the threshold (done at once). These run
inside apply_batch's transaction (services.effects) and never raise: the
store has committed the entry already, so a mismatch is recorded, not refused.
"""

from __future__ import annotations

import logging

from common import journal_kinds as jk
from common.logs import log_event
from headoffice.domain.documents import JournalDocument, WriteOffBody, WriteOffRequestBody
from headoffice.domain.write_offs import WriteOff, total_value
from headoffice.services import audit
from headoffice.services.effects import effect, store_actor
from headoffice.services.ports import UnitOfWorkPort

log = logging.getLogger(__name__)


@effect(jk.WRITE_OFF_REQUEST, body=WriteOffRequestBody)
def on_write_off_request(
    uow: UnitOfWorkPort,
    store_code: str,
    entry: JournalDocument[WriteOffRequestBody],
    now_ms: int,
) -> bool:
    """A store asked for approval: open a pending write-off for head office's managers."""
    body = entry.body
    write_off_id = body.write_off_id or entry.document_id
    if uow.write_offs.get(write_off_id) is not None:
        log_event(log, logging.WARNING, "write-off request already known", store=store_code,
                  write_off_id=write_off_id, seq=entry.seq)  # fmt: skip
        return False
    lines = body.lines
    row = WriteOff(
        write_off_id=write_off_id,
        store_code=store_code,
        origin="store",
        state="pending",
        reason=body.reason[:16],
        note=body.note[:500],
        value_minor=body.value_minor or total_value(lines),
        threshold_minor=body.threshold_minor,
        requested_by=entry.actor,
        requested_at_ms=entry.occurred_at_ms,
        lines=lines,
    )
    uow.write_offs.insert(row)
    audit.record(uow, store_actor(store_code, entry), "write_off.request", "write_off", write_off_id,
                 None, row.as_dict(), now_ms)  # fmt: skip
    return False


@effect(jk.WRITE_OFF, body=WriteOffBody)
def on_write_off(
    uow: UnitOfWorkPort, store_code: str, entry: JournalDocument[WriteOffBody], now_ms: int
) -> bool:
    """The store moved the stock: close the write-off it commits, or record its own as done."""
    body = entry.body
    write_off_id = body.write_off_id or entry.document_id
    before = uow.write_offs.get(write_off_id, lock=True)
    if before is None:
        lines = body.lines
        row = WriteOff(
            write_off_id=write_off_id,
            store_code=store_code,
            origin=body.origin or "store",
            state="done",
            reason=body.reason[:16],
            note=body.note[:500],
            value_minor=body.value_minor or total_value(lines),
            threshold_minor=0,
            requested_by=entry.actor,
            requested_at_ms=entry.occurred_at_ms,
            decided_by=body.approved_by[:64],
            done_seq=entry.seq,
            done_at_ms=entry.occurred_at_ms,
            lines=lines,
        )
        uow.write_offs.insert(row)
        audit.record(uow, store_actor(store_code, entry), "write_off.done", "write_off", write_off_id,
                     None, row.as_dict(), now_ms)  # fmt: skip
        return False
    if before.state == "done":
        return False
    if before.state != "approved" or before.store_code != store_code:
        # The store's ledger is the fact: record what it did and say it was unexpected.
        log_event(log, logging.WARNING, "store committed a write-off that was not approved",
                  store=store_code, write_off_id=write_off_id, state=before.state,
                  seq=entry.seq)  # fmt: skip
    after = before.with_(state="done", done_seq=entry.seq, done_at_ms=entry.occurred_at_ms)
    uow.write_offs.update(after)
    audit.record(uow, store_actor(store_code, entry), "write_off.done", "write_off", write_off_id,
                 before.as_dict(), after.as_dict(), now_ms)  # fmt: skip
    return False
