"""Issue 12, failure 5 and 12 at head office's purchasing, on both databases: an order
beyond the range policy is refused with a sentence and leaves no order and no audit
row; an order for a disabled store is refused, not "sent"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.errors import InvalidInput
from headoffice.domain.audit_chain import AuditFilter
from headoffice.domain.purchasing_errors import StoreDisabledForOrders
from headoffice.domain.roles import Staff
from headoffice.services import audit, purchasing
from headoffice.services.catalogue import import_catalogue
from headoffice.services.stores import disable_store
from headoffice.store.document_tables import purchase_order_lines, purchase_orders
from headoffice.store.unit_of_work import UnitOfWork

UoW = Callable[[], UnitOfWork]
BEA = Staff("bea", "buyer")
ADMIN = Staff("ada", "admin")
CATALOGUE = (
    "sku,name,barcodes,unit,price_minor,cost_minor,category\nCOLA,Cola,,piece,350,180,drinks\n"
)


@pytest.fixture
def ready(uow: UoW, store: str) -> str:
    import_catalogue(uow(), CATALOGUE, now_ms=10)
    purchasing.add_supplier(uow(), "bea", "BEV", "Beverage Co", "021-555", now_ms=20)
    return store


def rows(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (purchase_orders, purchase_order_lines)
        )


def audit_count(uow: UoW) -> int:
    return len(audit.list_records(uow(), AuditFilter()))


def test_failure_5_po_create_out_of_range_leaves_no_order_and_no_audit(
    uow: UoW, engine: Engine, ready: str
) -> None:
    before, audited = rows(engine), audit_count(uow)
    with pytest.raises(InvalidInput) as refused:
        purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 1_000_000_000, 10**13)])
    assert "quantity ordered of COLA is 1000000000 base units" in str(refused.value)
    assert "limit of 100000000 base units" in str(refused.value)
    with pytest.raises(InvalidInput, match=r"unit cost of COLA is 10000000000000 minor units"):
        purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 10, 10**13)])
    # Each within its own limit, together beyond a line's: 10^8 x 10^8 > 10^11.
    with pytest.raises(InvalidInput, match=r"the line of COLA is 10000000000000000 minor units"):
        purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 10**8, 10**8)])
    assert rows(engine) == before and audit_count(uow) == audited
    assert purchasing.list_orders(uow(), BEA) == []


def test_failure_5_po_add_line_out_of_range_leaves_the_order_as_it_was(
    uow: UoW, engine: Engine, ready: str
) -> None:
    import_catalogue(
        uow(),
        CATALOGUE + "TEA,Tea,,piece,450,230,drinks\n",
        now_ms=30,
    )
    po = purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 10**6, 6 * 10**4)]).order.po_id
    before, audited = rows(engine), audit_count(uow)
    with pytest.raises(InvalidInput, match="quantity ordered of TEA is 1000000000 base units"):
        purchasing.add_order_line(uow(), BEA, po, "TEA", 1_000_000_000, 10**13)
    # Each line within its limit, the order's total beyond 10^11.
    with pytest.raises(InvalidInput, match="the order's total is 110000000000 minor units"):
        purchasing.add_order_line(uow(), BEA, po, "TEA", 10**6, 5 * 10**4)
    assert rows(engine) == before and audit_count(uow) == audited
    assert [len(v.order.lines) for v in purchasing.list_orders(uow(), BEA)] == [1]


def test_failure_12_po_for_a_disabled_store_is_refused_not_sent(
    uow: UoW, engine: Engine, ready: str
) -> None:
    draft = purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 24, 180)]).order.po_id
    disable_store(uow(), ADMIN, ready)
    before, audited = rows(engine), audit_count(uow)
    with pytest.raises(StoreDisabledForOrders, match=f"store {ready} is disabled"):
        purchasing.send_order(uow(), BEA, draft)
    with pytest.raises(StoreDisabledForOrders, match="would never expect the delivery"):
        purchasing.create_order(uow(), BEA, ready, "BEV", [("COLA", 1, 1)])
    assert rows(engine) == before and audit_count(uow) == audited
    assert purchasing.get_order(uow(), BEA, draft).order.state == "draft"
