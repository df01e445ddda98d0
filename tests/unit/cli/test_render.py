"""The renderer: tables line up by display width, cells are made safe, JSON keeps integers."""

from __future__ import annotations

import io
import json

import pytest

from common.cli.cells import REPLACEMENT, display_width, safe_lines, safe_text
from common.cli.output import Output
from common.cli.render import HEADINGS, Column, csv_text, json_text, table
from common.i18n import N_, use_language

COLUMNS = [
    Column("sku"),
    Column("name"),
    Column("qty_base", "QTY", "int"),
    Column("price_minor", "PRICE", "money"),
]
ROWS = [
    {"sku": "TEA-500", "name": "绿茶 Green tea", "qty_base": 48, "price_minor": 350, "currency": "CNY"},
    {"sku": "COLA-330", "name": "Cola", "qty_base": -3, "price_minor": 1999, "currency": "CNY"},
    {"sku": "YEN", "name": "抹茶", "qty_base": 5, "price_minor": 500, "currency": "JPY"},
]  # fmt: skip


def test_columns_line_up_by_display_width_with_chinese_names() -> None:
    lines = table(COLUMNS, ROWS).splitlines()
    assert [display_width(line) for line in lines] == [display_width(lines[1])] * len(lines)
    # Each column starts at the same terminal column on every line.
    starts = {
        display_width(line[: line.index(sku)]) for line, sku in zip(lines[2:], "TCY", strict=True)
    }
    assert starts == {0}
    quantity_ends = {
        display_width(line[: line.index(f" {q}  ") + 1 + len(q)])
        for line, q in zip(lines[2:], ("48", "-3", "5"), strict=True)
    }
    assert len(quantity_ends) == 1  # numbers right-aligned
    assert lines[2].endswith("3.50") and lines[3].endswith("19.99")
    assert lines[4].endswith("500")  # yen have no minor digits


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("饮料") == 4
    assert display_width("Cola") == 4
    assert display_width("e\u0301") == 1  # a combining accent takes no column


def test_control_and_bidi_characters_never_reach_the_terminal() -> None:
    evil = "Cola\x1b[2J\rX\u202eredro\ttab"
    assert safe_text(evil) == (
        f"Cola{REPLACEMENT}[2J{REPLACEMENT}X{REPLACEMENT}redro{REPLACEMENT}tab"
    )
    assert safe_text("绿茶\u3000Tea") == "绿茶\u3000Tea"  # an ideographic space is text
    assert safe_lines("line one\nline\x07two") == f"line one\nline{REPLACEMENT}two"
    cells = table([Column("name")], [{"name": evil}])
    assert "\x1b" not in cells and "\u202e" not in cells and "\r" not in cells


def test_csv_keeps_integers_and_field_names() -> None:
    text = csv_text(COLUMNS, ROWS)
    assert text.splitlines()[0] == "sku,name,qty_base,price_minor,currency"  # money names it
    assert text.splitlines()[2] == "COLA-330,Cola,-3,1999,CNY"
    assert csv_text(COLUMNS[:3], ROWS).splitlines()[0] == "sku,name,qty_base"


def test_json_is_one_line_and_refuses_a_float() -> None:
    assert json_text(ROWS) == json.dumps(ROWS, ensure_ascii=False)
    with pytest.raises(TypeError, match=r"float at \$\[0\]\.lag_seconds"):
        json_text([{"lag_seconds": 1.234}])
    # found however deep, in a dict or a list, and named by its path
    with pytest.raises(TypeError, match=r"float at \$\.lines\[1\]\.costs\[0\]"):
        json_text({"id": 1, "lines": [{"qty": 2}, {"costs": [0.5]}]})
    with pytest.raises(TypeError, match=r"float at \$: 2\.0"):
        json_text(2.0)
    many = [{"sku": f"P{i}", "qty_base": i, "tags": ["a", i]} for i in range(1000)]
    assert json.loads(json_text(many)) == many
    shared = {"qty": 1}
    assert json_text([shared, {"lines": [shared]}]) == '[{"qty": 1}, {"lines": [{"qty": 1}]}]'
    cycle: list[object] = []
    cycle.extend([cycle, cycle])
    with pytest.raises(ValueError, match="Circular reference"):
        json_text(cycle)


