"""The downstream sync client: catalogue changes and store events from head office, applied once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import grpc

from common.errors import IdentityError, StoreLedgerError
from common.ho_address import aio_secure_channel
from common.logs import log_event
from common.pb.storeledger.v1 import sync_pb2, sync_pb2_grpc
from edge_agent.api.messages.catalogue import catalogue_change
from edge_agent.domain.errors import InvalidInput
from edge_agent.services.catalogue import apply_catalogue_changes
from edge_agent.services.context import StoreContext
from edge_agent.services.downstream import apply_once, nothing
from edge_agent.services.queries import status
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
from edge_agent.sync.downstream_handlers import HANDLERS

log = logging.getLogger(__name__)


class DownstreamClient:
    def __init__(
        self,
        ctx: StoreContext,
        address: str,
        credentials: grpc.ChannelCredentials | StoreCredentials | FixedCredentials,
        sync_config: dict[str, Any],
    ) -> None:
        self._ctx = ctx
        self._address = address
        self._tls = as_store_credentials(credentials)
        initial_ms = sync_config["backoff_initial_ms"]
        self._backoff = Backoff(initial_ms, sync_config["backoff_max_ms"])
        # A store head office refuses asks again less and less often (upstream does the same).
        self._refused_backoff = Backoff(
            initial_ms, sync_config.get("refused_resend_max_ms", REFUSED_RESEND_MAX_MS)
        )
        self._conn_log = ConnectionLog(log, "head office downstream")

    async def run(self) -> None:
        """Follow the stream from the stored cursor until cancelled, reconnecting on failure."""
        while True:
            delay = self._backoff.next_delay_s()
            try:
                await self._session()
                self._conn_log.failed("head office ended the downstream stream")
            except grpc.aio.AioRpcError as exc:
                certificate = await explanation(self._tls, exc.code(), exc.details() or "")
                if exc.code() in REFUSED_CODES or certificate:
                    # Refused (disabled, identity revoked, another CA's, expired): asking
                    # every 2 s changes nothing; ask again less and less often.
                    problem = certificate or exc.details() or exc.code().name
                    self._conn_log.failed(problem, logging.ERROR)
                    delay = self._refused_backoff.next_delay_s()
                else:
                    self._conn_log.failed(f"{exc.code().name}: {exc.details()}")
            except IdentityError as exc:  # the store's own certificate cannot pass a handshake
                self._conn_log.failed(str(exc), logging.ERROR)
                delay = self._backoff.max_delay_s()
            except (StoreLedgerError, OSError) as exc:
                self._conn_log.failed(str(exc) or type(exc).__name__)
            except Exception as exc:  # noqa: BLE001 - this loop must outlive any one failure
                # grpc.aio raises asyncio.InvalidStateError and friends when the
                # peer vanishes mid-call; a dead follower would stop the catalogue.
                self._conn_log.failed(f"{type(exc).__name__}: {exc}", logging.ERROR)
            raise_if_cancelling()
            await asyncio.sleep(delay)

    async def _session(self) -> None:
        cursor = (await asyncio.to_thread(status, self._ctx)).downstream_cursor
        credentials = await asyncio.to_thread(self._tls.channel_credentials)
        async with aio_secure_channel(self._address, credentials) as channel:
            stream = sync_pb2_grpc.StoreSyncStub(channel).Downstream(
                sync_pb2.DownstreamRequest(
                    store_code=self._ctx.store_code,
                    after_cursor=cursor,
                    accepts_product_batches=True,
                )  # fmt: skip
            )
            # A reader task keeps the events that have arrived in a queue, so a run of
            # catalogue changes that is already here is applied in one transaction.
            queue: asyncio.Queue[sync_pb2.DownstreamEvent | BaseException | None] = asyncio.Queue(
                maxsize=QUEUE_EVENTS
            )
            reader = asyncio.create_task(_read(stream, queue))
            try:
                async for events in _runs(queue):
                    self._conn_log.connected(address=self._address, cursor=cursor)
                    await self._apply_run(events)
                    # Only a change that was applied proves the link works: a ledger that
                    # cannot write (disk full) must keep backing off, not reconnect at once.
                    self._backoff.reset()
                    self._refused_backoff.reset()
                    cursor = max(cursor, events[-1].cursor)
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader

    async def _apply_run(self, events: list[sync_pb2.DownstreamEvent]) -> None:
        if len(events) == 1:
            await self._apply(events[0])
            return
        changes = [(catalogue_change(e.product.product), e.cursor) for e in events]
        try:
            applied = await asyncio.to_thread(apply_catalogue_changes, self._ctx, changes)
        except InvalidInput:
            # One bad change refuses the whole run: apply them one by one, so the good
            # ones before it land and the bad one fails alone, as it would have.
            for event in events:
                await self._apply(event)
            return
        log_event(
            log, logging.INFO, "downstream catalogue changes applied",
            changes=applied, first_cursor=events[0].cursor, last_cursor=events[-1].cursor,
        )  # fmt: skip

    async def _apply(self, event: sync_pb2.DownstreamEvent) -> None:
        kind = event.WhichOneof("kind")
        handler = HANDLERS.get(kind or "")
        if handler is None:
            # A newer head office may send kinds this agent does not know: skipping one
            # without moving the cursor would stall the feed, so it is logged and passed.
            log_event(
                log, logging.WARNING, "downstream event not understood",
                kind=kind, cursor=event.cursor,
            )  # fmt: skip
            await asyncio.to_thread(apply_once, self._ctx, event.cursor, nothing)
            return
        applied = await asyncio.to_thread(handler, self._ctx, event)
        if applied:
            log_event(log, logging.INFO, "downstream event applied", kind=kind, cursor=event.cursor)


# Events read ahead of the ledger, and the longest run of catalogue changes in one transaction.
QUEUE_EVENTS = 2000
RUN_EVENTS = 1000


async def _read(
    stream: Any, queue: asyncio.Queue[sync_pb2.DownstreamEvent | BaseException | None]
) -> None:
    """Move the stream's events into the queue; its end (None) or its failure last. A batch
    of catalogue changes (ProductBatch) goes in as its changes, each an event of its own."""
    try:
        async for event in stream:
            if event.WhichOneof("kind") == "products":
                for change in event.products.changes:
                    await queue.put(change)
                continue
            await queue.put(event)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001 - handed to the applying side, which raises it
        await queue.put(exc)
        return
    await queue.put(None)


async def _runs(
    queue: asyncio.Queue[sync_pb2.DownstreamEvent | BaseException | None],
) -> AsyncIterator[list[sync_pb2.DownstreamEvent]]:
    """Runs to apply, in stream order: consecutive catalogue changes already queued go
    together (up to RUN_EVENTS); every other event goes alone."""
    held: sync_pb2.DownstreamEvent | BaseException | None = None
    holding = False
    while True:
        item = held if holding else await queue.get()
        holding = False
        if item is None:
            return
        if isinstance(item, BaseException):
            raise item
        run = [item]
        if item.WhichOneof("kind") == "product":
            while len(run) < RUN_EVENTS and not queue.empty():
                following = queue.get_nowait()
                if isinstance(following, sync_pb2.DownstreamEvent) and (
                    following.WhichOneof("kind") == "product"
                ):
                    run.append(following)
                    continue
                held, holding = following, True
                break
        yield run
