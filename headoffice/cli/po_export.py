"""A purchase order as a CSV file and as a one-page PDF (fpdf2) to send to the supplier.

Both are pure functions of the PurchaseOrder message, so they are tested
without a server. The CSV is data: the field names of `hoctl po show --format
json` (docs/output.md) and integers in base and minor units, for a supplier's
or our own systems to read, so it never changes with the language. The PDF is
for people: it speaks the language of the user who exports it (a shop in China
sends its supplier an order in Chinese) and prints product names as they are.

fpdf2's core font (Helvetica) covers Latin-1 only. A PDF with any other
character (Chinese headings or names) embeds the glyphs it uses from a CJK
TrueType font: the file STORELEDGER_PDF_FONT names, else the first of
CJK_FONTS that is installed (Debian: fonts-wqy-microhei, fonts-noto-cjk).
Without one such a PDF is refused with a sentence saying what to install,
before anything is written; a Latin-1 PDF needs no font.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from common import spreadsheets
from common.cli.values import money_text, rfc3339
from common.i18n import _
from common.pb.storeledger.v1 import purchasing_pb2
from common.text_safety import printable
from headoffice.cli.clients import HoctlError

if TYPE_CHECKING:
    from fpdf import FPDF

# Field names as in `hoctl po show --format json` (docs/output.md).
CSV_COLUMNS = ["po_id", "store", "supplier", "state", "line_no", "sku", "name", "ordered_qty_base",
               "unit_cost_minor", "line_total_minor", "received_qty_base", "currency"]  # fmt: skip

PDF_FONT_ENV = "STORELEDGER_PDF_FONT"
# Fonts with Chinese glyphs where Debian's packages put them, most wanted first.
CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # fonts-wqy-microhei
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # fonts-noto-cjk
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),  # fonts-wqy-zenhei
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),  # fonts-arphic-uming
)
_CJK = "cjk"
# Column widths (mm) of the lines table on A4 with 10 mm margins; the first three align left.
WIDTHS = (10, 40, 62, 22, 25, 31)


def order_csv(order: purchasing_pb2.PurchaseOrder) -> str:
    """One row per line, with the order's id, store, supplier and state repeated; integers only.

    Written by the one spreadsheet writer (common.spreadsheets): the supplier opens it in a
    spreadsheet, so a product name never runs there as a formula.
    """
    rows: list[list[str | int]] = [list(CSV_COLUMNS)]
    for line in order.lines:
        rows.append(
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
    return spreadsheets.csv_text(rows)


def find_cjk_font(environ: Mapping[str, str] | None = None) -> Path | None:
    """STORELEDGER_PDF_FONT if set, else the first installed of CJK_FONTS; None if none is."""
    env = os.environ if environ is None else environ
    named = env.get(PDF_FONT_ENV, "")
    if named:
        path = Path(named)
        if not path.is_file():
            raise HoctlError(
                _("{variable} names {path}, which is not a font file").format(
                    variable=PDF_FONT_ENV, path=path
                )
            )
        return path
    return next((path for path in CJK_FONTS if path.is_file()), None)


def _latin1(texts: Iterable[str]) -> bool:
    try:
        for text in texts:
            text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """`text` cut to what fits in a cell `width` mm wide (with its padding)."""
    while text and pdf.get_string_width(text) > width - 2 * pdf.c_margin:
        text = text[:-1]
    return text


def order_pdf(
    order: purchasing_pb2.PurchaseOrder, font: Callable[[], Path | None] = find_cjk_font
) -> bytes:
    """The order on one A4 page in the current language; `font` finds a CJK font, asked for
    only when some text is not Latin-1."""
    money = lambda minor: money_text(minor, order.currency)  # noqa: E731
    supplier = printable(f"{order.supplier_code} {order.supplier_name}".strip())
    title = _("Purchase order {po_id}").format(po_id=order.po_id)
    head = [
        _("Supplier: {supplier}").format(supplier=supplier),
        _("Deliver to store: {store}").format(store=order.store_code),
        _("State: {state}").format(state=order.state),
        _("Created: {at} by {user}").format(
            at=rfc3339(order.created_at_ms) or "-", user=printable(order.created_by)
        ),
        _("Over-delivery tolerance: {pct}%").format(pct=order.over_tolerance_pct),
    ]
    headers = ("#", _("SKU"), _("Name"), _("Qty"), _("Unit cost"), _("Line total"))
    rows = [
        (
            str(line.line_no),
            line.sku,
            printable(line.name),
            str(line.ordered_qty_base),
            money(line.unit_cost_minor),
            money(line.ordered_qty_base * line.unit_cost_minor),
        )
        for line in order.lines
    ]
    total = _("Total: {total} {currency}").format(
        total=money(order.total_minor), currency=order.currency
    )
    texts = [title, *head, *headers, *(cell for row in rows for cell in row), total]
    unicode_font = None if _latin1(texts) else font()
    if unicode_font is None and not _latin1(texts):  # checked again only when there is none
        raise HoctlError(
            _(
                "this purchase order needs a font with Chinese characters for its PDF and none "
                "is installed: install fonts-wqy-microhei (or fonts-noto-cjk), or name a "
                "TrueType font file in {variable}; nothing was written"
            ).format(variable=PDF_FONT_ENV)
        )

    # Imported here: fpdf2 (with fontTools) costs every hoctl command ~0.3 s to load.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    family = "Helvetica"
    if unicode_font is not None:
        # One face for both weights: CJK fonts rarely ship a bold one.
        for style in ("", "B"):
            pdf.add_font(_CJK, style, str(unicode_font))
        family = _CJK
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    for text in head:
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "B", 10)
    for i, (width, header) in enumerate(zip(WIDTHS, headers, strict=True)):
        pdf.cell(width, 7, _fit(pdf, header, width), border=1, align="R" if i >= 3 else "L")
    pdf.ln()
    pdf.set_font(family, "", 10)
    for row in rows:
        for i, (width, cell) in enumerate(zip(WIDTHS, row, strict=True)):
            pdf.cell(width, 7, _fit(pdf, cell, width), border=1, align="R" if i >= 3 else "L")
        pdf.ln()
    pdf.set_font(family, "B", 11)
    pdf.cell(sum(WIDTHS), 8, total, align="R")
    return bytes(pdf.output())
