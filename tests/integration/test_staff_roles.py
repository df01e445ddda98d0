"""Staff users, roles and the audit log against a real head-office process.

The role matrix calls EVERY method of every staff service as every role (and
with a store's certificate): a call is refused for a missing permission
exactly when the role lacks the method's permission, so an RPC without
@authorised, or with the wrong permission, fails here.
"""

from __future__ import annotations

import json
import sqlite3

import grpc
import pytest
from google.protobuf import message_factory

from common.bundle import EnrolmentBundle, StaffIdentity
from common.tls import channel_credentials, channel_options
from headoffice.api.auth import authorised  # noqa: F401 - the decorator under test
from headoffice.api.servicers import STAFF_SERVICES
from headoffice.domain.roles import ROLE_PERMISSIONS
from scripts.chain import HeadOffice

ROLES_UNDER_TEST = {"admin": None, "buyer": (), "store_manager": ("S001",), "auditor": ()}


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    root = tmp_path_factory.mktemp("staff")
    ho = HeadOffice(root / "ho")
    ho.init()
    ho.start()
    for code in ("S001", "S002"):
        ho.add_store(code, f"Store {code}", root)
    identities = {
        role: ho.add_user(f"u-{role.replace('_', '-')}", role, root, stores)
        for role, stores in ROLES_UNDER_TEST.items()
        if stores is not None
    }
    yield ho, root, identities
    ho.stop()


def _channel(ho: HeadOffice, ca: str, cert: str, key: str) -> grpc.Channel:
    creds = channel_credentials(ca.encode(), cert.encode(), key.encode())
    return grpc.secure_channel(ho.grpc_address, creds, options=channel_options())


def _call(channel: grpc.Channel, service, method) -> tuple[grpc.StatusCode, str]:
    request_class = message_factory.GetMessageClass(method.input_type)
    reply_class = message_factory.GetMessageClass(method.output_type)
    path = f"/{service.full_name}/{method.name}"
    kinds = (method.client_streaming, method.server_streaming)
    make = {
        (False, False): channel.unary_unary,
        (False, True): channel.unary_stream,
        (True, False): channel.stream_unary,
        (True, True): channel.stream_stream,
    }[kinds]
    call = make(
        path,
        request_serializer=request_class.SerializeToString,
        response_deserializer=reply_class.FromString,
    )
    request = iter([request_class()]) if method.client_streaming else request_class()
    try:
        reply = call(request, timeout=10)
        if method.server_streaming:
            list(reply)
    except grpc.RpcError as exc:
        return exc.code(), exc.details() or ""
    return grpc.StatusCode.OK, ""


def _methods():
    return [(service, method) for service in STAFF_SERVICES for method in service.methods]


