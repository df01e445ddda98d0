"""Issue 12, failure 8, on both databases: the audit log could be rewritten quietly.

Someone with database access (not head office's files) recomputed the chain and
rewrote audit_head, or deleted the tail and reset the head, and `verify` said
"intact"; deleting the audit_head row made every audited change fail with
"Unexpected NoResultFound". Each is done here with SQL, as they would.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.errors import ConfigError
from headoffice.domain.audit_chain import AuditFilter, record_hash
from headoffice.services import audit
from headoffice.services.stores import add_store
from headoffice.store.audit_seal import AuditSeal
from headoffice.store.engine import create_engine
from headoffice.store.migrations import migrate_engine
from headoffice.store.unit_of_work import UnitOfWork

PLAIN_FIELDS = "id, occurred_at_ms, actor, action, entity, entity_id, before_json, after_json"


@pytest.fixture
def seal(engine: Engine, tmp_path: Path) -> AuditSeal:
    """Head office's key and checkpoint in a data directory, as `headoffice init` makes them."""
    sealed = AuditSeal(tmp_path / "audit")
    audit.open_seal(UnitOfWork(engine, sealed))
    return sealed


@pytest.fixture
def sealed_uow(engine: Engine, seal: AuditSeal) -> Callable[[], UnitOfWork]:
    return lambda: UnitOfWork(engine, seal)


def _stores(new_uow: Callable[[], UnitOfWork], ca: KeyPair, *codes: str) -> None:
    for code in codes:
        add_store(new_uow(), ca, code, f"Store {code}", "127.0.0.1:1", actor="admin")


def _kinds(check: audit.ChainCheck) -> list[tuple[int, str]]:
    return [(p.audit_id, p.kind) for p in check.problems]


def _sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text(statement), params)


def _rechain(engine: Engine, edit_id: int) -> None:
    """Edit a record, recompute every digest after it as the code before the key did, and
    rewrite the head row: what made `verify` say "intact" before."""
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE audit_log SET after_json = '{}' WHERE id = :id"), {"id": edit_id}
        )
        rows = conn.execute(
            sa.text(f"SELECT {PLAIN_FIELDS} FROM audit_log WHERE id >= :id ORDER BY id"),
            {"id": edit_id},
        ).all()
        prev = conn.execute(
            sa.text("SELECT hash FROM audit_log WHERE id = :id"), {"id": edit_id - 1}
        ).scalar_one()
        for row in rows:
            digest = record_hash(*row, prev)
            conn.execute(
                sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :id"),
                {"p": prev, "h": digest, "id": row.id},
            )
            prev = digest
        conn.execute(sa.text("UPDATE audit_head SET last_hash = :h WHERE id = 1"), {"h": prev})


def test_a_rechained_log_with_a_rewritten_head_is_detected(engine, sealed_uow, ca) -> None:
    _stores(sealed_uow, ca, "S001", "S002", "S003", "S004")
    assert audit.verify(sealed_uow()).intact
    _rechain(engine, edit_id=2)
    check = audit.verify(sealed_uow())
    assert _kinds(check) == [(2, "rechained"), (4, "checkpoint_mismatch")]
    assert check.problems[0].problem == (
        "records 2 to 4 were re-chained: their digests were recomputed without head "
        "office's audit key"
    )
    # Marking the records as never sealed does not help either.
    _sql(engine, "UPDATE audit_log SET key_id = '' WHERE id >= 2")
    assert _kinds(audit.verify(sealed_uow()))[0] == (2, "rechained")


def test_a_deleted_tail_with_a_reset_head_is_detected(engine, sealed_uow, ca) -> None:
    _stores(sealed_uow, ca, "S001", "S002", "S003", "S004")
    with engine.connect() as conn:
        second = conn.execute(sa.text("SELECT hash FROM audit_log WHERE id = 2")).scalar_one()
    _sql(engine, "DELETE FROM audit_log WHERE id > 2")
    _sql(engine, "UPDATE audit_head SET last_id = 2, last_hash = :h WHERE id = 1", h=second)
    check = audit.verify(sealed_uow())
    assert _kinds(check) == [(3, "truncated")]
    assert check.problems[0].problem == (
        "the log ends at record 2, but head office's checkpoint, kept outside the database, "
        "names record 4: the newest records were deleted"
    )


def test_deleting_the_audit_head_row_does_not_stop_changes_and_verify_reports_it(
    engine, sealed_uow, ca
) -> None:
    _stores(sealed_uow, ca, "S001", "S002")
    _sql(engine, "DELETE FROM audit_head")
    assert _kinds(audit.verify(sealed_uow())) == [(2, "head_missing")]
    _stores(sealed_uow, ca, "S003", "S004")  # before: "Unexpected NoResultFound"
    actions = [(r.id, r.action) for r in audit.list_records(sealed_uow(), AuditFilter())]
    assert actions == [
        (1, "store.add"), (2, "store.add"), (3, "audit.head_missing"), (4, "store.add"),
        (5, "store.add"),
    ]  # fmt: skip
    check = audit.verify(sealed_uow())
    assert _kinds(check) == [(3, "head_missing")]
    assert "head office rebuilt it from record 2, the newest it found" in check.problems[0][1]


