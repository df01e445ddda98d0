"""Catalogue files for hoctl: read rows from CSV or Excel (.xlsx), write them back.

Both directions go through common.spreadsheets, the one CSV/XLSX writer: an
exported name that would start a formula gets an apostrophe, which the reader
removes again, so an exported file imports back to the same catalogue. Rows
keep the line number a person sees in their editor or spreadsheet, so head
office can name every bad line. Every cell is text: a spreadsheet number (a
price, a barcode) is written back as its digits, never as a float. A file
that cannot be read is refused with spreadsheets.SpreadsheetRefused's sentence.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from common import spreadsheets
from common.i18n import _
from headoffice.cli.clients import HoctlError

SHEET = "catalogue"


def is_excel(path: Path) -> bool:
    return spreadsheets.is_excel(path)


def read_rows(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    """(line_no, cells) for each row of the file, the header first."""
    if not path.exists():
        raise HoctlError(_("catalogue file {path} does not exist").format(path=path))
    return spreadsheets.read_rows(path)


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write rows (header first) as CSV, or as an .xlsx workbook with every cell as text."""
    spreadsheets.write_file(path, rows, SHEET)
