"""Card data at the till is reduced or refused before anything is kept (issue 12, failure 4).

"References 4000.1298.7654.3215 and 4000_1298_7654_3215 are stored whole at the edge, in
the journal, at head office and printed on receipts; 'exp 12/25 cvv 123' is stored."
On the in-memory ledger: whatever a sale, a refund or a return's reason holds, the
journal, the documents and the receipt keep at most the first 6 and last 4 digits, and a
reference or note holding a security code or expiry is refused with nothing written.
"""

from __future__ import annotations

import pytest

from common.domain.card_data import contains_pan_digits
from common.domain.pricing import ScannedItem
from common.domain.product import CatalogueProduct
from common.errors import InvalidInput
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import sell
from tests.unit.edge_agent.fakes import FakeUnitOfWork, fake_store

PAN = "4000123456789010"  # a Luhn-valid test card number
PAN_FORMS = [
    "4000.1234.5678.9010",
    "4000_1234_5678_9010",
    "4000 1234 5678 9010",
    "4000-1234-5678-9010",
    "４０００１２３４５６７８９０１０",  # full-width digits
    "ref 4000 1234-5678.9010 ok",  # mixed separators inside other text
    ";4000123456789010=25121010000000000000?",  # a swiped track 2
    "%B4000123456789010^DOE/JOHN^2512101?",  # a swiped track 1
]
COLA = CatalogueProduct("COLA", "Cola 330ml", "piece", 350, 200, "CNY")


def store() -> StoreContext:
    ctx = fake_store()
    ledger(ctx).catalogue.add(COLA)
    return ctx


def ledger(ctx: StoreContext) -> FakeUnitOfWork:
    return ctx.db.committed  # type: ignore[attr-defined]


def everything_kept(ctx: StoreContext) -> str:
    """Every entry, document and receipt the fake ledger holds, as text."""
    kept = ledger(ctx)
    return repr([kept.journal.entries, kept.sales.__dict__, kept.returns.__dict__])


@pytest.mark.parametrize("reference", PAN_FORMS)
def test_card_references_are_reduced_before_the_sale_is_kept_or_printed(reference: str) -> None:
    ctx = store()
    sold = sell(ctx, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("card", 700, reference)])
    [tender] = sold.sale.tenders
    assert "400012******9010" in tender.reference
    assert "400012******9010" in sold.receipt_text
    assert not contains_pan_digits(sold.receipt_text, PAN)
    assert not contains_pan_digits(everything_kept(ctx), PAN)


@pytest.mark.parametrize("reference", PAN_FORMS)
def test_refund_references_and_a_return_reason_are_reduced(reference: str) -> None:
    ctx = store()
    sold = sell(ctx, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("cash", 700)])
    back = return_goods(
        ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("COLA", 1)],
        [TenderOffer("card", 350, reference)], reason=f"card was {reference}",
    )  # fmt: skip
    assert "400012******9010" in back.sale_return.refunds[0].reference
    assert "400012******9010" in back.sale_return.reason
    assert not contains_pan_digits(back.receipt_text, PAN)
    assert not contains_pan_digits(everything_kept(ctx), PAN)


@pytest.mark.parametrize(
    "reference",
    ["exp 12/25 cvv 123", "4000 1234 5678 9010 12/25", "CVV2: 123", "有效期 12/25", "安全码 123"],
)
def test_cvv_and_expiry_in_a_reference_are_refused_and_nothing_is_stored(reference: str) -> None:
    ctx = store()
    with pytest.raises(InvalidInput, match="card data is never recorded") as refused:
        sell(ctx, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("card", 700, reference)])
    assert "123" not in str(refused.value) and "12/25" not in str(refused.value)
    assert ledger(ctx).journal.entries == []
    sold = sell(ctx, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("cash", 700)])
    with pytest.raises(InvalidInput, match="the reason of the return looks like it holds a card"):
        return_goods(ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("COLA", 1)], [],
                     reason=reference)  # fmt: skip
    with pytest.raises(InvalidInput, match="reference of the card payment looks like it holds"):
        return_goods(ctx, "T1", "ann", sold.sale.sale_no, [ReturnItemIn("COLA", 1)],
                     [TenderOffer("card", 350, reference)])  # fmt: skip
    assert len(ledger(ctx).journal.entries) == 1


def test_control_characters_in_a_reference_or_a_cashier_are_refused() -> None:
    ctx = store()
    with pytest.raises(InvalidInput, match=r"contains an invisible or control character \(U\+001B"):
        sell(ctx, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("card", 700, "\x1b[2J")])
    with pytest.raises(InvalidInput, match="the name of the cashier or clerk contains"):
        sell(ctx, "T1", "ann\u202e", [ScannedItem("COLA", 2)], [TenderOffer("cash", 700)])
    with pytest.raises(InvalidInput, match="is 101 characters long; at most 100"):
        sell(ctx, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("card", 700, "R" * 101)])
    assert ledger(ctx).journal.entries == []
