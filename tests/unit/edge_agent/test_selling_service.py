"""The sell, get-sale and price-cart services' rules on the in-memory ledger (no SQLite)."""

from __future__ import annotations

import re

import pytest

from common import journal_kinds as jk
from common.domain.pricing import ScannedItem
from common.domain.product import CatalogueProduct
from common.errors import InvalidInput
from edge_agent.domain.approvals import ApprovalRecord
from edge_agent.domain.errors import (
    ApprovalNeeded,
    PaymentShort,
    ShiftState,
    UnknownBarcode,
    UnknownDocument,
)
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.shift import Shift
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.selling import get_sale, price_cart, sell
from tests.unit.edge_agent.fakes import FakeUnitOfWork, fake_store

COLA = CatalogueProduct("COLA", "Cola 330ml", "piece", 350, 200, "CNY")
CHIPS = CatalogueProduct("CHIPS", "Chips 70g", "piece", 800, 500, "CNY")
PARTY = CatalogueProduct(
    "PARTY", "Party pack", "piece", 1000, 0, "CNY", kind="bundle",
    components=(("CHIPS", 1), ("COLA", 2)),
)  # fmt: skip
COLA_BARCODE = "6901234567892"


def store(**till: object) -> StoreContext:
    ctx = fake_store(**till)
    catalogue = ledger(ctx).catalogue
    catalogue.add(COLA, [COLA_BARCODE])
    catalogue.add(CHIPS)
    catalogue.add(PARTY)
    return ctx


def ledger(ctx: StoreContext) -> FakeUnitOfWork:
    return ctx.db.committed  # type: ignore[attr-defined]


def cash(amount: int) -> list[TenderOffer]:
    return [TenderOffer("cash", amount)]


def test_a_sale_commits_its_entry_rows_and_movements_together() -> None:
    ctx = store()
    result = sell(ctx, "T1", "ann", [ScannedItem(COLA_BARCODE, 2), ScannedItem("PARTY", 1)],
                  cash(2000), "k-1")  # fmt: skip
    assert (result.seq, result.sale.sale_no, result.replayed) == (1, 1, False)
    assert (result.sale.total_minor, result.change_minor) == (1700, 300)
    [entry] = ledger(ctx).journal.entries
    assert (entry.kind, entry.document_id, entry.actor) == (jk.SALE, result.sale.sale_id, "ann")
    assert entry.body == result.sale
    # The bundle moves its components; each a SALE movement out.
    assert entry.movements == (
        Movement("COLA", -2, Reason.SALE),
        Movement("CHIPS", -1, Reason.SALE),
        Movement("COLA", -2, Reason.SALE),
    )
    assert ledger(ctx).stock.levels() == [("CHIPS", -1), ("COLA", -4)]
    assert "Sale 1   Journal #1" in result.receipt_text
    assert (result.receipt.number, result.receipt.seq, result.receipt.change_minor) == (1, 1, 300)


def test_sales_are_numbered_in_order_and_a_retry_returns_the_recorded_sale() -> None:
    ctx = store()
    first = sell(ctx, "T1", "ann", [ScannedItem("COLA", 1)], cash(500), "k-1")
    second = sell(ctx, "T1", "ann", [ScannedItem("CHIPS", 1)], cash(800), "k-2")
    assert [(first.seq, first.sale.sale_no), (second.seq, second.sale.sale_no)] == [(1, 1), (2, 2)]
    again = sell(ctx, "T1", "ann", [ScannedItem("COLA", 0)], cash(500), "k-1")
    assert again.replayed and (again.seq, again.sale, again.receipt_text) == (
        first.seq,
        first.sale,
        first.receipt_text,
    )
    assert again.receipt == first.receipt
    with pytest.raises(InvalidInput, match="idempotency key 'k-1' was already used for sale 1"):
        sell(ctx, "T1", "ann", [ScannedItem("CHIPS", 1)], cash(800), "k-1")
    assert len(ledger(ctx).journal.entries) == 2


