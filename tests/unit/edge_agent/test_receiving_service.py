"""Deliveries and customer returns as services, on the in-memory ledger (no SQLite)."""

from __future__ import annotations

import pytest

from common import journal_kinds as jk
from common.domain.pricing import ScannedItem
from common.domain.product import CatalogueProduct
from common.errors import InvalidInput, InvalidQuantity
from edge_agent.domain.errors import EmptySale, UnknownBarcode, UnknownDocument
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.receiving import DeliveredLine, DeliveryItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.services.returning import ReturnItemIn, get_return, return_goods
from edge_agent.services.selling import sell
from tests.unit.edge_agent.fakes import FakeUnitOfWork, fake_store

COLA = CatalogueProduct("COLA", "Cola 330ml", "piece", 350, 200, "CNY")
SERVICE = CatalogueProduct("WASH", "Car wash", "piece", 3000, 0, "CNY", kind="service")
CASE_BARCODE = "6920000000029"


def store() -> StoreContext:
    ctx = fake_store()
    ledger(ctx).catalogue.add(COLA)
    ledger(ctx).catalogue.add(SERVICE)
    ledger(ctx).catalogue.add_pack(CASE_BARCODE, "COLA", "case", 24)
    return ctx


def ledger(ctx: StoreContext) -> FakeUnitOfWork:
    return ctx.db.committed  # type: ignore[attr-defined]


def test_a_delivery_comes_in_at_its_cost_once_per_key() -> None:
    ctx = store()
    first = receive(ctx, " DN-1 ", [DeliveryItem("COLA", 5, 180), DeliveryItem(CASE_BARCODE, 2, 7)],
                    actor="bob", idempotency_key="dn-1")  # fmt: skip
    assert (first.seq, first.replayed, first.delivery.supplier_ref) == (1, False, "DN-1")
    assert first.delivery.lines == (DeliveredLine("COLA", 5, 180), DeliveredLine("COLA", 48, 7))
    [entry] = ledger(ctx).journal.entries
    assert (entry.kind, entry.actor, entry.body) == (jk.SUPPLIER_DELIVERY, "bob", first.delivery)
    assert entry.movements == (
        Movement("COLA", 5, Reason.SUPPLIER_DELIVERY, 180),
        Movement("COLA", 48, Reason.SUPPLIER_DELIVERY, 7),
    )
    assert ledger(ctx).stock.levels() == [("COLA", 53)]
    again = receive(ctx, "DN-1", [DeliveryItem("COLA", 5, 180), DeliveryItem(CASE_BARCODE, 2, 7)],
                    idempotency_key="dn-1")  # fmt: skip
    assert again.replayed and (again.seq, again.delivery) == (first.seq, first.delivery)
    assert len(ledger(ctx).journal.entries) == 1


@pytest.mark.parametrize(
    ("ref", "items", "error", "sentence"),
    [
        ("  ", [DeliveryItem("COLA", 1, 1)], InvalidInput, "supplier's reference"),
        ("DN-2", [], EmptySale, "delivery DN-2 needs at least one item"),
        ("DN-2", [DeliveryItem("COLA", 0, 1)], InvalidQuantity, "positive whole"),
        ("DN-2", [DeliveryItem("COLA", 1, -1)], InvalidInput, "zero or more minor units, got -1"),
        ("DN-2", [DeliveryItem("WASH", 1, 1)], InvalidInput, "WASH is a service and is not stocked"),
        ("DN-2", [DeliveryItem("COLA", 1, 1), DeliveryItem("GHOST", 1, 1)], UnknownBarcode, "GHOST"),
    ],
)  # fmt: skip
def test_a_refused_delivery_changes_nothing(
    ref: str, items: list[DeliveryItem], error: type, sentence: str
) -> None:
    ctx = store()
    with pytest.raises(error, match=sentence):
        receive(ctx, ref, items)
    assert ledger(ctx).journal.entries == [] and ledger(ctx).stock.levels() == []


def test_a_return_against_a_sale_refunds_its_share_and_restocks_or_writes_off() -> None:
    ctx = store()
    sold = sell(ctx, "T1", "ann", [ScannedItem("COLA", 3)], [TenderOffer("cash", 1050)])
    back = return_goods(ctx, "T1", "ann", sold.sale.sale_no,
                        [ReturnItemIn("COLA", 1), ReturnItemIn("COLA", 1, "write_off")], [],
                        reason="dented", idempotency_key="r-1")  # fmt: skip
    assert back.sale_return.total_minor == 700 and back.sale_return.original_sale_id
    assert [t.method for t in back.sale_return.refunds] == ["cash"]
    entry = ledger(ctx).journal.entries[-1]
    assert entry.kind is jk.SALE_RETURN and entry.body == back.sale_return
    assert entry.movements == (
        Movement("COLA", 1, Reason.RETURN),
        Movement("COLA", 1, Reason.RETURN),
        Movement("COLA", -1, Reason.WRITE_OFF),
    )
    assert ledger(ctx).stock.levels() == [("COLA", -2)]
    assert "RETURN 1 for sale 1" in back.receipt_text
    again = return_goods(ctx, "T1", "ann", 1,
                         [ReturnItemIn("COLA", 1), ReturnItemIn("COLA", 1, "write_off")], [],
                         reason="dented", idempotency_key="r-1")  # fmt: skip
    assert again.replayed and again.sale_return == back.sale_return
    assert get_return(ctx, 1).receipt == back.receipt
    with pytest.raises(InvalidInput, match="at most 1 can be returned, not 2"):
        return_goods(ctx, "T1", "ann", 1, [ReturnItemIn("COLA", 2)], [])
    with pytest.raises(UnknownDocument, match="store S001 has no sale 9"):
        return_goods(ctx, "T1", "ann", 9, [ReturnItemIn("COLA", 1)], [])
    assert len(ledger(ctx).journal.entries) == 2
