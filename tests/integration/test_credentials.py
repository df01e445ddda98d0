"""The credential lifecycle against real processes: head office, an edge agent, hoctl.

What only real processes show: a revoked store keeps selling, says why in its
log and syncs again once `edge-agent renew` installs a reissued bundle, with no
restart; a reissued staff identity refuses the old one in hoctl; and head office
logs each TLS client its C core refuses, with the peer's address and the
reason, once a minute however often the client retries.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from common.bundle import EnrolmentBundle, StaffIdentity
from common.certs import ROLE_STORE, KeyPair, create_ca, issue_certificate
from common.tls import channel_credentials, channel_options
from scripts.chain import BIN, EdgeAgent, HeadOffice, run, wait_caught_up, wait_for

pytestmark = pytest.mark.timeout(300)


@dataclass
class Chain:
    root: Path
    ho: HeadOffice
    edge: EdgeAgent
    bundle: Path


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> Iterator[Chain]:
    root = tmp_path_factory.mktemp("credentials")
    ho = HeadOffice(root / "ho")
    ho.init()
    ho.start()
    catalogue = root / "products.csv"
    catalogue.write_text(
        "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
        "COLA,Cola,6901234567892,piece,350,200,drinks\n"
    )
    ho.hoctl("catalogue", "import", str(catalogue))
    bundle = ho.add_store("S001", "Main Street", root)
    edge = EdgeAgent(root / "edge", "S001", env={**ho.env})
    edge.init(bundle)
    edge.start()
    edge.sign_in()  # demo, a store manager, at T1
    wait_for("the catalogue at S001", lambda: edge.status()["product_count"] >= 1, 30)
    yield Chain(root, ho, edge, bundle)
    edge.stop()
    ho.stop()


def log_lines(path: Path, after: int = 0) -> list[dict]:
    events = []
    for line in path.read_text(errors="replace").splitlines()[after:]:
        if line.startswith("{"):
            events.append(json.loads(line))
    return events


def line_count(path: Path) -> int:
    return len(path.read_text(errors="replace").splitlines())


def serials(chain: Chain) -> dict[str, str]:
    return {
        row["serial"]: row["state"] for row in chain.ho.hoctl_json("store", "cert", "list", "S001")
    }


def test_no_command_revokes_or_reissues_a_store_certificate(chain: Chain) -> None:
    """Issue 12, failure 11: no command revoked, reissued or rotated a store certificate.
    Reissue; revoke the old serial: the agent, still on it, keeps selling and logs head
    office's sentence; `edge-agent renew` installs the new bundle and sync resumes."""
    ho, edge = chain.ho, chain.edge
    old = EnrolmentBundle.from_bytes(chain.bundle.read_bytes())
    new_bundle = chain.root / "S001-new.bundle"
    said = ho.hoctl("store", "cert", "reissue", "S001", "--out", str(new_bundle)).stdout
    assert "stay accepted until" in said
    [old_serial] = [s for s, state in serials(chain).items() if state == "retiring"]
    edge.pos("sell", "6901234567892=1", "--pay", "cash:1000")
    wait_caught_up(ho, [edge])  # the old certificate works during the grace period

    agent_log = edge.data_dir / "agent.log"
    mark = line_count(agent_log)
    said = ho.hoctl("store", "cert", "revoke", "S001", "--serial", old_serial).stdout
    assert f"revoked store S001's certificate {old_serial}" in said

    def refused_in_agent_log() -> str | None:
        for event in log_lines(agent_log, mark):
            if "was revoked on" in str(event.get("problem", "")):
                return str(event["problem"])
        return None

    problem = wait_for("the agent to log head office's refusal", refused_in_agent_log, 30)
    assert problem.startswith(f"store S001's certificate (serial {old_serial}) was revoked on ")
    assert (
        "by admin; enrol the store again with the bundle from `hoctl store cert reissue" in problem
    )
    edge.pos("sell", "6901234567892=2", "--pay", "cash:1000")  # the till keeps selling
    assert edge.status()["backlog_count"] >= 1

    # The old bundle is refused anywhere, with the sentence: a new data directory too.
    again = run(
        [str(BIN / "edge-agent"), "init", "--data-dir", str(chain.root / "edge2"), "--bundle",
         str(chain.bundle)],
        env=edge.env, check=False,
    )  # fmt: skip
    assert again.returncode == 1
    assert f"(serial {old_serial}) was revoked on " in again.stderr
    assert old.store_code == "S001"

    renewed = run(
        [str(BIN / "edge-agent"), "renew", "--data-dir", str(edge.data_dir), "--bundle",
         str(new_bundle)],
        env=edge.env,
    )  # fmt: skip
    assert "installed store S001's new certificate" in renewed.stdout
    wait_caught_up(ho, [edge])  # the running agent took the new certificate, no restart
    states = sorted(serials(chain).values())
    assert states == ["current", "revoked"]


