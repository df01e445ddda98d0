"""One proxied TCP connection (client <-> upstream) inside a FaultProxy's event loop: two pumps,
one per direction, each a reader that stamps chunks with the time they may leave and a writer
that holds them for the delay and the partition, then applies drop and cut_after.

Reset means close with SO_LINGER 0, so the peer gets an RST (ECONNRESET), not a FIN. Before a
cut_after reset the bytes already written are flushed out of the kernel's send queue, otherwise
the RST would discard them and the peer would not get "exactly n bytes".
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import socket
import struct
import termios
import time
from collections.abc import Callable

from sim.faults import DOWNSTREAM, UPSTREAM, CutAfter, Faults

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
QUEUE_CHUNKS = 16  # per direction: how far a reader may run ahead of a held writer
FLUSH_TIMEOUT_S = 2.0
PARTITION_POLL_S = 0.02

_EOF = object()
_RESET = object()

Count = Callable[[str, int], None]


def reset_writer(writer: asyncio.StreamWriter) -> None:
    """Close with SO_LINGER 0: the peer sees a reset."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _unsent(writer: asyncio.StreamWriter) -> int:
    """Bytes still in asyncio's buffer plus the kernel's send queue (sent but not acknowledged)."""
    pending = writer.transport.get_write_buffer_size()
    sock = writer.get_extra_info("socket")
    if sock is None or sock.fileno() < 0:
        return pending
    try:
        raw = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    except OSError:
        return pending
    return pending + struct.unpack("i", raw)[0]


class Link:
    """A client connection and its upstream connection, pumped both ways until both ends are done."""

    def __init__(
        self,
        faults: Faults,
        count: Count,
        client: tuple[asyncio.StreamReader, asyncio.StreamWriter],
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter],
        cut: CutAfter | None,
        record_bytes: int,
    ) -> None:
        self._faults = faults
        self._count = count
        self._client_r, self._client_w = client
        self._up_r, self._up_w = upstream
        self._cut = cut
        self._record_bytes = record_bytes
        self._sent = {UPSTREAM: 0, DOWNSTREAM: 0}
        self.recorded = {UPSTREAM: bytearray(), DOWNSTREAM: bytearray()}
        self._tasks: list[asyncio.Task[None]] = []
        self.was_reset = False

    async def run(self) -> None:
        up_q: asyncio.Queue[object] = asyncio.Queue(QUEUE_CHUNKS)
        down_q: asyncio.Queue[object] = asyncio.Queue(QUEUE_CHUNKS)
        self._tasks = [
            asyncio.ensure_future(self._read(self._client_r, up_q)),
            asyncio.ensure_future(self._write(UPSTREAM, self._up_w, up_q)),
            asyncio.ensure_future(self._read(self._up_r, down_q)),
            asyncio.ensure_future(self._write(DOWNSTREAM, self._client_w, down_q)),
        ]
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if not self.was_reset:
            # Both directions ended with a FIN passed on: close both sockets normally.
            self._client_w.close()
            self._up_w.close()

    def reset(self, *, counted: bool = True) -> None:
        """Reset both ends now (cut_all, drop, cut_after, a peer's reset, the proxy closing)."""
        if self.was_reset:
            return
        self.was_reset = True
        if counted:
            self._count("cut", 1)
        reset_writer(self._client_w)
        reset_writer(self._up_w)
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()

    async def _read(self, reader: asyncio.StreamReader, queue: asyncio.Queue[object]) -> None:
        try:
            while True:
                data = await reader.read(CHUNK)
                if not data:
                    await queue.put(_EOF)
                    return
                await queue.put((time.monotonic() + self._faults.hold_seconds(), data))
        except OSError:  # ConnectionResetError and kin: the peer reset, pass it on in order
            await queue.put(_RESET)

    async def _write(
        self, direction: str, writer: asyncio.StreamWriter, queue: asyncio.Queue[object]
    ) -> None:
        while True:
            item = await queue.get()
            if item is _RESET or item is _EOF:
                await self._until_healed()
                if item is _RESET:
                    self.reset(counted=False)
                    return
                try:
                    writer.write_eof()  # half-close: the other direction keeps flowing
                except OSError:
                    self.reset(counted=False)
                return
            assert isinstance(item, tuple)
            due: float = item[0]
            data: bytes = item[1]
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._until_healed()
            if self._faults.roll_drop():
                # TCP cannot lose bytes and carry on: a lost chunk is a lost connection.
                self._count("dropped", 1)
                log.debug("dropped a %d-byte chunk going %s; resetting", len(data), direction)
                self.reset()
                return
            if not await self._send(direction, writer, data):
                return

    async def _send(self, direction: str, writer: asyncio.StreamWriter, data: bytes) -> bool:
        """Write one chunk (or the part of it cut_after allows); False once the link is gone."""
        cut = self._cut if self._cut is not None and self._cut.direction == direction else None
        if cut is not None:
            data = data[: cut.n_bytes - self._sent[direction]]
        try:
            if data:
                writer.write(data)
                self._note(direction, data)
                await writer.drain()
            if cut is not None and self._sent[direction] >= cut.n_bytes:
                await self._flush(writer)
                log.debug("cut after %d bytes going %s", cut.n_bytes, direction)
                self.reset()
                return False
        except OSError:
            self.reset(counted=False)
            return False
        return True

    def _note(self, direction: str, data: bytes) -> None:
        self._sent[direction] += len(data)
        self._count("bytes_up" if direction == UPSTREAM else "bytes_down", len(data))
        kept = self.recorded[direction]
        if len(kept) < self._record_bytes:
            kept += data[: self._record_bytes - len(kept)]

    async def _flush(self, writer: asyncio.StreamWriter) -> None:
        deadline = time.monotonic() + FLUSH_TIMEOUT_S
        while _unsent(writer) > 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.001)

    async def _until_healed(self) -> None:
        # Held, not lost: a real partition stalls TCP (it retransmits), and the stream resumes
        # after heal unless an endpoint gave up first (keepalive, deadlines).
        while self._faults.partitioned():
            await asyncio.sleep(PARTITION_POLL_S)
