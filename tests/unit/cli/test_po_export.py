"""hoctl po create's order lines and po export's CSV and PDF, without a server."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from common.errors import InvalidInput
from common.pb.storeledger.v1 import purchasing_pb2
from headoffice.cli.hoctl_purchasing import parse_order_line
from headoffice.cli.po_export import order_csv, order_pdf


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


def test_pdf_export_reads_back() -> None:
    reader = PdfReader(io.BytesIO(order_pdf(_message())))
    text = reader.pages[0].extract_text()
    for expected in ("Purchase order PO-7", "Supplier: BEV Beverage Co", "Deliver to store: S001",
                     "COLA", "43.20", "59.97", "Total: 103.17 CNY", "?? Tea"):  # fmt: skip
        assert expected in text, expected
