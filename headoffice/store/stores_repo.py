"""Stores and their sync state rows."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from headoffice.domain.stores import Store, SyncState
from headoffice.store.tables import store_sync, stores

# Built once: constructing a joined SELECT cost more Python than running it.
_LOCK_STORE_SYNC = (
    sa.select(stores, store_sync)
    .join(store_sync, store_sync.c.store_code == stores.c.code)
    .where(stores.c.code == sa.bindparam("code"))
    .with_for_update(of=store_sync)
)


_UPDATE_SYNC = store_sync.update().where(store_sync.c.store_code == sa.bindparam("sync_store"))


class StoresRepository:
    """Stores and their sync rows on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def get_store(self, code: str) -> Store | None:
        row = self._conn.execute(sa.select(stores).where(stores.c.code == code)).one_or_none()
        return Store(**row._mapping) if row is not None else None

    def list_stores(self) -> list[Store]:
        rows = self._conn.execute(sa.select(stores).order_by(stores.c.code)).all()
        return [Store(**row._mapping) for row in rows]

    def insert_store(self, code: str, name: str, now_ms: int) -> Store:
        self._conn.execute(
            stores.insert().values(code=code, name=name, disabled=False, created_at_ms=now_ms)
        )
        self._conn.execute(
            store_sync.insert().values(
                store_code=code,
                committed_seq=0,
                store_newest_seq=0,
                oldest_uncommitted_at_ms=0,
                last_contact_ms=0,
                agent_version="",
                checksum_seq=0,
                checksum_hex="",
                connected=False,
            )
        )
        return Store(code, name, False, now_ms)

    def set_disabled(self, code: str, disabled: bool) -> None:
        self._conn.execute(stores.update().where(stores.c.code == code).values(disabled=disabled))

    def lock_sync_row(self, code: str) -> SyncState | None:
        """The store's sync row, locked FOR UPDATE on PostgreSQL: one writer per store journal."""
        query = sa.select(store_sync).where(store_sync.c.store_code == code).with_for_update()
        row = self._conn.execute(query).one_or_none()
        return SyncState(**row._mapping) if row is not None else None

    def lock_store_sync(self, code: str) -> tuple[Store, SyncState] | None:
        """The store and its sync row in one round trip, the sync row locked FOR UPDATE.

        Only the sync row is locked (the journal's one-writer lock); the store row
        is read as of the statement, so disabling a store never waits for a batch.
        """
        row = self._conn.execute(_LOCK_STORE_SYNC, {"code": code}).one_or_none()
        if row is None:
            return None
        m = row._mapping
        store = Store(
            m[stores.c.code], m[stores.c.name], m[stores.c.disabled], m[stores.c.created_at_ms]
        )
        return store, SyncState(**{col.name: m[col] for col in store_sync.c})

    def all_sync_rows(self, code: str | None = None) -> list[tuple[Store, SyncState]]:
        query = sa.select(stores, store_sync).join(
            store_sync, store_sync.c.store_code == stores.c.code
        )
        if code:
            query = query.where(stores.c.code == code)
        result = []
        for row in self._conn.execute(query.order_by(stores.c.code)).all():
            m = row._mapping
            store = Store(
                m[stores.c.code], m[stores.c.name], m[stores.c.disabled], m[stores.c.created_at_ms]
            )
            sync = SyncState(**{col.name: m[col] for col in store_sync.c})
            result.append((store, sync))
        return result

    def update_sync(self, code: str, **values: Any) -> None:
        """Set the given columns of the store's sync row (the SET list follows the keys)."""
        self._conn.execute(_UPDATE_SYNC, {"sync_store": code, **values})
