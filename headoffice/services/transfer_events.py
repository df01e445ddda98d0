"""What every transfer change shares: the message both stores get, and its audit record.

Each change of a transfer's state is sent down to BOTH stores (TransferChanged),
inside the change's own transaction; the caller wakes the streams after commit.
"""

from __future__ import annotations

from headoffice.domain.store_events import TransferChanged
from headoffice.domain.transfers import Transfer, in_transit_value, loss_value
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort


def publish(uow: UnitOfWorkPort, row: Transfer, now_ms: int) -> None:
    """Queue the transfer as it now is for both its stores."""
    event = TransferChanged(row)
    for store_code in (row.from_store, row.to_store):
        uow.downstream.enqueue_store_event(store_code, event, now_ms)


def record_change(
    uow: UnitOfWorkPort,
    actor: str,
    action: str,
    before: Transfer | None,
    after: Transfer,
    now_ms: int,
) -> None:
    """Audit one change of a transfer (call last in the transaction: it locks the chain head)."""
    after_state = after.audit_state()
    after_state["in_transit_value_minor"] = in_transit_value(after)
    after_state["loss_value_minor"] = loss_value(after)
    audit.record(
        uow,
        actor,
        action,
        "transfer",
        after.transfer_id,
        before.audit_state() if before is not None else None,
        after_state,
        now_ms=now_ms,
    )
