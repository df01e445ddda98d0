"""StoreSync: the Upstream journal stream and the Downstream catalogue stream.

The store's identity comes from its verified client certificate (invariant 6);
store_code fields in messages are only checked against it. Each message of
an Upstream stream is one call of the stream's UpstreamSession (services.
sync_session); database work runs in worker threads so hundreds of idle
streams cost one event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence

import grpc

from common.clock import now_ms
from common.domain import stocktake as st
from common.errors import StoreLedgerError
from common.i18n import _
from common.journal_kinds import SALE
from common.log_limits import DEFAULT_INTERVAL_S, ThrottledLog
from common.logs import log_event
from common.pb.storeledger.v1 import ledger_pb2, sync_pb2, sync_pb2_grpc
from headoffice.api.accuracy_gauges import posts_a_count
from headoffice.api.caller import caller, still_accepted
from headoffice.api.messages.channels import rebuild_order
from headoffice.api.messages.downstream import feed_messages
from headoffice.api.messages.sync import (
    ack,
    heartbeat_of,
    hello_of,
    refused,
    welcome,
)
from headoffice.api.metrics import SyncMetrics
from headoffice.api.streams import DownstreamSignal, OpenStream, StreamRegistry
from headoffice.domain.errors import (
    ConflictingEntry,
    DatabaseUnavailable,
    InvalidEntry,
    LedgerInstanceRefused,
    RebuildRefused,
    SequenceGap,
    StoreLedgerBehind,
)
from headoffice.domain.stores import Hello
from headoffice.services.count_policy import ensure_tolerance_sent
from headoffice.services.downstream import check_cursor, feed_after
from headoffice.services.member_sales import MemberSettings
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.reenrol import rebuild_page
from headoffice.services.sync import ApplyResult
from headoffice.services.sync_session import UpstreamSession, authorise_store
from headoffice.services.write_off_policy import ensure_policy_sent

log = logging.getLogger(__name__)

DOWNSTREAM_PAGE = 500


class StoreSyncServicer(sync_pb2_grpc.StoreSyncServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        registry: StreamRegistry,
        metrics: SyncMetrics,
        catalogue_signal: DownstreamSignal,
        heartbeat_write_interval_ms: int = 5_000,
        downstream_poll_s: float = 2.0,
        refusal_log_interval_s: float = DEFAULT_INTERVAL_S,
        count_posted: Callable[[], None] | None = None,
        count_tolerance: st.Tolerance | None = None,
        members: MemberSettings | None = None,
    ) -> None:
        self._members = members  # [members] and [stored_value]: applying member sales
        self._count_posted = count_posted
        # [counts] in headoffice.toml: what the store's own count sessions open with.
        self._count_tolerance = count_tolerance or st.Tolerance()
        self._new_uow = new_uow
        self._registry = registry
        self._metrics = metrics
        self._signal = catalogue_signal
        self._heartbeat_write_interval_ms = heartbeat_write_interval_ms
        self._downstream_poll_s = downstream_poll_s
        self._refusal_log = ThrottledLog(log, refusal_log_interval_s)
        # Stores refused since their last accepted batch, and the reason codes logged.
        self._refused_reasons: dict[str, set[str]] = {}

    async def _authorise(
        self,
        context: grpc.aio.ServicerContext,
        store_code: str,
        rpc: str,
        hello: Hello | None = None,
    ) -> None:
        """End the call with PERMISSION_DENIED (logged) unless the certificate is this store's."""
        try:
            await asyncio.to_thread(authorise_store, self._new_uow, caller(), store_code, hello)
        except DatabaseUnavailable:
            raise  # not a refusal: UNAVAILABLE, the store retries
        except StoreLedgerError as exc:
            # A refused store asks again and again: once a minute per store and reason.
            self._refusal_log.event(
                (store_code, rpc, str(exc)), logging.WARNING, "store refused", rpc=rpc,
                store=store_code, peer=context.peer(), reason=str(exc),
            )  # fmt: skip
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, str(exc))

    async def Upstream(self, request_iterator: object, context: grpc.aio.ServicerContext) -> None:  # noqa: N802
        # Cancelled at any await (the server stopping, the store gone): end quietly
        # rather than let grpc log a CancelledError traceback.
        with contextlib.suppress(asyncio.CancelledError):
            await self._upstream(context)

    async def _upstream(self, context: grpc.aio.ServicerContext) -> None:
        first = await context.read()
        if first is grpc.aio.EOF:
            return
        if first.WhichOneof("kind") != "hello":
            await context.abort(
                grpc.StatusCode.INVALID_ARGUMENT, _("the first upstream message must be a Hello")
            )
        hello = hello_of(first.hello)
        store = hello.store_code
        await self._authorise(context, store, "Upstream", hello)
        session = UpstreamSession(
            self._new_uow, store, self._heartbeat_write_interval_ms, self._members
        )
        try:
            committed_seq = await asyncio.to_thread(session.open, hello)
        except StoreLedgerBehind as exc:  # recorded by the session; FAILED_PRECONDITION
            self._metrics.batch_refused(store, exc.code)
            self._refusal_log.event(
                (store, exc.code), logging.ERROR, "store ledger behind head office", store=store,
                store_newest_seq=exc.store_newest_seq, committed_seq=exc.committed_seq,
            )  # fmt: skip
            raise
        except LedgerInstanceRefused as exc:  # recorded and audited by the session
            self._metrics.batch_refused(store, exc.code)
            self._refusal_log.event(
                (store, exc.code), logging.ERROR, "ledger instance refused", store=store,
                peer=context.peer(), instance_id=exc.instance_id, bound_instance_id=exc.bound_id,
                hint="a second ledger or a re-initialised one uses this store's bundle",
            )  # fmt: skip
            raise
        stream = OpenStream(store, context.write, context.peer())
        replaced = self._registry.register(stream)
        if replaced is not None:
            log_event(
                log, logging.WARNING, "store opened a second upstream stream; ended the earlier one",
                store=store, peer=stream.peer, earlier_peer=replaced.peer,
                hint="if this repeats, two edge agents are using this store's identity",
            )  # fmt: skip
        log_event(
            log, logging.INFO, "store connected", store=store, agent_version=hello.agent_version,
            committed_seq=committed_seq, store_newest_seq=hello.newest_seq,
        )  # fmt: skip
        try:
            await stream.send(welcome(store, committed_seq, now_ms(), session.committed_entry_hash))
            await self._serve_upstream(context, stream, session)
        except asyncio.CancelledError:
            if stream.replaced:
                await context.abort(
                    grpc.StatusCode.ABORTED,
                    _("a newer upstream stream for store {store} replaced this one").format(
                        store=store
                    ),
                )
            # Otherwise the server is stopping or the store went away: end quietly.
        finally:
            self._registry.unregister(stream)
            if self._registry.get(store) is None:
                # Not awaited: this must run even when the call was cancelled.
                asyncio.get_running_loop().run_in_executor(None, session.close)
            log_event(log, logging.INFO, "store disconnected", store=store)

    async def _serve_upstream(
        self, context: grpc.aio.ServicerContext, stream: OpenStream, session: UpstreamSession
    ) -> None:
        while True:
            message = await context.read()
            if message is grpc.aio.EOF:
                return
            # A revoke ends the stream at the store's next message (a heartbeat: seconds).
            await still_accepted()
            kind = message.WhichOneof("kind")
            if kind == "batch":
                await self._apply(stream, session, message.batch)
            elif kind == "heartbeat":
                await asyncio.to_thread(session.heartbeat, heartbeat_of(message.heartbeat))
            elif kind == "balance_report":
                if not stream.deliver(message.balance_report):
                    log_event(log, logging.WARNING, "unexpected balance report",
                              store=stream.store_code)  # fmt: skip
            else:
                await context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT,
                    _("store {store} sent a second Hello on the same stream").format(
                        store=stream.store_code
                    ),
                )

    async def _apply(
        self, stream: OpenStream, session: UpstreamSession, batch: sync_pb2.EntryBatch
    ) -> None:
        """Apply one batch and answer it: acknowledged, or refused with the sequence to resend
        from, the reason code and the sentence (the stream stays open; the store retries or
        shows why). The session records a refusal in the store's sync state."""
        store = stream.store_code
        started = time.perf_counter()
        try:
            result = await asyncio.to_thread(
                session.apply, batch.entries, None, batch.instance_id, batch.entry_hashes
            )
        except (SequenceGap, InvalidEntry) as exc:
            self._metrics.batch_refused(store, exc.code)
            self._log_refusal(store, exc)
            await stream.send(refused(batch.batch_id, exc))
            return
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "stream ended", store=store, reason=str(exc))
            raise
        self._metrics.batch_applied(
            store, result.applied, result.duplicates, time.perf_counter() - started,
            sales_applied(batch.entries, result),
        )  # fmt: skip
        if result.members.offline_debits:
            self._metrics.offline_debits_booked(store, result.members)
        reasons = self._refused_reasons.pop(store, None)
        if reasons:
            repeats = sum(self._refusal_log.forget((store, reason)) for reason in reasons)
            log_event(log, logging.INFO, "store's batches accepted again", store=store,
                      committed_seq=result.committed_seq, reasons=sorted(reasons),
                      refusals_not_logged=repeats)  # fmt: skip
        if result.notify_downstream:
            self._signal.notify()
        if self._count_posted is not None and result.applied and posts_a_count(batch.entries):
            self._count_posted()
        await stream.send(ack(batch.batch_id, result))

    def _log_refusal(self, store: str, exc: SequenceGap | InvalidEntry) -> None:
        """One line per store and reason code a minute at most: a refused store resends."""
        self._refused_reasons.setdefault(store, set()).add(exc.code)
        key = (store, exc.code)
        if isinstance(exc, ConflictingEntry):
            self._refusal_log.event(
                key, logging.ERROR, "batch refused: conflicting entry",
                store=store, reason_code=exc.code, seq=exc.seq,
                committed_document_id=exc.committed_document_id,
                replayed_document_id=exc.replayed_document_id,
                hint="two edge agents may be using this store's identity "
                "(e.g. started from copies of one data directory); keep one",
            )  # fmt: skip
        else:
            self._refusal_log.event(key, logging.WARNING, "batch refused", store=store,
                                    reason_code=exc.code, seq=exc.seq, reason=str(exc))  # fmt: skip

    async def Downstream(  # noqa: N802
        self, request: sync_pb2.DownstreamRequest, context: grpc.aio.ServicerContext
    ) -> None:
        await self._authorise(context, request.store_code, "Downstream")
        cursor = check_cursor(request.after_cursor)  # before anything is sent or written
        with contextlib.suppress(asyncio.CancelledError):  # server stopping: end quietly
            # A connecting store is sent the write-off threshold unless it has the current one.
            await asyncio.to_thread(ensure_policy_sent, self._new_uow(), request.store_code)
            # ... and the chain's count tolerance, likewise.
            await asyncio.to_thread(
                ensure_tolerance_sent, self._new_uow(), request.store_code, self._count_tolerance
            )
            await self._follow_catalogue(
                context, request.store_code, cursor, request.accepts_product_batches
            )

    async def Rebuild(  # noqa: N802
        self, request: sync_pb2.RebuildRequest, context: grpc.aio.ServicerContext
    ) -> None:
        """The store's committed journal for a ledger rebuilt after `hoctl store reenrol`."""
        await self._authorise(context, request.store_code, "Rebuild")
        after = request.after_seq
        while True:
            try:
                page = await asyncio.to_thread(
                    rebuild_page, self._new_uow(), request.store_code, after, DOWNSTREAM_PAGE
                )
            except RebuildRefused as exc:
                await context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(exc))
            await context.write(
                sync_pb2.RebuildChunk(
                    entries=[ledger_pb2.JournalEntry.FromString(p) for _s, p, _h in page.entries],
                    entry_hashes=[h for _s, _p, h in page.entries],
                    committed_seq=page.committed_seq,
                    channel_orders=[rebuild_order(r) for r in page.channel_orders],
                )
            )
            if len(page.entries) < DOWNSTREAM_PAGE:
                return
            after = page.entries[-1][0]

    async def _follow_catalogue(
        self, context: grpc.aio.ServicerContext, store_code: str, cursor: int, batches: bool
    ) -> None:
        while True:
            await still_accepted()
            wake = self._signal.waiter()
            page = await asyncio.to_thread(
                feed_after, self._new_uow(), store_code, cursor, DOWNSTREAM_PAGE
            )
            for message in feed_messages(page.items, batches):
                await context.write(message)
            cursor = page.last_cursor
            if page.full:
                continue
            # Another replica may have committed a change: poll as well as wait.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self._downstream_poll_s)


def sales_applied(entries: Sequence[ledger_pb2.JournalEntry], result: ApplyResult) -> int:
    """Sales among the entries the batch really applied: those after the duplicates (a batch
    is in sequence order), up to the committed sequence."""
    first_new = result.committed_seq - result.applied
    return sum(
        1
        for e in entries
        if first_new < e.seq <= result.committed_seq and e.WhichOneof("body") == SALE.body_field
    )
