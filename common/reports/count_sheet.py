"""A count session's count sheet: CSV for a handheld or a spreadsheet, PDF to count on paper.

Grouped by shelf location (common.domain.count_sheets.by_location), because
people count a shelf at a time. The CSV is data: its column names
(SHEET_COLUMNS) never change with the language, so the filled-in sheet reads
back with parse_count_file; it is written by the one spreadsheet writer
(common.spreadsheets), so a product name such as =HYPERLINK(...) never runs as
a formula where the sheet is opened. The PDF is for people: one page per
location, in the reader's language, a box to write each count in, and a line
for who counted and when.

The filled file comes back through parse_count_file: bytes as a handheld wrote
them, decoded (UTF-8 with or without a byte-order mark, else GBK read as GB
18030, its superset) and split (commas or tabs, whichever the header line has
more of), then checked line by line by common.domain.count_sheets.count_lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from common import spreadsheets
from common.domain.count_sheets import (
    CountFileRefused,
    ImportedLine,
    Lookup,
    SheetItem,
    by_location,
    count_lines,
    sheet_rows,
)
from common.domain.units import unit_words
from common.i18n import _
from common.reports.fonts import find_cjk_font, fit, new_pdf
from common.text_safety import printable

if TYPE_CHECKING:
    from fpdf import FPDF

# Column widths (mm) on portrait A4 with 10 mm margins: SKU, barcode, name, unit, counted.
WIDTHS = (32, 36, 72, 20, 30)
ROW_MM = 9  # tall enough to write a number in by hand
MAX_FILE_BYTES = 20 * 1024 * 1024  # a count file of 20 MB has ~500,000 lines: plenty


@dataclass(frozen=True)
class SheetHeader:
    session_id: str
    store_code: str
    title: str


def count_sheet_csv(items: Iterable[SheetItem]) -> str:
    """The sheet as CSV text: location, sku, barcode, name, unit, counted (blank)."""
    return spreadsheets.csv_text(sheet_rows(items))


def location_words(location: str) -> str:
    return printable(location) if location else _("no shelf location")


def count_sheet_pdf(
    header: SheetHeader,
    items: Iterable[SheetItem],
    font: Callable[[], Path | None] = find_cjk_font,
) -> bytes:
    """One A4 page (or more) per location in the current language; `font` finds a CJK font,
    asked for only when some text is not Latin-1 (FontMissing when there is none)."""
    groups = by_location(items)
    title = _("Count sheet {session}").format(session=header.session_id)
    subtitle = _("Store {store}: {title}").format(
        store=header.store_code, title=printable(header.title)
    )
    columns = (_("SKU"), _("Barcode"), _("Name"), _("Unit"), _("Counted"))
    sections = [
        (
            _("Location {location}").format(location=location_words(where)),
            [(i.sku, i.barcode, printable(i.name), unit_words(i.unit)) for i in group],
        )
        for where, group in groups
    ]
    footer = (_("Counted by"), _("Date"))
    texts = [title, subtitle, *columns, *footer]
    texts += [heading for heading, _rows in sections]
    texts += [cell for _heading, rows in sections for row in rows for cell in row]
    pdf, family = new_pdf(texts, _("this count sheet"), font())
    pdf.set_title(title)
    if not sections:
        pdf.add_page()
        _page_head(pdf, family, title, subtitle, _("Nothing to count"))
    for heading, rows in sections:
        pdf.add_page()
        _page_head(pdf, family, title, subtitle, heading)
        _columns(pdf, family, columns)
        pdf.set_font(family, "", 10)
        for row in rows:
            if pdf.get_y() + ROW_MM + 30 > pdf.page_break_trigger:  # room for the footer
                _footer(pdf, family, footer)
                pdf.add_page()
                _page_head(pdf, family, title, subtitle, heading)
                _columns(pdf, family, columns)
                pdf.set_font(family, "", 10)
            for width, text in zip(WIDTHS, (*row, ""), strict=True):
                pdf.cell(width, ROW_MM, fit(pdf, text, width), border=1)
            pdf.ln()
        _footer(pdf, family, footer)
    return bytes(pdf.output())


def _page_head(pdf: FPDF, family: str, title: str, subtitle: str, heading: str) -> None:
    pdf.set_font(family, "B", 15)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(family, "B", 13)
    pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")


def _columns(pdf: FPDF, family: str, columns: tuple[str, ...]) -> None:
    pdf.set_font(family, "B", 10)
    for width, text in zip(WIDTHS, columns, strict=True):
        pdf.cell(width, 7, fit(pdf, text, width), border=1)
    pdf.ln()


def _footer(pdf: FPDF, family: str, labels: tuple[str, str]) -> None:
    pdf.ln(6)
    pdf.set_font(family, "", 11)
    counted_by, date = labels
    pdf.cell(30, 9, f"{counted_by}:")
    pdf.cell(70, 9, "", border="B")
    pdf.cell(10, 9, "")
    pdf.cell(20, 9, f"{date}:")
    pdf.cell(50, 9, "", border="B")
    pdf.ln(12)


# -- the filled file back ------------------------------------------------------------------
def decode_count_file(data: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark dropped), else GBK/GB 18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise CountFileRefused(
            _("the count file is neither UTF-8 nor GBK text; save it as UTF-8 CSV")
        ) from None


def parse_count_file(data: bytes, lookup: Lookup) -> list[ImportedLine]:
    """Every counted line of a count file, or CountFileRefused naming every bad line."""
    if len(data) > MAX_FILE_BYTES:
        raise CountFileRefused(
            _("the count file is larger than {limit} MB").format(limit=MAX_FILE_BYTES // 2**20)
        )
    text = decode_count_file(data)
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise CountFileRefused(_("the count file is empty: its first line must name the columns"))
    separator = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    header = next(reader)
    return count_lines(header, ((reader.line_num, cells) for cells in reader), lookup)
