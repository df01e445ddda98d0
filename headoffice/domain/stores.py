"""An enrolled store, its sync state, and what a store says when it syncs.

The sync state is how far head office has committed the store's journal and
what the store last said about its own (its newest entry, the age of its
oldest entry head office has not committed, a checksum of its balances).
"""

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
    committed_seq: int
    store_newest_seq: int
    oldest_uncommitted_at_ms: int
    last_contact_ms: int
    agent_version: str
    checksum_seq: int
    checksum_hex: str
    connected: bool


@dataclass(frozen=True, slots=True)
class BalanceChecksum:
    """A digest of the store's levels after its entries up to as_of_seq (common.domain.checksum)."""

    as_of_seq: int
    sha256_hex: str


@dataclass(frozen=True, slots=True)
class Hello:
    """A store opening its Upstream stream: who, which agent, its newest journal entry."""

    store_code: str
    agent_version: str
    newest_seq: int
    checksum: BalanceChecksum | None = None


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """A store's periodic word on an open stream: its newest entry and its oldest unsent one."""

    newest_seq: int
    oldest_uncommitted_at_ms: int
    checksum: BalanceChecksum | None = None