def _printed(fmt: str, show) -> str:
    buffer = io.StringIO()
    show(Output(fmt, buffer))
    return buffer.getvalue()


def test_one_listing_in_each_format() -> None:
    def show(out: Output) -> None:
        out.listing(ROWS, COLUMNS, footer=lambda: "3 lines")

    assert json.loads(_printed("json", show)) == ROWS
    assert _printed("csv", show).splitlines()[1] == "TEA-500,绿茶 Green tea,48,350,CNY"
    text = _printed("table", show).splitlines()
    assert text[0].split() == ["SKU", "NAME", "QTY", "PRICE"] and text[-1] == "3 lines"
    assert _printed("table", lambda out: out.listing([], COLUMNS, empty="none yet")) == "none yet\n"


def test_a_record_in_each_format_and_sentences_only_for_people() -> None:
    order = {"po_id": "PO-1", "currency": "CNY", "total_minor": 700, "lines": ROWS[:2]}

    def show(out: Output) -> None:
        out.say("created PO-1")
        out.record(order, lambda: "purchase order PO-1", rows_key="lines", columns=COLUMNS)

    assert json.loads(_printed("json", show)) == order
    assert _printed("csv", show).splitlines() == [
        "sku,name,qty_base,price_minor,currency",
        "TEA-500,绿茶 Green tea,48,350,CNY",
        "COLA-330,Cola,-3,1999,CNY",
    ]
    assert _printed("table", show) == "created PO-1\npurchase order PO-1\n"


def test_a_listing_with_lines_is_one_csv_row_per_line() -> None:
    orders = [
        {"po_id": "PO-1", "lines": [{"sku": "A", "qty_base": 1}, {"sku": "B", "qty_base": 2}]}
    ]
    text = _printed(
        "csv",
        lambda out: out.listing(
            orders, [Column("po_id"), Column("sku"), Column("qty_base")], lines_key="lines"
        ),
    )
    assert text.splitlines() == ["po_id,sku,qty_base", "PO-1,A,1", "PO-1,B,2"]


def test_headings_are_for_people_in_their_language_and_field_names_stay() -> None:
    columns = [Column("sku"), Column("qty_base", N_("QTY"), "int"), Column("open", kind="flag")]
    rows = [{"sku": "COLA", "qty_base": 3, "open": True}]
    assert table(columns, rows).splitlines()[0].split() == ["SKU", "QTY", "OPEN"]
    with use_language("zh_CN"):
        chinese = table(columns, rows).splitlines()
        assert chinese[0].split() == ["货号", "数量", "OPEN"]  # an identifier stays as it is
        assert chinese[2].split() == ["COLA", "3", "是"]
        assert csv_text(columns, rows).splitlines()[0] == "sku,qty_base,open"
        assert json_text(rows) == '[{"sku": "COLA", "qty_base": 3, "open": true}]'


def test_a_field_heading_reads_in_english_as_the_fields_name() -> None:
    """HEADINGS only lends the field's own name a translation: English tables do not change."""
    assert dict(HEADINGS) == {key: key.upper().replace("_", " ") for key in HEADINGS}


def test_csv_output_never_starts_a_formula_nor_carries_a_control() -> None:
    rows = [
        {"code": "BEV", "name": '=HYPERLINK("http://x","y")'},
        {"code": "+cmd|' /C calc'!A0", "name": "@SUM(1+1)"},
        {"code": "NEG", "name": "-2+3"},
        {"code": "ESC", "name": "\x1b[2J\u202eevil"},
    ]
    text = csv_text([Column("code"), Column("name")], rows)
    assert text.splitlines()[1:] == [
        'BEV,"\'=HYPERLINK(""http://x"",""y"")"',
        "'+cmd|' /C calc'!A0,'@SUM(1+1)",
        "NEG,'-2+3",
        f"ESC,{REPLACEMENT}[2J{REPLACEMENT}evil",
    ]


def test_invisible_and_hangul_filler_names_are_replaced_in_tables() -> None:
    assert safe_text("\u3164\u200bCola\u2028") == f"{REPLACEMENT * 2}Cola{REPLACEMENT}"
