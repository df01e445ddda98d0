"""Issue 12 failure 5, chain-wide stock on both databases: levels at the range policy's
limits (10^8 base units at 10^8 minor units, in several stores) keep `hoctl stock` and the
chain totals working on PostgreSQL, where 1e9 x 1e13 once failed with "bigint out of range"
(such a receipt is now refused at the till: tests/edge/test_bounds_receiving.py)."""

from __future__ import annotations

from collections.abc import Callable

from common.certs import KeyPair
from common.domain.limits import MAX_QTY_BASE, MAX_UNIT_COST_MINOR
from headoffice.domain.roles import Staff
from headoffice.domain.stock_views import Selection
from headoffice.services.catalogue import import_catalogue
from headoffice.services.stock_views import chain_totals, list_stock
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import delivery

UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
    "GOLD,Gold bar,,piece,100000000,100000000,luxury\n"
    "SILVER,Silver bar,,piece,100000000,100000000,luxury\n"
)


def test_failure_5_chain_stock_keeps_working_with_levels_at_the_limits(
    uow: UoW, ca: KeyPair
) -> None:
    stores = ("S001", "S002", "S003")
    for code in stores:
        add_store(uow(), ca, code, f"Store {code}", "x:1")
    import_catalogue(uow(), CATALOGUE)
    top = (MAX_QTY_BASE, MAX_UNIT_COST_MINOR)
    for code in stores:
        apply_batch(uow(), code, [delivery(1, [("GOLD", *top), ("SILVER", *top)])])
    page = list_stock(uow(), ADMIN, Selection())
    assert len(page.lines) == 6
    assert page.totals is not None and page.totals.value_minor == 6 * 10**16
    totals = chain_totals(uow(), ADMIN, Selection())
    assert [(r.sku, r.stores, r.qty_base, r.value_minor) for r in totals.lines] == [
        ("GOLD", 3, 3 * 10**8, 3 * 10**16),
        ("SILVER", 3, 3 * 10**8, 3 * 10**16),
    ]
