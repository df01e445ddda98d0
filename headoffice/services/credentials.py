"""Credentials: issuing a store's bundle or a staff user's identity, reissuing and revoking.

`issue_store_bundle` and `issue_staff_identity` are the one place each
credential is made: they sign the certificate, record its serial in the
register (uow.certificates) in the caller's transaction, and build what is
handed over. Enrolling (stores.add_store), reissuing (here) and re-enrolling a
store all call `issue_store_bundle` (a reissue and a re-enrolment through
`replace_store_certificate`, which also refuses the store's earlier
certificates); adding and reissuing a user call `issue_staff_identity`. What
head office then accepts follows headoffice.domain.certificates.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.bundle import ChannelIdentity, EnrolmentBundle, StaffIdentity
from common.certs import (
    ROLE_CHANNEL,
    ROLE_STAFF,
    ROLE_STORE,
    KeyPair,
    identity_from_pem,
    issue_certificate,
    parse_serial,
)
from common.clock import now_ms as clock_now_ms
from common.i18n import _
from headoffice.domain.certificates import (
    REVOKED,
    SUPERSEDED,
    CertificateRecord,
    RevocationList,
    blanket,
    grace_ms,
)
from headoffice.domain.errors import (
    PermissionRefused,
    UnknownCertificate,
    UnknownStore,
    UnknownUser,
)
from headoffice.domain.roles import Staff, StaffUser
from headoffice.domain.stores import Store
from headoffice.services import audit
from headoffice.services.ports import UnitOfWorkPort


def _register(
    uow: UnitOfWorkPort, cert_pem: bytes, role: str, subject: str, actor: str, now: int
) -> CertificateRecord:
    identity = identity_from_pem(cert_pem)
    record = CertificateRecord(
        role, subject, identity.serial_text, now, identity.not_after_ms, actor
    )
    uow.certificates.insert(record)
    return record


def issue_store_bundle(
    uow: UnitOfWorkPort, ca: KeyPair, store: Store, headoffice_address: str, actor: str, now: int
) -> EnrolmentBundle:
    """A new certificate for the store, recorded in the caller's open transaction, as a bundle."""
    cert = issue_certificate(ca, store.code, ROLE_STORE)
    _register(uow, cert.cert_pem, ROLE_STORE, store.code, actor, now)
    return EnrolmentBundle(
        store_code=store.code,
        store_name=store.name,
        headoffice_address=headoffice_address,
        ca_pem=ca.cert_pem.decode(),
        cert_pem=cert.cert_pem.decode(),
        key_pem=cert.key_pem.decode(),
    )


def issue_staff_identity(
    uow: UnitOfWorkPort,
    ca: KeyPair,
    user: StaffUser,
    headoffice_address: str,
    actor: str,
    now: int,
) -> StaffIdentity:
    """A new certificate for the user, recorded in the caller's open transaction, as an identity."""
    cert = issue_certificate(ca, user.username, ROLE_STAFF)
    _register(uow, cert.cert_pem, ROLE_STAFF, user.username, actor, now)
    return StaffIdentity(
        username=user.username,
        role=user.role,
        headoffice_address=headoffice_address,
        ca_pem=ca.cert_pem.decode(),
        cert_pem=cert.cert_pem.decode(),
        key_pem=cert.key_pem.decode(),
    )


def issue_channel_identity(
    uow: UnitOfWorkPort, ca: KeyPair, channel: str, headoffice_address: str, actor: str, now: int
) -> ChannelIdentity:
    """A new certificate for an online channel, recorded in the caller's open transaction."""
    cert = issue_certificate(ca, channel, ROLE_CHANNEL)
    _register(uow, cert.cert_pem, ROLE_CHANNEL, channel, actor, now)
    return ChannelIdentity(
        channel=channel,
        headoffice_address=headoffice_address,
        ca_pem=ca.cert_pem.decode(),
        cert_pem=cert.cert_pem.decode(),
        key_pem=cert.key_pem.decode(),
    )


def _stop_all(
    uow: UnitOfWorkPort,
    role: str,
    subject: str,
    actor: str,
    now: int,
    at_ms: int,
    reason: str,
    keep: str | None = None,
) -> list[CertificateRecord]:
    """Refuse from at_ms every certificate of the subject still accepted (but `keep`), and
    every one issued before now that the register lacks; returns the records it changed."""
    stopped = [
        record.stopped(at_ms, actor, reason, keep if reason == SUPERSEDED else None)
        for record in uow.certificates.of_subjects(role, [subject])
        if record.serial != keep and record.live(now)
    ]
    uow.certificates.stop(stopped)
    uow.certificates.insert(blanket(role, subject, now, actor, at_ms, reason, keep))
    return stopped


def _serials(records: list[CertificateRecord]) -> list[str]:
    return [record.serial for record in records if record.serial is not None]


@dataclass(frozen=True)
class Reissued:
    """A store's new bundle, and the certificates it supersedes (refused from `superseded_at_ms`)."""

    store: Store
    bundle: EnrolmentBundle
    serial: str
    superseded: list[CertificateRecord]
    superseded_at_ms: int


