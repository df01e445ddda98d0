"""What people set by hand for replenishment: min/max per store and SKU (one at a time or
imported from a file), store-to-store transfer costs, a SKU's supplier with its pack size
and minimum order. Each change is checked whole (nothing is written when one row is
bad) and audited in its own transaction."""

from __future__ import annotations

from collections.abc import Sequence

from common.clock import now_ms as clock_now_ms
from common.i18n import _
from common.ids import check_store_code
from headoffice.domain.errors import UnknownProduct, UnknownStore
from headoffice.domain.purchasing_errors import UnknownSupplier
from headoffice.domain.replenishment import MinMax, check_min_max, check_pack, check_quantity
from headoffice.domain.replenishment_errors import InvalidReplenishment
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.domain.roles import Staff
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort

MAX_IMPORT_ROWS = 100_000


def _require(uow: UnitOfWorkPort, stores: set[str], skus: set[str]) -> None:
    for code in sorted(stores):
        if uow.stores.get_store(code) is None:
            raise UnknownStore(code)
    known = uow.catalogue.products_by_sku(sorted(skus))
    missing = sorted(sku for sku in skus if sku not in known)
    if missing:
        raise UnknownProduct(*missing)


def set_min_max(
    uow: UnitOfWorkPort, staff: Staff, rows: Sequence[MinMax], source: str = "",
    now_ms: int | None = None,
) -> int:  # fmt: skip
    """Set (or replace) each row's min/max; all rows or none. The number set."""
    if not rows:
        raise InvalidReplenishment(_("there is no min/max to set"))
    if len(rows) > MAX_IMPORT_ROWS:
        raise InvalidReplenishment(
            _("a min/max import holds at most {most} rows, got {count}").format(
                most=MAX_IMPORT_ROWS, count=len(rows)
            )
        )
    seen: set[tuple[str, str]] = set()
    for row in rows:
        check_store_code(row.store_code)
        staff.check_store(row.store_code)
        check_min_max(row.store_code, row.sku, row.min_qty_base, row.max_qty_base)
        if (row.store_code, row.sku) in seen:
            raise InvalidReplenishment(
                _("{sku} at {store} appears twice").format(sku=row.sku, store=row.store_code)
            )
        seen.add((row.store_code, row.sku))
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _require(uow, {r.store_code for r in rows}, {r.sku for r in rows})
        uow.replenish.set_min_max(list(rows), now, staff.username)
        if len(rows) == 1:
            row = rows[0]
            after: dict[str, object] = {
                "store": row.store_code, "sku": row.sku,
                "min_qty_base": row.min_qty_base, "max_qty_base": row.max_qty_base,
            }  # fmt: skip
            entity_id = f"{row.store_code}/{row.sku}"
        else:
            after = {"rows": len(rows), "source": source}
            entity_id = source or "import"
        audit.record(uow, staff.username, "replenish.minmax.set", "replenish_min_max", entity_id,
                     None, after, now)  # fmt: skip
        uow.commit()
    return len(rows)


def show_min_max(
    uow: UnitOfWorkPort, staff: Staff, store_code: str = "", sku: str = ""
) -> list[MinMax]:
    if store_code:
        staff.check_store(store_code)
    with uow:
        rows = uow.replenish.min_max_rows(store_code, sku)
    return [row for row in rows if staff.sees_store(row.store_code)]


def clear_min_max(
    uow: UnitOfWorkPort, staff: Staff, store_code: str, sku: str, now_ms: int | None = None
) -> None:
    """Go back to the computed figure for the store and SKU."""
    staff.check_store(store_code)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = uow.replenish.min_max_rows(store_code, sku)
        if not uow.replenish.clear_min_max(store_code, sku):
            raise InvalidReplenishment(
                _("{sku} at {store} has no min/max to clear").format(sku=sku, store=store_code)
            )
        audit.record(
            uow, staff.username, "replenish.minmax.clear", "replenish_min_max",
            f"{store_code}/{sku}",
            {"min_qty_base": before[0].min_qty_base, "max_qty_base": before[0].max_qty_base},
            None, now,
        )  # fmt: skip
        uow.commit()


def set_cost(
    uow: UnitOfWorkPort, staff: Staff, from_store: str, to_store: str, cost_minor: int,
    now_ms: int | None = None,
) -> None:  # fmt: skip
    """The cost of moving stock from one store to another (lower is tried first)."""
    check_store_code(from_store)
    check_store_code(to_store)
    if from_store == to_store:
        raise InvalidReplenishment(
            _("a transfer cost is between two stores, not {store} and itself").format(
                store=from_store
            )
        )
    check_quantity(_("the transfer cost"), cost_minor, 0)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _require(uow, {from_store, to_store}, set())
        uow.replenish.set_cost(from_store, to_store, cost_minor, now, staff.username)
        audit.record(uow, staff.username, "replenish.cost.set", "replenish_cost",
                     f"{from_store}>{to_store}", None, {"cost_minor": cost_minor}, now)  # fmt: skip
        uow.commit()


def list_costs(uow: UnitOfWorkPort) -> dict[tuple[str, str], int]:
    with uow:
        return uow.replenish.costs()


def set_supply(
    uow: UnitOfWorkPort, staff: Staff, terms: SupplyTerms, now_ms: int | None = None
) -> SupplyTerms:
    """Who supplies a SKU, in packs of how many base units, from what minimum order."""
    check_pack(terms.sku, terms.pack_qty_base, terms.min_order_qty_base)
    check_quantity(_("the unit cost of {sku}").format(sku=terms.sku), terms.unit_cost_minor, 0)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _require(uow, set(), {terms.sku})
        if uow.purchasing.get_supplier(terms.supplier_code) is None:
            raise UnknownSupplier(terms.supplier_code)
        uow.replenish.set_supply(terms, now, staff.username)
        audit.record(
            uow, staff.username, "replenish.supply.set", "replenish_supply", terms.sku, None,
            {"supplier": terms.supplier_code, "pack_qty_base": terms.pack_qty_base,
             "min_order_qty_base": terms.min_order_qty_base,
             "unit_cost_minor": terms.unit_cost_minor}, now,
        )  # fmt: skip
        uow.commit()
    return terms


def list_supply(uow: UnitOfWorkPort) -> list[SupplyTerms]:
    with uow:
        return list(uow.replenish.supply_terms().values())
