"""A store's key items for handover spot counts, set at head office (hoctl count key-items).

The list replaces the store's own (`pos count key-items set`) when it arrives down the
store's stream as a KeyItemsOrder. A store journals every change of its list (kind
key_items: its staff's, and head office's order as it applied it), and head office keeps
the latest it applied (key_items_effects), so `show` prints the store's list as of its
last entry head office holds, or head office's own since, and says who set it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from common.clock import now_ms as clock_now_ms
from common.domain.key_items import check_key_items
from common.errors import InvalidInput
from common.i18n import _
from common.ids import check_store_code
from headoffice.domain.counts import FROM_HEADOFFICE, StoreKeyItems
from headoffice.domain.errors import StoreDisabled, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.store_events import KeyItemsSet
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort


def set_key_items(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    skus: Sequence[str],
    now_ms: int | None = None,
) -> StoreKeyItems:
    """Replace the store's key items (none: an empty list) and send them to the store.
    Each is goods in head office's catalogue, once; the list is short."""
    check_store_code(store_code)
    staff.check_store(store_code)
    items = check_key_items(skus)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        store = uow.stores.get_store(store_code)
        if store is None:
            raise UnknownStore(store_code)
        if store.disabled:
            raise StoreDisabled(store_code)
        not_goods = uow.catalogue.kinds_unless_goods(items)
        unknown = [sku for sku in items if sku in not_goods and not_goods[sku] is None]
        if unknown:
            raise UnknownProduct(*unknown)
        other = [sku for sku in items if not_goods.get(sku) is not None]
        if other:
            raise InvalidInput(
                _("{sku} is not goods on a shelf: a key item is goods the cashier can count")
                .format(sku=", ".join(other))
            )  # fmt: skip
        before = uow.count_policy.key_items(store_code)
        after = StoreKeyItems(store_code, items, staff.username, now, FROM_HEADOFFICE)
        uow.count_policy.set_key_items(after)
        uow.downstream.enqueue_store_event(store_code, KeyItemsSet(items, staff.username), now)
        audit.record(uow, staff.username, "count.key_items", "store", store_code,
                     asdict(before), asdict(after), now)  # fmt: skip
        uow.commit()
    return after


def key_items(uow: UnitOfWorkPort, staff: Staff, store_code: str) -> StoreKeyItems:
    """The store's key items as last set, at head office or by the store (set_from)."""
    check_store_code(store_code)
    staff.check_store(store_code)
    with uow:
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        return uow.count_policy.key_items(store_code)
