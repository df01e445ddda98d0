"""The one writer of CSV and XLSX files, and the reader that takes its cells back.

Every file StoreLedger writes for a spreadsheet goes through `cell()`: the
catalogue export (CSV and XLSX), a purchase order sent to a supplier
(`hoctl po export --csv`) and every `--format csv` of the CLI kit
(common.cli.render). It protects whoever opens the file against a name that
runs as a formula (=HYPERLINK(...), +cmd|' /C calc'!A0, @SUM(...), -2+3, the
full-width forms, tab/CR starts: common.text_safety.spreadsheet_cell adds the
OWASP apostrophe), and the file against a name that breaks it (control
characters, which XLSX cannot hold and a terminal shows raw, become U+FFFD:
common.text_safety.printable). A cell longer than a spreadsheet holds is
refused with a sentence, never cut.

The readers (`csv_rows`, `xlsx_rows`, `read_rows`) undo exactly the apostrophe
the writer added (common.text_safety.from_spreadsheet_cell), so a file this
module wrote imports back to the same values. Integers stay integers in CSV;
in XLSX they are numbers unless longer than the 15 significant digits a
spreadsheet keeps, then text. Every other cell of an XLSX file is text, never
a formula.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Generator, Iterable, Iterator, Sequence
from pathlib import Path

from common.errors import InvalidInput
from common.i18n import _
from common.text_safety import from_spreadsheet_cell, printable, spreadsheet_cell

MAX_CELL_CHARS = 32_767  # Excel's and LibreOffice's limit for one cell
MAX_EXACT_DIGITS = 15  # a spreadsheet keeps 15 significant digits of a number
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

Value = str | int | bool | None
NumberedRow = tuple[int, list[str]]


class SpreadsheetRefused(InvalidInput):
    """A value that cannot go into a spreadsheet cell whole, or a file that cannot be read."""


def is_excel(path: Path) -> bool:
    return path.suffix.lower() in EXCEL_SUFFIXES


def cell(value: Value, where: str = "") -> str | int:
    """One value as a safe cell: text printable and never a formula, integers as they are.

    `where` names the cell in the sentence of a refusal ("row 3, column name").
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        raise TypeError(f"a spreadsheet cell holds text or a whole number, got {value!r}")
    safe = spreadsheet_cell(printable(value))
    assert isinstance(safe, str)
    if len(safe) > MAX_CELL_CHARS:
        raise SpreadsheetRefused(
            _(
                "{where} holds {length} characters, more than the {limit} a spreadsheet cell "
                "holds; nothing was written rather than cut it"
            ).format(where=where or _("a cell"), length=len(safe), limit=MAX_CELL_CHARS)
        )
    return safe


def safe_rows(rows: Iterable[Sequence[Value]]) -> Iterator[list[str | int]]:
    """Every row's cells through cell(); the first row is taken as the header naming columns."""
    header: Sequence[Value] = ()
    for row_no, row in enumerate(rows, start=1):
        if row_no == 1:
            header = row
        yield [cell(value, _where(row_no, column, header)) for column, value in enumerate(row)]


def _where(row_no: int, column: int, header: Sequence[Value]) -> str:
    name = header[column] if column < len(header) else ""
    return _("row {row}, column {column}").format(row=row_no, column=name or column + 1)


def csv_text(rows: Iterable[Sequence[Value]]) -> str:
    """Rows (header first) as CSV text, one line each, '\\n' line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(safe_rows(rows))
    return buffer.getvalue()


def _xlsx_value(value: str | int) -> str | int:
    if isinstance(value, int) and len(str(abs(value))) > MAX_EXACT_DIGITS:
        return str(value)  # a number would lose its last digits
    return value


def write_xlsx(path: Path, rows: Iterable[Sequence[Value]], sheet: str = "export") -> None:
    """Rows (header first) as an .xlsx workbook of one sheet: text cells and whole numbers.

    Every cell is checked before the file is created, so a refused export leaves no file.
    """
    from openpyxl import Workbook  # imported when needed: most runs write CSV

    checked = [[_xlsx_value(v) for v in row] for row in safe_rows(rows)]
    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    for row in checked:
        worksheet.append(row)
    book.save(path)


def write_file(path: Path, rows: Iterable[Sequence[Value]], sheet: str = "export") -> None:
    """CSV or XLSX by the file's suffix; a CSV file is UTF-8 and written only once all is safe."""
    if is_excel(path):
        write_xlsx(path, rows, sheet)
        return
    text = csv_text(rows)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(text)


def _undone(cells: Iterable[str]) -> list[str]:
    return [str(from_spreadsheet_cell(text)) for text in cells]


def csv_rows(text: str) -> Generator[NumberedRow, None, None]:
    """(line_no, cells) of a CSV text, the writer's apostrophes removed."""
    for line_no, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        yield line_no, _undone(cells)


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(path: Path) -> Generator[NumberedRow, None, None]:
    """(line_no, cells) of an .xlsx file's first sheet as text, the writer's apostrophes removed.

    SpreadsheetRefused when the file is not a readable workbook. A formula cell reads as
    the value the spreadsheet last computed for it (a price worked out in Excel imports as
    its number); this module never writes one.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SpreadsheetRefused(
            _("{path} is not a readable Excel workbook: {problem}").format(path=path, problem=exc)
        ) from None
    try:
        sheet = book.worksheets[0]
        for line_no, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line_no, _undone(_xlsx_text(v) for v in values)
    finally:
        book.close()


def read_rows(path: Path) -> Generator[NumberedRow, None, None]:
    """(line_no, cells) of a CSV (UTF-8, with or without a byte-order mark) or .xlsx file."""
    if is_excel(path):
        return xlsx_rows(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetRefused(
            _("{path} is not UTF-8 text; save it as UTF-8 CSV").format(path=path)
        ) from None
    return csv_rows(text)
