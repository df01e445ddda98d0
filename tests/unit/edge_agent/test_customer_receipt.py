"""One receipt model, one renderer: screen text, printout rows and a reprint say the same."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from common.domain.pricing import ScannedItem
from common.domain.product import CatalogueProduct
from edge_agent.domain.customer_receipt import StoreHeader, return_receipt, sale_receipt
from edge_agent.domain.receipt_layout import (
    RECEIPT_WORDS,
    receipt_rows,
    receipt_text,
    rows_text,
)
from edge_agent.domain.returns import ReturnLine, SaleReturn
from edge_agent.domain.sale import build_sale
from edge_agent.domain.sale_record import RecordedSale
from edge_agent.domain.tender import Tender, TenderOffer

COLA = CatalogueProduct("COLA", "Cola 330ml", "piece", 350, 200, "CNY")
STORE = StoreHeader("S001", "Corner Shop", "CNY")


def a_sale(offers: list[TenderOffer], items: list[ScannedItem] | None = None) -> RecordedSale:
    sale = build_sale(
        "S001",
        "T1",
        "ann",
        "CNY",
        items or [ScannedItem("COLA", 2)],
        offers,
        lambda code: COLA if code == "COLA" else None,
    )
    return RecordedSale.numbered(sale, "sale-id", 7)


def test_sale_receipt_text_shows_numbers_lines_and_change() -> None:
    receipt = sale_receipt(STORE, a_sale([TenderOffer("cash", 1000)]), 42, 0, dt.UTC)
    text = receipt_text(receipt)
    lines = text.splitlines()
    assert "Corner Shop" in lines[0] and "Store S001" in lines[1]
    assert "Till T1   Cashier ann" in lines
    assert "Sale 7   Journal #42" in lines
    assert "1970-01-01 00:00:00" in lines
    assert "  2 x ¥3.50" + " " * 24 + "¥7.00" in lines
    assert "TOTAL" + " " * 30 + "¥7.00" in lines
    assert "CASH" + " " * 30 + "¥10.00" in lines
    assert "CHANGE" + " " * 29 + "¥3.00" in lines
    assert all(len(line) <= 40 for line in lines)


def test_receipt_time_is_the_stores_own_clock() -> None:
    sale = a_sale([TenderOffer("cash", 1000)])
    receipt = sale_receipt(STORE, sale, 42, 0, ZoneInfo("Asia/Shanghai"))
    assert "1970-01-01 08:00:00" in receipt_text(receipt)


def test_screen_text_is_the_printout_and_a_reprint_is_the_original_marked() -> None:
    sale = a_sale([TenderOffer("card", 300, "4111111111111111"), TenderOffer("cash", 500)])
    receipt = sale_receipt(STORE, sale, 42, 1_700_000_000_000, dt.UTC)
    printed = receipt_rows(receipt, 40)
    assert receipt_text(receipt) == rows_text(printed, 40)
    reprint = receipt_rows(receipt, 40, reprint=True)
    marks = [row for row in reprint if row.text == RECEIPT_WORDS["reprint"]]
    assert len(marks) == 1 and marks[0].bold
    assert [row for row in reprint if row not in marks] == printed
    # The card number was masked when the sale was paid; the receipt shows it masked.
    assert "CARD 411111******1111" in receipt_text(receipt)


def test_a_receipt_fits_every_paper_width() -> None:
    long_name = CatalogueProduct("LONG", "A product with a very long name indeed", "piece",
                                 123456, 1, "CNY")  # fmt: skip
    sale = build_sale(
        "S001", "T1", "ann", "CNY", [ScannedItem("LONG", 3)], [TenderOffer("cash", 400_000)],
        lambda code: long_name,
    )  # fmt: skip
    receipt = sale_receipt(STORE, RecordedSale.numbered(sale, "id", 1), 1, 0, dt.UTC)
    for width in (32, 42, 48):
        assert all(len(row.text) <= width for row in receipt_rows(receipt, width))


def test_return_receipt_refunds_and_marks_written_off_lines() -> None:
    sale_return = SaleReturn(
        return_id="r",
        return_no=3,
        original_sale_id="s",
        original_sale_no=7,
        till_id="T1",
        cashier="amy",
        lines=(ReturnLine("COLA", "Cola 330ml", 1, 350, 350, "write_off", 1),),
        refunds=(Tender("cash", 350, 350, 0, ""),),
        total_minor=350,
        currency="CNY",
        reason="dented",
    )
    text = receipt_text(return_receipt(STORE, sale_return, 50, 0, dt.UTC))
    assert "RETURN 3 for sale 7" in text and "Journal #50" in text
    assert "  1 x ¥3.50 written off" in text and "-¥3.50" in text
    assert "REFUND" in text and "¥3.50" in text and "Reason: dented" in text
    assert "CHANGE" not in text
    without = return_receipt(STORE, SaleReturn(**{**sale_return.__dict__, "original_sale_no": 0}),
                             51, 0, dt.UTC)  # fmt: skip
    assert "RETURN 3 without receipt" in receipt_text(without)


def test_every_word_on_a_receipt_comes_from_the_table() -> None:
    receipt = sale_receipt(STORE, a_sale([TenderOffer("cash", 1000)]), 42, 0, dt.UTC)
    text = receipt_text(receipt)
    for key in ("total", "change", "thanks", "keep"):
        assert RECEIPT_WORDS[key] in text
