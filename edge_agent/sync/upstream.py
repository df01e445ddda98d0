"""The upstream sync client: sends the store journal to head office (docs/runtime.md).

Hello -> Welcome{committed_seq}; head office is authoritative on what it
has, so committed_seq is set to that; then batches of consecutive entries from
committed+1, one in flight at a time, each answered by BatchAck or BatchRefused
(resend from expected_seq). A refusal keeps the stream (heartbeats go on, so
head office sees the store and its growing lag): the link notes it for pos
status and the metrics, the log says it once a minute at most per reason and
entry, and the resend waits a backoff that grows to refused_resend_max_ms
until head office accepts a batch. Heartbeats carry the newest seq, the age of the
oldest entry not yet committed and the balance checksum; a BalanceRequest is
answered with every level as of one seq. Any failure ends the session and the
client reconnects with backoff, forever, while the agent keeps selling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import Any

import grpc

from common.clock import now_ms
from common.errors import IdentityError, StoreLedgerError
from common.ho_address import aio_secure_channel
from common.log_limits import ThrottledLog
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2, sync_pb2, sync_pb2_grpc
from common.tls_check import CertificateProblem
from edge_agent.domain.journal import StoredEntry
from edge_agent.services.context import StoreContext
from edge_agent.services.queries import BalanceChecksum, balances
from edge_agent.services.sync_journal import (
    entry_hashes,
    journal_after,
    mark_committed,
    upstream_snapshot,
)
from edge_agent.sync.backoff import (
    REFUSED_CODES,
    REFUSED_RESEND_MAX_MS,
    Backoff,
    ConnectionLog,
    raise_if_cancelling,
)
from edge_agent.sync.credentials import (
    FixedCredentials,
    StoreCredentials,
    as_store_credentials,
    explanation,
)
from edge_agent.sync.link import HeadOfficeLink

log = logging.getLogger(__name__)

WELCOME_TIMEOUT_S = 15.0
IDLE_RECHECK_S = 1.0


class SyncProtocolError(StoreLedgerError):
    """Head office said something out of turn; the session is dropped and retried."""


def checksum_pb(checksum: BalanceChecksum) -> ledger_pb2.BalanceChecksum:
    return ledger_pb2.BalanceChecksum(
        as_of_seq=checksum.as_of_seq,
        sha256_hex=checksum.sha256_hex,
        sku_count=checksum.sku_count,
    )


def entries_pb(stored: list[StoredEntry]) -> list[ledger_pb2.JournalEntry]:
    """Entries as the journal keeps them: already the wire bytes head office receives."""
    return [ledger_pb2.JournalEntry.FromString(entry.payload) for entry in stored]


class UpstreamClient:
    def __init__(
        self,
        ctx: StoreContext,
        link: HeadOfficeLink,
        address: str,
        credentials: grpc.ChannelCredentials | StoreCredentials | FixedCredentials,
        sync_config: dict[str, Any],
        agent_version: str,
        rng: random.Random | None = None,
    ) -> None:
        self._ctx = ctx
        self._link = link
        self._address = address
        self._tls = as_store_credentials(credentials)
        self._batch_max = max(1, int(sync_config["batch_max_entries"]))
        self._batch_delay_ms = max(0, int(sync_config["batch_max_delay_ms"]))
        self._heartbeat_s = max(1, int(sync_config["heartbeat_interval_ms"])) / 1000
        initial_ms = sync_config["backoff_initial_ms"]
        self._backoff = Backoff(initial_ms, sync_config["backoff_max_ms"], rng)
        refused_max_ms = sync_config.get("refused_resend_max_ms", REFUSED_RESEND_MAX_MS)
        self._resend_backoff = Backoff(initial_ms, refused_max_ms, rng)
        self._agent_version = agent_version
        self._conn_log = ConnectionLog(log, "head office upstream")
        self._refusal_log = ThrottledLog(log)

    async def run(self) -> None:
        """Keep a session up until cancelled."""
        while True:
            delay = self._backoff.next_delay_s()
            try:
                await self._session()
            except grpc.aio.AioRpcError as exc:
                certificate = await explanation(self._tls, exc.code(), exc.details() or "")
                if exc.code() in REFUSED_CODES or certificate:
                    # The store is disabled, its identity (revoked, another CA's, expired) or
                    # its ledger refused: nothing changes by asking every 2 s; keep selling
                    # and ask again less and less often (up to refused_resend_max_ms).
                    problem = certificate or exc.details() or exc.code().name
                    self._conn_log.failed(problem, logging.ERROR)
                    delay = self._resend_backoff.next_delay_s()
                else:
                    self._conn_log.failed(f"{exc.code().name}: {exc.details()}")
            except IdentityError as exc:  # the store's own certificate cannot pass a handshake
                self._conn_log.failed(str(exc), logging.ERROR)
                delay = self._backoff.max_delay_s()
            except (StoreLedgerError, OSError, TimeoutError) as exc:
                self._conn_log.failed(str(exc) or type(exc).__name__)
            except Exception as exc:  # noqa: BLE001 - this loop must outlive any one failure
                # grpc.aio raises asyncio.InvalidStateError when a write meets a call
                # that head office's death has already ended; sync must resume anyway.
                self._conn_log.failed(f"{type(exc).__name__}: {exc}", logging.ERROR)
            finally:
                self._link.set_connected(False)
            raise_if_cancelling()
            await asyncio.sleep(delay)

    async def _session(self) -> None:
        credentials = await asyncio.to_thread(self._tls.channel_credentials)
        async with aio_secure_channel(self._address, credentials) as channel:
            call = sync_pb2_grpc.StoreSyncStub(channel).Upstream()
            try:
                await self._run_call(call)
            except asyncio.InvalidStateError:
                # grpc.aio refuses a write on a call that has already ended (a failed
                # TLS handshake, head office gone): report why the call ended instead.
                code, details = await call.code(), await call.details()
                certificate = await explanation(self._tls, code, details or "")
                if certificate:
                    raise CertificateProblem(certificate) from None
                raise SyncProtocolError(
                    f"head office ended the upstream call: {code.name}: {details}"
                ) from None
            finally:
                call.cancel()

    async def _run_call(self, call: Any) -> None:
        snap = await asyncio.to_thread(upstream_snapshot, self._ctx)
        await call.write(
            sync_pb2.UpstreamMessage(
                hello=sync_pb2.Hello(
                    store_code=self._ctx.store_code,
                    agent_version=self._agent_version,
                    newest_seq=snap.newest_seq,
                    checksum=checksum_pb(snap.checksum),
                    oldest_uncommitted_at_ms=snap.oldest_uncommitted_at_ms,
                    instance_id=snap.instance_id,
                    newest_entry_hash=snap.newest_entry_hash,
                )
            )
        )
        reply = await asyncio.wait_for(call.read(), WELCOME_TIMEOUT_S)
        if reply == grpc.aio.EOF:
            await call.code()  # raises the stream's error status, if any
            raise SyncProtocolError("head office ended the upstream stream before its Welcome")
        if reply.WhichOneof("kind") != "welcome":
            raise SyncProtocolError(f"head office sent {reply.WhichOneof('kind')} before Welcome")
        committed = reply.welcome.committed_seq
        if committed > snap.newest_seq:
            # Never take head office's word for entries this ledger does not have.
            raise SyncProtocolError(
                f"head office has committed store {self._ctx.store_code}'s journal up to entry "
                f"{committed}, but this ledger ends at entry {snap.newest_seq}; it is not the "
                "store's ledger (re-initialised or restored), so nothing is marked as synced"
            )
        theirs = reply.welcome.committed_entry_hash
        if (
            theirs
            and committed
            and (await asyncio.to_thread(entry_hashes, self._ctx, [committed]))[0] != theirs
        ):
            # Not the journal head office committed (a restored older copy that went on
            # selling): mark nothing as synced; the batches say why (ledger_diverged).
            self._refusal_log.event(
                ("diverged", committed), logging.ERROR, "ledger differs from head office's journal",
                committed_seq=committed, newest_seq=snap.newest_seq,
                hint="this ledger is not the store's journal at head office; see `hoctl verify` "
                "and docs/runtime.md, 'Recovering a store's ledger'",
            )  # fmt: skip
        else:
            await asyncio.to_thread(mark_committed, self._ctx, committed)
        self._link.set_connected(True)
        self._backoff.reset()
        if self._link.refusal is None:  # not within a run of refused batches
            self._resend_backoff.reset()
        self._conn_log.connected(
            address=self._address, committed_seq=committed, newest_seq=snap.newest_seq
        )

        write_lock = asyncio.Lock()
        replies: asyncio.Queue[sync_pb2.UpstreamReply] = asyncio.Queue()
        tasks = [
            asyncio.create_task(self._read_replies(call, replies, write_lock)),
            asyncio.create_task(self._heartbeats(call, write_lock)),
            asyncio.create_task(
                self._send_batches(call, replies, write_lock, committed, snap.instance_id)
            ),
        ]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()  # re-raise what ended the session
            raise SyncProtocolError("the upstream session ended")
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _read_replies(
        self, call: Any, replies: asyncio.Queue[sync_pb2.UpstreamReply], lock: asyncio.Lock
    ) -> None:
        while True:
            reply = await call.read()
            if reply == grpc.aio.EOF:
                await call.code()
                raise SyncProtocolError("head office ended the upstream stream")
            kind = reply.WhichOneof("kind")
            if kind in ("ack", "refused"):
                replies.put_nowait(reply)
            elif kind == "balance_request":
                report = await asyncio.to_thread(self._balance_report, reply.balance_request)
                async with lock:
                    await call.write(sync_pb2.UpstreamMessage(balance_report=report))
                log_event(log, logging.INFO, "balance report sent", as_of_seq=report.as_of_seq)
            else:
                raise SyncProtocolError(f"head office sent an unexpected {kind}")

    def _balance_report(self, request: sync_pb2.BalanceRequest) -> sync_pb2.BalanceReport:
        """Every level as of the newest entry, with that entry's hash; or, when head office
        names sequences (hoctl verify looking for where two journals part), their hashes."""
        if request.hash_seqs:
            return sync_pb2.BalanceReport(
                request_id=request.request_id,
                entry_hashes=entry_hashes(self._ctx, list(request.hash_seqs)),
            )
        as_of, levels = balances(self._ctx)
        (as_of_hash,) = entry_hashes(self._ctx, [as_of])
        return sync_pb2.BalanceReport(
            request_id=request.request_id,
            as_of_seq=as_of,
            balances=[ledger_pb2.SkuBalance(sku=s, qty_base=q) for s, q in levels],
            as_of_entry_hash=as_of_hash,
        )

    async def _heartbeats(self, call: Any, lock: asyncio.Lock) -> None:
        while True:
            await asyncio.sleep(self._heartbeat_s)
            snap = await asyncio.to_thread(upstream_snapshot, self._ctx)
            beat = sync_pb2.Heartbeat(
                newest_seq=snap.newest_seq,
                oldest_uncommitted_at_ms=snap.oldest_uncommitted_at_ms,
                checksum=checksum_pb(snap.checksum),
                sent_at_ms=now_ms(),
            )
            async with lock:
                await call.write(sync_pb2.UpstreamMessage(heartbeat=beat))

    async def _send_batches(
        self,
        call: Any,
        replies: asyncio.Queue[sync_pb2.UpstreamReply],
        lock: asyncio.Lock,
        committed: int,
        instance_id: str,
    ) -> None:
        next_seq = committed + 1
        batch_id = 0
        while True:
            entries = await self._next_batch(next_seq)
            batch_id += 1
            async with lock:
                await call.write(
                    sync_pb2.UpstreamMessage(
                        batch=sync_pb2.EntryBatch(
                            batch_id=batch_id,
                            entries=entries_pb(entries),
                            instance_id=instance_id,
                            entry_hashes=[entry.entry_hash for entry in entries],
                        )
                    )
                )
            reply = await replies.get()
            if reply.WhichOneof("kind") == "ack":
                last = reply.ack.committed_seq
                await asyncio.to_thread(mark_committed, self._ctx, last)
                next_seq = last + 1
                self._accepted(last)
                continue
            next_seq = await self._refused(reply.refused)

    async def _refused(self, refused: sync_pb2.BatchRefused) -> int:
        """Note a refused batch, wait before resending it; the sequence to resend from.

        The wait grows with each refusal in a row (full jitter, up to
        refused_resend_max_ms): the same batch refused again changes nothing,
        and the stream, heartbeats and selling go on meanwhile.
        """
        gap = refused.reason == sync_pb2.REFUSAL_REASON_SEQUENCE_GAP
        # A head office older than reason codes says only gap or invalid entry.
        reason = refused.reason_code or ("sequence_gap" if gap else "invalid_entry")
        seq = refused.refused_seq or refused.expected_seq
        refusal = self._link.refused(seq, reason, refused.message, now_ms())
        self._refusal_log.event(
            (reason, seq), logging.WARNING if gap else logging.ERROR, "batch refused",
            reason_code=reason, seq=seq, expected_seq=refused.expected_seq,
            message=refused.message, refused_since_ms=refusal.since_ms,
        )  # fmt: skip
        await asyncio.sleep(self._resend_backoff.next_delay_s())
        return max(1, refused.expected_seq)

    def _accepted(self, committed_seq: int) -> None:
        """Head office accepted a batch: a run of refusals (if any) is over."""
        self._resend_backoff.reset()
        ended = self._link.accepted()
        if ended is not None:
            log_event(log, logging.INFO, "head office accepts the journal again",
                      committed_seq=committed_seq, reason_code=ended.reason,
                      refused_since_ms=ended.since_ms,
                      refusals_not_logged=self._refusal_log.forget((ended.reason, ended.seq)))  # fmt: skip

    async def _next_batch(self, next_seq: int) -> list[StoredEntry]:
        """Entries from next_seq: waits for at least one, then up to batch_max_delay_ms
        (counted from when the first was written) for the batch to fill."""
        grew = self._link.journal_grew
        while True:
            grew.clear()
            entries = await asyncio.to_thread(
                journal_after, self._ctx, next_seq - 1, self._batch_max
            )
            if entries:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(grew.wait(), IDLE_RECHECK_S)
        deadline_ms = entries[0].occurred_at_ms + self._batch_delay_ms
        while len(entries) < self._batch_max and (remaining := deadline_ms - now_ms()) > 0:
            grew.clear()
            try:
                await asyncio.wait_for(grew.wait(), remaining / 1000)
            except TimeoutError:
                break
            entries = await asyncio.to_thread(
                journal_after, self._ctx, next_seq - 1, self._batch_max
            )
        return entries
