"""A client given several head-office addresses (common.ho_address) over real mTLS gRPC:
gRPC's round_robin spreads its calls over every process, and when one stops the calls go
on to the other. Each server has its own certificate from the chain's CA, valid for the
name clients check (common.tls.SERVER_NAME) whatever address they dialled."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from common.certs import ROLE_SERVER, ROLE_STORE, KeyPair, create_ca, issue_certificate
from common.ho_address import secure_channel
from common.tls import SERVER_NAME, channel_credentials, server_credentials, server_options


class HealthServer:
    """A grpc.aio server in its own thread and loop, naming itself as a healthy service."""

    def __init__(self, name: str, ca: KeyPair) -> None:
        self.name = name
        self._pair = issue_certificate(ca, SERVER_NAME, ROLE_SERVER, hosts=[SERVER_NAME])
        self._ca = ca
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: grpc.aio.Server | None = None
        self.port = 0

    async def _start(self) -> None:
        self._server = grpc.aio.server(options=server_options())
        servicer = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(servicer, self._server)
        credentials = server_credentials(self._ca.cert_pem, self._pair.cert_pem, self._pair.key_pem)
        self.port = self._server.add_secure_port("127.0.0.1:0", credentials)
        await self._server.start()
        await servicer.set(self.name, health_pb2.HealthCheckResponse.SERVING)

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)

    def stop(self) -> None:
        if self._server is not None:
            asyncio.run_coroutine_threadsafe(self._server.stop(None), self._loop).result(10)
            self._server = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@contextmanager
def two_servers(ca: KeyPair) -> Iterator[tuple[HealthServer, HealthServer]]:
    servers = (HealthServer("a", ca), HealthServer("b", ca))
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def answered_by(stub: health_pb2_grpc.HealthStub) -> str:
    """Which server answered one call: the one that knows service "a" is A."""
    try:
        stub.Check(health_pb2.HealthCheckRequest(service="a"), timeout=5)
        return "a"
    except grpc.RpcError as exc:
        if exc.code() == grpc.StatusCode.NOT_FOUND:
            return "b"
        raise


def test_calls_spread_over_every_process_and_go_on_when_one_stops() -> None:
    ca = create_ca()
    store = issue_certificate(ca, "S001", ROLE_STORE)
    credentials = channel_credentials(ca.cert_pem, store.cert_pem, store.key_pem)
    with two_servers(ca) as (a, b):
        setting = f"127.0.0.1:{a.port},127.0.0.1:{b.port}"
        with secure_channel(setting, credentials) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            grpc.channel_ready_future(channel).result(timeout=10)
            # READY with the first connection; the second follows within moments.
            seen = {answered_by(stub) for _ in range(20)}
            deadline = time.monotonic() + 5
            while seen != {"a", "b"} and time.monotonic() < deadline:
                seen.add(answered_by(stub))
            assert seen == {"a", "b"}
            a.stop()
            # Every call after the stop is answered: by B, the one left.
            assert {answered_by(stub) for _ in range(20)} == {"b"}
