"""Purchasing use cases: suppliers, purchase orders through their states, supplier returns.

Every change is audited in its own transaction. Sending, cancelling or closing
an order queues a PurchaseOrderExpected event for the order's store; the
caller wakes the downstream streams after commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from common.clock import now_ms as clock_now_ms
from common.domain.money import DEFAULT_CURRENCY
from common.i18n import _
from common.ids import check_store_code
from common.text_safety import check_plain_text
from headoffice.domain import purchasing as po_rules
from headoffice.domain.errors import UnknownProduct, UnknownStore
from headoffice.domain.purchasing import OrderView, PurchaseOrder, Supplier, SupplierReturn
from headoffice.domain.purchasing_errors import (
    InvalidPurchaseRequest,
    StoreDisabledForOrders,
    SupplierAlreadyExists,
    UnknownPurchaseOrder,
    UnknownSupplier,
)
from headoffice.domain.roles import Staff
from headoffice.domain.store_events import PurchaseOrderExpected
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort

# -- suppliers ----------------------------------------------------------------------


def add_supplier(
    uow: UnitOfWorkPort,
    actor: str,
    code: str,
    name: str,
    contact: str = "",
    now_ms: int | None = None,
) -> Supplier:
    po_rules.check_supplier_code(code)
    name = po_rules.check_supplier_name(name)
    contact = contact.strip()
    if len(contact) > 200:
        raise InvalidPurchaseRequest(_("a supplier's contact must be at most 200 characters"))
    check_plain_text(_("the supplier's contact"), contact)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if uow.purchasing.get_supplier(code) is not None:
            raise SupplierAlreadyExists(code)
        supplier = Supplier(code, name, contact, now, actor)
        uow.purchasing.insert_supplier(supplier)
        audit.record(uow, actor, "supplier.add", "supplier", code, None, supplier.as_dict(), now)
        uow.commit()
    return supplier


def list_suppliers(uow: UnitOfWorkPort) -> list[Supplier]:
    with uow:
        return uow.purchasing.list_suppliers()


# -- purchase orders -----------------------------------------------------------------


def create_order(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    supplier_code: str,
    items: list[tuple[str, int, int]],
    over_tolerance_pct: int = po_rules.DEFAULT_OVER_TOLERANCE_PCT,
    now_ms: int | None = None,
) -> OrderView:
    """A draft order for one store from one supplier; lines of (sku, qty, unit cost)."""
    check_store_code(store_code)
    staff.check_store(store_code)
    po_rules.check_tolerance(over_tolerance_pct)
    lines = po_rules.new_lines(items)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        view = add_order(uow, staff, store_code, supplier_code, lines, over_tolerance_pct, now)
        uow.commit()
    return view


def add_order(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    supplier_code: str,
    lines: tuple[po_rules.OrderLine, ...],
    over_tolerance_pct: int,
    now: int,
) -> OrderView:
    """Insert a draft of checked lines inside the caller's open transaction (which commits
    it): create_order's, or a replenishment approval's with its other documents."""
    _require_enabled_store(uow, store_code)
    if uow.purchasing.get_supplier(supplier_code) is None:
        raise UnknownSupplier(supplier_code)
    _require_products(uow, [line.sku for line in lines])
    draft = PurchaseOrder(
        po_no=0,
        store_code=store_code,
        supplier_code=supplier_code,
        state=po_rules.DRAFT,
        currency=DEFAULT_CURRENCY,
        over_tolerance_pct=over_tolerance_pct,
        lines=lines,
        created_at_ms=now,
        created_by=staff.username,
        updated_at_ms=now,
    )
    order = replace(draft, po_no=uow.purchasing.insert_order(draft))
    audit.record(
        uow, staff.username, "po.create", "purchase_order", order.po_id, None,
        order.as_dict(), now,
    )  # fmt: skip
    return _view(uow, order)


def add_order_line(
    uow: UnitOfWorkPort, staff: Staff, po_id: str, sku: str, qty: int, cost: int
) -> OrderView:
    def change(uow: UnitOfWorkPort, order: PurchaseOrder) -> PurchaseOrder:
        _require_products(uow, [sku])
        return po_rules.add_line(order, sku, qty, cost)

    return _change(uow, staff, po_id, "po.add_line", change, notify_store=False)


def remove_order_line(uow: UnitOfWorkPort, staff: Staff, po_id: str, line_no: int) -> OrderView:
    return _change(
        uow, staff, po_id, "po.remove_line",
        lambda uow, order: po_rules.remove_line(order, line_no), notify_store=False,
    )  # fmt: skip


def send_order(uow: UnitOfWorkPort, staff: Staff, po_id: str) -> OrderView:
    """Fix the order and tell its store to expect the delivery (a disabled store expects nothing)."""

    def send(uow: UnitOfWorkPort, order: PurchaseOrder) -> PurchaseOrder:
        _require_enabled_store(uow, order.store_code)
        return po_rules.send(order)

    return _change(uow, staff, po_id, "po.send", send)


def cancel_order(uow: UnitOfWorkPort, staff: Staff, po_id: str) -> OrderView:
    return _change(uow, staff, po_id, "po.cancel", lambda uow, order: po_rules.cancel(order))


def close_order(uow: UnitOfWorkPort, staff: Staff, po_id: str) -> OrderView:
    """Close a partly received order: the rest will not come; the store stops expecting it."""
    return _change(uow, staff, po_id, "po.close", lambda uow, order: po_rules.close(order))


def get_order(uow: UnitOfWorkPort, staff: Staff, po_id: str) -> OrderView:
    po_no = po_rules.parse_po_id(po_id)
    with uow:
        order = _visible_order(uow, staff, po_no)
        return _view(uow, order)


def list_orders(
    uow: UnitOfWorkPort, staff: Staff, store_code: str = "", state: str = ""
) -> list[OrderView]:
    if state and state not in po_rules.STATES:
        raise InvalidPurchaseRequest(
            _("order state {state} is not one of {states}").format(
                state=repr(state), states=", ".join(po_rules.STATES)
            )
        )
    if store_code:
        staff.check_store(store_code)
    with uow:
        orders = uow.purchasing.list_orders(store_code, state)
        return [_view(uow, o) for o in orders if staff.sees_store(o.store_code)]


def list_supplier_returns(
    uow: UnitOfWorkPort, staff: Staff, store_code: str = "", supplier_code: str = ""
) -> list[SupplierReturn]:
    if store_code:
        staff.check_store(store_code)
    with uow:
        rows = uow.purchasing.list_supplier_returns(store_code, supplier_code)
    return [row for row in rows if staff.sees_store(row.store_code)]


def _change(
    uow: UnitOfWorkPort,
    staff: Staff,
    po_id: str,
    action: str,
    change: Callable[[UnitOfWorkPort, PurchaseOrder], PurchaseOrder],
    notify_store: bool = True,
    now_ms: int | None = None,
) -> OrderView:
    po_no = po_rules.parse_po_id(po_id)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = _visible_order(uow, staff, po_no, lock=True)
        after = replace(change(uow, before), updated_at_ms=now)
        uow.purchasing.save_order(after)
        view = _view(uow, after)
        if notify_store:
            uow.downstream.enqueue_store_event(after.store_code, PurchaseOrderExpected(view), now)
        audit.record(
            uow, staff.username, action, "purchase_order", after.po_id,
            before.as_dict(), after.as_dict(), now,
        )  # fmt: skip
        uow.commit()
    return view


def _visible_order(
    uow: UnitOfWorkPort, staff: Staff, po_no: int, lock: bool = False
) -> PurchaseOrder:
    order = uow.purchasing.get_order(po_no, lock=lock)
    # A store manager is told an order of another store does not exist, like an unknown one.
    if order is None or not staff.sees_store(order.store_code):
        raise UnknownPurchaseOrder(po_rules.po_id(po_no))
    return order


def _require_enabled_store(uow: UnitOfWorkPort, store_code: str) -> None:
    """A disabled store receives no downstream events, so it would never expect the order."""
    store = uow.stores.get_store(store_code)
    if store is None:
        raise UnknownStore(store_code)
    if store.disabled:
        raise StoreDisabledForOrders(store_code)


def _require_products(uow: UnitOfWorkPort, skus: list[str]) -> None:
    known = uow.catalogue.products_by_sku(skus)
    missing = [sku for sku in skus if sku not in known]
    if missing:
        raise UnknownProduct(*missing)


def _view(uow: UnitOfWorkPort, order: PurchaseOrder) -> OrderView:
    names = uow.purchasing.supplier_names({order.supplier_code})
    products = uow.catalogue.products_by_sku([line.sku for line in order.lines])
    return OrderView(
        order,
        names.get(order.supplier_code, ""),
        {sku: p.name for sku, p in products.items()},
    )
