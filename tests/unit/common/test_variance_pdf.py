"""The variance report PDF (common.reports.variance_pdf), read back with pypdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from common.domain.stocktake import CountedLine, Scope, Tolerance, results
from common.i18n import use_language
from common.reports.fonts import FontMissing
from common.reports.variance_pdf import VarianceHeader, scope_words, variance_pdf

LINES = [
    CountedLine(1, "COLA", 8, 0, 10, "ann", "A-01"),
    CountedLine(2, "TEA", 5, 0, 3, "bob", "B-02"),
    CountedLine(3, "COLA", 1, 0, 10, "ann", "B-02"),
    CountedLine(4, "SOAP", 4, 0, 4, "bob", "C-03"),
]
FOUND = results(LINES, {"COLA": "A"}, Tolerance(), lambda sku: {"TEA": 120}.get(sku, 250))
HEADER = VarianceHeader(
    session_id="CS-42",
    store_code="S1",
    title="December count",
    scope=Scope("category", categories=("DRINK",), skus=("COLA", "SOAP", "TEA")),
    state="submitted",
    counted_by=("ann", "bob"),
    approved_by=("carol",),
)
NAMES = {"COLA": "可乐 330ml", "TEA": "Tea\u202egnp.exe", "SOAP": "Soap"}


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_rows_totals_and_signature_block() -> None:
    with use_language("en"):
        text = text_of(variance_pdf(HEADER, FOUND, NAMES))
    assert "Count variance report CS-42" in text
    assert "Scope: category: DRINK" in text
    assert "可乐 330ml" in text and "Soap" in text
    # COLA: book 10, counted 9 at two places, -1 x 2.50; TEA: book 3, counted 5, +2 x 1.20.
    assert "A-01: 8, B-02: 1" in text
    assert "COLA 可乐 330ml A-01: 8, B-02: 1 10 9 -1 -2.50 A no" in text
    assert "Gains: 2 units, value 2.40" in text
    assert "Losses: -1 units, value -2.50" in text
    assert "Net: -0.10 CNY" in text
    assert "Counted by: ann, bob" in text
    assert "Approved by: carol" in text
    assert "Date:" in text and text.count("Signature:") == 2


def test_names_are_made_printable() -> None:
    with use_language("en"):
        text = text_of(variance_pdf(HEADER, FOUND, NAMES))
    assert "\u202e" not in text  # the right-to-left override that would disguise a name
    assert "Tea\ufffdgnp.exe" in text


def test_chinese_labels_and_many_rows_span_pages() -> None:
    many = results(
        [CountedLine(i, f"SKU{i:03d}", 1, 0, 2, "ann", "A") for i in range(1, 61)],
        {},
        Tolerance(),
        lambda sku: 100,
    )
    with use_language("zh_CN"):
        data = variance_pdf(HEADER, many, {})
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = text_of(data)
    assert "SKU001" in text and "SKU060" in text
    assert "货号" in text  # the SKU column's heading, in Chinese
    assert "-60.00" in text  # sixty losses of 1.00


def test_refused_without_a_font_for_chinese() -> None:
    with pytest.raises(FontMissing):
        variance_pdf(HEADER, FOUND, NAMES, font=lambda: None)
    with use_language("en"):
        latin = variance_pdf(HEADER, FOUND, {"COLA": "Cola"}, font=lambda: None)
    assert latin.startswith(b"%PDF-")


def test_scope_words() -> None:
    with use_language("en"):
        assert scope_words(Scope("full")) == "full count"
        assert scope_words(Scope("skus", skus=("A", "B"))) == "skus: 2 SKU(s)"
