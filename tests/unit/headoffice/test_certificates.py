"""Which certificates head office accepts: by serial, against its revocation list.

The rules (headoffice.domain.certificates) and the use cases that issue,
reissue and revoke (headoffice.services.credentials) on the fake unit of work.
"""

from __future__ import annotations

import json

import pytest

from common.bundle import EnrolmentBundle, StaffIdentity
from common.certs import ROLE_STAFF, ROLE_STORE, Identity, KeyPair, create_ca, identity_from_pem
from common.errors import InvalidInput
from headoffice.domain.certificates import (
    DAY_MS,
    REVOKED,
    SUPERSEDED,
    CertificateRecord,
    RevocationList,
    blanket,
    refusal_sentence,
)
from headoffice.domain.errors import (
    InvalidStoreRequest,
    PermissionRefused,
    UnknownCertificate,
    UnknownStore,
)
from headoffice.domain.roles import Staff
from headoffice.services.credentials import (
    list_store_certificates,
    load_revocation_list,
    reissue_store_certificate,
    reissue_user,
    revoke_store_certificate,
)
from headoffice.services.stores import add_store
from headoffice.services.users import add_user, disable_user, enable_user
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

T0 = 1_800_000_000_000
ADMIN = Staff("admin", "admin")
CA = create_ca("Test chain")


@pytest.fixture
def db() -> FakeDatabase:
    return FakeDatabase()


def enrol(db: FakeDatabase, code: str = "S001") -> EnrolmentBundle:
    _store, bundle = add_store(FakeUnitOfWork(db), CA, code, f"Store {code}", "ho:1", T0)
    return bundle


def identity(pem: str) -> Identity:
    return identity_from_pem(pem.encode())


def refusal(db: FakeDatabase, who: Identity, now_ms: int) -> CertificateRecord | None:
    return load_revocation_list(FakeUnitOfWork(db)).refusal(who, now_ms)


def audit_actions(db: FakeDatabase) -> list[str]:
    return [record.action for record in db.tables.audit]


# -- the rule ------------------------------------------------------------------------------


def test_a_registered_serial_is_refused_from_its_revocation_on() -> None:
    record = CertificateRecord(ROLE_STORE, "S001", "ab", T0, T0 + 9 * DAY_MS, "admin")
    later = record.stopped(T0 + DAY_MS, "admin", SUPERSEDED, "cd")
    revocations = RevocationList.of([later])
    who = Identity(ROLE_STORE, "S001", 0xAB, T0, T0 + 9 * DAY_MS)
    assert revocations.refusal(who, T0 + DAY_MS - 1) is None  # the grace period
    assert revocations.refusal(who, T0 + DAY_MS) == later
    assert later.state(T0) == "retiring" and later.state(T0 + DAY_MS) == "superseded"


def test_a_later_decision_never_postpones_an_earlier_refusal() -> None:
    record = CertificateRecord(ROLE_STORE, "S001", "ab", T0, None, "admin")
    revoked = record.stopped(T0, "admin", REVOKED)
    assert revoked.stopped(T0 + DAY_MS, "sam", SUPERSEDED, "cd") == revoked


def test_a_blanket_covers_only_earlier_certificates_the_register_lacks() -> None:
    cover = blanket(ROLE_STORE, "S001", T0, "admin", T0, REVOKED)
    revocations = RevocationList.of([cover], registered=["cd"])
    before = Identity(ROLE_STORE, "S001", 0xAB, T0 - DAY_MS)
    assert revocations.refusal(before, T0) == cover
    assert revocations.refusal(Identity(ROLE_STORE, "S001", 0xCD, T0 - DAY_MS), T0) is None
    assert revocations.refusal(Identity(ROLE_STORE, "S001", 0xEF, T0 + 1), T0) is None
    assert revocations.refusal(Identity(ROLE_STORE, "S002", 0xAB, T0 - DAY_MS), T0) is None
    assert revocations.refusal(Identity(ROLE_STAFF, "S001", 0xAB, T0 - DAY_MS), T0) is None


