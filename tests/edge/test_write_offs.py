"""Write-offs in the store's ledger: at once or on request, head office's answers applied once."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput, InvalidQuantity
from common.pb.storeledger.v1 import write_offs_pb2
from edge_agent.domain.errors import UnknownBarcode
from edge_agent.services.context import StoreContext
from edge_agent.services.write_offs import list_write_offs, write_off_stock
from edge_agent.sync.downstream_handlers import apply_write_off_order, apply_write_off_policy
from tests.edge.conftest import COLA_BARCODE, entry_at, levels, newest_seq


def _level(ctx: StoreContext, sku: str) -> int:
    return levels(ctx).get(sku, 0)


def _newest(ctx: StoreContext) -> int:
    return newest_seq(ctx)


def test_at_or_below_the_threshold_stock_moves_at_once(store: StoreContext) -> None:
    # By barcode and by SKU, merged per SKU: 250 x 200 (catalogue cost) = 50000, at the threshold
    result = write_off_stock(
        store, [(COLA_BARCODE, 200), ("COLA", 50)], "damaged", "dropped", "sam",
        confirm_negative=True,
    )  # fmt: skip
    row = result.row
    assert (row.state, row.value_minor, row.seq, result.threshold_minor) == (
        "done",
        50_000,
        1,
        50_000,
    )
    assert _level(store, "COLA") == -250
    entry = entry_at(store, 1)
    assert entry.document_type == "write_off" and entry.write_off.write_off_id == row.write_off_id
    assert [(m.sku, m.qty_base, m.reason) for m in entry.movements] == [("COLA", -250, 7)]


def test_above_the_threshold_the_store_asks_and_nothing_moves(store: StoreContext) -> None:
    result = write_off_stock(store, [("CHIPS", 101)], "expired", actor="mia", confirm_negative=True)
    row = result.row
    assert (row.state, row.value_minor, row.seq, row.request_seq) == ("pending", 50_500, 0, 1)
    assert _level(store, "CHIPS") == 0
    entry = entry_at(store, 1)
    assert entry.document_type == "write_off_request" and not entry.movements
    assert entry.write_off_request.threshold_minor == 50_000
    # Approved at head office: committed once, even when the order is delivered again.
    order = write_offs_pb2.WriteOffOrder(
        write_off_id=row.write_off_id, decision="approved", decided_by="leo", origin="store",
        reason="expired", lines=[write_offs_pb2.WriteOffLine(sku="CHIPS", qty_base=101)],
    )  # fmt: skip
    assert apply_write_off_order(store, order, 10) is True
    assert apply_write_off_order(store, order, 10) is False
    assert apply_write_off_order(store, order, 11) is True  # a replay past the cursor: no-op
    assert _level(store, "CHIPS") == -101 and _newest(store) == 2
    [done], _ = list_write_offs(store)
    assert (done.state, done.seq, done.decided_by) == ("done", 2, "leo")
    entry = entry_at(store, 2)
    assert (entry.actor, entry.write_off.approved_by) == ("mia", "leo")


def test_a_rejection_is_shown_and_moves_nothing(store: StoreContext) -> None:
    row = write_off_stock(store, [("CHIPS", 200)], "theft", actor="mia", confirm_negative=True).row
    order = write_offs_pb2.WriteOffOrder(
        write_off_id=row.write_off_id, decision="rejected", decided_by="leo",
        decision_note="found them",
    )  # fmt: skip
    apply_write_off_order(store, order, 5)
    [rejected], _ = list_write_offs(store, "rejected")
    assert (rejected.state, rejected.decision_note) == ("rejected", "found them")
    assert _level(store, "CHIPS") == 0 and _newest(store) == 1


def test_head_office_write_offs_and_the_threshold_come_down(store: StoreContext) -> None:
    apply_write_off_policy(store, write_offs_pb2.WriteOffPolicy(approval_threshold_minor=1_000), 4)
    assert (
        write_off_stock(store, [("COLA", 6)], "sample", confirm_negative=True).row.state
        == "pending"
    )
    order = write_offs_pb2.WriteOffOrder(
        write_off_id="ho-1", decision="approved", decided_by="threshold", origin="head_office",
        reason="sample", requested_by="bea",
        lines=[write_offs_pb2.WriteOffLine(sku="COLA", qty_base=2, unit_cost_minor=200)],
    )  # fmt: skip
    apply_write_off_order(store, order, 5)
    rows, threshold = list_write_offs(store)
    assert threshold == 1_000
    ho = next(r for r in rows if r.write_off_id == "ho-1")
    assert (ho.origin, ho.state, ho.requested_by) == ("head_office", "done", "bea")
    assert _level(store, "COLA") == -2


@pytest.mark.parametrize(
    ("items", "reason", "error", "sentence"),
    [
        ([("COLA", 1)], "", InvalidInput, "needs a reason: one of damaged, expired, theft, sample"),
        ([("COLA", 1)], "lost", InvalidInput, "'lost' is not one of damaged"),
        ([], "damaged", InvalidInput, "at least one SKU=QTY"),
        ([("NOPE", 1)], "damaged", UnknownBarcode, "NOPE is not a SKU or barcode"),
        ([("COLA", 0)], "damaged", InvalidQuantity, "positive whole number of pieces"),
    ],
)
def test_bad_write_offs_are_refused_and_change_nothing(
    store: StoreContext, items, reason, error, sentence
) -> None:
    with pytest.raises(error, match=sentence):
        write_off_stock(store, items, reason, confirm_negative=True)
    assert _newest(store) == 0 and list_write_offs(store)[0] == []
