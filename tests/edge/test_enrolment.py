"""edge-agent init and renew take only a bundle whose certificate can work, and say why not.

Bundles are made here with another chain's CA, past or future validity, or a
staff certificate; a head office is a real gRPC server on port 0 where it matters.
"""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health, health_pb2_grpc

from common.bundle import EnrolmentBundle, StaffIdentity
from common.certs import (
    ROLE_SERVER,
    ROLE_STAFF,
    ROLE_STORE,
    KeyPair,
    create_ca,
    identity_from_pem,
    issue_certificate,
)
from common.tls import SERVER_NAME, server_credentials
from edge_agent.cli.agent import main

NOW = dt.datetime.now(dt.UTC)
CA = create_ca("Test chain")


def closed_address() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def bundle(
    cert: KeyPair | None = None,
    ca: KeyPair = CA,
    address: str = "",
    store: str = "S001",
) -> EnrolmentBundle:
    cert = cert or issue_certificate(ca, store, ROLE_STORE)
    return EnrolmentBundle(
        store, f"Store {store}", address or closed_address(), ca.cert_pem.decode(),
        cert.cert_pem.decode(), cert.key_pem.decode(),
    )  # fmt: skip


def write(tmp_path: Path, made: EnrolmentBundle | StaffIdentity, name: str = "S001.bundle") -> Path:
    path = tmp_path / name
    path.write_bytes(made.to_bytes())
    return path


