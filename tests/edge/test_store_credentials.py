"""The sync clients' credentials: read from E/tls at each connection, checked, explained."""

from __future__ import annotations

import datetime as dt
import os
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health, health_pb2_grpc

from common.certs import ROLE_SERVER, ROLE_STORE, KeyPair, create_ca, issue_certificate
from common.errors import IdentityError
from common.tls import SERVER_NAME, server_credentials
from edge_agent.datadir import DataDir
from edge_agent.sync.credentials import StoreCredentials

NOW = dt.datetime.now(dt.UTC)
CA = create_ca("Test chain")


def install(root: Path, cert: KeyPair, ca: KeyPair = CA) -> None:
    tls = root / "tls"
    tls.mkdir(parents=True, exist_ok=True)
    (tls / "ca.pem").write_bytes(ca.cert_pem)
    (tls / "store.pem").write_bytes(cert.cert_pem)
    (tls / "store.key").write_bytes(cert.key_pem)


def test_an_expired_certificate_is_said_before_connecting_and_a_renewed_one_is_read(tmp_path):
    old = issue_certificate(
        CA, "S001", ROLE_STORE, not_before=NOW - dt.timedelta(days=10),
        not_after=NOW - dt.timedelta(days=1),
    )  # fmt: skip
    install(tmp_path, old)
    creds = StoreCredentials(DataDir(tmp_path), "S001", "127.0.0.1:1")
    with pytest.raises(IdentityError, match=r"^store S001's certificate \(serial .*\) expired on "):
        creds.channel_credentials()
    renewed = issue_certificate(CA, "S001", ROLE_STORE)
    install(tmp_path, renewed)
    os.utime(tmp_path / "tls" / "store.pem", ns=(1, 1))  # a changed stamp, whatever the clock
    assert isinstance(creds.channel_credentials(), grpc.ChannelCredentials)


def test_a_failed_connection_is_explained_once_per_half_minute(tmp_path):
    other = create_ca("Another chain")
    server_cert = issue_certificate(other, SERVER_NAME, ROLE_SERVER, hosts=[SERVER_NAME])
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    health_pb2_grpc.add_HealthServicer_to_server(health.HealthServicer(), server)
    port = server.add_secure_port(
        "127.0.0.1:0", server_credentials(other.cert_pem, server_cert.cert_pem, server_cert.key_pem)
    )
    server.start()
    try:
        install(tmp_path, issue_certificate(CA, "S001", ROLE_STORE))
        now = [100.0]
        creds = StoreCredentials(DataDir(tmp_path), "S001", f"127.0.0.1:{port}", lambda: now[0])
        sentence = creds.explain("Socket closed")
        assert sentence is not None
        assert (
            "presents a certificate issued by Another chain CA, not by this client's CA" in sentence
        )
        server.stop(grace=None)
        now[0] += 10
        assert creds.explain("Socket closed") == sentence  # not probed again yet
        now[0] += 30
        assert creds.explain("Socket closed") is None  # probed: nothing answers now
    finally:
        server.stop(grace=None)
