"""Store prices: set or remove a store's own price for a SKU; list them.

A change is audited and queued for that store only (a store-targeted feed
row), in the same transaction; the caller wakes the downstream streams after.
"""

from __future__ import annotations

from common.clock import now_ms as clock_now_ms
from common.domain.limits import check_unit_price
from common.errors import InvalidInput
from common.i18n import _
from headoffice.domain.catalogue import StorePrice
from headoffice.domain.errors import UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort


def set_store_price(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    sku: str,
    price_minor: int | None,
    now_ms: int | None = None,
) -> StorePrice | None:
    """Set (price_minor) or remove (None) the store's price for sku; the price as it now is."""
    staff.check_store(store_code)
    if price_minor is not None and price_minor < 0:
        raise InvalidInput(
            _(
                "a store price must be a whole non-negative number of minor units, got {price}"
            ).format(price=price_minor)
        )
    if price_minor is not None:
        check_unit_price(_("store price of {sku}").format(sku=sku), price_minor)
    if not store_code:
        raise InvalidInput(_("a store price needs a store code (--store)"))
    if not sku:
        raise InvalidInput(_("a store price needs a SKU (--sku)"))
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        if sku not in uow.catalogue.existing_skus([sku]):
            raise UnknownProduct(sku)
        before = uow.store_prices.price_at(store_code, sku)
        if price_minor is None:
            if before is None:
                raise InvalidInput(
                    _("store {store} has no price of its own for {sku}").format(
                        store=store_code, sku=sku
                    )
                )
            uow.store_prices.remove_price(store_code, sku, now)
            action = "store_price.remove"
        else:
            uow.store_prices.set_price(store_code, sku, price_minor, now)
            action = "store_price.set"
        audit.record(
            uow,
            staff.username,
            action,
            "store_price",
            f"{store_code}/{sku}",
            None if before is None else {"price_minor": before},
            None if price_minor is None else {"price_minor": price_minor},
            now_ms=now,
        )
        rows = uow.store_prices.list_prices(store_code)
        uow.commit()
    return next((r for r in rows if r.sku == sku), None)


def list_store_prices(uow: UnitOfWorkPort, staff: Staff, store_code: str = "") -> list[StorePrice]:
    """Store prices (of one store, or of every store the staff user sees)."""
    if store_code:
        staff.check_store(store_code)
    with uow:
        prices = uow.store_prices.list_prices(store_code)
    return [price for price in prices if staff.sees_store(price.store_code)]
