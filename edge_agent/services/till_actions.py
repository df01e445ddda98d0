"""Actions that move no goods but are recorded: a no-sale drawer open, a cart void."""

from __future__ import annotations

from common import journal_kinds as jk
from common.ids import new_document_id
from edge_agent.domain.sale_record import RecordedLine
from edge_agent.domain.till_actions import (
    CartVoid,
    NoSale,
    check_no_sale_reason,
    void_approval,
)
from edge_agent.services.approving import use_approval
from edge_agent.services.context import StoreContext


def no_sale(ctx: StoreContext, till_id: str, cashier: str, approval_id: str, reason: str) -> int:
    """Record an approved no-sale (the servicer opens the drawer after commit); its seq."""
    body = NoSale(till_id, cashier, approval_id, check_no_sale_reason(reason))
    with ctx.db.write() as uow:
        shift = uow.shifts.open_shift_of(till_id)
        entry = uow.journal.append(jk.NO_SALE, new_document_id(), cashier, body)
        use_approval(uow, ctx, "no_sale", "no sale", approval_id, till_id, entry.seq)
        uow.shifts.insert_till_action(
            entry.seq, till_id, shift.shift_id if shift else "", "no_sale", entry.occurred_at_ms
        )
    return entry.seq


def void_cart(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    scope: str,
    lines: list[RecordedLine],
    approval_id: str,
) -> int:
    """Record lines (one per void) or a whole cart voided before payment; its seq."""
    voided = tuple(lines)
    action, details = void_approval(scope, voided)
    body = CartVoid(till_id, cashier, scope, voided, approval_id)
    with ctx.db.write() as uow:
        shift = uow.shifts.open_shift_of(till_id)
        entry = uow.journal.append(jk.CART_VOID, new_document_id(), cashier, body)
        use_approval(uow, ctx, action, details, approval_id, till_id, entry.seq)
        uow.shifts.insert_till_action(
            entry.seq, till_id, shift.shift_id if shift else "", "void", entry.occurred_at_ms
        )
    return entry.seq
