"""A real gRPC server (the standard health service) and client through the fault proxy: calls
work, fail with UNAVAILABLE under a partition or cut connections, and work again after heal."""

from __future__ import annotations

import time
from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from sim.faultproxy import FaultProxy

CLIENT_OPTIONS = [
    # Notice a silent (partitioned) connection quickly instead of waiting for the deadline. In
    # grpcio 1.85 the keepalive timeout alone does not end it (the call runs to DEADLINE_EXCEEDED):
    # the unanswered ping is ended by grpc.http2.ping_timeout_ms. Keepalive time is at least 1 s.
    ("grpc.keepalive_time_ms", 1000),
    ("grpc.keepalive_timeout_ms", 500),
    ("grpc.http2.ping_timeout_ms", 500),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.max_pings_without_data", 0),
    # Each channel its own connection (the global pool would let a new channel reuse an old one).
    ("grpc.use_local_subchannel_pool", 1),
    # Reconnect quickly after heal.
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.min_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 200),
]
SERVER_OPTIONS = [
    ("grpc.http2.min_ping_interval_without_data_ms", 100),
    ("grpc.keepalive_permit_without_calls", 1),
]


@pytest.fixture
def health_server():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), options=SERVER_OPTIONS)
    health_pb2_grpc.add_HealthServicer_to_server(health.HealthServicer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield ("127.0.0.1", port)
    server.stop(None)


def check(channel: grpc.Channel, *, timeout: float = 3.0, wait_for_ready: bool = False) -> int:
    stub = health_pb2_grpc.HealthStub(channel)
    reply = stub.Check(
        health_pb2.HealthCheckRequest(), timeout=timeout, wait_for_ready=wait_for_ready
    )
    return reply.status


def unavailable(channel: grpc.Channel) -> bool:
    try:
        check(channel)
    except grpc.RpcError as exc:
        return exc.code() == grpc.StatusCode.UNAVAILABLE
    return False


def serving(channel: grpc.Channel) -> bool:
    try:
        return check(channel, timeout=1.0) == health_pb2.HealthCheckResponse.SERVING
    except grpc.RpcError:
        return False


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def test_grpc_through_the_proxy_fails_unavailable_under_faults_and_recovers(health_server):
    with FaultProxy(health_server, name="grpc") as proxy:
        with grpc.insecure_channel(proxy.address, options=CLIENT_OPTIONS) as channel:
            assert check(channel) == health_pb2.HealthCheckResponse.SERVING

            proxy.partition()  # the live connection goes silent; keepalive notices
            assert unavailable(channel)
            proxy.heal()
            wait_until(lambda: serving(channel))  # retried: a call may meet the dying connection

            proxy.drop(100)  # every chunk lost: each new connection is cut at once
            proxy.cut_all()
            assert unavailable(channel)
            # Once the backoff lets the channel reconnect, its first bytes are dropped.
            wait_until(lambda: unavailable(channel) and proxy.stats()["dropped"] >= 1)
            proxy.heal()
            wait_until(lambda: serving(channel))

        with grpc.insecure_channel(proxy.address, options=CLIENT_OPTIONS) as fresh:
            proxy.partition()  # a new channel is refused
            assert unavailable(fresh)
            proxy.heal()
            wait_until(lambda: serving(fresh))
        stats = proxy.stats()
    assert stats["refused"] >= 1 and stats["dropped"] >= 1 and stats["cut"] >= 2
