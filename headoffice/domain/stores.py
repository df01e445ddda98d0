"""An enrolled store, its sync state, and what a store says when it syncs.

The sync state is how far head office has committed the store's journal,
what the store last said about its own (its newest entry, the age of its
oldest entry head office has not committed, a checksum of its balances) and,
while head office refuses its batches, since when, which entry and why.
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
    # While head office refuses the store's batches (0 / "" otherwise): when the
    # current run of refusals began, the refused entry, its reason code and sentence.
    refused_since_ms: int = 0
    refused_seq: int = 0
    refused_reason: str = ""
    refused_message: str = ""
    # The ledger instance head office bound the store to ("" none yet), since when, and
    # the hash of entry committed_seq (hex; "" before entry hashes were kept).
    instance_id: str = ""
    instance_bound_at_ms: int = 0
    head_hash_hex: str = ""
    # When head office disabled the store (0: not, or before this was kept): the entries
    # it wrote before then are still taken (domain.disabled_stores).
    disabled_at_ms: int = 0

    @property
    def refused(self) -> bool:
        return self.refused_since_ms > 0


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why head office refused a store's batch: the entry, a reason code, the sentence.

    The code is a short word for metrics and alerts (`sequence_gap`,
    `unknown_kind`, `wrong_sign`, ..., `invalid_entry` by default: the
    error's `code`); the sentence is for a person.
    """

    seq: int
    reason: str
    message: str


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
    # When its oldest entry head office has not committed was written (0: none, or an
    # agent too old to say): the lag counts from it before the first heartbeat.
    oldest_uncommitted_at_ms: int = 0
    # The ledger instance that wrote the store's journal ("" an agent older than
    # instances) and the hash of its newest entry (DESIGN invariant 7).
    instance_id: str = ""
    newest_entry_hash: bytes = b""


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """A store's periodic word on an open stream: its newest entry and its oldest unsent one."""

    newest_seq: int
    oldest_uncommitted_at_ms: int
    checksum: BalanceChecksum | None = None
