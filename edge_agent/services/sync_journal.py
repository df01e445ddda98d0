"""What the sync client reads and records: entries to send, acknowledgements, last contact."""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import now_ms
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.services.context import StoreContext
from edge_agent.services.queries import checksum
from edge_agent.store import journal


@dataclass(frozen=True)
class UpstreamSnapshot:
    newest_seq: int
    acked_seq: int
    oldest_unacked_at_ms: int
    checksum: ledger_pb2.BalanceChecksum


def journal_after(ctx: StoreContext, seq: int, limit: int) -> list[ledger_pb2.JournalEntry]:
    with ctx.db.read() as conn:
        return journal.entries_after(conn, seq, limit)


def mark_acked(ctx: StoreContext, seq: int) -> None:
    """Record that head office has committed everything up to seq (it is authoritative)."""
    with ctx.db.write() as conn:
        journal.set_acked(conn, seq, now_ms())


def upstream_snapshot(ctx: StoreContext) -> UpstreamSnapshot:
    with ctx.db.read() as conn:
        newest = journal.newest_seq(conn)
        acked, _ = journal.sync_state(conn)
        oldest = journal.oldest_unacked_at_ms(conn, acked)
    return UpstreamSnapshot(newest, acked, oldest, checksum(ctx))