def test_refusal_sentences_say_when_by_whom_and_what_to_do() -> None:
    store = Identity(ROLE_STORE, "S001", 0xAB)
    revoked = CertificateRecord(ROLE_STORE, "S001", "ab", T0, None, "admin").stopped(
        T0, "sam", REVOKED
    )
    assert refusal_sentence(store, revoked) == (
        "store S001's certificate (serial ab) was revoked on 2027-01-15 08:00 UTC by sam; "
        "enrol the store again with the bundle from `hoctl store cert reissue S001` "
        "(`edge-agent renew --bundle FILE`)"
    )
    superseded = revoked.stopped(T0 - 1, "sam", SUPERSEDED, "cd")
    assert "replaced by a reissued one (serial cd, by sam)" in refusal_sentence(store, superseded)
    staff = Identity(ROLE_STAFF, "mia", 0xAB)
    assert "`hoctl user reissue mia`" in refusal_sentence(staff, superseded)


# -- issuing and reissuing a store's certificate --------------------------------------------


def test_enrolling_records_the_certificate_it_issues(db: FakeDatabase) -> None:
    bundle = enrol(db)
    [record] = list_store_certificates(FakeUnitOfWork(db), ADMIN, "S001")
    assert record.serial == identity(bundle.cert_pem).serial_text
    assert (record.role, record.subject, record.issued_by) == (ROLE_STORE, "S001", "admin")
    assert record.state(T0) == "current"


def test_reissue_supersedes_the_earlier_certificate_after_the_grace(db: FakeDatabase) -> None:
    old = identity(enrol(db).cert_pem)
    reissued = reissue_store_certificate(
        FakeUnitOfWork(db), CA, ADMIN, "S001", "ho:1", grace_days=7, now_ms=T0 + 1000
    )
    new = identity(reissued.bundle.cert_pem)
    assert reissued.serial == new.serial_text
    assert [r.serial for r in reissued.superseded] == [old.serial_text]
    assert reissued.superseded_at_ms == T0 + 1000 + 7 * DAY_MS
    assert refusal(db, old, T0 + 2000) is None  # still accepted: the store has a week
    assert refusal(db, old, T0 + 1000 + 7 * DAY_MS) is not None
    assert refusal(db, new, T0 + 30 * DAY_MS) is None  # the blanket never covers the new one
    assert audit_actions(db)[-1] == "store.cert.reissue"
    after = json.loads(db.tables.audit[-1].after_json)
    assert after == {"serial": new.serial_text, "superseded_at_ms": T0 + 1000 + 7 * DAY_MS}


def test_reissue_with_no_grace_refuses_the_earlier_certificate_at_once(db: FakeDatabase) -> None:
    old = identity(enrol(db).cert_pem)
    reissue_store_certificate(FakeUnitOfWork(db), CA, ADMIN, "S001", "ho:1", 0, T0 + 1)
    record = refusal(db, old, T0 + 1)
    assert record is not None and record.revoked_reason == SUPERSEDED


def test_reissue_covers_a_certificate_issued_before_the_register(db: FakeDatabase) -> None:
    """A store enrolled before migration 0010 has no row: the reissue's blanket covers it."""
    db.seed_store("S009")
    before = Identity(ROLE_STORE, "S009", 0x1234, T0 - 400 * DAY_MS)
    assert refusal(db, before, T0) is None
    reissue_store_certificate(FakeUnitOfWork(db), CA, ADMIN, "S009", "ho:1", 7, T0)
    assert refusal(db, before, T0 + DAY_MS) is None
    record = refusal(db, before, T0 + 7 * DAY_MS)
    assert record is not None and record.serial is None


def test_reissue_refuses_a_grace_beyond_the_limit_and_an_unknown_store(db: FakeDatabase) -> None:
    enrol(db)
    with pytest.raises(InvalidStoreRequest, match="grace period is 0 to 90 days, got 91"):
        reissue_store_certificate(FakeUnitOfWork(db), CA, ADMIN, "S001", "ho:1", 91, T0)
    with pytest.raises(UnknownStore):
        reissue_store_certificate(FakeUnitOfWork(db), CA, ADMIN, "S404", "ho:1", 7, T0)
    assert len(db.tables.certificates) == 1


def test_a_store_manager_reissues_only_their_stores(db: FakeDatabase) -> None:
    enrol(db, "S002")
    manager = Staff("mia", "store_manager", frozenset({"S001"}))
    with pytest.raises(PermissionRefused, match="manages store"):
        reissue_store_certificate(FakeUnitOfWork(db), CA, manager, "S002", "ho:1", 7, T0)


# -- revoking ------------------------------------------------------------------------------


