"""Transfer use cases at head office: create, list, show, cancel, resolve, stock in transit.

Each change runs in one transaction: the transfer, the events for both
stores and the audit record commit together. A store manager acts only on
transfers that touch one of their stores (either side).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.domain.transfer_states import (
    CANCELLED,
    CORRECTING,
    CORRECTION,
    DISCREPANCY,
    IN_TRANSIT_STATES,
    OPEN,
    RESOLVED,
    STATES,
)
from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.errors import StoreDisabled, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.transfers import (
    InTransitLine,
    LineState,
    Transfer,
    TransferRequest,
    UnknownTransfer,
    check_request,
    check_resolution,
    in_transit_qty,
    negative_stock_warnings,
    parse_transfer_id,
    require_state,
    with_changes,
)
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.transfer_events import publish, record_change


@dataclass(frozen=True)
class Created:
    transfer: Transfer
    warnings: list[str]


def _check_visible(staff: Staff, row: Transfer) -> None:
    if not (staff.sees_store(row.from_store) or staff.sees_store(row.to_store)):
        staff.check_store(row.to_store)


def create_transfer(
    uow: UnitOfWorkPort,
    staff: Staff,
    from_store: str,
    to_store: str,
    items: Iterable[tuple[str, int]],
    negative_stock: str = "refuse",
    now_ms: int | None = None,
) -> Created:
    """Create an open transfer and tell both stores; refused whole with one sentence."""
    request = check_request(from_store, to_store, items)
    if not (staff.sees_store(from_store) or staff.sees_store(to_store)):
        staff.check_store(from_store)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        created = add_transfer(uow, staff, request, negative_stock, now)
        uow.commit()
    return created


def add_transfer(
    uow: UnitOfWorkPort, staff: Staff, request: TransferRequest, negative_stock: str, now: int
) -> Created:
    """Create a checked transfer inside the caller's open transaction (which commits it):
    create_transfer's, or a replenishment approval's with its other documents."""
    for code in (request.from_store, request.to_store):
        store = uow.stores.get_store(code)
        if store is None:
            raise UnknownStore(code)
        if store.disabled:
            raise StoreDisabled(code)
    skus = [sku for sku, _qty in request.lines]
    known = uow.catalogue.products_by_sku(skus)
    missing = [sku for sku in skus if sku not in known]
    if missing:
        raise UnknownProduct(*missing)
    on_hand = uow.levels.levels(request.from_store, skus)
    warnings = negative_stock_warnings(request.from_store, request.lines, on_hand, negative_stock)
    number = uow.transfers.insert_transfer(
        request.from_store, request.to_store, request.lines, staff.username, now
    )
    row = uow.transfers.get_transfer(number)
    assert row is not None
    publish(uow, row, now)
    record_change(uow, staff.username, "transfer.create", None, row, now)
    return Created(row, warnings)


def _locked(uow: UnitOfWorkPort, staff: Staff, transfer_id: str) -> Transfer:
    row = uow.transfers.get_transfer(parse_transfer_id(transfer_id), lock=True)
    if row is None:
        raise UnknownTransfer(transfer_id)
    _check_visible(staff, row)
    return row


def show_transfer(uow: UnitOfWorkPort, staff: Staff, transfer_id: str) -> Transfer:
    number = parse_transfer_id(transfer_id)
    with uow:
        row = uow.transfers.get_transfer(number)
    if row is None:
        raise UnknownTransfer(transfer_id)
    _check_visible(staff, row)
    return row


def list_transfers(
    uow: UnitOfWorkPort, staff: Staff, state: str = "", store_code: str = ""
) -> list[Transfer]:
    if state and state not in STATES:
        raise InvalidInput(
            _("transfer state {state} is not one of {states}").format(
                state=repr(state), states=", ".join(STATES)
            )
        )
    if store_code:
        staff.check_store(store_code)
    with uow:
        rows = uow.transfers.list_transfers(state, store_code)
    return [r for r in rows if staff.sees_store(r.from_store) or staff.sees_store(r.to_store)]


def cancel_transfer(
    uow: UnitOfWorkPort, staff: Staff, transfer_id: str, now_ms: int | None = None
) -> Transfer:
    """Cancel a transfer the sender has not shipped yet; both stores hear of it."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = _locked(uow, staff, transfer_id)
        require_state(before.transfer_id, before.state, (OPEN,), "cancelled")
        after = with_changes(before, state=CANCELLED, updated_at_ms=now)
        uow.transfers.save(before, after)
        publish(uow, after, now)
        record_change(uow, staff.username, "transfer.cancel", before, after, now)
        uow.commit()
    return after


def resolve_transfer(
    uow: UnitOfWorkPort, staff: Staff, transfer_id: str, resolution: str, now_ms: int | None = None
) -> Transfer:
    """Resolve a discrepancy: a transit loss is written off and closes the transfer; a
    correction asks the sender's edge to take the difference back into its ledger (the
    transfer is `correcting` until that journal entry reaches head office)."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = _locked(uow, staff, transfer_id)
        require_state(before.transfer_id, before.state, (DISCREPANCY,), "resolved")
        wanted = check_resolution(before.transfer_id, resolution, before.lines)
        lines = tuple(
            LineState(
                sku=line.sku,
                qty_base=line.qty_base,
                shipped_qty_base=line.shipped_qty_base,
                received_qty_base=line.received_qty_base,
                unit_cost_minor=line.unit_cost_minor,
                resolved_qty_base=line.difference,
            )
            for line in before.lines
        )
        after = with_changes(
            before,
            state=CORRECTING if wanted == CORRECTION else RESOLVED,
            resolution=wanted,
            resolved_by=staff.username,
            resolved_at_ms=now,
            updated_at_ms=now,
            lines=lines,
        )
        uow.transfers.save(before, after)
        publish(uow, after, now)
        record_change(uow, staff.username, f"transfer.resolve.{wanted}", before, after, now)
        uow.commit()
    return after


def in_transit(uow: UnitOfWorkPort, staff: Staff, store_code: str = "") -> list[InTransitLine]:
    """Every SKU of every transfer still on its way (or unaccounted for), valued at the
    sender's cost when it shipped."""
    if store_code:
        staff.check_store(store_code)
    with uow:
        rows = uow.transfers.in_transit_transfers(IN_TRANSIT_STATES)
    out = []
    for row in rows:
        if store_code and store_code not in (row.from_store, row.to_store):
            continue
        if not (staff.sees_store(row.from_store) or staff.sees_store(row.to_store)):
            continue
        for line in row.lines:
            qty = in_transit_qty(row.state, line)
            if qty:
                out.append(
                    InTransitLine(
                        row.transfer_id,
                        row.from_store,
                        row.to_store,
                        row.state,
                        line.sku,
                        qty,
                        line.unit_cost_minor,
                    )
                )
    return out
