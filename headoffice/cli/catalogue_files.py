"""Catalogue files for hoctl: read rows from CSV or Excel (.xlsx), write them back.

Rows keep the line number a person sees in their editor or spreadsheet, so
head office can name every bad line. Every cell is text: a spreadsheet number
(a price, a barcode) is written back as its digits, never as a float.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from common.i18n import _
from headoffice.cli.clients import HoctlError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def is_excel(path: Path) -> bool:
    return path.suffix.lower() in EXCEL_SUFFIXES


def read_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line_no, cells) for each row of the file, the header first."""
    if not path.exists():
        raise HoctlError(_("catalogue file {path} does not exist").format(path=path))
    if is_excel(path):
        return _excel_rows(path)
    try:
        # utf-8-sig: spreadsheet exports often start with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise HoctlError(
            _("catalogue file {path} is not UTF-8 text; save it as UTF-8 CSV").format(path=path)
        ) from None
    return enumerate(csv.reader(io.StringIO(text)), start=1)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _excel_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # imported when needed: most runs read CSV
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise HoctlError(
            _("catalogue file {path} is not a readable Excel workbook: {problem}").format(
                path=path, problem=exc
            )
        ) from None
    try:
        sheet = book.worksheets[0]
        for line_no, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line_no, [_cell_text(v) for v in values]
    finally:
        book.close()


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write rows (header first) as CSV, or as an .xlsx workbook with every cell as text."""
    if is_excel(path):
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("catalogue")
        for row in rows:
            sheet.append(row)
        book.save(path)
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
