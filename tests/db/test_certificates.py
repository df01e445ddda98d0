"""Certificates checked by serial against head office's revocation list, on both databases.

The register through the real repositories, and the real grpc.aio server on
port 0 with real mTLS: a reissued, revoked or superseded certificate is refused
with PERMISSION_DENIED and a sentence, at a new call and on a stream already open.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.bundle import EnrolmentBundle, StaffIdentity
from common.certs import ROLE_SERVER, ROLE_STORE, KeyPair, create_ca, issue_certificate
from common.pb.storeledger.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    staff_pb2,
    staff_pb2_grpc,
    sync_pb2,
    sync_pb2_grpc,
)
from common.tls import SERVER_NAME, channel_credentials, channel_options
from headoffice.api.server import RunningServer, TlsFiles, serve_headoffice
from headoffice.domain.certificates import REVOKED, SUPERSEDED, blanket
from headoffice.domain.roles import Staff
from headoffice.services.credentials import (
    list_store_certificates,
    load_revocation_list,
    reissue_store_certificate,
    revoke_store_certificate,
)
from headoffice.services.stores import add_store
from headoffice.store.unit_of_work import UnitOfWork

WAIT_S = 15
ADMIN = Staff("admin", "admin")
pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def tls() -> TlsFiles:
    ca = create_ca("Test chain")
    server = issue_certificate(ca, SERVER_NAME, ROLE_SERVER, hosts=[SERVER_NAME, "127.0.0.1"])
    return TlsFiles(ca=ca, server=server)


def test_the_register_keeps_issued_certificates_and_their_revocations(
    engine: Engine, tls: TlsFiles
) -> None:
    add_store(UnitOfWork(engine), tls.ca, "S001", "Main Street", "ho:1", now_ms=1_000)
    reissued = reissue_store_certificate(
        UnitOfWork(engine), tls.ca, ADMIN, "S001", "ho:1", 7, now_ms=2_000
    )
    revoke_store_certificate(UnitOfWork(engine), ADMIN, "S001", "", now_ms=3_000)
    records = list_store_certificates(UnitOfWork(engine), ADMIN, "S001")
    assert [r.issued_at_ms for r in records] == [1_000, 2_000]
    assert [(r.revoked_reason, r.revoked_at_ms) for r in records] == [
        (REVOKED, 3_000),  # superseded with a week's grace, then revoked at once
        (REVOKED, 3_000),
    ]
    assert records[1].serial == reissued.serial
    with UnitOfWork(engine) as uow:
        blankets = [r for r in uow.certificates.of_subjects(ROLE_STORE) if r.serial is None]
        # Two rows without a serial for one store: the unique index allows it.
        uow.certificates.insert(blanket(ROLE_STORE, "S001", 4_000, "admin", 4_000, REVOKED))
        uow.commit()
    assert [(b.issued_at_ms, b.revoked_reason) for b in blankets] == [
        (2_000, SUPERSEDED),
        (3_000, REVOKED),
    ]
    revocations = load_revocation_list(UnitOfWork(engine))
    assert set(revocations.by_serial) == {r.serial for r in records}
    assert revocations.registered >= {r.serial for r in records}
    assert len(revocations.blankets[(ROLE_STORE, "S001")]) == 3


def channel(tls: TlsFiles, port: int, cert_pem: str, key_pem: str) -> grpc.aio.Channel:
    creds = channel_credentials(tls.ca.cert_pem, cert_pem.encode(), key_pem.encode())
    return grpc.aio.secure_channel(f"127.0.0.1:{port}", creds, options=channel_options())


def run(engine: Engine, tls: TlsFiles, scenario: Callable[[RunningServer], Awaitable[None]]):
    async def main() -> None:
        async with serve_headoffice(engine, tls, "127.0.0.1:0", grace_s=0.5) as running:
            await asyncio.wait_for(scenario(running), WAIT_S * 4)

    asyncio.run(main())


async def refusal(call: Awaitable[object]) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await asyncio.wait_for(call, WAIT_S)
    return info.value.code(), info.value.details() or ""


def hello() -> sync_pb2.UpstreamMessage:
    return sync_pb2.UpstreamMessage(
        hello=sync_pb2.Hello(store_code="S001", agent_version="test/1", newest_seq=0)
    )


def test_certificates_are_matched_by_serial_not_by_name_only(engine: Engine, tls: TlsFiles) -> None:
    """Issue 12, failure 11: certificates were matched by name only, so a store's old
    certificate worked forever. Now a reissue supersedes it and a revoke refuses it, each
    by serial, at a new call and on a stream already open."""
    _store, first = add_store(UnitOfWork(engine), tls.ca, "S001", "Main Street", "ho:1")
    admin = issue_certificate(tls.ca, "admin", "staff")  # as `headoffice init` makes it

    async def scenario(running: RunningServer) -> None:
        port = running.port
        async with channel(tls, port, admin.cert_pem.decode(), admin.key_pem.decode()) as staff:
            admin_stub = admin_pb2_grpc.AdminStub(staff)
            async with channel(tls, port, first.cert_pem, first.key_pem) as old:
                upstream = sync_pb2_grpc.StoreSyncStub(old).Upstream()
                await upstream.write(hello())
                assert (await asyncio.wait_for(upstream.read(), WAIT_S)).HasField("welcome")

                reply = await admin_stub.ReissueStoreCertificate(
                    admin_pb2.ReissueStoreCertificateRequest(store_code="S001", grace_days=0)
                )
                new = EnrolmentBundle.from_bytes(reply.bundle)
                # The open stream ends at the store's next message, with the sentence.
                await upstream.write(
                    sync_pb2.UpstreamMessage(heartbeat=sync_pb2.Heartbeat(newest_seq=0))
                )
                code, details = await refusal(upstream.read())
                assert code == grpc.StatusCode.PERMISSION_DENIED
                assert details.startswith("store S001's certificate (serial ")
                assert f"was replaced by a reissued one (serial {reply.serial}, by admin)" in (
                    details
                )
                # So does a new call with the old certificate, the same name.
                again = sync_pb2_grpc.StoreSyncStub(old).Upstream()
                await again.write(hello())
                assert (await refusal(again.read()))[0] == grpc.StatusCode.PERMISSION_DENIED

            async with channel(tls, port, new.cert_pem, new.key_pem) as renewed:
                follow = sync_pb2_grpc.StoreSyncStub(renewed).Downstream(
                    sync_pb2.DownstreamRequest(store_code="S001", after_cursor=0)
                )
                assert await asyncio.wait_for(follow.read(), WAIT_S) is not None  # accepted
                await admin_stub.RevokeStoreCertificate(
                    admin_pb2.RevokeStoreCertificateRequest(store_code="S001", serial=reply.serial)
                )
                # The open downstream stream ends within its next poll (2 s).
                while True:
                    try:
                        await asyncio.wait_for(follow.read(), WAIT_S)
                    except grpc.aio.AioRpcError as exc:
                        assert exc.code() == grpc.StatusCode.PERMISSION_DENIED
                        assert "was revoked on " in (exc.details() or "")
                        assert "by admin; enrol the store again" in (exc.details() or "")
                        break

    run(engine, tls, scenario)


def test_a_reissued_staff_credential_refuses_the_old_one(engine: Engine, tls: TlsFiles) -> None:
    admin = issue_certificate(tls.ca, "admin", "staff")

    async def scenario(running: RunningServer) -> None:
        port = running.port
        async with channel(tls, port, admin.cert_pem.decode(), admin.key_pem.decode()) as ch:
            stub = staff_pb2_grpc.StaffStub(ch)
            added = await stub.AddUser(staff_pb2.AddUserRequest(username="mia", role="buyer"))
            old = StaffIdentity.from_bytes(added.identity)
            reissued = await stub.ReissueUser(staff_pb2.ReissueUserRequest(username="mia"))
            new = StaffIdentity.from_bytes(reissued.identity)
            assert list(reissued.superseded_serials) != [] and reissued.serial
        async with channel(tls, port, old.cert_pem, old.key_pem) as ch:
            code, details = await refusal(
                staff_pb2_grpc.StaffStub(ch).WhoAmI(staff_pb2.WhoAmIRequest())
            )
            assert code == grpc.StatusCode.PERMISSION_DENIED
            assert details.startswith("staff user mia's certificate (serial ")
            assert "by admin (`hoctl user reissue mia`); use the new identity file" in details
        async with channel(tls, port, new.cert_pem, new.key_pem) as ch:
            me = await staff_pb2_grpc.StaffStub(ch).WhoAmI(staff_pb2.WhoAmIRequest())
            assert me.username == "mia"

    run(engine, tls, scenario)


def test_a_store_manager_cannot_reissue_or_revoke(engine: Engine, tls: TlsFiles) -> None:
    add_store(UnitOfWork(engine), tls.ca, "S001", "Main Street", "ho:1")
    admin = issue_certificate(tls.ca, "admin", "staff")

    async def scenario(running: RunningServer) -> None:
        port = running.port
        async with channel(tls, port, admin.cert_pem.decode(), admin.key_pem.decode()) as ch:
            added = await staff_pb2_grpc.StaffStub(ch).AddUser(
                staff_pb2.AddUserRequest(username="sam", role="store_manager", stores=["S001"])
            )
        sam = StaffIdentity.from_bytes(added.identity)
        async with channel(tls, port, sam.cert_pem, sam.key_pem) as ch:
            stub = admin_pb2_grpc.AdminStub(ch)
            for call in (
                stub.ReissueStoreCertificate(
                    admin_pb2.ReissueStoreCertificateRequest(store_code="S001")
                ),
                stub.RevokeStoreCertificate(
                    admin_pb2.RevokeStoreCertificateRequest(store_code="S001")
                ),
            ):
                code, details = await refusal(call)
                assert code == grpc.StatusCode.PERMISSION_DENIED
                assert details.endswith("lacks permission store.manage")
            listed = await stub.ListStoreCertificates(admin_pb2.ListStoreCertificatesRequest())
            assert [c.store_code for c in listed.certificates] == ["S001"]

    run(engine, tls, scenario)
    assert isinstance(tls.ca, KeyPair)
