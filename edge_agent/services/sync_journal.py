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
    return UpstreamSnapshot(newest, committed, oldest, checksum(ctx))
