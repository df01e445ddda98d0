"""Write-offs at head office: ask for one, approve or reject it, list and show them.

Each change commits with its audit record and, when the store must act, the
WriteOffOrder queued for it; the caller wakes the downstream streams after
commit. Stock never moves here: the store commits an approved write-off in
its own ledger and the journal brings it back (write_off_effects).
"""

from __future__ import annotations

from collections.abc import Sequence

from common.clock import now_ms as clock_now_ms
from common.domain.typed_text import clean_note
from common.i18n import _
from common.ids import check_store_code, new_document_id
from headoffice.domain.errors import StoreDisabled, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.store_events import WriteOffDecided
from headoffice.domain.write_offs import (
    AUTO_APPROVER,
    InvalidWriteOff,
    UnknownWriteOff,
    WriteOff,
    check_decision,
    check_reason,
    check_rejection_note,
    check_state,
    merge_items,
    needs_approval,
    total_value,
    value_lines,
)
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort

NOTE_MAX = 500


def check_note(note: str) -> str:
    """A note as typed text (common.domain.typed_text): no control characters, card data
    refused or reduced, at most NOTE_MAX characters."""
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidWriteOff(
            _("a write-off note may have at most {most} characters").format(most=NOTE_MAX)
        )
    return clean_note(_("the write-off note"), note, NOTE_MAX)


def request_write_off(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    reason: str,
    items: Sequence[tuple[str, int]],
    note: str = "",
    now_ms: int | None = None,
) -> WriteOff:
    """Ask for a write-off at a store, valued at the store's moving-average cost.

    At or below the threshold it is approved at once (nobody need decide) and
    sent to the store; above it it waits, pending, for another manager.
    """
    check_store_code(store_code)
    check_reason(reason)
    note = check_note(note)
    merged = merge_items(items)
    staff.check_store(store_code)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        store = uow.stores.get_store(store_code)
        if store is None:
            raise UnknownStore(store_code)
        if store.disabled:
            raise StoreDisabled(store_code)
        skus = [sku for sku, _qty in merged]
        costs = uow.catalogue.costs(skus)
        missing = [sku for sku in skus if sku not in costs]
        if missing:
            raise UnknownProduct(*missing)
        costs.update(uow.levels.average_costs(store_code, skus))
        lines = value_lines(merged, costs)
        value = total_value(lines)
        threshold = uow.write_offs.threshold()
        row = WriteOff(
            write_off_id=new_document_id(),
            store_code=store_code,
            origin="head_office",
            state="pending",
            reason=reason,
            note=note,
            value_minor=value,
            threshold_minor=threshold,
            requested_by=staff.username,
            requested_at_ms=now,
            lines=tuple(lines),
        )
        if not needs_approval(value, threshold):
            row = row.with_(state="approved", decided_by=AUTO_APPROVER, decided_at_ms=now)
        uow.write_offs.insert(row)
        if row.state == "approved":
            _send_decision(uow, row, now)
        audit.record(
            uow, staff.username, "write_off.request", "write_off", row.write_off_id,
            None, row.as_dict(), now,
        )  # fmt: skip
        uow.commit()
    return row


def approve_write_off(
    uow: UnitOfWorkPort, staff: Staff, write_off_id: str, note: str = "", now_ms: int | None = None
) -> WriteOff:
    """A manager approves a pending write-off (never their own); the store is told to commit it."""
    return _decide(uow, staff, write_off_id, check_note(note), True, now_ms)


def reject_write_off(
    uow: UnitOfWorkPort, staff: Staff, write_off_id: str, note: str, now_ms: int | None = None
) -> WriteOff:
    """A manager rejects a pending write-off, saying why; the store shows it as rejected."""
    return _decide(uow, staff, write_off_id, check_note(check_rejection_note(note)), False, now_ms)


def _decide(
    uow: UnitOfWorkPort,
    staff: Staff,
    write_off_id: str,
    note: str,
    approving: bool,
    now_ms: int | None,
) -> WriteOff:
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = uow.write_offs.get(write_off_id, lock=True)
        if before is None:
            raise UnknownWriteOff(write_off_id)
        staff.check_store(before.store_code)
        check_decision(write_off_id, before.state, before.requested_by, staff.username, approving)
        after = before.with_(
            state="approved" if approving else "rejected",
            decided_by=staff.username,
            decided_at_ms=now,
            decision_note=note,
        )
        uow.write_offs.update(after)
        _send_decision(uow, after, now)
        action = "write_off.approve" if approving else "write_off.reject"
        audit.record(
            uow, staff.username, action, "write_off", write_off_id,
            before.as_dict(), after.as_dict(), now,
        )  # fmt: skip
        uow.commit()
    return after


def _send_decision(uow: UnitOfWorkPort, write_off: WriteOff, now_ms: int) -> None:
    uow.downstream.enqueue_store_event(write_off.store_code, WriteOffDecided(write_off), now_ms)


def list_write_offs(
    uow: UnitOfWorkPort, staff: Staff, store_code: str = "", state: str = ""
) -> list[WriteOff]:
    """Newest first, only of the stores the caller sees."""
    check_state(state)
    if store_code:
        check_store_code(store_code)
        staff.check_store(store_code)
        codes: set[str] | None = {store_code}
    else:
        codes = None if staff.chain_wide else set(staff.stores)
    with uow:
        return uow.write_offs.select(codes, state)


def get_write_off(uow: UnitOfWorkPort, staff: Staff, write_off_id: str) -> WriteOff:
    with uow:
        row = uow.write_offs.get(write_off_id)
    if row is None:
        raise UnknownWriteOff(write_off_id)
    staff.check_store(row.store_code)
    return row
