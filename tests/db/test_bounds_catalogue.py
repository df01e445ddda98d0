"""Issue 12, failure 5 in the catalogue, on both databases: a price, cost, pack or component
beyond the range policy is refused in the dry run and in the import, naming the row and the
field, and a store price beyond it is refused; nothing is written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.errors import InvalidInput
from headoffice.domain.errors import CatalogueRejected
from headoffice.domain.roles import Staff
from headoffice.services.catalogue import import_catalogue
from headoffice.services.store_prices import set_store_price
from headoffice.store.tables import products
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category,kind,packs,components\n"
COLA = "COLA,Cola,,piece,350,200,drinks,goods,,\n"


def product_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(products)).scalar() or 0)


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
def test_failure_5_csv_price_1e26_refused_naming_row_and_field(
    uow: UoW, engine: Engine, dry_run: bool
) -> None:
    text = HEADER + COLA + "GOLD,Gold,,piece,100000000000000000000000000,1,luxury,goods,,\n"
    with pytest.raises(CatalogueRejected) as refused:
        import_catalogue(uow(), text, dry_run=dry_run)
    [(line_no, reason)] = refused.value.errors
    assert line_no == 3
    assert reason == (
        "price_minor of GOLD is 100000000000000000000000000 minor units, "
        "more than the limit of 100000000 minor units"
    )
    assert product_count(engine) == 0


def test_failure_5_catalogue_price_1e14_refused(uow: UoW, engine: Engine) -> None:
    text = HEADER + "GOLD,Gold,,piece,100000000000000,100000000000001,luxury,goods,,\n"
    with pytest.raises(CatalogueRejected) as refused:
        import_catalogue(uow(), text)
    reasons = [reason for _, reason in refused.value.errors]
    assert any(r.startswith("price_minor of GOLD is 100000000000000 minor units") for r in reasons)
    assert any(r.startswith("cost_minor of GOLD is 100000000000001 minor units") for r in reasons)
    assert product_count(engine) == 0


def test_failure_1_component_or_pack_of_1e9_refused_at_import(uow: UoW, engine: Engine) -> None:
    text = (
        HEADER
        + COLA
        + "PARTY,Party box,,piece,500,0,drinks,bundle,,COLA=1000000000\n"
        + "COLA2,Cola crate,,piece,350,200,drinks,goods,case=1000000000,\n"
    )
    with pytest.raises(CatalogueRejected) as refused:
        import_catalogue(uow(), text)
    assert [(n, r.split(",")[0]) for n, r in refused.value.errors] == [
        (3, "component COLA is 1000000000 base units"),
        (4, "pack case is 1000000000 base units"),
    ]
    assert product_count(engine) == 0


def test_failure_5_store_price_beyond_the_limit_refused(uow: UoW, store: str) -> None:
    import_catalogue(uow(), HEADER + COLA)
    with pytest.raises(InvalidInput, match="store price of COLA is 100000000000000 minor units"):
        set_store_price(uow(), Staff("ada", "admin"), store, "COLA", 10**14)
    assert set_store_price(uow(), Staff("ada", "admin"), store, "COLA", 10**8) is not None


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
def test_failure_5_xlsx_price_beyond_the_limit_refused_naming_row_and_field(
    uow: UoW, engine: Engine, tmp_path, dry_run: bool
) -> None:
    import openpyxl

    from headoffice.cli.catalogue_files import read_rows
    from headoffice.services.catalogue import import_rows

    path = tmp_path / "catalogue.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["COLA", "Cola", "", "piece", 350, 200, "drinks", "goods", "", ""])
    sheet.append(["GOLD", "Gold", "", "piece", 10**14, 1, "luxury", "goods", "", ""])
    sheet.append(["SILVER", "Silver", "", "piece", 1e26, 1, "luxury", "goods", "", ""])
    book.save(path)
    with pytest.raises(CatalogueRejected) as refused:
        import_rows(uow(), read_rows(path), dry_run)
    errors = dict(refused.value.errors)
    assert errors[3].startswith("price_minor of GOLD is 100000000000000 minor units, more than")
    # A float cell (1e26) reads as the whole number it holds, and is refused the same way.
    assert errors[4].startswith("price_minor of SILVER is 100000000000000004764729344 minor")
    assert product_count(engine) == 0
