"""A TCP fault proxy to put between an edge agent and head office (issue 17): it passes bytes
through unchanged until told to delay them, drop them, cut a connection at byte N, hold a
partition, or replay old bytes. docs/simulator.md, "Fault proxy", says what each fault does.

One asyncio event loop in a background thread serves every connection (gRPC keeps one long-lived
HTTP/2 connection per edge, so many connections and few bytes); the public methods are called
from any other thread and, where they touch live connections, wait for the loop to have done it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import socket
import threading
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, TypeVar

from sim.faultlink import Link, reset_writer
from sim.faults import UPSTREAM, Faults, check_direction

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5.0
CONTROL_TIMEOUT_S = 10.0
RECORDINGS_KEPT = 4  # connections whose first bytes replay() can still use
STAT_KEYS = ("connections", "refused", "bytes_up", "bytes_down", "cut", "dropped", "replayed")

T = TypeVar("T")


class NothingToReplay(RuntimeError):
    """replay() was asked for a direction no connection has sent bytes in yet."""


class FaultProxy:
    """Listen on `listen`, forward every connection to `upstream`, and misbehave on request."""

    def __init__(
        self,
        upstream: tuple[str, int],
        listen: tuple[str, int] = ("127.0.0.1", 0),
        *,
        seed: int = 0,
        name: str = "",
        record_bytes: int = 1024 * 1024,
    ) -> None:
        """record_bytes: how much of the start of each connection, per direction, replay() can
        send again (memory: at most 2 x record_bytes x (live connections + RECORDINGS_KEPT))."""
        self.upstream = (upstream[0], int(upstream[1]))
        self._listen = listen
        self.name = name or f"{upstream[0]}:{upstream[1]}"
        self._faults = Faults(seed)
        self._stats = dict.fromkeys(STAT_KEYS, 0)
        self._stats_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._port = 0
        self._links: set[Link] = set()
        self._unlinked: set[asyncio.StreamWriter] = set()  # accepted, upstream not connected yet
        self._record_bytes = record_bytes
        self._recordings: collections.deque[dict[str, bytearray]] = collections.deque(
            maxlen=RECORDINGS_KEPT
        )

    # lifecycle

    def start(self) -> FaultProxy:
        if self._loop is not None:
            raise RuntimeError(f"fault proxy {self.name} is already started")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=loop.run_forever, name=f"faultproxy-{self.name}", daemon=True
        )
        self._loop, self._thread = loop, thread
        thread.start()
        try:
            self._server = self._call(self._listen_now())
        except BaseException:
            self._stop_loop()
            raise
        return self

    @property
    def address(self) -> str:
        if self._server is None:
            raise RuntimeError(f"fault proxy {self.name} is not started")
        return f"{self._listen[0]}:{self._port}"

    def close(self) -> None:
        """Stop listening, reset every connection, stop and join the loop's thread."""
        if self._loop is None:
            return
        try:
            self._call(self._shutdown())
        finally:
            self._stop_loop()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # faults

    def delay(self, ms: int, jitter_ms: int = 0) -> None:
        """Hold every chunk read from now on for ms plus 0..jitter_ms, both directions."""
        self._faults.set_delay(ms, jitter_ms)

    def drop(self, probability_pct: int) -> None:
        """Lose each chunk with this probability (0 heals); a lost chunk resets its connection."""
        self._faults.set_drop(probability_pct)

    def cut_after(self, n_bytes: int, direction: str = UPSTREAM) -> None:
        """Reset the next accepted connection once exactly n_bytes have gone in direction."""
        self._faults.set_cut_after(n_bytes, direction)

    def partition(self, seconds: float | None = None) -> None:
        """Refuse (reset) new connections and hold live ones silent, until heal() or seconds."""
        self._faults.set_partition(seconds)

    def heal(self) -> None:
        """Clear every fault; held bytes flow again."""
        self._faults.clear()

    def cut_all(self) -> None:
        """Reset every live connection now."""
        self._call(self._cut_all())

    def replay(self, direction: str = UPSTREAM, *, timeout_s: float = 2.0) -> None:
        """Send upstream, on a new connection, the bytes the latest connection recorded going in
        direction (its first record_bytes), half-close, read until EOF or timeout_s, close."""
        check_direction(direction)
        data = self._recorded(direction)
        if not data:
            raise NothingToReplay(
                f"fault proxy {self.name}: no connection has sent bytes {direction} yet"
            )
        with socket.create_connection(self.upstream, timeout=timeout_s) as sock:
            sock.sendall(data)
            with contextlib.suppress(OSError):  # timeout, reset: the upstream's business
                sock.shutdown(socket.SHUT_WR)
                while sock.recv(65536):
                    pass
        self._add("replayed", 1)
        log.debug("replayed %d bytes recorded %s to %s", len(data), direction, self.upstream)

    def stats(self) -> dict[str, int]:
        with self._stats_lock:
            return dict(self._stats)

    # inside the loop

    async def _listen_now(self) -> asyncio.Server:
        server = await asyncio.start_server(
            self._accept, self._listen[0], self._listen[1], reuse_address=True, backlog=256
        )
        self._port = server.sockets[0].getsockname()[1]
        return server

    async def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        # Only close() cancels a handler; Python 3.11's start_server logs a handler that ends
        # cancelled as an unhandled exception, so it ends normally instead.
        with contextlib.suppress(asyncio.CancelledError):
            await self._serve_client(client_r, client_w)

    async def _serve_client(
        self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter
    ) -> None:
        if self._faults.partitioned():
            self._add("refused", 1)
            reset_writer(client_w)
            return
        self._unlinked.add(client_w)
        try:
            up_r, up_w = await asyncio.wait_for(
                asyncio.open_connection(*self.upstream), CONNECT_TIMEOUT_S
            )
        except (TimeoutError, OSError):
            self._add("refused", 1)
            reset_writer(client_w)
            return
        finally:
            self._unlinked.discard(client_w)
        for writer in (client_w, up_w):
            sock = writer.get_extra_info("socket")
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        cut = self._faults.take_cut_after()
        link = Link(
            self._faults, self._add, (client_r, client_w), (up_r, up_w), cut, self._record_bytes
        )
        self._links.add(link)
        self._recordings.append(link.recorded)
        self._add("connections", 1)
        try:
            await link.run()
        finally:
            self._links.discard(link)

    async def _cut_all(self) -> None:
        for link in list(self._links):
            link.reset()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        for link in list(self._links):
            link.reset(counted=False)
        for writer in list(self._unlinked):
            reset_writer(writer)
        current = asyncio.current_task()
        others = [t for t in asyncio.all_tasks() if t is not current]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    # plumbing

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(CONTROL_TIMEOUT_S)

    def _stop_loop(self) -> None:
        loop, thread = self._loop, self._thread
        assert loop is not None and thread is not None
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
        self._loop = self._thread = self._server = None

    def _add(self, key: str, n: int) -> None:
        with self._stats_lock:
            self._stats[key] += n

    def _recorded(self, direction: str) -> bytes:
        for recorded in reversed(list(self._recordings)):  # list(): one atomic copy
            data = recorded[direction]
            if data:
                return bytes(data)
        return b""
