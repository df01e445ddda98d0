"""Catalogue exports that cannot attack whoever opens them, and import back (issue 12, failure 6).

"=HYPERLINK(...), +cmd|..., @SUM in names go raw into catalogue CSV, live formulas into
XLSX ... one such name makes XLSX export fail; a 100,000-character name is accepted and
silently cut on export; an exported XLSX does not re-import." Each test runs on SQLite
and PostgreSQL; the files are written and read by hoctl's own functions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.engine import Engine

from common.text_safety import REPLACEMENT
from headoffice.cli.catalogue_files import read_rows, write_rows
from headoffice.domain.errors import CatalogueRejected
from headoffice.services.catalogue import export_rows, import_catalogue, import_rows
from headoffice.store.tables import products
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category,kind,packs,components"
FORMULA_NAMES = {
    "LINK": '=HYPERLINK("http://x","y")',
    "CMD": "+cmd|' /C calc'!A0",
    "SUM": "@SUM(1+1)",
    "MINUS": "-2+3",
    "WIDE": "＝1+1",
    "QUOTE": "'=1+1",
}


def _catalogue(names: dict[str, str]) -> list[tuple[int, list[str]]]:
    """Rows with these names, as head office receives them (already read from a file)."""
    rows = [(1, HEADER.split(","))]
    for line_no, (sku, name) in enumerate(names.items(), start=2):
        rows.append((line_no, [sku, name, "", "piece", "100", "50", "drinks", "goods", "", ""]))
    return rows


def _names(uow: UoW) -> dict[str, str]:
    return {row[0]: row[1] for row in export_rows(uow())[1:]}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_names_go_out_neutralised_and_reimport_unchanged(
    uow: UoW, tmp_path: Path, suffix: str
) -> None:
    import_rows(uow(), _catalogue(FORMULA_NAMES))
    assert _names(uow) == FORMULA_NAMES
    path = tmp_path / f"catalogue{suffix}"
    write_rows(path, export_rows(uow()))
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).worksheets[0]
        names = [row[1] for row in sheet.iter_rows(min_row=2)]
        assert {c.data_type for c in names} == {"s"}  # text, never a live formula
        assert all(str(c.value).startswith("'") for c in names)
    else:
        written = [line.split(",", 2)[1] for line in path.read_text().splitlines()[1:]]
        assert all(cell.lstrip('"').startswith("'") for cell in written)
    again = import_rows(uow(), read_rows(path))
    counts = (again.products_created, again.products_updated, again.products_unchanged)
    assert counts == (0, 0, len(FORMULA_NAMES))
    assert _names(uow) == FORMULA_NAMES


def test_an_exported_xlsx_reimports_to_the_same_catalogue(uow: UoW, tmp_path: Path) -> None:
    text = (
        HEADER
        + "\nWATER,Water 550ml,6901234567892,piece,200,95,drinks/water,goods,case=24:4006381333931,"
        + "\nSHAMPOO,Car shampoo,,ml,1,1,car/supplies,goods,,"
        + "\nWASH,洗车 Car wash,,piece,3000,0,car/services,service,,SHAMPOO=50\n"
    )
    import_catalogue(uow(), text)
    before = export_rows(uow())
    path = tmp_path / "catalogue.xlsx"
    write_rows(path, before)
    again = import_rows(uow(), read_rows(path))
    assert (again.products_created, again.products_updated, again.products_unchanged) == (0, 0, 3)
    assert export_rows(uow()) == before


def _store_name_directly(engine: Engine, sku: str, name: str) -> None:
    """A name stored before names were checked at input (an older version's import)."""
    with engine.begin() as conn:
        conn.execute(products.update().where(products.c.sku == sku).values(name=name))


def test_one_control_character_name_no_longer_makes_xlsx_export_fail(
    uow: UoW, engine: Engine, tmp_path: Path
) -> None:
    import_rows(uow(), _catalogue({"EVIL": "placeholder", "TAB": "x", "CR": "y"}))
    _store_name_directly(engine, "EVIL", "\x1b[2J\x1b]0;pwn\x07\u202eevil")
    _store_name_directly(engine, "TAB", "\t=1+1")
    _store_name_directly(engine, "CR", "\r=cmd|' /C calc'!A0")
    path = tmp_path / "catalogue.xlsx"
    write_rows(path, export_rows(uow()))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    names = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert {c.data_type for c in names.values()} == {"s"}
    r = REPLACEMENT
    assert names["EVIL"].value == f"{r}[2J{r}]0;pwn{r}{r}evil"
    assert names["TAB"].value == f"{r}=1+1"  # no tab start, and the file opens
    assert names["CR"].value == f"{r}=cmd|' /C calc'!A0"
    # The file imports back: the replaced characters are the only change.
    again = import_rows(uow(), read_rows(path))
    assert (again.products_updated, again.products_unchanged) == (3, 0)
    assert _names(uow)["TAB"] == f"{r}=1+1"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Cola\x1b[2J", "name contains an invisible or control character (U+001B, character 5)"),
        ("\u202eevil", "name contains an invisible or control character (U+202E, character 1)"),
        ("\t=1+1", "name contains an invisible or control character (U+0009, character 1)"),
        ("\r=1+1", "name contains an invisible or control character (U+000D, character 1)"),
    ],
)
def test_control_characters_in_names_are_refused_at_import(
    uow: UoW, name: str, problem: str
) -> None:
    row = ["EVIL", name, "", "piece", "1", "1", "drinks", "goods", "", ""]
    with pytest.raises(CatalogueRejected) as refused:
        import_rows(uow(), [(1, HEADER.split(",")), (2, row)])
    assert any(problem in reason for _line, reason in refused.value.errors)
    assert "EVIL" not in _names(uow)


def test_a_100000_character_name_is_refused_not_cut(uow: UoW) -> None:
    long_name = "x" * 100_000
    with pytest.raises(CatalogueRejected) as refused:
        import_rows(uow(), _catalogue({"LONG": long_name}))
    assert refused.value.errors == [
        (2, "name is 100000 characters long; at most 200 characters are allowed")
    ]
    assert _names(uow) == {}
    import_rows(uow(), _catalogue({"LONG": "x" * 200}))
    assert _names(uow) == {"LONG": "x" * 200}


def test_a_category_longer_than_its_column_is_refused_with_a_sentence(uow: UoW) -> None:
    text = HEADER + "\n" + "CAT,Cola,,piece,1,1," + "c" * 101 + ",goods,,\n"
    with pytest.raises(CatalogueRejected) as refused:
        import_catalogue(uow(), text)
    assert refused.value.errors == [
        (2, "category is 101 characters long; at most 100 characters are allowed")
    ]
    assert _names(uow) == {}
