"""Transfers at head office on both databases: create, effects of store entries, resolve.

The store entries are applied through apply_batch, as a store's journal would be.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from common.errors import InvalidInput
from common.pb.storeledger.v1 import ledger_pb2, transfers_pb2
from headoffice.api.messages.downstream import feed_event
from headoffice.domain.audit_chain import AuditFilter
from headoffice.domain.catalogue import Product
from headoffice.domain.errors import PermissionRefused, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.transfers import InsufficientStock, TransferRefused
from headoffice.services import audit, transfers
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.tables import stock_levels
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery

ADMIN = Staff("admin", "admin")
OUT = ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT
IN = ledger_pb2.MOVEMENT_REASON_TRANSFER_IN


@pytest.fixture
def chain(uow: Callable[[], UnitOfWork], ca) -> Callable[[], UnitOfWork]:
    for code in ("S001", "S002", "S003"):
        add_store(uow(), ca, code, f"Store {code}", "127.0.0.1:1", now_ms=1_000)
    with uow() as u:
        u.catalogue.save_products(
            [
                Product(sku, sku, "piece", 300, 100, "drinks", "CNY", True, ())
                for sku in ("COLA", "CHIPS")
            ],
            set(),
            1_000,
        )
        u.commit()
    # S001 holds 30 COLA at 100 and 10 CHIPS at 50.
    apply_batch(uow(), "S001", [delivery(1, [("COLA", 30, 100), ("CHIPS", 10, 50)])])
    return uow


def shipment(seq: int, tid: str, lines: list[tuple[str, int, int]]) -> ledger_pb2.JournalEntry:
    """lines: (sku, ordered, shipped)."""
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=5_000 + seq,
        actor="ann",
        document_type="transfer_shipment",
        document_id=f"{tid}-shipment",
        movements=[
            ledger_pb2.Movement(sku=sku, qty_base=-shipped, reason=OUT)
            for sku, _, shipped in lines
            if shipped
        ],
        transfer_shipment=transfers_pb2.TransferShipment(
            transfer_id=tid,
            from_store="S001",
            to_store="S002",
            kind="shipment",
            lines=[
                transfers_pb2.TransferLine(sku=sku, qty_base=qty, shipped_qty_base=shipped)
                for sku, qty, shipped in lines
            ],
        ),
    )


def receipt_of(
    seq: int, tid: str, lines: list[tuple[str, int, int, int]]
) -> ledger_pb2.JournalEntry:
    """lines: (sku, shipped, received, unit cost)."""
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=6_000 + seq,
        actor="bo",
        document_type="transfer_receipt",
        document_id=f"{tid}-receipt",
        movements=[
            ledger_pb2.Movement(sku=sku, qty_base=got, reason=IN, unit_cost_minor=cost)
            for sku, _, got, cost in lines
            if got
        ],
        transfer_receipt=transfers_pb2.TransferReceipt(
            transfer_id=tid,
            from_store="S001",
            to_store="S002",
            lines=[
                transfers_pb2.TransferLine(
                    sku=sku, shipped_qty_base=shipped, received_qty_base=got, unit_cost_minor=cost
                )
                for sku, shipped, got, cost in lines
            ],
        ),
    )


def levels(uow: Callable[[], UnitOfWork], store: str) -> dict[str, tuple[int, int]]:
    with uow() as u:
        rows = u.connection.execute(
            sa.select(stock_levels).where(stock_levels.c.store_code == store)
        ).all()
    return {r.sku: (int(r.qty_base), int(r.avg_cost_minor)) for r in rows}


def transfer_events(uow: Callable[[], UnitOfWork], store: str) -> list[transfers_pb2.TransferOrder]:
    with uow() as u:
        page = u.downstream.feed_after(store, 0, 1000)
    events = [feed_event(item) for item in page.items if item.event_payload is not None]
    return [event.transfer for event in events if event.WhichOneof("kind") == "transfer"]


def actions(uow: Callable[[], UnitOfWork]) -> list[str]:
    return [r.action for r in audit.list_records(uow(), AuditFilter()) if r.entity == "transfer"]


def test_bad_transfers_are_refused_and_change_nothing(chain) -> None:
    uow = chain
    cases = [
        (("S001", "S001", [("COLA", 1)]), InvalidInput, "cannot send to itself"),
        (("S001", "S404", [("COLA", 1)]), UnknownStore, "S404"),
        (("S001", "S002", [("FANTA", 1)]), UnknownProduct, "SKU FANTA"),
        (("S001", "S002", [("COLA", 0)]), InvalidInput, "positive whole number"),
        (("S001", "S002", [("COLA", 31), ("CHIPS", 11)]), InsufficientStock, "COLA: 31 asked"),
    ]
    for args, error, sentence in cases:
        with pytest.raises(error, match=sentence):
            transfers.create_transfer(uow(), ADMIN, *args)
    manager = Staff("sam", "store_manager", frozenset({"S003"}))
    with pytest.raises(PermissionRefused, match="manages store"):
        transfers.create_transfer(uow(), manager, "S001", "S002", [("COLA", 1)])
    assert transfers.list_transfers(uow(), ADMIN) == []
    assert transfer_events(uow, "S001") == [] and actions(uow) == []


def test_create_ship_receive_short_and_correct(chain) -> None:
    uow = chain
    created = transfers.create_transfer(
        uow(), ADMIN, "S001", "S002", [("COLA", 10), ("CHIPS", 4)], now_ms=2_000
    )
    tid = created.transfer.transfer_id
    assert tid == "TR000001" and created.warnings == []
    for store in ("S001", "S002"):
        [event] = transfer_events(uow, store)
        assert event.state == "open" and [(x.sku, x.qty_base) for x in event.lines] == [
            ("CHIPS", 4),
            ("COLA", 10),
        ]
    with pytest.raises(TransferRefused, match="can be resolved only when discrepancy"):
        transfers.resolve_transfer(uow(), ADMIN, tid, "correction")

    result = apply_batch(uow(), "S001", [shipment(2, tid, [("COLA", 10, 8), ("CHIPS", 4, 4)])])
    assert result.notify_downstream
    shipped = transfers.show_transfer(uow(), ADMIN, tid)
    assert shipped.state == "shipped" and shipped.shipped_seq == 2
    assert {x.sku: (x.shipped_qty_base, x.unit_cost_minor) for x in shipped.lines} == {
        "COLA": (8, 100),
        "CHIPS": (4, 50),
    }
    transit = transfers.in_transit(uow(), ADMIN)
    assert sum(x.value_minor for x in transit) == 8 * 100 + 4 * 50
    assert transfer_events(uow, "S002")[-1].state == "shipped"
    with pytest.raises(TransferRefused, match="can be cancelled only when open"):
        transfers.cancel_transfer(uow(), ADMIN, tid)

    apply_batch(uow(), "S002", [receipt_of(1, tid, [("COLA", 8, 7, 100), ("CHIPS", 4, 4, 50)])])
    received = transfers.show_transfer(uow(), ADMIN, tid)
    assert received.state == "discrepancy" and received.received_seq == 1
    assert [(x.sku, x.qty_base, x.value_minor) for x in transfers.in_transit(uow(), ADMIN)] == [
        ("COLA", 1, 100)
    ]
    assert levels(uow, "S002") == {"COLA": (7, 100), "CHIPS": (4, 50)}
    with pytest.raises(InvalidInput, match="transit-loss or correction"):
        transfers.resolve_transfer(uow(), ADMIN, tid, "lost")
    outsider = Staff("sam", "store_manager", frozenset({"S003"}))
    with pytest.raises(PermissionRefused, match="manages store"):
        transfers.resolve_transfer(uow(), outsider, tid, "correction")

    correcting = transfers.resolve_transfer(
        uow(), Staff("mia", "store_manager", frozenset({"S002"})), tid, "correction"
    )
    assert correcting.state == "correcting" and correcting.resolved_by == "mia"
    [event] = [e for e in transfer_events(uow, "S001") if e.state == "correcting"]
    assert {x.sku: x.resolved_qty_base for x in event.lines} == {"COLA": 1, "CHIPS": 0}
    # The sender's edge books the correction: the missing unit comes back at its cost.
    correction = ledger_pb2.JournalEntry(
        seq=3,
        occurred_at_ms=7_000,
        actor="headoffice",
        document_type="transfer_correction",
        document_id=f"{tid}-correction",
        movements=[ledger_pb2.Movement(sku="COLA", qty_base=1, reason=OUT, unit_cost_minor=100)],
        transfer_shipment=transfers_pb2.TransferShipment(transfer_id=tid, kind="correction"),
    )
    apply_batch(uow(), "S001", [correction])
    assert transfers.show_transfer(uow(), ADMIN, tid).state == "resolved"
    assert levels(uow, "S001") == {"COLA": (23, 100), "CHIPS": (6, 50)}
    assert transfers.in_transit(uow(), ADMIN) == []
    assert actions(uow) == [
        "transfer.create",
        "transfer.ship",
        "transfer.receive",
        "transfer.resolve.correction",
        "transfer.correct",
    ]
    assert audit.verify(uow()).intact
