"""The fault proxy on real loopback sockets, an echo server upstream: bytes pass intact, and each
fault does what it says (delay, drop, cut at byte N, partition, replay, cut_all)."""

from __future__ import annotations

import os
import random
import socket
import struct
import threading
import time

import pytest

from sim.faultproxy import FaultProxy, NothingToReplay
from tests.unit.sim.echo_server import EchoServer


@pytest.fixture
def echo():
    with EchoServer() as server:
        yield server


@pytest.fixture
def proxy(echo):
    with FaultProxy(echo.address, seed=7, name="test") as p:
        yield p


def connect(proxy: FaultProxy, timeout: float = 5.0) -> socket.socket:
    host, port = proxy.address.rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=timeout)


def recv_exactly(sock: socket.socket, n: int) -> bytes:
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise AssertionError(f"EOF after {len(data)} of {n} bytes")
        data += chunk
    return bytes(data)


def recv_until_reset(sock: socket.socket) -> bytes:
    """Everything the socket receives before the reset; fails on a clean EOF."""
    data = bytearray()
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return bytes(data)
        if not chunk:
            raise AssertionError(f"clean EOF after {len(data)} bytes, expected a reset")
        data += chunk


def round_trip(sock: socket.socket, payload: bytes = b"ping") -> float:
    started = time.monotonic()
    sock.sendall(payload)
    assert recv_exactly(sock, len(payload)) == payload
    return time.monotonic() - started


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


def test_large_payload_passes_intact_both_ways_and_half_close_is_passed_on(proxy, echo):
    payload = random.Random(1).randbytes(4 * 1024 * 1024)
    with connect(proxy) as sock:

        def send() -> None:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)  # half-close: the echo still comes back

        sender = threading.Thread(target=send)
        sender.start()
        got = bytearray()
        while chunk := sock.recv(1 << 16):
            got += chunk
        sender.join()
    assert bytes(got) == payload
    echo.wait_for(lambda: echo.ended(0))
    assert echo.connections[0].ended == "eof"
    assert bytes(echo.connections[0].data) == payload
    stats = proxy.stats()
    assert stats["bytes_up"] == stats["bytes_down"] == len(payload)
    assert stats["connections"] == 1 and stats["cut"] == 0


def test_many_concurrent_connections_each_get_their_own_bytes(proxy):
    socks = [connect(proxy) for _ in range(60)]
    try:
        for i, sock in enumerate(socks):
            sock.sendall(f"conn-{i:03d}".encode())
        for i, sock in enumerate(socks):
            assert recv_exactly(sock, 8) == f"conn-{i:03d}".encode()
    finally:
        for sock in socks:
            sock.close()
    assert proxy.stats()["connections"] == 60


def test_delay_holds_every_chunk_both_ways_and_heal_removes_it(proxy):
    with connect(proxy) as sock:
        round_trip(sock)
        proxy.delay(150)
        assert round_trip(sock) >= 0.300  # 150 ms up, 150 ms down
        proxy.delay(30, jitter_ms=20)
        assert round_trip(sock) >= 0.060
        proxy.heal()
        assert round_trip(sock) < 0.150


def test_cut_after_upstream_delivers_exactly_n_bytes_then_resets(proxy, echo):
    proxy.cut_after(1000, "upstream")
    with connect(proxy) as sock:
        sock.sendall(b"x" * 5000)
        recv_until_reset(sock)
    echo.wait_for(lambda: echo.ended(0))
    assert len(echo.connections[0].data) == 1000
    assert echo.connections[0].ended == "reset"
    assert proxy.stats()["cut"] == 1
    with connect(proxy) as sock:  # only the next connection was cut
        round_trip(sock, b"y" * 5000)


def test_cut_after_downstream_delivers_exactly_n_bytes_to_the_client(proxy, echo):
    proxy.cut_after(1000, "downstream")
    with connect(proxy) as sock:
        sock.sendall(b"z" * 5000)
        assert recv_until_reset(sock) == b"z" * 1000
    echo.wait_for(lambda: echo.ended(0))
    assert echo.connections[0].ended == "reset"


