"""An enrolled store and its sync state: how far head office has committed its journal."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Store:
    """A store enrolled at head office (disabled: refused when it syncs)."""

    code: str
    name: str
    disabled: bool
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class SyncState:
    """Where a store's sync stands: last committed entry, what the store last said it has."""

    store_code: str
    last_seq: int
    store_newest_seq: int
    oldest_unacked_at_ms: int
    last_contact_ms: int
    agent_version: str
    checksum_seq: int
    checksum_hex: str
    connected: bool
