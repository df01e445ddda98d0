"""A threaded TCP echo server on loopback that records what each connection received and how it
ended (EOF or reset): the upstream the fault proxy's tests put behind the proxy."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Received:
    data: bytearray = field(default_factory=bytearray)
    ended: str = ""  # "", "eof" or "reset"


class EchoServer:
    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.address = self._sock.getsockname()[:2]
        self.connections: list[Received] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._peers: list[socket.socket] = []
        self._acceptor = threading.Thread(target=self._accept, name="echo-accept", daemon=True)

    def __enter__(self) -> EchoServer:
        self._acceptor.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._acceptor.join(5)
        with self._lock:
            peers = list(self._peers)
        for peer in peers:
            with contextlib.suppress(OSError):
                peer.shutdown(socket.SHUT_RDWR)
        for thread in list(self._threads):
            thread.join(5)

    def wait_for(self, condition, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("the echo server never reached the expected state")
            time.sleep(0.005)

    def ended(self, index: int) -> bool:
        with self._lock:
            return len(self.connections) > index and bool(self.connections[index].ended)

    def _accept(self) -> None:
        while True:
            try:
                peer, _ = self._sock.accept()
            except OSError:
                return
            received = Received()
            with self._lock:
                self.connections.append(received)
                self._peers.append(peer)
            thread = threading.Thread(target=self._echo, args=(peer, received), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _echo(self, peer: socket.socket, received: Received) -> None:
        with peer:
            try:
                while data := peer.recv(65536):
                    with self._lock:
                        received.data += data
                    peer.sendall(data)
                received.ended = "eof"
            except OSError:
                received.ended = "reset"
