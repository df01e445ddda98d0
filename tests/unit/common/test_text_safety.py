"""Names printed to terminals, receipts and spreadsheets carry no controls, bidi or formulas."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from common.domain.limits import MAX_NAME_CHARS, MAX_REFERENCE_CHARS
from common.errors import InvalidInput
from common.text_safety import (
    REPLACEMENT,
    check_length,
    check_plain_text,
    check_text,
    from_spreadsheet_cell,
    printable,
    spreadsheet_cell,
)

R = REPLACEMENT


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Cola\x1b[2J", f"Cola{R}[2J"),  # clear screen
        ("\x1b]0;pwned\x07Cola", f"{R}]0;pwned{R}Cola"),  # OSC: window title
        ("\x9b31mRed", f"{R}31mRed"),  # C1 CSI
        ("a\x00b\x7fc", f"a{R}b{R}c"),  # NUL, DEL
        ("tab\there\r\nline", f"tab{R}here{R}{R}line"),
        ("\u202eexe.txt", f"{R}exe.txt"),  # RLO
        ("\u202d\u202a\u202b\u202c", R * 4),  # LRO LRE RLE PDF
        ("\u2066\u2067\u2068\u2069", R * 4),  # LRI RLI FSI PDI
        ("\u200e\u200f\u061c", R * 3),  # LRM RLM ALM
        ("a\u200bb\u200dc\u2060d\ufeffe\u00adf", f"a{R}b{R}c{R}d{R}e{R}f"),
        ("x\u2028y\u2029z", f"x{R}y{R}z"),
        ("\u3164\u115f", R * 2),  # Hangul fillers: a blank-looking "name"
        ("\ufffe\uffff\ufdd0", R * 3),  # noncharacters
        ("\U000e0041tag", f"{R}tag"),  # tag characters
    ],
)
def test_controls_bidi_and_invisible_characters_are_replaced(name: str, shown: str) -> None:
    assert printable(name) == shown
    with pytest.raises(InvalidInput, match=r"product name contains an invisible or control "):
        check_plain_text("product name", name)


@pytest.mark.parametrize(
    "name",
    [
        "可口可乐 330ml",
        "Café crème",
        "农夫山泉　550ml",
        "😀 Snack",
        "Ｃｏｌａ",
        "a\u00a0b",
        "",
        "Łódź",
    ],
)
def test_ordinary_unicode_is_kept(name: str) -> None:
    assert printable(name) == name
    assert check_plain_text("product name", name) == name


def test_a_refusal_names_the_code_point_not_the_character() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_plain_text("cashier", "ann\u202e")
    assert str(refused.value) == (
        "cashier contains an invisible or control character (U+202E, character 4); "
        "type it again without it"
    )
    assert "\u202e" not in str(refused.value)


def test_lengths_at_below_and_above_the_limit() -> None:
    assert check_length("product name", "x" * MAX_NAME_CHARS, MAX_NAME_CHARS)
    assert check_length("product name", "中" * (MAX_NAME_CHARS - 1), MAX_NAME_CHARS)
    with pytest.raises(
        InvalidInput,
        match="product name is 201 characters long; at most 200 characters are allowed",
    ):
        check_length("product name", "中" * (MAX_NAME_CHARS + 1), MAX_NAME_CHARS)
    with pytest.raises(InvalidInput, match="is 100000 characters long"):
        check_text("product name", "x" * 100_000, MAX_NAME_CHARS)
    with pytest.raises(InvalidInput, match="control character"):
        check_text("reference", "R1\x1b", MAX_REFERENCE_CHARS)
    assert check_text("reference", "R1", MAX_REFERENCE_CHARS) == "R1"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("  =1+1", "'  =1+1"),
        ("\u3000=1+1", "'\u3000=1+1"),
        ("＝1+1", "'＝1+1"),
        ("'quoted", "''quoted"),
        ("-", "'-"),
        ("Cola = best", "Cola = best"),
        ("可口可乐", "可口可乐"),
        ("-12.50", "-12.50"),  # a plain number stays a number
        ("+86", "+86"),
        ("12", "12"),
        ("", ""),
        (None, ""),
        (5, 5),
        (-5, -5),
    ],
)
def test_formula_triggers_are_neutralised_and_numbers_stay_numbers(value, cell) -> None:
    assert spreadsheet_cell(value) == cell
    if value is not None:
        assert from_spreadsheet_cell(cell) == value


def test_an_apostrophe_not_ours_is_kept_on_import() -> None:
    assert from_spreadsheet_cell("'hello") == "'hello"
    assert from_spreadsheet_cell("''hello") == "'hello"
    assert from_spreadsheet_cell("'=1") == "=1"
    assert from_spreadsheet_cell(7) == 7


@pytest.mark.parametrize("value", [True, 1.5, b"x", object()])
def test_a_cell_is_text_or_a_whole_number(value) -> None:
    with pytest.raises(TypeError, match="text or a whole number"):
        spreadsheet_cell(value)


# -- properties ---------------------------------------------------------------------------

tricky = st.sampled_from(list("=+-@'\t\r\n ＝＋－＠\u3000\u00a0\x1b\u202e0123456789.abc中"))
cell_texts = st.one_of(st.text(), st.text(tricky, max_size=12))


@given(cell_texts)
@example("'")
@example("''=")
@example(" -1")
@example("-1.")
def test_a_cell_round_trips_and_never_starts_a_formula(text: str) -> None:
    cell = spreadsheet_cell(text)
    assert isinstance(cell, str)
    assert from_spreadsheet_cell(cell) == text
    start = cell.lstrip(" \u00a0\u3000")[:1]
    if start in set("=+-@\t\r\n＝＋－＠"):
        assert cell.lstrip("+-").replace(".", "", 1).isdigit() and cell.isascii()


@given(st.lists(st.lists(cell_texts, min_size=1, max_size=4), min_size=1, max_size=5))
def test_an_exported_csv_reimports_to_the_same_text(rows: list[list[str]]) -> None:
    out = io.StringIO(newline="")
    csv.writer(out).writerows([[spreadsheet_cell(v) for v in row] for row in rows])
    back = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert [[from_spreadsheet_cell(c) for c in row] for row in back] == rows


@settings(max_examples=25, deadline=None)
@given(st.lists(cell_texts.map(printable), min_size=1, max_size=8))
def test_an_exported_xlsx_reimports_to_the_same_text(names: list[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row, name in enumerate(names, start=1):
        sheet.cell(row=row, column=1, value=spreadsheet_cell(name))
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    again = openpyxl.load_workbook(data).active
    assert again is not None
    cells = [again.cell(row=row, column=1) for row in range(1, len(names) + 1)]
    assert all(c.data_type != "f" for c in cells)  # no formula
    assert [from_spreadsheet_cell(c.value if c.value is not None else "") for c in cells] == names


@given(st.text())
def test_printable_output_is_always_safe_and_idempotent(text: str) -> None:
    shown = printable(text)
    assert len(shown) == len(text)
    assert printable(shown) == shown
    assert check_plain_text("x", shown) == shown
