"""A purchase order as a CSV file and as a one-page PDF (fpdf2) to send to the supplier.

Both are pure functions of the PurchaseOrder message, so they are tested
without a server. The PDF uses fpdf2's built-in Helvetica, which covers
Latin-1 only: other characters (e.g. Chinese product names) print as '?'.
"""

from __future__ import annotations

import csv
import io

from common.cli.values import money_text, rfc3339
from common.pb.storeledger.v1 import purchasing_pb2

# Field names as in `hoctl po show --format json` (docs/output.md).
CSV_COLUMNS = ["po_id", "store", "supplier", "state", "line_no", "sku", "name", "ordered_qty_base",
               "unit_cost_minor", "line_total_minor", "received_qty_base", "currency"]  # fmt: skip


def order_csv(order: purchasing_pb2.PurchaseOrder) -> str:
    """One row per line, with the order's id, store, supplier and state repeated; integers only."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in order.lines:
        writer.writerow(
            [
                order.po_id,
                order.store_code,
                order.supplier_code,
                order.state,
                line.line_no,
                line.sku,
                line.name,
                line.ordered_qty_base,
                line.unit_cost_minor,
                line.ordered_qty_base * line.unit_cost_minor,
                line.received_qty_base,
                order.currency,
            ]
        )
    return buffer.getvalue()


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def order_pdf(order: purchasing_pb2.PurchaseOrder) -> bytes:
    # Imported here: fpdf2 (with fontTools) costs every hoctl command ~0.3 s to load.
    from fpdf import FPDF

    money = lambda minor: money_text(minor, order.currency)  # noqa: E731
    pdf = FPDF(format="A4")
    pdf.set_title(f"Purchase order {order.po_id}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin1(f"Purchase order {order.po_id}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    supplier = f"{order.supplier_code} {order.supplier_name}".strip()
    for text in (
        f"Supplier: {supplier}",
        f"Deliver to store: {order.store_code}",
        f"State: {order.state}",
        f"Created: {rfc3339(order.created_at_ms) or '-'} by {order.created_by}",
        f"Over-delivery tolerance: {order.over_tolerance_pct}%",
    ):
        pdf.cell(0, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (10, 40, 62, 22, 25, 31)
    headers = ("#", "SKU", "Name", "Qty", "Unit cost", "Line total")
    pdf.set_font("Helvetica", "B", 10)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, header, border=1, align="R" if header in headers[3:] else "L")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for line in order.lines:
        cells = (
            str(line.line_no),
            line.sku,
            line.name[:34],
            str(line.ordered_qty_base),
            money(line.unit_cost_minor),
            money(line.ordered_qty_base * line.unit_cost_minor),
        )
        for i, (width, cell) in enumerate(zip(widths, cells, strict=True)):
            pdf.cell(width, 7, _latin1(cell), border=1, align="R" if i >= 3 else "L")
        pdf.ln()
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(
        sum(widths), 8, _latin1(f"Total: {money(order.total_minor)} {order.currency}"), align="R"
    )
    return bytes(pdf.output())
