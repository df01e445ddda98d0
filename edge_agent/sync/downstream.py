"""The downstream sync client: catalogue changes and store events from head office, applied once."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import grpc

from common.errors import IdentityError, StoreLedgerError
from common.ho_address import aio_secure_channel
from common.logs import log_event
from common.pb.storeledger.v1 import sync_pb2, sync_pb2_grpc
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
                sync_pb2.DownstreamRequest(store_code=self._ctx.store_code, after_cursor=cursor)
            )
            async for event in stream:
                self._conn_log.connected(address=self._address, cursor=cursor)
                await self._apply(event)
                # Only a change that was applied proves the link works: a ledger that
                # cannot write (disk full) must keep backing off, not reconnect at once.
                self._backoff.reset()
                self._refused_backoff.reset()
                cursor = max(cursor, event.cursor)

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
