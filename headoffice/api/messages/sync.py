"""The Upstream stream: a store's hello, heartbeats and balance reports in, replies out."""

from __future__ import annotations

from common.pb.storeledger.v1 import ledger_pb2, sync_pb2
from headoffice.domain.errors import SequenceGap
from headoffice.domain.stores import BalanceChecksum, Heartbeat, Hello
from headoffice.domain.verify import BalanceReport
from headoffice.services.sync import ApplyResult
from headoffice.services.sync_refusals import BatchRefusal, refusal_of


def _checksum(message: ledger_pb2.BalanceChecksum) -> BalanceChecksum | None:
    """The store's checksum; None when it sent none (an empty digest)."""
    if not message.sha256_hex:
        return None
    return BalanceChecksum(message.as_of_seq, message.sha256_hex)


def hello_of(message: sync_pb2.Hello) -> Hello:
    return Hello(
        store_code=message.store_code,
        agent_version=message.agent_version,
        newest_seq=message.newest_seq,
        checksum=_checksum(message.checksum) if message.HasField("checksum") else None,
        oldest_uncommitted_at_ms=message.oldest_uncommitted_at_ms,
        instance_id=message.instance_id,
        newest_entry_hash=message.newest_entry_hash,
    )


def heartbeat_of(message: sync_pb2.Heartbeat) -> Heartbeat:
    return Heartbeat(
        newest_seq=message.newest_seq,
        oldest_uncommitted_at_ms=message.oldest_uncommitted_at_ms,
        checksum=_checksum(message.checksum) if message.HasField("checksum") else None,
    )


def balance_report_of(message: sync_pb2.BalanceReport) -> BalanceReport:
    return BalanceReport(
        message.as_of_seq,
        {b.sku: b.qty_base for b in message.balances},
        message.as_of_entry_hash,
    )


def welcome(
    store_code: str, committed_seq: int, server_time_ms: int, committed_entry_hash: bytes = b""
) -> sync_pb2.UpstreamReply:
    return sync_pb2.UpstreamReply(
        welcome=sync_pb2.Welcome(
            store_code=store_code,
            committed_seq=committed_seq,
            server_time_ms=server_time_ms,
            committed_entry_hash=committed_entry_hash,
        )
    )


def ack(batch_id: int, result: ApplyResult) -> sync_pb2.UpstreamReply:
    return sync_pb2.UpstreamReply(
        ack=sync_pb2.BatchAck(
            batch_id=batch_id,
            committed_seq=result.committed_seq,
            applied=result.applied,
            duplicates=result.duplicates,
        )
    )


def refused(batch_id: int, exc: BatchRefusal) -> sync_pb2.UpstreamReply:
    """BatchRefused for a refused batch: the sequence to resend from, the reason code,
    the refused entry and the sentence."""
    refusal = refusal_of(exc)
    return sync_pb2.UpstreamReply(
        refused=sync_pb2.BatchRefused(
            batch_id=batch_id,
            reason=sync_pb2.REFUSAL_REASON_SEQUENCE_GAP
            if isinstance(exc, SequenceGap)
            else sync_pb2.REFUSAL_REASON_INVALID_ENTRY,
            expected_seq=exc.expected_seq,
            message=refusal.message,
            reason_code=refusal.reason,
            refused_seq=refusal.seq,
        )
    )
