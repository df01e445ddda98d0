"""Per-store sync status: how far behind head office is for each store, and why."""

from __future__ import annotations

from dataclasses import dataclass

from headoffice.domain.errors import UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.ports import UnitOfWorkPort

DEFAULT_HEARTBEAT_TIMEOUT_MS = 15_000


@dataclass(frozen=True, slots=True)
class StoreSyncView:
    store_code: str
    name: str
    disabled: bool
    connected: bool
    committed_seq: int
    store_newest_seq: int
    backlog_count: int
    lag_ms: int
    last_contact_ms: int
    agent_version: str


def sync_status(
    uow: UnitOfWorkPort,
    now_ms: int,
    store_code: str = "",
    heartbeat_timeout_ms: int = DEFAULT_HEARTBEAT_TIMEOUT_MS,
    staff: Staff | None = None,
) -> list[StoreSyncView]:
    """Lag = how long the store's oldest entry not committed here has waited (0 when caught up).

    With `staff`, only the stores that user sees (asking about another store is
    refused); without, every store (the metrics exporter).
    """
    if staff is not None and store_code:
        staff.check_store(store_code)
    with uow:
        rows = uow.stores.all_sync_rows(store_code or None)
    if store_code and not rows:
        raise UnknownStore(store_code)
    views = []
    for store, sync in rows:
        if staff is not None and not staff.sees_store(store.code):
            continue
        backlog = max(0, sync.store_newest_seq - sync.committed_seq)
        lag = 0
        if backlog > 0 and sync.oldest_uncommitted_at_ms > 0:
            lag = max(0, now_ms - sync.oldest_uncommitted_at_ms)
        connected = sync.connected and now_ms - sync.last_contact_ms <= heartbeat_timeout_ms
        views.append(
            StoreSyncView(
                store_code=store.code,
                name=store.name,
                disabled=store.disabled,
                connected=connected,
                committed_seq=sync.committed_seq,
                store_newest_seq=sync.store_newest_seq,
                backlog_count=backlog,
                lag_ms=lag,
                last_contact_ms=sync.last_contact_ms,
                agent_version=sync.agent_version,
            )
        )
    return views
