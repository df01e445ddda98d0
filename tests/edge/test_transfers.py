"""Transfers at the store, on a real ledger: orders from head office, ship, receive, correct."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2, transfers_pb2
from edge_agent.domain.errors import UnknownDocument
from edge_agent.domain.transfers import TransferNotAllowed
from edge_agent.services import transfers
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import apply_transfer_order
from tests.edge.conftest import journal_entries, levels

CURSOR = 100  # after the seeded catalogue's cursors


def order(
    state: str,
    lines: list[tuple[str, int, int, int, int]],
    from_store: str = "S001",
    to_store: str = "S002",
    transfer_id: str = "TR000001",
) -> transfers_pb2.TransferOrder:
    """lines: (sku, ordered, shipped, unit cost, resolved)."""
    return transfers_pb2.TransferOrder(
        transfer_id=transfer_id,
        from_store=from_store,
        to_store=to_store,
        state=state,
        lines=[
            transfers_pb2.TransferLine(
                sku=sku,
                qty_base=qty,
                shipped_qty_base=shipped,
                unit_cost_minor=cost,
                resolved_qty_base=resolved,
            )
            for sku, qty, shipped, cost, resolved in lines
        ],
    )


def entries(store: StoreContext) -> list[ledger_pb2.JournalEntry]:
    return journal_entries(store)


def test_the_sender_ships_once_confirming_quantities(store: StoreContext) -> None:
    assert apply_transfer_order(
        store, order("open", [("COLA", 10, 0, 0, 0), ("CHIPS", 3, 0, 0, 0)]), CURSOR
    )
    assert not apply_transfer_order(store, order("open", []), CURSOR)  # replayed
    assert [v.transfer.order.transfer_id for v in transfers.list_transfers(store)] == ["TR000001"]
    with pytest.raises(InvalidInput, match="ship at most that, not 11"):
        transfers.ship(store, "TR000001", [("COLA", 11)])
    with pytest.raises(InvalidInput, match="has no line for RICE"):
        transfers.ship(store, "TR000001", [("RICE", 1)])
    with pytest.raises(InvalidInput, match="would ship nothing"):
        transfers.ship(store, "TR000001", [("COLA", 0), ("CHIPS", 0)])
    with pytest.raises(UnknownDocument, match="no transfer TR000404"):
        transfers.ship(store, "TR000404", [])
    assert entries(store) == [] and levels(store) == {}

    booking = transfers.ship(store, "TR000001", [("COLA", 8)], actor="ann")
    assert [(b.sku, b.expected_qty_base, b.qty_base) for b in booking.lines] == [
        ("COLA", 10, 8),
        ("CHIPS", 3, 3),
    ]
    assert levels(store) == {"CHIPS": -3, "COLA": -8}
    [entry] = entries(store)
    assert entry.document_type == "transfer_shipment" and entry.seq == booking.seq
    assert {(m.sku, m.qty_base, m.reason) for m in entry.movements} == {
        ("COLA", -8, ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT),
        ("CHIPS", -3, ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT),
    }
    assert entry.transfer_shipment.transfer_id == "TR000001"
    with pytest.raises(TransferNotAllowed, match="already shipped"):
        transfers.ship(store, "TR000001", [])
    with pytest.raises(TransferNotAllowed, match="only S002 can receive it"):
        transfers.receive(store, "TR000001", [])
    assert transfers.list_transfers(store) == []  # nothing left to do here
    assert len(entries(store)) == 1


def test_the_receiver_receives_after_shipment_at_its_cost(store: StoreContext) -> None:
    apply_transfer_order(store, order("open", [("COLA", 10, 0, 0, 0)], "S002", "S001"), CURSOR)
    with pytest.raises(TransferNotAllowed, match="has not been shipped by S002 yet"):
        transfers.receive(store, "TR000001", [])
    with pytest.raises(TransferNotAllowed, match="S002 ships it"):
        transfers.ship(store, "TR000001", [])
    apply_transfer_order(
        store, order("shipped", [("COLA", 10, 8, 120, 0)], "S002", "S001"), CURSOR + 1
    )
    with pytest.raises(InvalidInput, match="zero or a positive whole number, got -1"):
        transfers.receive(store, "TR000001", [("COLA", -1)])
    assert entries(store) == []
    booking = transfers.receive(store, "TR000001", [("COLA", 7)])
    assert [(d.sku, d.expected_qty_base, d.qty_base) for d in booking.differences] == [
        ("COLA", 8, 7)
    ]
    [entry] = entries(store)
    [move] = entry.movements
    assert (move.sku, move.qty_base, move.unit_cost_minor) == ("COLA", 7, 120)
    assert move.reason == ledger_pb2.MOVEMENT_REASON_TRANSFER_IN
    assert levels(store) == {"COLA": 7}
    with pytest.raises(TransferNotAllowed, match="already received"):
        transfers.receive(store, "TR000001", [])


def test_a_cancelled_transfer_cannot_be_shipped(store: StoreContext) -> None:
    apply_transfer_order(store, order("cancelled", [("COLA", 1, 0, 0, 0)]), CURSOR)
    with pytest.raises(TransferNotAllowed, match="is cancelled and cannot be shipped"):
        transfers.ship(store, "TR000001", [])
    assert entries(store) == []


def test_a_correction_is_booked_once_by_the_sender(store: StoreContext) -> None:
    apply_transfer_order(store, order("open", [("COLA", 10, 0, 0, 0)]), CURSOR)
    transfers.ship(store, "TR000001", [("COLA", 8)])
    correcting = order("correcting", [("COLA", 10, 8, 120, 1)])
    assert apply_transfer_order(store, correcting, CURSOR + 1)
    # The same event again (a stream resumed from a stale cursor) books nothing more.
    assert not apply_transfer_order(store, correcting, CURSOR + 1)
    # Even as a new event (head office resent the state), the correction is booked once.
    assert apply_transfer_order(store, correcting, CURSOR + 2)
    shipment, correction = entries(store)
    assert correction.document_type == "transfer_correction"
    [move] = correction.movements
    assert (move.sku, move.qty_base, move.unit_cost_minor) == ("COLA", 1, 120)
    assert levels(store) == {"COLA": -7}
    # The receiving store of a correcting transfer books nothing.
    other = order("correcting", [("COLA", 10, 8, 120, 1)], "S009", "S001", "TR000002")
    apply_transfer_order(store, other, CURSOR + 3)
    assert len(entries(store)) == 2