def init(tmp_path: Path, path: Path, capsys) -> tuple[int, str, str]:
    code = main(["init", "--data-dir", str(tmp_path / "edge"), "--bundle", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def head_office() -> Iterator[KeyPair]:
    """Serve as a head office with this chain's CA; set .address before use."""
    servers: list[grpc.Server] = []

    def start(ca: KeyPair) -> str:
        server_cert = issue_certificate(
            ca, SERVER_NAME, ROLE_SERVER, hosts=[SERVER_NAME, "127.0.0.1"]
        )
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        health_pb2_grpc.add_HealthServicer_to_server(health.HealthServicer(), server)
        creds = server_credentials(ca.cert_pem, server_cert.cert_pem, server_cert.key_pem)
        port = server.add_secure_port("127.0.0.1:0", creds)
        server.start()
        servers.append(server)
        return f"127.0.0.1:{port}"

    yield start  # type: ignore[misc]
    for server in servers:
        server.stop(grace=None)


def test_edge_agent_init_accepts_no_foreign_ca_or_expired_bundle(tmp_path, capsys, head_office):
    """Issue 12, failure 11: `edge-agent init` accepted a foreign-CA or expired bundle."""
    foreign = issue_certificate(create_ca("Another chain"), "S001", ROLE_STORE)
    code, _out, err = init(tmp_path, write(tmp_path, bundle(foreign)), capsys)
    assert code == 1
    assert err.startswith("edge-agent: store S001's certificate (serial ")
    assert "was issued by Another chain CA, not by the CA it came with (Test chain CA)" in err
    assert "ask head office for a new bundle (`hoctl store cert reissue S001`)" in err

    expired = issue_certificate(
        CA, "S001", ROLE_STORE, not_before=NOW - dt.timedelta(days=900),
        not_after=NOW - dt.timedelta(days=75),
    )  # fmt: skip
    code, _out, err = init(tmp_path, write(tmp_path, bundle(expired)), capsys)
    day = (NOW - dt.timedelta(days=75)).strftime("%Y-%m-%d")
    serial = identity_from_pem(expired.cert_pem).serial_text
    assert code == 1
    assert f"store S001's certificate (serial {serial}) expired on {day} " in err

    # A whole bundle of another chain, consistent in itself: the head office it names
    # presents a certificate of this chain's CA, not the bundle's.
    other = create_ca("Another chain")
    address = head_office(CA)
    code, _out, err = init(tmp_path, write(tmp_path, bundle(ca=other, address=address)), capsys)
    assert code == 1
    assert f"head office at {address} presents a certificate issued by Test chain CA, " in err
    assert not (tmp_path / "edge").exists()  # nothing was written


def test_init_takes_a_good_bundle_and_says_when_head_office_could_not_check_it(
    tmp_path, capsys, head_office
):
    address = head_office(CA)
    code, out, _err = init(tmp_path, write(tmp_path, bundle(address=address)), capsys)
    assert code == 0 and "could not be reached" not in out
    other = tmp_path / "offline"
    other.mkdir()
    code, out, _err = init(other, write(other, bundle()), capsys)
    assert code == 0
    assert "could not be reached to check the bundle against it" in out


def test_wrong_role_bundles_are_named(tmp_path, capsys):
    staff_cert = issue_certificate(CA, "mia", ROLE_STAFF)
    identity = StaffIdentity(
        "mia", "buyer", "127.0.0.1:1", CA.cert_pem.decode(), staff_cert.cert_pem.decode(),
        staff_cert.key_pem.decode(),
    )  # fmt: skip
    code, _out, err = init(tmp_path, write(tmp_path, identity, "mia.identity"), capsys)
    assert code == 1
    assert (
        "mia.identity is staff user mia's identity file for hoctl, not a store's enrolment" in err
    )
    code, _out, err = init(tmp_path, write(tmp_path, bundle(staff_cert)), capsys)
    assert "holds staff user mia's certificate, not a store's" in err
    code, _out, err = init(
        tmp_path,
        write(tmp_path, bundle(store="S002", cert=issue_certificate(CA, "S001", ROLE_STORE))),
        capsys,
    )
    assert "is for store S002 but its certificate is store S001's" in err


def renew(tmp_path: Path, path: Path, capsys) -> tuple[int, str, str]:
    code = main(["renew", "--data-dir", str(tmp_path / "edge"), "--bundle", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_renew_installs_a_reissued_certificate_and_keeps_the_ledger(tmp_path, capsys):
    assert init(tmp_path, write(tmp_path, bundle()), capsys)[0] == 0
    ledger = (tmp_path / "edge" / "ledger.db").read_bytes()
    # Newer than the one init installed, valid from 5 minutes before it was issued: NOW is
    # when this module was imported, more than 5 minutes earlier late in a long suite run.
    newer = issue_certificate(
        CA, "S001", ROLE_STORE, not_before=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=4)
    )
    code, out, _err = renew(tmp_path, write(tmp_path, bundle(newer), "new.bundle"), capsys)
    assert code == 0
    serial = identity_from_pem(newer.cert_pem).serial_text
    assert f"installed store S001's new certificate (serial {serial})" in out
    tls = tmp_path / "edge" / "tls"
    assert (tls / "store.pem").read_bytes() == newer.cert_pem
    assert (tls / "store.key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "edge" / "ledger.db").read_bytes() == ledger


def test_renew_refuses_another_stores_another_chains_or_an_older_bundle(tmp_path, capsys):
    assert (
        init(
            tmp_path,
            write(tmp_path, bundle(issue_certificate(CA, "S001", ROLE_STORE, not_before=NOW))),
            capsys,
        )[0]
        == 0
    )
    installed = (tmp_path / "edge" / "tls" / "store.pem").read_bytes()
    code, _out, err = renew(tmp_path, write(tmp_path, bundle(store="S002"), "x.bundle"), capsys)
    assert code == 1 and "is store S002's bundle, but" in err
    other = create_ca("Another chain")
    code, _out, err = renew(tmp_path, write(tmp_path, bundle(ca=other), "x.bundle"), capsys)
    assert code == 1 and "comes from another CA than the one this store was enrolled with" in err
    older = issue_certificate(CA, "S001", ROLE_STORE, not_before=NOW - dt.timedelta(days=1))
    code, _out, err = renew(tmp_path, write(tmp_path, bundle(older), "x.bundle"), capsys)
    assert code == 1 and "holds an older certificate" in err
    assert (tmp_path / "edge" / "tls" / "store.pem").read_bytes() == installed
