"""What the sync client reads and records: entries to send, acknowledgements, last contact."""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms
from edge_agent.domain.journal import StoredEntry
from edge_agent.services.context import StoreContext
from edge_agent.services.queries import BalanceChecksum, checksum


@dataclass(frozen=True)
class UpstreamSnapshot:
    newest_seq: int
    committed_seq: int
    oldest_uncommitted_at_ms: int
    checksum: BalanceChecksum
    # The ledger's instance and the hash of its newest entry (DESIGN invariant 7).
    instance_id: str = ""
    newest_entry_hash: bytes = b""


def journal_after(ctx: StoreContext, seq: int, limit: int) -> list[StoredEntry]:
    """Up to limit entries after seq, as stored (the bytes head office receives)."""
    with ctx.db.read() as uow:
        return uow.journal.stored_after(seq, limit)


def mark_committed(ctx: StoreContext, seq: int) -> None:
    """Record that head office has committed everything up to seq (it is authoritative)."""
    with ctx.db.write() as uow:
        uow.journal.set_committed(seq, now_ms())


def upstream_snapshot(ctx: StoreContext) -> UpstreamSnapshot:
    with ctx.db.read() as uow:
        newest = uow.journal.newest_seq()
        committed, _ = uow.journal.sync_state()
        oldest = uow.journal.oldest_uncommitted_at_ms(committed)
        instance = uow.journal.instance_id()
        newest_hash = uow.journal.entry_hash(newest)
    return UpstreamSnapshot(newest, committed, oldest, checksum(ctx), instance, newest_hash)


def instance_of(ctx: StoreContext) -> str:
    """The ledger's instance id (carried in every batch)."""
    with ctx.db.read() as uow:
        return uow.journal.instance_id()


def entry_hashes(ctx: StoreContext, seqs: list[int]) -> list[bytes]:
    """The ledger's entry hashes at seqs (hoctl verify asking where two journals part)."""
    with ctx.db.read() as uow:
        return uow.journal.entry_hashes(seqs)
