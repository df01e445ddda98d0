"""hoctl po create's order lines and po export's CSV and PDF, without a server.

The PDF is in the exporter's language and prints Chinese (names, and headings in
zh_CN) with a CJK font: fonts-wqy-microhei, which scripts/ensure-tools.sh installs.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from common.errors import InvalidInput
from common.i18n import use_language
from common.pb.storeledger.v1 import purchasing_pb2
from headoffice.cli.clients import HoctlError
from headoffice.cli.hoctl_purchasing import parse_order_line
from headoffice.cli.po_export import PDF_FONT_ENV, find_cjk_font, order_csv, order_pdf


def _cjk_font() -> Path:
    font = find_cjk_font()
    if font is None:
        pytest.fail("no CJK font is installed; run scripts/ensure-tools.sh (make test does)")
    return font


def test_order_line_arguments() -> None:
    line = parse_order_line("COLA-330=240@180")
    assert (line.sku, line.ordered_qty_base, line.unit_cost_minor) == ("COLA-330", 240, 180)
    for bad in ("COLA-330=240", "COLA-330@180", "=1@1", "COLA=1.5@1", "COLA=2@1.80"):
        with pytest.raises(InvalidInput):
            parse_order_line(bad)


def _message() -> purchasing_pb2.PurchaseOrder:
    return purchasing_pb2.PurchaseOrder(
        po_id="PO-7", store_code="S001", supplier_code="BEV", supplier_name="Beverage Co",
        state="sent", currency="CNY", over_tolerance_pct=5, created_at_ms=1_700_000_000_000,
        created_by="bea", total_minor=24 * 180 + 3 * 1999,
        lines=[
            purchasing_pb2.PurchaseOrderLine(line_no=1, sku="COLA", name="Cola can", ordered_qty_base=24, unit_cost_minor=180),
            purchasing_pb2.PurchaseOrderLine(line_no=2, sku="TEA", name="绿茶 Tea", ordered_qty_base=3, unit_cost_minor=1999),
        ],
    )  # fmt: skip


def test_csv_export_has_one_row_per_line_in_integers() -> None:
    rows = list(csv.DictReader(io.StringIO(order_csv(_message()))))
    assert [
        (r["sku"], r["ordered_qty_base"], r["unit_cost_minor"], r["line_total_minor"]) for r in rows
    ] == [
        ("COLA", "24", "180", "4320"),
        ("TEA", "3", "1999", "5997"),
    ]
    assert {r["po_id"] for r in rows} == {"PO-7"}


def _pdf_text(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_pdf_export_reads_back() -> None:
    _cjk_font()
    with use_language("en"):
        text = _pdf_text(order_pdf(_message()))
    for expected in ("Purchase order PO-7", "Supplier: BEV Beverage Co", "Deliver to store: S001",
                     "COLA", "43.20", "59.97", "Total: 103.17 CNY", "绿茶 Tea"):  # fmt: skip
        assert expected in text, expected


def test_pdf_export_speaks_the_exporters_language() -> None:
    """A shop in China sends its supplier a Chinese order; the CSV stays data."""
    _cjk_font()
    with use_language("zh_CN"):
        text = _pdf_text(order_pdf(_message()))
        csv_text = order_csv(_message())
    for expected in ("采购订单 PO-7", "供应商：BEV Beverage Co", "送货门店：S001", "货号",
                     "单位成本", "绿茶 Tea", "59.97", "合计：103.17 CNY"):  # fmt: skip
        assert expected in text, expected
    assert "Purchase order" not in text
    with use_language("en"):
        assert csv_text == order_csv(_message())
    assert csv_text.splitlines()[0].startswith("po_id,store,supplier,state,line_no,sku")


def test_a_latin1_pdf_needs_no_font_and_chinese_without_one_is_refused() -> None:
    latin = purchasing_pb2.PurchaseOrder()
    latin.CopyFrom(_message())
    del latin.lines[1]
    with use_language("en"):
        text = _pdf_text(order_pdf(latin, font=lambda: None))
    assert "Purchase order PO-7" in text and "Cola can" in text
    with use_language("zh_CN"), pytest.raises(HoctlError, match="fonts-wqy-microhei"):
        order_pdf(latin, font=lambda: None)
    with use_language("en"), pytest.raises(HoctlError, match=PDF_FONT_ENV):
        order_pdf(_message(), font=lambda: None)


def test_the_pdf_font_can_be_named(tmp_path: Path) -> None:
    font = _cjk_font()
    assert find_cjk_font({PDF_FONT_ENV: str(font)}) == font
    with pytest.raises(HoctlError, match="not a font file"):
        find_cjk_font({PDF_FONT_ENV: str(tmp_path / "missing.ttf")})


def test_po_export_csv_sent_to_suppliers_carries_no_formula() -> None:
    order = _message()
    order.lines[0].name = '=HYPERLINK("http://x","y")'
    order.lines[1].name = "+cmd|' /C calc'!A0"
    order.supplier_code = "@SUM(1+1)"
    rows = list(csv.DictReader(io.StringIO(order_csv(order))))
    assert [r["name"] for r in rows] == ['\'=HYPERLINK("http://x","y")', "'+cmd|' /C calc'!A0"]
    assert {r["supplier"] for r in rows} == {"'@SUM(1+1)"}
