"""The one journal append on the edge: numbered gap-free, movements booked, and never an entry
head office would refuse (on the in-memory ledger; store.journal.Journal.append is the real one)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from common import journal_kinds as jk
from common.domain.product import CatalogueProduct
from common.errors import InvalidInput
from common.journal_rules import EntryRefused
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.receiving import DeliveredLine, SupplierDelivery
from edge_agent.domain.sale_record import RecordedLine, RecordedSale
from edge_agent.domain.tender import Tender
from tests.unit.edge_agent.fakes import FakeLedger

SALE = RecordedSale(
    sale_id="s-1",
    sale_no=1,
    till_id="T1",
    cashier="ann",
    currency="CNY",
    lines=(RecordedLine(1, "COLA", "COLA", "Cola", 2, 350, 700, 350),),
    tenders=(Tender("cash", 700, 1000, 300, ""),),
    total_minor=700,
)
DELIVERY = SupplierDelivery("d-1", "DN-1", (DeliveredLine("COLA", 24, 180),))


def ledger_selling_cola() -> FakeLedger:
    """An in-memory ledger whose catalogue holds COLA (entries name only SKUs it holds)."""
    ledger = FakeLedger()
    ledger.committed.catalogue.add(CatalogueProduct("COLA", "Cola", "piece", 350, 180, "CNY"))
    return ledger


def test_entries_are_numbered_gap_free_and_their_movements_booked() -> None:
    ledger = ledger_selling_cola()
    with ledger.write() as uow:
        first = uow.journal.append(
            jk.SUPPLIER_DELIVERY, "d-1", "bob", DELIVERY, DELIVERY.movements()
        )
        second = uow.journal.append(
            jk.SALE, "s-1", "ann", SALE, [Movement("COLA", -2, Reason.SALE)], occurred_at_ms=5
        )
        reserved = uow.journal.next_seq()
        third = uow.journal.append(
            jk.SALE, "s-2", "ann", SALE, [Movement("COLA", -2, Reason.SALE)], seq=reserved
        )
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert second.occurred_at_ms == 5 and first.occurred_at_ms > 0
    journal = ledger.committed.journal
    assert [(e.kind, e.document_id, e.actor) for e in journal.entries] == [
        (jk.SUPPLIER_DELIVERY, "d-1", "bob"),
        (jk.SALE, "s-1", "ann"),
        (jk.SALE, "s-2", "ann"),
    ]
    assert ledger.committed.stock.levels() == [("COLA", 20)]
    assert ledger.committed.stock.movements == [
        (1, Movement("COLA", 24, Reason.SUPPLIER_DELIVERY, 180)),
        (2, Movement("COLA", -2, Reason.SALE)),
        (3, Movement("COLA", -2, Reason.SALE)),
    ]


@pytest.mark.parametrize(
    ("kind", "body", "movements", "sentence"),
    [
        (jk.SALE, DELIVERY, [], "a sale entry holds a sale document, not a supplier_delivery"),
        (jk.SALE, SALE, [Movement("COLA", 2, Reason.SALE)],
         "sale movements of a sale entry take stock out (below zero), got 2"),
        (jk.SALE, SALE, [Movement("COLA", -2, Reason.SUPPLIER_DELIVERY)],
         "has reason 'receipt', which a sale entry may not carry (its reasons: sale)"),
        (jk.NO_SALE, SALE, [], "a no_sale entry holds a no_sale document, not a sale"),
        (jk.SUPPLIER_DELIVERY, DELIVERY, [Movement("COLA", 0, Reason.SUPPLIER_DELIVERY, 1)],
         "must move a non-zero whole quantity, got 0"),
        (jk.SUPPLIER_DELIVERY, DELIVERY, [Movement("COLA", True, Reason.SUPPLIER_DELIVERY, 1)],
         "must move a non-zero whole quantity, got True"),
        (jk.SUPPLIER_DELIVERY, DELIVERY, [Movement("COLA", 2.0, Reason.SUPPLIER_DELIVERY, 1)],  # type: ignore[arg-type]
         "must move a non-zero whole quantity, got 2.0"),
        (jk.SUPPLIER_DELIVERY, DELIVERY, [Movement(" ", 2, Reason.SUPPLIER_DELIVERY, 1)], "names no SKU"),
        (jk.SUPPLIER_DELIVERY, DELIVERY, [Movement("COLA", 2, Reason.SUPPLIER_DELIVERY, -1)],
         "has unit cost -1; it must be zero or more"),
        (jk.SALE_RETURN, SALE, [], "a sale_return entry holds a sale_return document"),
        (jk.SALE, "a sale", [], "a str is not a document a journal entry can hold"),
    ],
)  # fmt: skip
def test_an_entry_head_office_would_refuse_is_refused_and_nothing_is_written(
    kind: jk.JournalKind, body: object, movements: list[Movement], sentence: str
) -> None:
    ledger = ledger_selling_cola()
    with ledger.write() as uow:
        uow.journal.append(jk.SUPPLIER_DELIVERY, "d-0", "bob", DELIVERY, DELIVERY.movements())
    with pytest.raises(InvalidInput) as err, ledger.write() as uow:
        uow.journal.append(kind, "doc-1", "ann", body, movements)
    assert sentence in str(err.value)
    assert [e.seq for e in ledger.committed.journal.entries] == [1]
    assert ledger.committed.stock.levels() == [("COLA", 24)]


def test_a_kind_must_be_in_the_registry_and_a_registered_toy_kind_appends() -> None:
    toy = jk.JournalKind("toy_sale", "sale", {"sale": jk.OUT})
    ledger = ledger_selling_cola()
    refused = pytest.raises(InvalidInput, match="'toy_sale' is not in the journal-kind registry")
    with refused, ledger.write() as uow:
        uow.journal.append(toy, "t-1", "ann", SALE, [Movement("COLA", -1, Reason.SALE)])
    jk.register(toy)
    try:
        with ledger.write() as uow:
            entry = uow.journal.append(toy, "t-1", "ann", SALE, [Movement("COLA", -2, Reason.SALE)])
    finally:
        jk.unregister(toy)
    assert entry.seq == 1 and ledger.committed.stock.levels() == [("COLA", -2)]


@pytest.mark.parametrize(
    ("case", "kind", "body", "movements", "code"),
    [
        ("1 cola sold, 1,000 taken", jk.SALE, SALE, [Movement("COLA", -1000, Reason.SALE)],
         "body_mismatch"),
        ("unknown SKU", jk.SALE, SALE, [Movement("COLA", -2, Reason.SALE),
                                        Movement("NO-SUCH", -1, Reason.SALE)], "unknown_sku"),
        ("delivery of 2^63-1 at 2^63-1", jk.SUPPLIER_DELIVERY,
         SupplierDelivery("d-9", "DN-9", (DeliveredLine("COLA", 2**63 - 1, 2**63 - 1),)),
         [Movement("COLA", 2**63 - 1, Reason.SUPPLIER_DELIVERY, 2**63 - 1)], "qty_out_of_range"),
        ("card number kept", jk.SALE,
         replace(SALE, tenders=(Tender("card", 700, 700, 0, "4000 1298 7654 3215"),)),
         [Movement("COLA", -2, Reason.SALE)], "card_data"),
    ],
)  # fmt: skip
def test_the_store_refuses_what_head_office_would_refuse_before_committing(
    case: str, kind: jk.JournalKind, body: object, movements: list[Movement], code: str
) -> None:
    """Issue 12 item 2: the same per-kind rules run in the one append path, so a batch
    head office refuses is a bug at the store, not a routine; nothing is written."""
    ledger = ledger_selling_cola()
    with pytest.raises(EntryRefused) as err, ledger.write() as uow:
        uow.journal.append(kind, "doc-9", "ann", body, movements)
    assert err.value.code == code, case
    assert "the store did not record" in str(err.value)
    assert ledger.committed.journal.entries == [] and ledger.committed.stock.levels() == []