def replace_store_certificate(
    uow: UnitOfWorkPort,
    ca: KeyPair,
    store: Store,
    headoffice_address: str,
    actor: str,
    now: int,
    refuse_earlier_from_ms: int,
) -> Reissued:
    """In the caller's open transaction: a new bundle for the store, its earlier certificates
    refused from refuse_earlier_from_ms. What a reissue and a re-enrolment both do; the
    caller audits and commits."""
    bundle = issue_store_bundle(uow, ca, store, headoffice_address, actor, now)
    serial = identity_from_pem(bundle.cert_pem.encode()).serial_text
    superseded = _stop_all(
        uow, ROLE_STORE, store.code, actor, now, refuse_earlier_from_ms, SUPERSEDED, serial
    )
    return Reissued(store, bundle, serial, superseded, refuse_earlier_from_ms)


def reissue_store_certificate(
    uow: UnitOfWorkPort,
    ca: KeyPair,
    staff: Staff,
    store_code: str,
    headoffice_address: str,
    grace_days: int,
    now_ms: int | None = None,
) -> Reissued:
    """A new certificate and bundle for the store; its earlier ones are refused after the grace."""
    staff.check_store(store_code)
    grace = grace_ms(grace_days)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        store = uow.stores.get_store(store_code)
        if store is None:
            raise UnknownStore(store_code)
        reissued = replace_store_certificate(
            uow, ca, store, headoffice_address, staff.username, now, now + grace
        )
        audit.record(
            uow, staff.username, "store.cert.reissue", "store", store_code,
            {"serials": _serials(reissued.superseded)},
            {"serial": reissued.serial, "superseded_at_ms": now + grace},
            now,
        )  # fmt: skip
        uow.commit()
    return reissued


def revoke_store_certificate(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    serial: str = "",
    now_ms: int | None = None,
) -> list[CertificateRecord]:
    """Refuse the store's certificate with this serial, or every one it has, from now on.

    Returns the records revoked (none when it was refused already).
    """
    staff.check_store(store_code)
    wanted = parse_serial(serial) if serial else None
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        store = uow.stores.get_store(store_code)
        if store is None:
            raise UnknownStore(store_code)
        if wanted is None:
            revoked = _stop_all(uow, ROLE_STORE, store_code, staff.username, now, now, REVOKED)
        else:
            record = uow.certificates.by_serial(wanted)
            if record is None or (record.role, record.subject) != (ROLE_STORE, store_code):
                raise UnknownCertificate(store_code, wanted)
            if record.refused_at(now):
                return []  # refused already: nothing changes, nothing to audit
            revoked = [record.stopped(now, staff.username, REVOKED)]
            uow.certificates.stop(revoked)
        after = {"serials": _serials(revoked), "every_earlier_certificate": wanted is None}
        audit.record(
            uow, staff.username, "store.cert.revoke", "store", store_code, None, after, now
        )
        uow.commit()
    return revoked


def reissue_user(
    uow: UnitOfWorkPort,
    ca: KeyPair,
    actor: str,
    username: str,
    headoffice_address: str,
    now_ms: int | None = None,
) -> tuple[StaffUser, StaffIdentity, list[CertificateRecord]]:
    """A new identity for the user; every earlier certificate of theirs is refused at once."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        user = uow.users.get_user(username)
        if user is None:
            raise UnknownUser(username)
        if username == actor:
            raise PermissionRefused(
                _("you cannot reissue your own credential; ask another administrator")
            )
        identity = issue_staff_identity(uow, ca, user, headoffice_address, actor, now)
        serial = identity_from_pem(identity.cert_pem.encode()).serial_text
        superseded = _stop_all(uow, ROLE_STAFF, username, actor, now, now, SUPERSEDED, serial)
        audit.record(
            uow, actor, "user.reissue", "user", username,
            {"serials": _serials(superseded)}, {"serial": serial}, now,
        )  # fmt: skip
        uow.commit()
    return user, identity, superseded


def list_store_certificates(
    uow: UnitOfWorkPort, staff: Staff, store_code: str = ""
) -> list[CertificateRecord]:
    """The certificates issued to the store (every store the staff user sees when "")."""
    if store_code:
        staff.check_store(store_code)
    with uow:
        if store_code and uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        records = uow.certificates.of_subjects(ROLE_STORE, [store_code] if store_code else None)
    return [r for r in records if r.serial is not None and staff.sees_store(r.subject)]


def load_revocation_list(uow: UnitOfWorkPort) -> RevocationList:
    """The revocation list, with the registered serials of every subject a blanket covers."""
    with uow:
        revoked = uow.certificates.revocations()
        covered = RevocationList.of(revoked).blanketed
        registered: set[str] = set()
        for role in {role for role, _subject in covered}:
            subjects = [subject for r, subject in covered if r == role]
            registered.update(
                record.serial
                for record in uow.certificates.of_subjects(role, subjects)
                if record.serial is not None
            )
    return RevocationList.of(revoked, registered)
