"""Enrolling, disabling and listing stores."""

from __future__ import annotations

from common.bundle import EnrolmentBundle
from common.certs import KeyPair
from common.clock import now_ms as clock_now_ms
from common.domain.limits import MAX_NAME_CHARS
from common.i18n import _
from common.ids import check_store_code
from common.text_safety import check_plain_text
from headoffice.domain.errors import InvalidStoreRequest, StoreAlreadyExists, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.stores import Store
from headoffice.services import audit
from headoffice.services.credentials import issue_store_bundle
from headoffice.services.ports import UnitOfWorkPort


def add_store(
    uow: UnitOfWorkPort,
    ca: KeyPair,
    store_code: str,
    name: str,
    headoffice_address: str,
    now_ms: int | None = None,
    actor: str = "admin",
) -> tuple[Store, EnrolmentBundle]:
    """Enrol a store and issue its certificate; the bundle is all its edge agent needs."""
    check_store_code(store_code)
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise InvalidStoreRequest(
            _("store {store} needs a name of 1 to {most} characters").format(
                store=store_code, most=MAX_NAME_CHARS
            )
        )
    check_plain_text(_("the name of store {store}").format(store=store_code), name)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if uow.stores.get_store(store_code) is not None:
            raise StoreAlreadyExists(store_code)
        store = uow.stores.insert_store(store_code, name, now)
        bundle = issue_store_bundle(uow, ca, store, headoffice_address, actor, now)
        audit.record(uow, actor, "store.add", "store", store_code, None, _state(store), now)
        uow.commit()
    return store, bundle


def disable_store(uow: UnitOfWorkPort, staff: Staff, store_code: str) -> Store:
    """Stop a store from syncing; its open streams are refused at their next batch."""
    staff.check_store(store_code)
    with uow:
        store = uow.stores.get_store(store_code)
        if store is None:
            raise UnknownStore(store_code)
        after = Store(store.code, store.name, True, store.created_at_ms)
        if store.disabled:
            return after
        uow.stores.set_disabled(store_code, True)
        # Entries the store wrote before now are still taken (domain.disabled_stores).
        uow.stores.update_sync(store_code, disabled_at_ms=clock_now_ms())
        audit.record(
            uow,
            staff.username,
            "store.disable",
            "store",
            store_code,
            _state(store),
            _state(after),
        )
        uow.commit()
    return after


def _state(store: Store) -> dict[str, object]:
    return {"code": store.code, "name": store.name, "disabled": store.disabled}


def list_stores(uow: UnitOfWorkPort, staff: Staff) -> list[Store]:
    """The enrolled stores the staff user sees (a store manager: the stores they manage)."""
    with uow:
        stores = uow.stores.list_stores()
    return [store for store in stores if staff.sees_store(store.code)]