def test_partition_holds_live_connections_silent_and_refuses_new_ones(proxy, echo):
    with connect(proxy) as live:
        round_trip(live)
        proxy.partition()
        live.sendall(b"held")
        live.settimeout(0.4)
        with pytest.raises(TimeoutError):  # no data and no EOF: half-open
            live.recv(100)
        # Reset by the proxy: on a loaded machine the reset can come before connect() returns.
        with pytest.raises(ConnectionResetError), connect(proxy) as fresh:
            fresh.sendall(b"hello")
            fresh.recv(100)
        wait_until(lambda: proxy.stats()["refused"] == 1)
        proxy.heal()
        live.settimeout(5)
        assert recv_exactly(live, 4) == b"held"  # held, not lost: TCP would retransmit
    with connect(proxy) as fresh:
        round_trip(fresh)


def test_partition_for_some_seconds_ends_by_itself(proxy):
    proxy.partition(0.3)
    started = time.monotonic()

    def fresh_connection_works() -> bool:
        try:
            with connect(proxy) as sock:
                round_trip(sock)
                return True
        except ConnectionResetError:
            return False

    assert not fresh_connection_works()
    wait_until(fresh_connection_works)
    assert time.monotonic() - started >= 0.3


def test_replay_sends_the_recorded_bytes_to_upstream_on_a_new_connection(proxy, echo):
    with pytest.raises(NothingToReplay):
        proxy.replay()
    with connect(proxy) as sock:
        round_trip(sock, b"batch-1;")
        round_trip(sock, b"batch-2;")
    proxy.replay("upstream")
    echo.wait_for(lambda: echo.ended(1))
    assert bytes(echo.connections[1].data) == b"batch-1;batch-2;"
    assert proxy.stats()["replayed"] == 1
    assert proxy.stats()["connections"] == 1  # the replay bypasses the proxy's listener


def test_drop_at_100_percent_cuts_and_drop_0_heals(proxy, echo):
    proxy.drop(100)
    with connect(proxy) as sock:
        sock.sendall(b"lost")
        assert recv_until_reset(sock) == b""
    echo.wait_for(lambda: echo.ended(0))
    assert echo.connections[0].data == b""
    stats = proxy.stats()
    assert stats["dropped"] == 1 and stats["cut"] == 1
    proxy.drop(0)
    with connect(proxy) as sock:
        round_trip(sock)


def test_cut_all_resets_every_live_connection(proxy, echo):
    socks = [connect(proxy) for _ in range(3)]
    try:
        for sock in socks:
            round_trip(sock)
        proxy.cut_all()
        for sock in socks:
            assert recv_until_reset(sock) == b""
    finally:
        for sock in socks:
            sock.close()
    echo.wait_for(lambda: all(echo.ended(i) for i in range(3)))
    assert proxy.stats()["cut"] == 3


def test_faults_refuse_bad_values_with_a_sentence(proxy):
    with pytest.raises(ValueError, match="0 to 100%"):
        proxy.drop(101)
    with pytest.raises(ValueError, match="upstream"):
        proxy.cut_after(10, "sideways")


def test_close_leaves_no_threads_and_no_sockets(echo):
    threads_before = set(threading.enumerate())
    fds_before = len(os.listdir("/proc/self/fd"))
    proxy = FaultProxy(echo.address).start()
    socks = [connect(proxy) for _ in range(5)]
    for sock in socks:
        round_trip(sock)
    proxy.partition()
    proxy.close()
    for sock in socks:
        assert recv_until_reset(sock) == b""
        sock.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("faultproxy")]
    assert not [t for t in set(threading.enumerate()) - threads_before if not t.daemon]
    echo.wait_for(lambda: all(echo.ended(i) for i in range(5)))
    wait_until(lambda: len(os.listdir("/proc/self/fd")) <= fds_before)  # echo's ends closing


def test_replay_sends_only_the_first_record_bytes(echo):
    with FaultProxy(echo.address, record_bytes=6) as proxy:
        with connect(proxy) as sock:
            round_trip(sock, b"batch-1;batch-2;")
        proxy.replay()
    echo.wait_for(lambda: echo.ended(1))
    assert bytes(echo.connections[1].data) == b"batch-"


def test_a_reset_from_upstream_reaches_the_client_as_a_reset():
    upstream = socket.create_server(("127.0.0.1", 0))
    with upstream, FaultProxy(upstream.getsockname()[:2]) as proxy, connect(proxy) as sock:
        peer, _ = upstream.accept()
        sock.sendall(b"hello")
        assert recv_exactly(peer, 5) == b"hello"
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        peer.close()
        assert recv_until_reset(sock) == b""
        assert proxy.stats()["cut"] == 0  # the proxy passed it on, it did not cut
