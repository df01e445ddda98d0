"""Open store streams on this server, and the wake-up for downstream catalogue streams."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence

from common.pb.storeledger.v1 import sync_pb2
from headoffice.domain.errors import StoreDidNotAnswer


class OpenStream:
    """One store's Upstream stream: serialised writes, and balance requests awaiting answers."""

    def __init__(
        self,
        store_code: str,
        write: Callable[[sync_pb2.UpstreamReply], Awaitable[None]],
        peer: str = "",
    ) -> None:
        self.store_code = store_code
        self.peer = peer
        # The task serving this stream, so a newer stream for the same store can end it.
        self.task: asyncio.Task[object] | None = asyncio.current_task()
        self.replaced = False
        self._write = write
        self._lock = asyncio.Lock()
        self._pending: dict[str, asyncio.Future[sync_pb2.BalanceReport]] = {}

    async def send(self, reply: sync_pb2.UpstreamReply) -> None:
        async with self._lock:
            await self._write(reply)

    async def request_balances(
        self, timeout_ms: int, hash_seqs: Sequence[int] = ()
    ) -> sync_pb2.BalanceReport:
        """The store's balances; or, given hash_seqs, its entry hashes at those sequences."""
        request_id = uuid.uuid4().hex
        future: asyncio.Future[sync_pb2.BalanceReport] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        try:
            await self.send(
                sync_pb2.UpstreamReply(
                    balance_request=sync_pb2.BalanceRequest(
                        request_id=request_id, hash_seqs=hash_seqs
                    )
                )
            )
            return await asyncio.wait_for(future, timeout_ms / 1000)
        except TimeoutError:
            raise StoreDidNotAnswer(self.store_code, timeout_ms) from None
        finally:
            self._pending.pop(request_id, None)

    def deliver(self, report: sync_pb2.BalanceReport) -> bool:
        future = self._pending.get(report.request_id)
        if future is None or future.done():
            return False
        future.set_result(report)
        return True

    def close(self) -> None:
        for future in self._pending.values():
            if not future.done():
                future.cancel()


class StreamRegistry:
    """The Upstream stream each store has open to this server (the newest wins)."""

    def __init__(self) -> None:
        self._streams: dict[str, OpenStream] = {}

    def register(self, stream: OpenStream) -> OpenStream | None:
        """Make this the store's stream; end and return the one it replaces, if any.

        One store has one journal writer (invariant 2). A second stream is most
        often the same agent reconnecting before head office noticed the old
        connection die; if it is a second agent with the same identity, the
        two keep replacing each other and every replacement is logged.
        """
        previous = self._streams.get(stream.store_code)
        self._streams[stream.store_code] = stream
        if previous is not None and previous is not stream:
            previous.replaced = True
            previous.close()
            if previous.task is not None and not previous.task.done():
                previous.task.cancel()
            return previous
        return None

    def unregister(self, stream: OpenStream) -> None:
        if self._streams.get(stream.store_code) is stream:
            del self._streams[stream.store_code]
        stream.close()

    def get(self, store_code: str) -> OpenStream | None:
        return self._streams.get(store_code)

    def __len__(self) -> int:
        return len(self._streams)


class DownstreamSignal:
    """Wakes every waiting Downstream stream when a catalogue change or store event commits."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def waiter(self) -> asyncio.Event:
        """Take this before reading changes, so a notify in between is not missed."""
        return self._event

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()
