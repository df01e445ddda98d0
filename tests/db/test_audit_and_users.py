"""Staff users and the audit log on both databases: every change recorded, tampering found."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from common.certs import ROLE_STAFF, ROLE_STORE, Identity
from headoffice.domain.actors import actor_query
from headoffice.domain.audit_chain import AuditFilter
from headoffice.domain.errors import PermissionRefused, UnknownStore, UserAlreadyExists
from headoffice.domain.roles import Staff
from headoffice.services import audit
from headoffice.services.stores import add_store, disable_store
from headoffice.services.users import add_user, disable_user, resolve_staff
from headoffice.store.audit_seal import AuditSeal
from headoffice.store.unit_of_work import UnitOfWork


def test_users_get_a_credential_and_disabling_refuses_them(engine, ca) -> None:
    add_store(UnitOfWork(engine), ca, "S001", "Central", "127.0.0.1:1", actor="admin")
    user, identity = add_user(
        UnitOfWork(engine), ca, "admin", "mia", "store_manager", ["S001"], "127.0.0.1:1"
    )
    assert user.stores == ("S001",) and identity.username == "mia" and "BEGIN" in identity.key_pem
    staff = resolve_staff(UnitOfWork(engine), Identity(ROLE_STAFF, "mia", 1))
    assert staff.role == "store_manager" and staff.stores == frozenset({"S001"})
    with pytest.raises(UserAlreadyExists):
        add_user(UnitOfWork(engine), ca, "admin", "mia", "buyer", [], "x")
    with pytest.raises(UnknownStore):
        add_user(UnitOfWork(engine), ca, "admin", "max", "store_manager", ["S404"], "x")
    with pytest.raises(PermissionRefused, match="cannot disable your own user"):
        disable_user(UnitOfWork(engine), "mia", "mia")
    disable_user(UnitOfWork(engine), "admin", "mia")
    with pytest.raises(PermissionRefused, match="staff user mia is disabled"):
        resolve_staff(UnitOfWork(engine), Identity(ROLE_STAFF, "mia", 1))
    with pytest.raises(PermissionRefused, match="not a user at head office"):
        resolve_staff(UnitOfWork(engine), Identity(ROLE_STAFF, "ghost", 1))
    with pytest.raises(PermissionRefused, match="needs a staff certificate"):
        resolve_staff(UnitOfWork(engine), Identity(ROLE_STORE, "S001", 1))
    actions = [r.action for r in audit.list_records(UnitOfWork(engine), AuditFilter())]
    assert actions == ["store.add", "user.add", "user.disable"]


def test_a_refused_change_records_nothing(engine, ca) -> None:
    with pytest.raises(UnknownStore):
        add_user(UnitOfWork(engine), ca, "admin", "max", "store_manager", ["S404"], "x")
    assert audit.list_records(UnitOfWork(engine), AuditFilter()) == []
    assert audit.verify(UnitOfWork(engine)).intact


def _tamper(engine, statement: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text(statement))


def test_verify_names_an_edited_and_a_deleted_record(engine, ca) -> None:
    for i in range(1, 6):
        add_store(UnitOfWork(engine), ca, f"S00{i}", f"Store {i}", "x", actor="admin")
    disable_store(UnitOfWork(engine), Staff("admin", "admin"), "S002")
    before = audit.verify(UnitOfWork(engine))
    assert before.intact and before.checked == 6
    record = audit.list_records(UnitOfWork(engine), AuditFilter(entity_id="S002"))[1]
    assert record.action == "store.disable" and '"disabled":false' in record.before_json
    _tamper(engine, "UPDATE audit_log SET actor = 'mallory' WHERE id = 2")
    edited = audit.verify(UnitOfWork(engine))
    assert not edited.intact and [p.audit_id for p in edited.problems] == [2]
    assert "record 2 was edited" in edited.problems[0][1]
    _tamper(engine, "DELETE FROM audit_log WHERE id = 4")
    _tamper(engine, "DELETE FROM audit_log WHERE id = 6")
    both = audit.verify(UnitOfWork(engine))
    assert [p.audit_id for p in both.problems] == [2, 4, 6]


def test_a_record_filed_under_another_actor_is_named(engine, ca) -> None:
    """Hiding a change from `--actor` by refiling it breaks verify, though its hash holds."""
    add_store(UnitOfWork(engine), ca, "S001", "Central", "x", actor="sam")
    add_store(UnitOfWork(engine), ca, "S002", "North", "x", actor="sam")
    by_sam = AuditFilter(actor=actor_query("sam"))
    assert [r.id for r in audit.list_records(UnitOfWork(engine), by_sam)] == [1, 2]
    _tamper(engine, "UPDATE audit_log SET actor_name = 'mia' WHERE id = 2")
    assert [r.id for r in audit.list_records(UnitOfWork(engine), by_sam)] == [1]
    check = audit.verify(UnitOfWork(engine))
    assert check.problems == [
        (
            2,
            "record 2 names actor 'sam' but is filed under 'mia': its filing was edited",
            "misfiled",
        )
    ]


@pytest.mark.parametrize("writers", [4])
def test_concurrent_changes_append_a_gap_free_chain(engine, ca, writers: int, tmp_path) -> None:
    """Sealed, and checkpointed after each commit: the checkpoint ends at the newest record
    whatever order the commits finish in."""
    errors: list[BaseException] = []
    seal = AuditSeal(tmp_path / "audit")
    audit.open_seal(UnitOfWork(engine, seal))

    def work(w: int) -> None:
        try:
            for i in range(5):
                add_store(UnitOfWork(engine, seal), ca, f"W{w}{i:02d}", "Store", "x", actor=f"u{w}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    check = audit.verify(UnitOfWork(engine, seal))
    assert check.intact and check.checked == writers * 5, check.problems
    # The tests connect as a superuser, who may rewrite audit rows: PostgreSQL says so.
    assert len(check.notices) == (1 if engine.dialect.name == "postgresql" else 0)
    saved = seal.checkpoint()
    assert saved is not None and (saved.seq, saved.mac) == (check.last_id, check.last_hash)
