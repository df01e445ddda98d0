"""What the fault proxy costs a healthy connection: round trip and throughput through it, with the
same echo server reached directly as the same-run baseline.

    python -m tests.benchmarks.fault_proxy [--round-trips N] [--mib N]

One connection: N 100-byte round trips (median), then N MiB sent and echoed back with the
client half-closing (wall time of the whole echo). Not a test: timings on a shared VM vary.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import threading
import time

from sim.faultproxy import FaultProxy
from tests.unit.sim.echo_server import EchoServer


def measure(address: tuple[str, int], round_trips: int, payload: bytes) -> tuple[float, float]:
    """Median round trip in µs and echo throughput in MB/s over one connection."""
    with socket.create_connection(address) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        times = []
        for _ in range(round_trips):
            started = time.perf_counter()
            sock.sendall(b"x" * 100)
            got = 0
            while got < 100:
                got += len(sock.recv(100 - got))
            times.append(time.perf_counter() - started)

        def send() -> None:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)

        started = time.perf_counter()
        sender = threading.Thread(target=send)
        sender.start()
        got = 0
        while chunk := sock.recv(1 << 16):
            got += len(chunk)
        sender.join()
        elapsed = time.perf_counter() - started
    if got != len(payload):
        raise RuntimeError(f"echo returned {got} of {len(payload)} bytes")
    return statistics.median(times) * 1e6, len(payload) / elapsed / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.fault_proxy")
    parser.add_argument("--round-trips", type=int, default=2000)
    parser.add_argument("--mib", type=int, default=64)
    args = parser.parse_args(argv)
    payload = b"y" * (args.mib << 20)
    print(f"load average before: {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}")
    print()
    print("| path | round trip p50 (100 B) | echo throughput |")
    print("|---|---|---|")
    with EchoServer() as echo:
        rt, mbps = measure(echo.address, args.round_trips, payload)
        print(f"| direct (baseline) | {rt:.0f} µs | {mbps:.0f} MB/s |")
        with FaultProxy(echo.address, name="bench") as proxy:
            host, port = proxy.address.rsplit(":", 1)
            rt_p, mbps_p = measure((host, int(port)), args.round_trips, payload)
        print(f"| through the proxy | {rt_p:.0f} µs | {mbps_p:.0f} MB/s ({mbps_p / mbps:.2f}×) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
