"""What every transfer change shares: the message both stores get, and its audit record.

Each change of a transfer's state is sent down to BOTH stores (downstream kind
`transfer`), inside the change's own transaction; the caller wakes the
streams after commit.
"""

from __future__ import annotations

from common.pb.storeledger.v1 import sync_pb2, transfers_pb2
from headoffice.domain.transfers import IN_TRANSIT_STATES, TRANSIT_LOSS, Transfer, in_transit_qty
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort


def order_message(row: Transfer) -> transfers_pb2.TransferOrder:
    return transfers_pb2.TransferOrder(
        transfer_id=row.transfer_id,
        from_store=row.from_store,
        to_store=row.to_store,
        state=row.state,
        created_at_ms=row.created_at_ms,
        created_by=row.created_by,
        resolution=row.resolution,
        lines=[
            transfers_pb2.TransferLine(
                sku=line.sku,
                qty_base=line.qty_base,
                shipped_qty_base=line.shipped_qty_base,
                received_qty_base=line.received_qty_base,
                unit_cost_minor=line.unit_cost_minor,
                resolved_qty_base=line.resolved_qty_base,
            )
            for line in row.lines
        ],
    )


def in_transit_value(row: Transfer) -> int:
    if row.state not in IN_TRANSIT_STATES:
        return 0
    return sum(in_transit_qty(row.state, line) * line.unit_cost_minor for line in row.lines)


def loss_value(row: Transfer) -> int:
    if row.resolution != TRANSIT_LOSS:
        return 0
    return sum(line.resolved_qty_base * line.unit_cost_minor for line in row.lines)


def publish(uow: UnitOfWorkPort, row: Transfer, now_ms: int) -> None:
    """Queue the transfer as it now is for both its stores."""
    event = sync_pb2.DownstreamEvent(transfer=order_message(row))
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
