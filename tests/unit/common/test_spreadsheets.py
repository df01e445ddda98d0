"""The one CSV/XLSX writer: no cell runs as a formula or carries a control character, and
what it writes reads back to the same values (issue 12, failure 6)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from common.spreadsheets import (
    MAX_CELL_CHARS,
    SpreadsheetRefused,
    cell,
    csv_rows,
    csv_text,
    read_rows,
    write_file,
)
from common.text_safety import REPLACEMENT

# Names that run as formulas when a spreadsheet opens the file (OWASP CSV injection).
FORMULA_NAMES = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "＝1+1",  # full-width equals sign
    "  =1+1",  # after leading spaces
    "'=1+1",  # already an apostrophe: gets one more, so reading undoes exactly one
]
# Starts a spreadsheet also treats as a formula; a catalogue never stores them (refused at
# input), but a value from before that rule still goes out harmless.
WHITESPACE_STARTS = ["\t=1+1", "\r=cmd|' /C calc'!A0", "\n@SUM(1+1)"]


def _rows(names: list[str]) -> list[list[str | int]]:
    return [["sku", "name", "price_minor"], *([f"S{i}", n, 100] for i, n in enumerate(names))]


@pytest.mark.parametrize("name", FORMULA_NAMES + WHITESPACE_STARTS)
def test_no_cell_starts_a_formula(name: str) -> None:
    safe = cell(name)
    assert isinstance(safe, str)
    assert safe.lstrip(" ")[:1] not in set("=+-@＝＋－＠\t\r\n")


def test_plain_values_pass_unchanged() -> None:
    assert cell("可口可乐 330ml") == "可口可乐 330ml"
    assert cell("-12.50") == "-12.50"  # a plain number is read as a number, not a formula
    assert cell(-3) == -3
    assert cell(None) == ""
    assert cell(True) == "true"


def test_formula_names_go_out_neutralised_in_csv_and_come_back_unchanged() -> None:
    text = csv_text(_rows(FORMULA_NAMES))
    written = list(csv.reader(io.StringIO(text)))[1:]
    assert [cells[1] for cells in written] == ["'" + name for name in FORMULA_NAMES]
    back = [cells[1] for _no, cells in list(csv_rows(text))[1:]]
    assert back == FORMULA_NAMES


def test_formula_names_go_out_as_text_in_xlsx_and_come_back_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "names.xlsx"
    write_file(path, _rows(FORMULA_NAMES), "catalogue")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        assert row[1].data_type == "s", row[1].value  # a string, never a formula ("f")
        assert row[2].value == 100
    back = [cells[1] for _no, cells in list(read_rows(path))[1:]]
    assert back == FORMULA_NAMES


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tab_and_cr_starts_go_out_neutralised(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"names{suffix}"
    write_file(path, _rows(WHITESPACE_STARTS))
    back = [cells[1] for _no, cells in list(read_rows(path))[1:]]
    # The control character is replaced, so nothing starts a formula and the file opens.
    assert back == [REPLACEMENT + name[1:] for name in WHITESPACE_STARTS]
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).worksheets[0]
        assert all(row[1].data_type == "s" for row in sheet.iter_rows(min_row=2))


def test_one_control_character_name_no_longer_makes_xlsx_export_fail(tmp_path: Path) -> None:
    name = "\x1b[2J\x1b]0;pwn\x07\u202eevil"
    path = tmp_path / "controls.xlsx"
    write_file(path, _rows([name]))
    (_no, cells) = list(read_rows(path))[1]
    assert cells[1] == f"{REPLACEMENT}[2J{REPLACEMENT}]0;pwn{REPLACEMENT}{REPLACEMENT}evil"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_cell_longer_than_a_spreadsheet_holds_is_refused_not_cut(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"long{suffix}"
    with pytest.raises(SpreadsheetRefused, match=r"row 2, column name holds 100000 characters"):
        write_file(path, _rows(["x" * 100_000]))
    assert not path.exists()
    write_file(path, _rows(["x" * MAX_CELL_CHARS]))
    assert list(read_rows(path))[1][1][1] == "x" * MAX_CELL_CHARS


def test_long_integers_stay_exact_in_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ids.xlsx"
    write_file(path, [["seq"], [10**18], [123]])
    assert [cells[0] for _no, cells in read_rows(path)] == ["seq", str(10**18), "123"]


def test_an_unreadable_workbook_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(SpreadsheetRefused, match="is not a readable Excel workbook"):
        list(read_rows(path))
