"""What a client says when a certificate stops its TLS handshake (common.tls_check).

The own checks run on certificates made here with past or future validity; the
probe runs against a real gRPC server on 127.0.0.1 (port 0) whose certificates
each test chooses, because only a real handshake shows what gRPC does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from concurrent import futures
from dataclasses import dataclass

import grpc
import pytest
from grpc_health.v1 import health, health_pb2_grpc

from common.certs import (
    ROLE_SERVER,
    ROLE_STORE,
    KeyPair,
    create_ca,
    identity_from_pem,
    issue_certificate,
)
from common.errors import IdentityError
from common.tls import SERVER_NAME, Credentials, Holder, server_credentials
from common.tls_check import Verdict, check_own, diagnose, probe

NOW = dt.datetime.now(dt.UTC)
HOLDER = Holder("store S001's certificate", "ask head office for a new bundle")


@dataclass(frozen=True)
class Chain:
    ca: KeyPair
    server: KeyPair
    store: KeyPair

    def credentials(self, store: KeyPair | None = None) -> Credentials:
        store = store or self.store
        return Credentials(self.ca.cert_pem, store.cert_pem, store.key_pem)


def make_chain(name: str = "Test chain", server_days: tuple[int, int] = (-1, 365)) -> Chain:
    ca = create_ca(name)
    server = issue_certificate(
        ca,
        SERVER_NAME,
        ROLE_SERVER,
        hosts=[SERVER_NAME, "127.0.0.1"],
        not_before=NOW + dt.timedelta(days=server_days[0]),
        not_after=NOW + dt.timedelta(days=server_days[1]),
    )
    return Chain(ca, server, issue_certificate(ca, "S001", ROLE_STORE))


def expired(ca: KeyPair) -> KeyPair:
    return issue_certificate(
        ca,
        "S001",
        ROLE_STORE,
        not_before=NOW - dt.timedelta(days=30),
        not_after=NOW - dt.timedelta(days=1),
    )


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


@pytest.fixture
def serve() -> Iterator[Callable[[KeyPair, bytes], str]]:
    """Start a gRPC server with this certificate, trusting clients of this CA; its address."""
    servers: list[grpc.Server] = []

    def start(server_cert: KeyPair, client_ca_pem: bytes) -> str:
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        health_pb2_grpc.add_HealthServicer_to_server(health.HealthServicer(), server)
        creds = server_credentials(client_ca_pem, server_cert.cert_pem, server_cert.key_pem)
        port = server.add_secure_port("127.0.0.1:0", creds)
        server.start()
        servers.append(server)
        return f"127.0.0.1:{port}"

    yield start
    for server in servers:
        server.stop(grace=None)


def test_own_certificate_that_is_fine_passes(chain: Chain) -> None:
    check_own(chain.credentials(), HOLDER)


def test_own_expired_certificate_is_said_with_its_date(chain: Chain) -> None:
    old = expired(chain.ca)
    serial = identity_from_pem(old.cert_pem).serial_text
    day = (NOW - dt.timedelta(days=1)).strftime("%Y-%m-%d")
    with pytest.raises(IdentityError) as refused:
        check_own(chain.credentials(old), HOLDER)
    assert str(refused.value).startswith(
        f"store S001's certificate (serial {serial}) expired on {day} "
    )
    assert str(refused.value).endswith("; ask head office for a new bundle")


def test_own_certificate_not_yet_valid_points_at_the_clock(chain: Chain) -> None:
    later = issue_certificate(chain.ca, "S001", ROLE_STORE, not_before=NOW + dt.timedelta(days=2))
    with pytest.raises(IdentityError, match="is valid only from .*check this computer's clock"):
        check_own(chain.credentials(later), HOLDER)


def test_own_certificate_of_another_ca_is_named_with_both_cas(chain: Chain) -> None:
    foreign = issue_certificate(create_ca("Another chain"), "S001", ROLE_STORE)
    with pytest.raises(
        IdentityError,
        match=r"was issued by Another chain CA, not by the CA it came with \(Test chain CA\)",
    ):
        check_own(chain.credentials(foreign), HOLDER)


def test_own_key_that_is_not_the_certificates(chain: Chain) -> None:
    other = issue_certificate(chain.ca, "S001", ROLE_STORE)
    creds = Credentials(chain.ca.cert_pem, chain.store.cert_pem, other.key_pem)
    with pytest.raises(IdentityError, match="and its private key do not belong together"):
        check_own(creds, HOLDER)


def test_expired_ca_is_said(chain: Chain) -> None:
    old_ca = create_ca(
        "Old chain", not_before=NOW - dt.timedelta(days=30), not_after=NOW - dt.timedelta(days=1)
    )
    store = issue_certificate(old_ca, "S001", ROLE_STORE)
    creds = Credentials(old_ca.cert_pem, store.cert_pem, store.key_pem)
    with pytest.raises(IdentityError, match=r"the chain's CA certificate \(Old chain CA\)"):
        check_own(creds, HOLDER)


def test_probe_accepts_a_head_office_of_the_same_chain(chain: Chain, serve) -> None:
    address = serve(chain.server, chain.ca.cert_pem)
    assert probe(address, chain.credentials(), HOLDER).verdict == Verdict.ACCEPTED
    assert diagnose(address, chain.credentials(), HOLDER) is None


def test_probe_names_a_head_office_of_another_chain(chain: Chain, serve) -> None:
    other = make_chain("Another chain")
    address = serve(other.server, other.ca.cert_pem)
    result = probe(address, chain.credentials(), HOLDER)
    assert result.verdict == Verdict.SERVER_FOREIGN
    assert result.sentence == (
        f"head office at {address} presents a certificate issued by Another chain CA, not by "
        "this client's CA (Test chain CA): the address belongs to another chain's head office, "
        "or these credentials come from another chain"
    )


def test_probe_names_head_offices_expired_certificate(serve) -> None:
    old = make_chain(server_days=(-30, -1))
    address = serve(old.server, old.ca.cert_pem)
    result = probe(address, old.credentials(), HOLDER)
    assert result.verdict == Verdict.SERVER_EXPIRED
    assert "presents a certificate that expired on" in result.sentence


def test_probe_says_head_office_refused_the_clients_certificate(chain: Chain, serve) -> None:
    """Head office's certificate is of the client's chain, but it trusts another CA for
    clients: it drops the client after the handshake, which the probe sees."""
    address = serve(chain.server, create_ca("Another chain").cert_pem)
    result = probe(address, chain.credentials(), HOLDER)
    assert result.verdict == Verdict.REFUSED
    assert result.sentence.startswith(f"head office at {address} refused store S001's certificate")
    assert "does not trust the CA that issued it; ask head office for a new bundle" in (
        result.sentence
    )


def test_probe_leaves_an_unreachable_head_office_to_the_caller(chain: Chain) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{sock.getsockname()[1]}"
    assert probe(address, chain.credentials(), HOLDER).verdict == Verdict.UNREACHABLE
    assert diagnose(address, chain.credentials(), HOLDER) is None


def test_diagnose_says_the_own_problem_before_probing(chain: Chain) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{sock.getsockname()[1]}"
    sentence = diagnose(address, chain.credentials(expired(chain.ca)), HOLDER)
    assert sentence is not None and " expired on " in sentence


def test_another_ca_of_the_same_name_is_said_to_be_another(chain: Chain) -> None:
    """Every chain's CA is "StoreLedger chain CA" by default: the sentence must not read
    "issued by X, not by X"."""
    twin = issue_certificate(create_ca("Test chain"), "S001", ROLE_STORE)
    with pytest.raises(
        IdentityError,
        match=r"issued by another CA also named Test chain CA, not by the CA it came with",
    ):
        check_own(chain.credentials(twin), HOLDER)


@pytest.mark.parametrize("reset", [False, True])
def test_a_proxy_whose_head_office_is_down_is_unreachable_not_a_refusal(
    chain: Chain, reset: bool
) -> None:
    """A TCP proxy or balancer in front of a head office that is down accepts the connection
    and closes it (FIN or RST) before any TLS answer: no certificate was looked at."""
    listener = socket.create_server(("127.0.0.1", 0))
    address = f"127.0.0.1:{listener.getsockname()[1]}"

    def close_each() -> None:
        with contextlib.suppress(OSError):
            for _n in range(2):
                conn, _peer = listener.accept()
                if reset:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()

    closer = threading.Thread(target=close_each, daemon=True)
    closer.start()
    try:
        assert probe(address, chain.credentials(), HOLDER).verdict == Verdict.UNREACHABLE
        assert diagnose(address, chain.credentials(), HOLDER) is None
    finally:
        listener.close()
        closer.join(5)