def test_every_staff_rpc_is_refused_exactly_when_the_role_lacks_its_permission(chain) -> None:
    ho, root, identities = chain
    admin_dir = ho.data_dir / "tls"
    creds = {
        "admin": (
            (admin_dir / "ca.pem").read_text(),
            (admin_dir / "admin.pem").read_text(),
            (admin_dir / "admin.key").read_text(),
        )
    }
    for role, path in identities.items():
        staff = StaffIdentity.from_bytes(path.read_bytes())
        creds[role] = (staff.ca_pem, staff.cert_pem, staff.key_pem)
    outcomes: dict[tuple[str, str], tuple[grpc.StatusCode, str]] = {}
    for role, (ca, cert, key) in creds.items():
        with _channel(ho, ca, cert, key) as channel:
            for service, method in _methods():
                outcomes[(role, f"{service.name}.{method.name}")] = _call(channel, service, method)
    store = EnrolmentBundle.from_bytes((root / "S001.bundle").read_bytes())
    with _channel(ho, store.ca_pem, store.cert_pem, store.key_pem) as channel:
        for service, method in _methods():
            code, details = _call(channel, service, method)
            assert code == grpc.StatusCode.PERMISSION_DENIED, (service.name, method.name, code)
            assert "needs a staff certificate" in details
    problems = []
    for (role, rpc), (code, details) in outcomes.items():
        refused = code == grpc.StatusCode.PERMISSION_DENIED and "lacks permission" in details
        lacking = [p.value for p in ROLE_PERMISSIONS["admin"] if p not in ROLE_PERMISSIONS[role]]
        named = details.rsplit(" ", 1)[-1] if refused else ""
        if refused and named not in lacking:
            problems.append(f"{role} refused {rpc} for {named}, which the role has")
        if (
            not refused
            and code == grpc.StatusCode.PERMISSION_DENIED
            and "manages store" not in details
        ):
            problems.append(f"{role} {rpc}: refused without naming a permission: {details}")
        if code in (
            grpc.StatusCode.UNIMPLEMENTED,
            grpc.StatusCode.UNKNOWN,
            grpc.StatusCode.INTERNAL,
        ):
            problems.append(f"{role} {rpc}: {code.name} {details}")
    assert not problems, "\n".join(problems)
    # The auditor reads and never writes: every write RPC is refused for a permission.
    for (role, rpc), (_code, details) in outcomes.items():
        if role == "admin":
            assert "lacks permission" not in details, rpc
        if role == "auditor" and "lacks permission" in details:
            assert not details.endswith(".read"), rpc


def test_users_roles_and_the_audit_log_through_hoctl(chain) -> None:
    ho, root, identities = chain
    auditor, buyer, manager = (
        identities["auditor"],
        identities["buyer"],
        identities["store_manager"],
    )
    refused = ho.hoctl_as(
        auditor, "store", "add", "S009", "--name", "X", "--out", str(root / "x.b"), check=False
    )
    assert refused.returncode == 1
    assert "user u-auditor (auditor) lacks permission store.manage" in refused.stderr
    assert not (root / "x.b").exists()
    me = json.loads(ho.hoctl_as(manager, "whoami", "--format", "json").stdout)
    assert me["role"] == "store_manager" and me["stores"] == ["S001"]
    stores = json.loads(ho.hoctl_as(manager, "store", "list", "--format", "json").stdout)
    assert [s["store"] for s in stores] == ["S001"]
    other = ho.hoctl_as(manager, "sync", "status", "--store", "S002", check=False)
    assert other.returncode == 1 and "manages store(s) S001, not S002" in other.stderr
    users = ho.hoctl_json("user", "list")
    roles = {u["username"]: u["role"] for u in users}
    assert roles["admin"] == "admin" and roles["u-buyer"] == "buyer"
    ho.hoctl("user", "disable", "u-buyer")
    gone = ho.hoctl_as(buyer, "stock", check=False)
    assert gone.returncode == 1 and "staff user u-buyer is disabled" in gone.stderr
    records = json.loads(ho.hoctl_as(auditor, "audit", "list", "--format", "json").stdout)
    actions = [r["action"] for r in records]
    assert actions[:2] == ["store.add", "store.add"] and actions[-1] == "user.disable"
    # A replenishment run asks for nothing (an empty request is a chain-wide run), so the
    # matrix above really ran one as each role allowed to (purchasing.write).
    runs = {r["actor"] for r in records if r["action"] == "replenish.run"}
    assert runs <= {"admin", "u-buyer"}
    assert {r["actor"] for r in records if r["action"] != "replenish.run"} == {"admin"}
    assert ho.hoctl_as(auditor, "audit", "verify").returncode == 0
    # Someone with database access edits a record: verify names it.
    with sqlite3.connect(ho.data_dir / "headoffice.db") as db:
        db.execute("UPDATE audit_log SET after_json = '{}' WHERE id = 3")
    tampered = ho.hoctl("audit", "verify", check=False)
    assert tampered.returncode == 1 and "record 3 was edited" in tampered.stderr
