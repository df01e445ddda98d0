import sqlalchemy as sa
from alembic import command

from common.certs import ROLE_STORE, Identity, create_ca
from headoffice.domain.actors import actor_query
from headoffice.domain.audit_chain import AuditFilter, record_hash
from headoffice.domain.roles import Staff
from headoffice.services import audit
from headoffice.services.credentials import load_revocation_list, reissue_store_certificate
from headoffice.store.document_tables import purchase_order_lines
from headoffice.store.engine import create_engine
from headoffice.store.migrations import (
    alembic_config,
    current_revisions,
    head_revisions,
    migrate,
    migrate_engine,
)
from headoffice.store.tables import downstream_events, metadata, store_sync
from headoffice.store.unit_of_work import UnitOfWork


def test_migrations_create_the_schema_and_are_idempotent(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)
    engine = create_engine(db_url)
    try:
        tables = set(sa.inspect(engine).get_table_names())
        assert {
            "stores",
            "products",
            "barcodes",
            "downstream_events",
            "store_sync",
            "journal_entries",
            "movements",
            "stock_levels",
            "users",
            "user_stores",
            "audit_log",
            "audit_head",
        } <= tables
        assert current_revisions(engine) == head_revisions()
        pk = sa.inspect(engine).get_pk_constraint("journal_entries")
        assert pk["constrained_columns"] == ["store_code", "seq"]
    finally:
        engine.dispose()


def test_the_migrated_schema_has_the_columns_the_tables_name(db_url: str) -> None:
    """Each table's columns, as the migrations leave them, are the ones tables.py names."""
    migrate(db_url)
    engine = create_engine(db_url)
    try:
        inspector = sa.inspect(engine)
        for table in metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            assert migrated == {c.name for c in table.columns}, table.name
    finally:
        engine.dispose()


def _upgrade_to(engine: sa.Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_one_vocabulary_renames_keep_the_rows_of_a_database_in_use(db_url: str) -> None:
    """0009 renames columns to the glossary's names (docs/runtime.md) on a database with data."""
    engine = create_engine(db_url)
    try:
        _upgrade_to(engine, "0008")
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO stores (code, name, disabled, created_at_ms)"
                    " VALUES ('S001', 'Main Street', false, 1)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO store_sync (store_code, last_seq, store_newest_seq,"
                    " oldest_unacked_at_ms, last_contact_ms, agent_version, checksum_seq,"
                    " checksum_hex, connected) VALUES ('S001', 7, 9, 1234, 5678, '0.1', 7, 'ab',"
                    " false)"
                )
            )
            _insert_old_audit_records(conn)
            conn.execute(
                sa.text(
                    "INSERT INTO purchase_order_lines (po_no, line_no, sku, qty_ordered,"
                    " unit_cost_minor, qty_received) VALUES (1, 1, 'COLA', 24, 180, 20)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO catalogue_changes (sku, created_at_ms, store_code)"
                    " VALUES ('COLA', 1, NULL), ('', 2, 'S001')"
                )
            )
        migrate_engine(engine)
        assert current_revisions(engine) == head_revisions()
        with engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    store_sync.c.committed_seq,
                    store_sync.c.store_newest_seq,
                    store_sync.c.oldest_uncommitted_at_ms,
                    store_sync.c.last_contact_ms,
                )
            ).one()
        assert tuple(row) == (7, 9, 1234, 5678)
        with engine.connect() as conn:
            line = conn.execute(
                sa.select(
                    purchase_order_lines.c.ordered_qty_base,
                    purchase_order_lines.c.received_qty_base,
                )
            ).one()
            feed = conn.execute(
                sa.select(downstream_events.c.cursor, downstream_events.c.store_code).order_by(
                    downstream_events.c.cursor
                )
            ).all()
        assert tuple(line) == (24, 20)
        assert [tuple(r) for r in feed] == [(1, None), (2, "S001")]
        indexes = {i["name"] for i in sa.inspect(engine).get_indexes("downstream_events")}
        assert "ix_downstream_events_store_cursor" in indexes
        # The audit log's old actor forms are filed under their person and store; the
        # chain, whose hashed text did not change, still verifies.
        assert _audit_ids(engine, "sam") == [3, 4]
        assert _audit_ids(engine, "@S001") == [2, 3, 5]
        assert _audit_ids(engine, "sam@S002") == [4]
        assert _audit_ids(engine, "admin") == [1]
        check = audit.verify(UnitOfWork(engine))
        assert check.intact and check.checked == 5, check.problems
        # 0010: records written before head office had an audit key say so (key_id "").
        records = audit.list_records(UnitOfWork(engine), AuditFilter())
        assert {r.key_id for r in records} == {""} and check.keyed_from == 0
    finally:
        engine.dispose()


