"""Count sheets out (CSV, PDF) and count files in (common.domain.count_sheets)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from common.domain.count_sheets import (
    CountFileRefused,
    ImportedLine,
    Known,
    SheetItem,
    by_location,
)
from common.domain.limits import MAX_QTY_BASE
from common.errors import ConfigError
from common.i18n import use_language
from common.reports.count_sheet import (
    SheetHeader,
    count_sheet_csv,
    count_sheet_pdf,
    parse_count_file,
)
from common.reports.fonts import FontMissing, find_cjk_font
from common.spreadsheets import csv_rows

PRODUCTS = {
    "COLA": Known("COLA", "piece"),
    "RICE": Known("RICE", "g"),
    "TEA": Known("TEA", "piece"),
}
BARCODES = {"6901234567892": "COLA"}


def lookup(column: str, code: str) -> Known | None:
    if column == "barcode":
        code = BARCODES.get(code, "")
    return PRODUCTS.get(code)


ITEMS = [
    SheetItem("B-02", "TEA", "6900000000017", "绿茶 Green tea", "piece"),
    SheetItem("A-01", "RICE", "", "Rice (loose)", "g"),
    SheetItem("", "SOAP", "", "Soap", "piece"),
    SheetItem("A-01", "COLA", "6901234567892", "=cmd|' /C calc'!A0", "piece"),
]


# -- export ------------------------------------------------------------------------------
def test_grouped_by_location_no_location_last() -> None:
    groups = by_location(ITEMS)
    assert [where for where, _items in groups] == ["A-01", "B-02", ""]
    assert [i.sku for i in groups[0][1]] == ["COLA", "RICE"]


def test_csv_columns_and_formula_name_neutralised() -> None:
    text = count_sheet_csv(ITEMS)
    lines = text.splitlines()
    assert lines[0] == "location,sku,barcode,name,unit,counted"
    assert lines[1] == "A-01,COLA,6901234567892,'=cmd|' /C calc'!A0,piece,"
    assert not any(line.split(",")[3].startswith("=") for line in lines)
    # Read back by the reader that undoes exactly the writer's apostrophe.
    assert list(csv_rows(text))[1][1][3] == "=cmd|' /C calc'!A0"


def test_filled_sheet_reads_back_skipping_blank_counts() -> None:
    rows = count_sheet_csv(ITEMS).splitlines()
    rows[1] += "12"  # COLA at A-01
    rows[2] += "2500"  # RICE at A-01, grams
    data = ("\n".join(rows) + "\n").encode()
    assert parse_count_file(data, lookup) == [
        ImportedLine(2, "COLA", 12, "A-01"),
        ImportedLine(3, "RICE", 2_500, "A-01"),
    ]


def test_pdf_one_section_per_location_with_names() -> None:
    with use_language("en"):
        data = count_sheet_pdf(SheetHeader("CS-7", "S1", "Aisle count"), ITEMS)
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 3
    assert "Location A-01" in pages[0] and "Rice (loose)" in pages[0]
    assert "绿茶 Green tea" in pages[1]
    assert "no shelf location" in pages[2] and "Soap" in pages[2]
    assert all("Count sheet CS-7" in p and "Counted by" in p for p in pages)


def test_pdf_without_a_cjk_font_is_refused_for_chinese_only() -> None:
    latin = [SheetItem("A", "COLA", "", "Cola", "piece")]
    assert count_sheet_pdf(SheetHeader("CS-1", "S1", "t"), latin, font=lambda: None)[:5] == b"%PDF-"
    with pytest.raises(FontMissing, match="fonts-wqy-microhei"):
        count_sheet_pdf(SheetHeader("CS-1", "S1", "t"), ITEMS, font=lambda: None)


def test_font_from_the_environment_must_exist(tmp_path) -> None:
    with pytest.raises(ConfigError, match="not a font file"):
        find_cjk_font({"STORELEDGER_PDF_FONT": str(tmp_path / "none.ttf")})


# -- import ------------------------------------------------------------------------------
def test_handheld_file_with_sku_or_barcode() -> None:
    data = b"barcode,sku,qty,location,counter\n6901234567892,,3,A-01,ann\n,TEA,0,B-02,bob\n"
    assert parse_count_file(data, lookup) == [
        ImportedLine(2, "COLA", 3, "A-01", "ann"),
        ImportedLine(3, "TEA", 0, "B-02", "bob"),
    ]


def test_every_bad_line_reported_and_nothing_returned() -> None:
    data = "\n".join(
        [
            "sku,qty,location",
            "COLA,5,A-01",  # 2: fine
            "NOPE,1,A-01",  # 3: unknown SKU
            "TEA,1.5,B-02",  # 4: not whole pieces
            "RICE,12.5,A-01",  # 5: grams are whole too
            "TEA,-2,B-02",  # 6: negative
            f"RICE,{MAX_QTY_BASE + 1},A-02",  # 7: over the limit
            "COLA,1,A-01",  # 8: COLA at A-01 again
            "",  # blank: skipped
            "COLA",  # 10: no quantity column
            "COLA,4,B-02",  # 11: fine (another location)
            "TEA,,A-01",  # 12: empty quantity
        ]
    ).encode()
    with use_language("en"), pytest.raises(CountFileRefused) as caught:
        parse_count_file(data, lookup)
    problems = dict(caught.value.problems)
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 10, 12]
    assert "unknown sku 'NOPE'" in problems[3]
    assert "not a whole number of pieces" in problems[4]
    assert "not a whole number of grams" in problems[5]
    assert "negative" in problems[6]
    assert str(MAX_QTY_BASE) in problems[7]
    assert "line 2 already" in problems[8]
    assert "fewer than the header" in problems[10]
    assert "no quantity" in problems[12]
    sentence = str(caught.value)
    assert sentence.startswith("the count file has 8 bad lines and nothing was imported:")
    for line_no in problems:
        assert f"line {line_no}: " in sentence


def test_missing_column_refused() -> None:
    with use_language("en"), pytest.raises(CountFileRefused, match="no column qty"):
        parse_count_file(b"sku,amount\nCOLA,1\n", lookup)
    with use_language("en"), pytest.raises(CountFileRefused, match="no column sku / barcode"):
        parse_count_file(b"qty\n1\n", lookup)
    with pytest.raises(CountFileRefused):
        parse_count_file(b"", lookup)


def test_gbk_tabs_and_utf8_bom() -> None:
    gbk = "sku\tqty\tlocation\tcounter\r\nCOLA\t7\t货架一\t张三\r\n".encode("gbk")
    assert parse_count_file(gbk, lookup) == [ImportedLine(2, "COLA", 7, "货架一", "张三")]
    bom = "\ufeffsku,qty,location\nTEA,2,货架二\n".encode()
    assert parse_count_file(bom, lookup) == [ImportedLine(2, "TEA", 2, "货架二")]
    with pytest.raises(CountFileRefused, match="UTF-8"):
        parse_count_file(b"sku,qty\n\xff\xff\xff,1\n", lookup)


def test_full_width_digits_and_control_characters_refused() -> None:
    data = "sku,qty,location\nCOLA,１２,A\nTEA,1,B\x1b[2J\n".encode()
    with pytest.raises(CountFileRefused) as caught:
        parse_count_file(data, lookup)
    assert [n for n, _why in caught.value.problems] == [2, 3]


def test_same_sku_by_barcode_and_by_sku_is_a_duplicate() -> None:
    data = b"sku,barcode,qty,location\nCOLA,,1,A\n,6901234567892,2,A\n,6901234567892,3,B\n"
    with use_language("en"), pytest.raises(CountFileRefused) as caught:
        parse_count_file(data, lookup)
    assert caught.value.problems == ((3, "COLA at location 'A' is on line 2 already"),)
