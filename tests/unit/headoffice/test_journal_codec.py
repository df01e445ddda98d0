"""The journal codec: entries' stored bytes, replays, costs, and bodies decoded by field name."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from common import journal_kinds as jk
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.documents import DeliveredLine, ReceivedLine, SupplierDeliveryBody
from headoffice.domain.ledger import Movement
from headoffice.store import journal_codec


def delivery() -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=7,
        occurred_at_ms=1_234,
        actor="bo",
        document_type="receipt",
        document_id="r-7",
        movements=[
            ledger_pb2.Movement(sku="COLA", qty_base=24, reason=3, unit_cost_minor=0),
            ledger_pb2.Movement(sku="TEA", qty_base=6, reason=3),
        ],
        supplier_delivery=ledger_pb2.SupplierDelivery(
            delivery_id="r-7",
            po_id="PO-000001",
            lines=[
                ledger_pb2.SupplierDeliveryLine(sku="COLA", qty_base=24, unit_cost_minor=0),
                ledger_pb2.SupplierDeliveryLine(sku="TEA", qty_base=6, unit_cost_minor=80),
            ],
        ),
    )


def test_a_document_carries_the_entry_and_its_body_as_plain_values() -> None:
    document = journal_codec.document(delivery(), jk.SUPPLIER_DELIVERY, SupplierDeliveryBody)
    assert (document.seq, document.occurred_at_ms, document.actor, document.document_id) == (
        7,
        1_234,
        "bo",
        "r-7",
    )
    assert document.kind is jk.SUPPLIER_DELIVERY
    assert document.body == SupplierDeliveryBody(
        "PO-000001", (ReceivedLine("COLA", 24, 0, ""), ReceivedLine("TEA", 6, 80, ""))
    )


def test_a_set_zero_cost_is_a_cost_and_an_unset_one_is_none() -> None:
    first, second = delivery().movements
    assert journal_codec.unit_cost(first) == 0
    assert journal_codec.unit_cost(second) is None
    assert journal_codec.unit_cost(Movement("COLA", 1, 3, 55)) == 55
    assert journal_codec.unit_cost(Movement("COLA", 1, 3)) is None


def test_payload_is_deterministic_and_replays_compare_by_content() -> None:
    entry = delivery()
    stored = journal_codec.payload(entry)
    assert stored == journal_codec.payload(ledger_pb2.JournalEntry.FromString(stored))
    assert journal_codec.same_content(stored, stored)
    other = delivery()
    other.document_id = "r-8"
    assert not journal_codec.same_content(stored, journal_codec.payload(other))
    with pytest.raises(TypeError, match="must be a JournalEntry message"):
        journal_codec.payload(object())  # type: ignore[arg-type]


@dataclass(frozen=True)
class CostView:
    sku: str
    unit_cost_minor: int | None


@dataclass(frozen=True)
class Misnamed:
    purchase_order: str


@dataclass(frozen=True)
class Mistyped:
    po_id: int


@dataclass(frozen=True)
class NotATuple:
    lines: list[DeliveredLine]


def test_an_optional_field_reads_as_none_when_unset() -> None:
    first, second = delivery().movements
    assert journal_codec.decode(first, CostView) == CostView("COLA", 0)
    assert journal_codec.decode(second, CostView) == CostView("TEA", None)


@pytest.mark.parametrize(
    ("body_type", "words"),
    [
        (Misnamed, "Misnamed.purchase_order: storeledger.v1.SupplierDelivery has no field"),
        (Mistyped, "Mistyped.po_id: <class 'int'> cannot hold"),
        (NotATuple, "a repeated field is read as tuple[T, ...]"),
    ],
)
def test_a_body_type_that_does_not_fit_its_message_is_named(body_type: type, words: str) -> None:
    with pytest.raises(TypeError, match=words.replace("[", r"\[").replace("]", r"\]")):
        journal_codec.check_body_type(body_type, "supplier_delivery")
