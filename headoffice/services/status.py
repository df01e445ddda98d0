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
    # While head office refuses the store's batches (0 / "" otherwise): since when, the
    # refused entry, its reason code and sentence (services.sync_refusals).
    refused_since_ms: int = 0
    refused_seq: int = 0
    refused_reason: str = ""
    refused_message: str = ""

    @property
    def refused(self) -> bool:
        return self.refused_since_ms > 0


def sync_status(
    uow: UnitOfWorkPort,
    now_ms: int,
    store_code: str = "",
    heartbeat_timeout_ms: int = DEFAULT_HEARTBEAT_TIMEOUT_MS,
    staff: Staff | None = None,
) -> list[StoreSyncView]:
    """Lag = how long the store's oldest entry not committed here has waited (0 when caught up).

    The lag does not depend on the connection: a store that is connected but
    refused, or gone, keeps lagging until head office commits its entries. If
    head office knows of a backlog but not yet when it began, a refused store
    lags at least from its first refusal.

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
        waiting_since = sync.oldest_uncommitted_at_ms or sync.refused_since_ms
        lag = max(0, now_ms - waiting_since) if backlog > 0 and waiting_since > 0 else 0
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
                refused_since_ms=sync.refused_since_ms,
                refused_seq=sync.refused_seq,
                refused_reason=sync.refused_reason,
                refused_message=sync.refused_message,
            )
        )
    return views