def test_revoke_by_serial_refuses_that_certificate_only(db: FakeDatabase) -> None:
    old = identity(enrol(db).cert_pem)
    reissued = reissue_store_certificate(FakeUnitOfWork(db), CA, ADMIN, "S001", "ho:1", 7, T0)
    new = identity(reissued.bundle.cert_pem)
    revoked = revoke_store_certificate(
        FakeUnitOfWork(db), ADMIN, "S001", old.serial_text.upper(), T0 + 5
    )
    assert [r.serial for r in revoked] == [old.serial_text]
    record = refusal(db, old, T0 + 5)
    assert record is not None and record.revoked_reason == REVOKED  # the grace ended early
    assert refusal(db, new, T0 + 5) is None
    assert audit_actions(db)[-1] == "store.cert.revoke"
    # Again: nothing changes and nothing is audited.
    count = len(db.tables.audit)
    again = revoke_store_certificate(FakeUnitOfWork(db), ADMIN, "S001", old.serial_text, T0 + 6)
    assert again == []
    assert len(db.tables.audit) == count


def test_revoke_without_a_serial_refuses_every_certificate_of_the_store(db: FakeDatabase) -> None:
    first = identity(enrol(db).cert_pem)
    second = identity(
        reissue_store_certificate(
            FakeUnitOfWork(db), CA, ADMIN, "S001", "ho:1", 7, T0
        ).bundle.cert_pem
    )
    revoked = revoke_store_certificate(FakeUnitOfWork(db), ADMIN, "S001", "", T0 + 10)
    assert {r.serial for r in revoked} == {first.serial_text, second.serial_text}
    assert refusal(db, first, T0 + 10) is not None
    assert refusal(db, second, T0 + 10) is not None
    unregistered = Identity(ROLE_STORE, "S001", 0x99, T0 - DAY_MS)
    assert refusal(db, unregistered, T0 + 10) is not None


def test_revoke_of_a_serial_the_store_never_had_is_refused(db: FakeDatabase) -> None:
    enrol(db, "S001")
    other = identity(enrol(db, "S002").cert_pem)
    with pytest.raises(UnknownCertificate, match="`hoctl store cert list S001` shows"):
        revoke_store_certificate(FakeUnitOfWork(db), ADMIN, "S001", other.serial_text)
    with pytest.raises(InvalidInput, match="hexadecimal"):
        revoke_store_certificate(FakeUnitOfWork(db), ADMIN, "S001", "not-hex")
    assert refusal(db, other, T0) is None


# -- staff users ---------------------------------------------------------------------------


def add(db: FakeDatabase, name: str = "mia") -> StaffIdentity:
    _user, credential = add_user(FakeUnitOfWork(db), CA, "admin", name, "buyer", [], "ho:1", T0)
    return credential


def test_user_reissue_refuses_the_earlier_credential_at_once(db: FakeDatabase) -> None:
    old = identity(add(db).cert_pem)
    user, credential, superseded = reissue_user(
        FakeUnitOfWork(db), CA, "admin", "mia", "ho:1", T0 + 5
    )
    new = identity(credential.cert_pem)
    assert user.username == "mia" and [r.serial for r in superseded] == [old.serial_text]
    record = refusal(db, old, T0 + 5)
    assert record is not None and record.revoked_reason == SUPERSEDED
    assert refusal(db, new, T0 + 5) is None
    assert audit_actions(db)[-1] == "user.reissue"


def test_a_user_cannot_reissue_their_own_credential(db: FakeDatabase) -> None:
    with pytest.raises(PermissionRefused, match="cannot reissue your own credential"):
        reissue_user(FakeUnitOfWork(db), CA, "admin", "admin", "ho:1")


def test_enable_lets_a_disabled_user_back_and_is_audited(db: FakeDatabase) -> None:
    add(db)
    disable_user(FakeUnitOfWork(db), "admin", "mia", T0)
    assert enable_user(FakeUnitOfWork(db), "admin", "mia", T0 + 1).disabled is False
    assert db.tables.users["mia"].disabled is False
    assert audit_actions(db)[-2:] == ["user.disable", "user.enable"]
    enable_user(FakeUnitOfWork(db), "admin", "mia", T0 + 2)  # already enabled: nothing to do
    assert audit_actions(db)[-1] == "user.enable" and len(db.tables.audit) == 3


def test_the_revocation_list_is_read_in_one_transaction(db: FakeDatabase) -> None:
    enrol(db)
    uow = FakeUnitOfWork(db)
    assert load_revocation_list(uow).by_serial == {} and uow.commits == 0
    assert isinstance(CA, KeyPair)