def test_a_reissued_staff_identity_refuses_the_old_one(chain: Chain) -> None:
    ho = chain.ho
    old = ho.add_user("mia", "buyer", chain.root)
    assert ho.hoctl_as(old, "whoami").returncode == 0
    new = chain.root / "mia-new.identity"
    said = ho.hoctl("user", "reissue", "mia", "--out", str(new)).stdout
    assert "their earlier credentials" in said and "are refused from now on" in said
    refused = ho.hoctl_as(old, "whoami", check=False)
    assert refused.returncode == 1
    assert refused.stderr.startswith("hoctl whoami: staff user mia's certificate (serial ")
    assert "was replaced on " in refused.stderr and "(`hoctl user reissue mia`)" in refused.stderr
    assert ho.hoctl_as(new, "whoami").stdout.startswith("mia: buyer")
    ho.hoctl("user", "disable", "mia")
    assert "is disabled" in ho.hoctl_as(new, "whoami", check=False).stderr
    ho.hoctl("user", "enable", "mia")
    assert ho.hoctl_as(new, "whoami").returncode == 0
    actions = [r["action"] for r in ho.hoctl_json("audit", "list", "--entity", "user")]
    assert actions[-4:] == ["user.add", "user.reissue", "user.disable", "user.enable"]


def test_wrong_role_credentials_are_said_on_every_client(chain: Chain) -> None:
    ho = chain.ho
    as_store = ho.hoctl_as(chain.bundle, "whoami", check=False)
    assert as_store.returncode == 1
    assert "is store S001's enrolment bundle (for edge-agent), not a staff identity" in (
        as_store.stderr
    )
    identity = chain.root / "mia-new.identity"
    if not identity.exists():
        identity = ho.add_user("ola", "auditor", chain.root)
    name = StaffIdentity.from_bytes(identity.read_bytes()).username
    as_staff = run(
        [str(BIN / "edge-agent"), "init", "--data-dir", str(chain.root / "edge3"), "--bundle",
         str(identity)],
        env=chain.edge.env, check=False,
    )  # fmt: skip
    assert as_staff.returncode == 1
    assert f"is staff user {name}'s identity file for hoctl, not a store's enrolment bundle" in (
        as_staff.stderr
    )


def _knock(address: str, ca_pem: bytes, cert: KeyPair, times: int) -> None:
    """Connect with this certificate `times` times, as a client retrying would."""
    for _attempt in range(times):
        creds = channel_credentials(ca_pem, cert.cert_pem, cert.key_pem)
        with grpc.secure_channel(address, creds, options=channel_options()) as channel:
            with pytest.raises(grpc.RpcError) as refused:
                health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(), timeout=5
                )
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE


def test_head_office_logs_each_refused_tls_peer_once_a_minute_with_address_and_reason(
    chain: Chain,
) -> None:
    """Issue 12, failure 11: head office logged refused TLS clients only as gRPC's own line,
    without the peer. A foreign-CA client and an expired one each retry five times: one
    structured line each, with the address and the reason."""
    ho = chain.ho
    tls = ho.data_dir / "tls"
    ca = KeyPair((tls / "ca.pem").read_bytes(), (tls / "ca.key").read_bytes())
    ho_log = ho.data_dir / "headoffice.log"
    mark = line_count(ho_log)
    foreign = issue_certificate(create_ca("Another chain"), "S001", ROLE_STORE)
    now = dt.datetime.now(dt.UTC)
    expired = issue_certificate(
        ca, "S001", ROLE_STORE, not_before=now - dt.timedelta(days=30),
        not_after=now - dt.timedelta(days=1),
    )  # fmt: skip
    _knock(ho.grpc_address, ca.cert_pem, foreign, 5)
    _knock(ho.grpc_address, ca.cert_pem, expired, 5)

    def refusals() -> list[dict]:
        lines = [e for e in log_lines(ho_log, mark) if e["event"] == "TLS peer refused"]
        return lines if {e["reason"] for e in lines} >= {"foreign_ca", "expired"} else []

    lines = wait_for("head office to log both refusals", refusals, 30)
    assert sorted((e["reason"], e["peer_host"], e["count"]) for e in lines) == [
        ("expired", "127.0.0.1", 1),
        ("foreign_ca", "127.0.0.1", 1),
    ]
    for event in lines:
        assert event["peer"].startswith("127.0.0.1:") and event["level"] == "warning"
    assert {e["detail"] for e in lines} == {
        "the client's certificate has expired",
        "the client's certificate was not issued by this chain's CA",
    }
    text = "\n".join(ho_log.read_text(errors="replace").splitlines()[mark:])
    assert "CallNextHandshakerLocked" not in text  # the trace it reads is not passed on