def test_records_written_before_the_key_stay_verifiable_after_the_first_start(
    engine: Engine, ca: KeyPair, tmp_path: Path
) -> None:
    """An installation upgraded with an audit log: the first start keys it from the next
    record; the old part verifies by its plain digests and is reported as such."""
    _stores(lambda: UnitOfWork(engine), ca, "S001", "S002", "S003")  # no key yet
    seal = AuditSeal(tmp_path / "audit")
    opened = audit.open_seal(UnitOfWork(engine, seal))
    assert opened.created_key and oct(seal.key_file.stat().st_mode & 0o777) == "0o600"
    _stores(lambda: UnitOfWork(engine, seal), ca, "S004")
    check = audit.verify(UnitOfWork(engine, seal))
    assert check.intact and check.checked == 5 and check.keyed_from == 4, check.problems
    assert check.notices[0] == (
        "records 1 to 3 were written before head office had an audit key: they are checked "
        "by their plain SHA-256 digests, and record 4, the first sealed with the key, "
        "fixes the last of them"
    )
    keyed = audit.list_records(UnitOfWork(engine), AuditFilter(action="audit.keyed"))
    assert [(r.id, r.actor) for r in keyed] == [(4, "system")]


@pytest.fixture
def app_login(engine: Engine, pg_admin_dsn: str) -> Iterator[Engine]:
    """An engine on the test database as a login role that is head office's app role
    (a member of storeledger_app, owning nothing), as deploy/postgres/README.md sets up."""
    role = f"sl_app_{uuid.uuid4().hex[:10]}"
    database = engine.url.database
    with psycopg.connect(pg_admin_dsn, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN IN ROLE storeledger_app")
        admin.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {role}')
    app = create_engine(engine.url.set(username=role).render_as_string(hide_password=False))
    try:
        yield app
    finally:
        app.dispose()
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
        with psycopg.connect(pg_admin_dsn, autocommit=True) as admin:
            admin.execute(f'REVOKE CONNECT ON DATABASE "{database}" FROM {role}')
            admin.execute(f"DROP ROLE {role}")


ON_POSTGRESQL = pytest.mark.parametrize(
    "migrated_db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@ON_POSTGRESQL
@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET after_json = '{}' WHERE id = 1",
    "DELETE FROM audit_log WHERE id = 1",
    "TRUNCATE audit_log",
    "INSERT INTO audit_log SELECT * FROM audit_log WHERE false",
    "SET LOCAL ROLE storeledger_audit_writer; UPDATE audit_log SET actor = 'x' WHERE id = 1",
    "SET LOCAL ROLE storeledger_audit_writer; DELETE FROM audit_log WHERE id = 1",
    "SET LOCAL ROLE storeledger_audit_writer; DELETE FROM audit_head",
])  # fmt: skip
def test_the_app_role_cannot_update_or_delete_audit_rows(
    app_login: Engine, seal: AuditSeal, ca: KeyPair, statement: str
) -> None:
    """Head office's role changes the database as head office does, audit records
    included (written as storeledger_audit_writer), and cannot rewrite a record."""
    _stores(lambda: UnitOfWork(app_login, seal), ca, "S001", "S002")
    with UnitOfWork(app_login, seal) as uow:
        assert uow.audit.protected() is True
    with (
        pytest.raises(sa.exc.ProgrammingError, match="permission denied"),
        app_login.begin() as conn,
    ):
        for part in statement.split("; "):
            conn.exec_driver_sql(part)
    check = audit.verify(UnitOfWork(app_login, seal))
    assert check.intact and check.checked == 2 and check.notices == [], check


@ON_POSTGRESQL
def test_every_migration_by_the_owner_grants_head_offices_role_its_tables_again(
    engine: Engine, app_login: Engine
) -> None:
    """A table a later migration adds, or tables whose owner changed (an upgraded
    installation moving off serving as the owner), are granted at the next migrate."""
    _sql(engine, "REVOKE ALL ON stores FROM storeledger_app")
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), app_login.begin() as c:
        c.exec_driver_sql("SELECT count(*) FROM stores")
    migrate_engine(engine)
    with app_login.begin() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM stores").scalar() == 0
    migrate_engine(app_login)  # head office's own role at start: nothing to do, nothing granted
    _sql(engine, "UPDATE alembic_version SET version_num = '0009'")  # a release with 0010 to run
    with pytest.raises(ConfigError, match="database role sl_app_.* may not change the schema"):
        migrate_engine(app_login)
