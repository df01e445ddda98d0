"""One vocabulary (docs/runtime.md, "Glossary"): columns say the shop's one name, and the
audit log files every record under the person and store who made it.

Revision ID: 0009
Revises: 0008

- store_sync.last_seq becomes committed_seq (the newest entry of a store's
  journal head office has committed); oldest_unacked_at_ms becomes
  oldest_uncommitted_at_ms.
- purchase_order_lines.qty_ordered and qty_received become ordered_qty_base
  and received_qty_base (a quantity says its unit).
- catalogue_changes becomes downstream_events: it has carried every event a
  store follows (transfers, orders, write-offs) since 0002, not only catalogue
  changes. Its index is renamed with it; PostgreSQL's own names for its key and
  sequence keep the old table name, which nothing reads.
- audit_log.at_ms becomes occurred_at_ms; actor widens to 128 characters (a
  store's name for a person, up to 64, '@' and the store's code); actor_name and
  actor_store say whom each record is filed under, read from its actor text
  (headoffice.domain.actors.filed_actor understands the forms written before:
  `store S001`, `store:S001:anna`, `anna@S001`, `store@S001`). The hashed
  columns keep their values, so the chain verifies as before.

Renames keep every row; journal payloads are untouched (protobuf field numbers
did not change).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from headoffice.domain.actors import filed_actor

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# table -> ((old column, new column), ...)
RENAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "store_sync": (
        ("last_seq", "committed_seq"),
        ("oldest_unacked_at_ms", "oldest_uncommitted_at_ms"),
    ),
    "audit_log": (("at_ms", "occurred_at_ms"),),
    "purchase_order_lines": (
        ("qty_ordered", "ordered_qty_base"),
        ("qty_received", "received_qty_base"),
    ),
}
# (old table, new table, (old index, new index, its columns))
TABLES = (
    (
        "catalogue_changes",
        "downstream_events",
        ("ix_catalogue_changes_store_cursor", "ix_downstream_events_store_cursor",
         ["store_code", "cursor"]),
    ),
)  # fmt: skip


def _rename_tables(backwards: bool = False) -> None:
    for old, new, (old_index, new_index, columns) in TABLES:
        if backwards:
            old, new, old_index, new_index = new, old, new_index, old_index
        op.drop_index(old_index, table_name=old)
        op.rename_table(old, new)
        op.create_index(new_index, new, columns)


def _rename(backwards: bool = False) -> None:
    for table, columns in RENAMES.items():
        with op.batch_alter_table(table) as batch:
            for old, new in columns:
                if backwards:
                    batch.alter_column(new, new_column_name=old)
                else:
                    batch.alter_column(old, new_column_name=new)


def upgrade() -> None:
    _rename()
    _rename_tables()
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("actor", type_=sa.String(128), existing_type=sa.String(64),
                           existing_nullable=False)  # fmt: skip
        batch.add_column(sa.Column("actor_name", sa.String(128), nullable=False, server_default=""))
        batch.add_column(sa.Column("actor_store", sa.String(32), nullable=False, server_default=""))
    conn = op.get_bind()
    actors = [row[0] for row in conn.execute(sa.text("SELECT DISTINCT actor FROM audit_log"))]
    for text in actors:
        who = filed_actor(text)
        conn.execute(
            sa.text(
                "UPDATE audit_log SET actor_name = :name, actor_store = :store WHERE actor = :a"
            ),
            {"name": who.name, "store": who.store, "a": text},
        )
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("actor_name", server_default=None, existing_type=sa.String(128))
        batch.alter_column("actor_store", server_default=None, existing_type=sa.String(32))
    op.create_index("ix_audit_log_actor", "audit_log", ["actor_name", "actor_store"])
    op.create_index("ix_audit_log_actor_store", "audit_log", ["actor_store"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor_store", table_name="audit_log")
    op.drop_index("ix_audit_log_actor", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("actor_store")
        batch.drop_column("actor_name")
        batch.alter_column("actor", type_=sa.String(64), existing_type=sa.String(128),
                           existing_nullable=False)  # fmt: skip
    _rename_tables(backwards=True)
    _rename(backwards=True)