@pytest.mark.parametrize(
    ("items", "offers", "error", "sentence"),
    [
        ([ScannedItem("COLA", 1)], cash(300), PaymentShort, "short of the total ¥3.50 by ¥0.50"),
        ([ScannedItem("COLA", 1), ScannedItem("NOPE", 1)], cash(900), UnknownBarcode, "'NOPE'"),
        ([ScannedItem("COLA", 1, price_override_minor=300)], cash(300), ApprovalNeeded,
         "a price override (SKU COLA price 300) needs a manager's approval at till T1"),
    ],
)  # fmt: skip
def test_a_refused_sale_changes_nothing(
    items: list[ScannedItem], offers: list[TenderOffer], error: type, sentence: str
) -> None:
    ctx = store()
    before = ledger(ctx)
    with pytest.raises(error, match=re.escape(sentence)):
        sell(ctx, "T1", "ann", items, offers, "k-1")
    assert ledger(ctx) is before  # the transaction's copy was thrown away
    assert before.journal.entries == [] and before.stock.levels() == []
    assert before.sales.rows == {}


def test_an_approved_override_is_spent_by_the_sale_that_uses_it() -> None:
    ctx = store()
    approval = ApprovalRecord("ap-1", "price_override", "SKU COLA price 300", "T1", "meg",
                              expires_at_ms=2**62, used=False)  # fmt: skip
    ledger(ctx).managers.approvals["ap-1"] = approval
    item = ScannedItem("COLA", 1, price_override_minor=300, approval_id="ap-1")
    result = sell(ctx, "T1", "ann", [item], cash(300))
    assert ledger(ctx).managers.used == {"ap-1": result.seq}
    assert result.sale.lines[0].price_overridden
    assert "price override (list ¥3.50)" in result.receipt_text
    with pytest.raises(ApprovalNeeded, match="approval ap-1 has already been used"):
        sell(ctx, "T1", "ann", [item], cash(300))


def test_the_open_shift_decides_who_may_sell_and_the_sale_joins_it() -> None:
    ctx = store(require_open_shift=True)
    with pytest.raises(ShiftState, match="till T1 has no open shift; open one before selling"):
        sell(ctx, "T1", "ann", [ScannedItem("COLA", 1)], cash(350))
    ledger(ctx).shifts.open_shifts["T1"] = Shift("sh-1", "T1", "ann", 10_000, 0)
    with pytest.raises(ShiftState, match="belongs to ann, not dan"):
        sell(ctx, "T1", "dan", [ScannedItem("COLA", 1)], cash(350))
    result = sell(ctx, "T1", "ann", [ScannedItem("COLA", 1)], cash(350))
    assert result.sale.shift_id == "sh-1" and len(ledger(ctx).journal.entries) == 1


def test_a_sale_is_found_again_with_what_came_back_and_the_same_receipt() -> None:
    ctx = store()
    sold = sell(ctx, "T1", "ann", [ScannedItem("COLA", 2)], cash(700))
    found = get_sale(ctx, sale_no=1)
    assert (found.seq, found.sale, found.returned_qty_base) == (sold.seq, sold.sale, {})
    assert found.receipt == sold.receipt and found.receipt_text == sold.receipt_text
    assert get_sale(ctx, sale_id=sold.sale.sale_id).seq == sold.seq
    with pytest.raises(UnknownDocument, match="store S001 has no sale with number 9"):
        get_sale(ctx, sale_no=9)


def test_a_cart_is_priced_without_recording_anything() -> None:
    ctx = store(cash_rounding_minor=10)
    price = price_cart(ctx, [ScannedItem("COLA", 1), ScannedItem("CHIPS", 1)])
    quote = price.quote
    assert (quote.total_minor, quote.cash_total_minor, quote.rounding_minor) == (1150, 1150, 0)
    assert price.currency == "CNY" and [line.sku for line in quote.lines] == ["COLA", "CHIPS"]
    assert ledger(ctx).journal.entries == [] and ctx.db.commits == 0  # type: ignore[attr-defined]