OLD_ACTORS = ("admin", "store S001", "store:S001:sam", "sam@S002", "store@S001")


def _insert_old_audit_records(conn: sa.Connection) -> None:
    """Audit records as head office wrote them before the one actor form (hashed as then)."""
    prev = ""
    for n, actor in enumerate(OLD_ACTORS, start=1):
        values = {
            "id": n, "at_ms": 1_000 * n, "actor": actor, "action": "test.old", "entity": "t",
            "entity_id": str(n), "before_json": "", "after_json": "{}", "prev_hash": prev,
        }  # fmt: skip
        values["hash"] = record_hash(*values.values())
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (id, at_ms, actor, action, entity, entity_id,"
                " before_json, after_json, prev_hash, hash) VALUES (:id, :at_ms, :actor,"
                " :action, :entity, :entity_id, :before_json, :after_json, :prev_hash, :hash)"
            ),
            values,
        )
        prev = values["hash"]
    conn.execute(
        sa.text("UPDATE audit_head SET last_id = :n, last_hash = :h WHERE id = 1"),
        {"n": len(OLD_ACTORS), "h": prev},
    )


def _audit_ids(engine: sa.Engine, actor: str) -> list[int]:
    flt = AuditFilter(actor=actor_query(actor))
    return [r.id for r in audit.list_records(UnitOfWork(engine), flt)]


def test_sync_refusal_columns_arrive_empty_on_a_database_in_use(db_url: str) -> None:
    """0010_sync_refusals adds the refusal record to store_sync: every store that synced
    before keeps its position and is not refused."""
    engine = create_engine(db_url)
    try:
        _upgrade_to(engine, "0009")
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO stores (code, name, disabled, created_at_ms)"
                    " VALUES ('S001', 'Main Street', false, 1)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO store_sync (store_code, committed_seq, store_newest_seq,"
                    " oldest_uncommitted_at_ms, last_contact_ms, agent_version, checksum_seq,"
                    " checksum_hex, connected) VALUES ('S001', 7, 9, 1234, 5678, '0.1', 7, 'ab',"
                    " true)"
                )
            )
        migrate_engine(engine)
        assert current_revisions(engine) == head_revisions()
        with UnitOfWork(engine) as work:
            sync = work.stores.lock_sync_row("S001")
        assert sync is not None
        assert (sync.committed_seq, sync.store_newest_seq, sync.oldest_uncommitted_at_ms) == (
            7, 9, 1234,
        )  # fmt: skip
        assert (sync.refused_since_ms, sync.refused_seq, sync.refused_reason) == (0, 0, "")
        assert sync.refused_message == "" and not sync.refused
    finally:
        engine.dispose()


def test_the_certificate_register_starts_empty_on_a_database_in_use(db_url: str) -> None:
    """0012_certificates adds the register without touching a store enrolled before it: that store's
    certificate (never recorded) stays accepted until a reissue or revoke covers it."""
    engine = create_engine(db_url)
    try:
        _upgrade_to(engine, "0009")
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO stores (code, name, disabled, created_at_ms)"
                    " VALUES ('S001', 'Main Street', false, 1)"
                )
            )
        migrate_engine(engine)
        assert current_revisions(engine) == head_revisions()
        before = Identity(ROLE_STORE, "S001", 0xABC, not_before_ms=1)
        assert load_revocation_list(UnitOfWork(engine)).refusal(before, 10_000) is None
        reissue_store_certificate(
            UnitOfWork(engine), create_ca(), Staff("admin", "admin"), "S001", "ho:1", 0, 5_000
        )
        refused = load_revocation_list(UnitOfWork(engine)).refusal(before, 10_000)
        assert refused is not None and refused.serial is None
        indexes = {i["name"] for i in sa.inspect(engine).get_indexes("certificates")}
        assert {"ux_certificates_serial", "ix_certificates_subject"} <= indexes
    finally:
        engine.dispose()
