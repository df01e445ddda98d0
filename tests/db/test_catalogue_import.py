from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from headoffice.domain.errors import CatalogueRejected
from headoffice.services.catalogue import changes_after, import_catalogue
from headoffice.store.tables import barcodes, products
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
GOOD = (
    HEADER
    + "COLA,Cola 330ml,6901234567892,piece,350,200,drinks\n"
    + "RICE,Loose rice,,g,2,1,food\n"
)


def product_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(products)).scalar() or 0)


def test_import_creates_updates_and_feeds_changes(uow: UoW, engine: Engine) -> None:
    result = import_catalogue(uow(), GOOD, now_ms=1)
    assert (result.applied, result.products_created, result.products_updated) == (True, 2, 0)
    again = import_catalogue(uow(), GOOD, now_ms=2)
    assert (again.products_created, again.products_updated, again.products_unchanged) == (0, 0, 2)
    changed = import_catalogue(
        uow(), HEADER + "COLA,Cola 330ml,6901234567892|4006381333931,piece,380,200,drinks\n"
    )
    assert changed.products_updated == 1
    feed = changes_after(uow(), 0)
    assert [c.product.sku for c in feed] == ["COLA", "RICE", "COLA"]
    assert feed[-1].product.barcodes == ("4006381333931", "6901234567892")
    assert feed[-1].product.price_minor == 380
    assert [c.product.sku for c in changes_after(uow(), feed[1].cursor)] == ["COLA"]


def test_dry_run_changes_nothing(uow: UoW, engine: Engine) -> None:
    result = import_catalogue(uow(), GOOD, dry_run=True)
    assert (result.applied, result.products_created) == (False, 2)
    assert product_count(engine) == 0
    assert changes_after(uow(), 0) == []


def test_a_file_with_one_bad_line_imports_nothing(uow: UoW, engine: Engine) -> None:
    with pytest.raises(CatalogueRejected) as info:
        import_catalogue(uow(), GOOD + "TEA,,,piece,1,1,drinks\nMILK,Milk,,litre,1,1,dairy\n")
    assert [line for line, _ in info.value.errors] == [4, 5]
    assert product_count(engine) == 0


def test_a_barcode_owned_by_an_unlisted_sku_is_refused(uow: UoW, engine: Engine) -> None:
    import_catalogue(uow(), GOOD)
    with pytest.raises(CatalogueRejected) as info:
        import_catalogue(uow(), HEADER + "PEPSI,Pepsi,6901234567892,piece,300,150,drinks\n")
    assert info.value.errors == [
        (2, "barcode 6901234567892 already belongs to SKU COLA at head office")
    ]
    assert product_count(engine) == 2
    # Moving a barcode between two SKUs the file lists is allowed.
    import_catalogue(
        uow(),
        HEADER
        + "COLA,Cola 330ml,,piece,350,200,drinks\n"
        + "PEPSI,Pepsi,6901234567892,piece,300,150,drinks\n",
    )
    with engine.connect() as conn:
        owner = conn.execute(
            sa.select(barcodes.c.sku).where(barcodes.c.barcode == "6901234567892")
        ).scalar_one()
    assert owner == "PEPSI"
