"""Actions that move no goods but are recorded: a no-sale drawer open, a cart void."""

from __future__ import annotations

from common.errors import InvalidInput
from common.ids import new_document_id
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.services.approving import use_approval
from edge_agent.services.context import StoreContext
from edge_agent.services.recording import record
from edge_agent.store import shifts


def no_sale(ctx: StoreContext, till_id: str, cashier: str, approval_id: str, reason: str) -> int:
    """Record an approved no-sale (the servicer opens the drawer after commit); its seq."""
    if not reason.strip():
        raise InvalidInput("a no-sale needs a reason (e.g. 'change for the float')")
    with ctx.db.write() as conn:
        shift = shifts.open_shift_of(conn, till_id)
        body = ledger_pb2.NoSale(
            till_id=till_id, cashier=cashier, approval_id=approval_id, reason=reason
        )
        entry = record(conn, "no_sale", new_document_id(), cashier, "no_sale", body)
        use_approval(conn, ctx, "no_sale", "no sale", approval_id, till_id, entry.seq)
        shifts.insert_till_action(
            conn,
            entry.seq,
            till_id,
            shift.shift_id if shift else "",
            "no_sale",
            entry.occurred_at_ms,
        )
    return entry.seq


def void_cart(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    scope: str,
    lines: list[ledger_pb2.SaleLine],
    approval_id: str,
) -> int:
    """Record lines (one per void) or a whole cart voided before payment; its seq.

    A line void is approved as "SKU <sku> qty <qty>"; a sale void as
    "sale total <total>" where the total is the sum of the voided lines' amounts.
    """
    if scope not in ("line", "sale"):
        raise InvalidInput(f"a void is of a 'line' or the whole 'sale', not {scope!r}")
    if not lines:
        raise InvalidInput("a void must list the lines it takes off the cart")
    if scope == "line":
        if len(lines) != 1:
            raise InvalidInput("void one line at a time; each line void has its own approval")
        action, details = "void_line", f"SKU {lines[0].sku} qty {lines[0].qty_base}"
    else:
        total = sum(line.amount_minor for line in lines)
        action, details = "void_sale", f"sale total {total}"
    with ctx.db.write() as conn:
        shift = shifts.open_shift_of(conn, till_id)
        body = ledger_pb2.CartVoid(
            till_id=till_id, cashier=cashier, scope=scope, lines=lines, approval_id=approval_id
        )
        entry = record(conn, "cart_void", new_document_id(), cashier, "cart_void", body)
        use_approval(conn, ctx, action, details, approval_id, till_id, entry.seq)
        shifts.insert_till_action(
            conn,
            entry.seq,
            till_id,
            shift.shift_id if shift else "",
            "void",
            entry.occurred_at_ms,
        )
    return entry.seq
