"""The large per-store tables partitioned by hash of store_code (PostgreSQL only).

Revision ID: 0044_store_partitions
Revises: 0043_stockout_spans

movements, journal_entries and stock_levels grow with every sale of every store and are
read and written almost always for one store (apply_batch, the stock card, a store's
stock). On PostgreSQL each becomes a table PARTITIONED BY HASH (store_code) with
PARTITIONS partitions: a query naming one store reads one partition's indexes, vacuum
works partition by partition, and the schema is the one Citus distributes by store_code
(docs/scaling.md). Hash rather than list: stores are added by `hoctl store add` at any
time, and a hash partition needs no DDL for a new store.

Why 16: a chain of hundreds of stores puts tens of stores in each partition, each
partition's indexes 1/16 of the table's; chain-wide reports (every partition) plan and
scan 16 children, a cost measured in docs/scaling.md. A power of two, because PostgreSQL
lets hash partitions of moduli that divide each other live side by side: one partition
(modulus 16) can later be replaced by two (modulus 32) without touching the others.

A partitioned table's primary and unique keys must hold the partition key: journal_entries
(store_code, seq) and stock_levels (store_code, sku) already do; movements' key becomes
(store_code, id), id still drawn from the same sequence (nothing refers to a movement by
id alone). Each table is rebuilt in the migration's transaction: the old table renamed
aside, the partitioned one created, the rows moved in one INSERT .. SELECT, the old one
dropped, then the keys and indexes built once on the full table (faster than maintained
row by row) and the table analysed (autovacuum never analyses a partitioned parent).
The table is locked for the whole copy: run it in a quiet hour (docs/scaling.md gives
the time per million movements).

On SQLite (embedded, one store's worth of chain) there is nothing to partition: the
upgrade and the downgrade do nothing there.
"""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision = "0044_store_partitions"
down_revision = "0043_stockout_spans"
branch_labels = None
depends_on = None

PARTITIONS = 16


class Shape(NamedTuple):
    """What a table is made of: rebuilt around the rows moved (a NamedTuple: Alembic loads a
    revision outside sys.modules, where a dataclass cannot resolve its annotations)."""

    name: str
    columns: str  # the CREATE TABLE column list
    key: str  # the primary key's columns
    key_name: str
    indexes: tuple[str, ...]  # CREATE INDEX statements, {t} for the table


JOURNAL = Shape(
    "journal_entries",
    "store_code varchar(32) NOT NULL, seq bigint NOT NULL, document_type varchar(32) NOT NULL,"
    " document_id varchar(64) NOT NULL, occurred_at_ms bigint NOT NULL,"
    " received_at_ms bigint NOT NULL, payload bytea NOT NULL",
    "store_code, seq",
    "pk_journal_entries",
    (),
)

LEVELS = Shape(
    "stock_levels",
    "store_code varchar(32) NOT NULL, sku varchar(64) NOT NULL, qty_base bigint NOT NULL,"
    " avg_cost_minor bigint NOT NULL, updated_at_ms bigint NOT NULL",
    "store_code, sku",
    "pk_stock_levels",
    (
        "CREATE INDEX ix_stock_levels_sku_store ON {t} (sku, store_code, qty_base, avg_cost_minor)",
        "CREATE INDEX ix_stock_levels_not_positive ON {t} (store_code, sku) WHERE qty_base <= 0",
    ),
)

MOVEMENT_COLUMNS = (
    "id bigint NOT NULL DEFAULT nextval('movements_id_seq'::regclass),"
    " store_code varchar(32) NOT NULL, seq bigint NOT NULL, sku varchar(64) NOT NULL,"
    " qty_base bigint NOT NULL, reason varchar(32) NOT NULL, document_type varchar(32) NOT NULL,"
    " document_id varchar(64) NOT NULL, unit_cost_minor bigint NOT NULL,"
    " actor varchar(64) NOT NULL, occurred_at_ms bigint NOT NULL"
)
MOVEMENT_INDEXES = (
    "CREATE INDEX ix_movements_store_sku_seq ON {t} (store_code, sku, seq)",
    "CREATE INDEX ix_movements_reason_at ON {t} (reason, occurred_at_ms, store_code, qty_base,"
    " unit_cost_minor)",
)
# Partitioned, the key holds the partition key; plain (before 0044), it is id alone.
MOVEMENTS = Shape("movements", MOVEMENT_COLUMNS, "store_code, id", "pk_movements", MOVEMENT_INDEXES)
PLAIN_MOVEMENTS = Shape("movements", MOVEMENT_COLUMNS, "id", "movements_pkey", MOVEMENT_INDEXES)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return  # SQLite: one file, nothing to partition (see the module's note)
    for shape in (JOURNAL, MOVEMENTS, LEVELS):
        _rebuild(conn, shape, partitioned=True)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    for shape in (JOURNAL, PLAIN_MOVEMENTS, LEVELS):
        _rebuild(conn, shape, partitioned=False)


def _rebuild(conn: sa.Connection, shape: Shape, *, partitioned: bool) -> None:
    """`shape.name` rebuilt, partitioned or plain, with its rows, keys, indexes and grants."""
    table, old = shape.name, f"{shape.name}_before_0044"
    run = conn.exec_driver_sql
    grants = _grants(conn, table)
    run(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    if table == "movements":
        # The id sequence outlives the table it belonged to.
        run("ALTER SEQUENCE movements_id_seq OWNED BY NONE")
    # The old table's index and key names go with it when it is dropped, before the new
    # table's are built.
    run(f"ALTER TABLE {table} RENAME TO {old}")
    if partitioned:
        run(f"CREATE TABLE {table} ({shape.columns}) PARTITION BY HASH (store_code)")
        for n in range(PARTITIONS):
            run(
                f"CREATE TABLE {table}_p{n:02d} PARTITION OF {table}"
                f" FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {n})"
            )
    else:
        run(f"CREATE TABLE {table} ({shape.columns})")
    names = ", ".join(_column_names(conn, old))
    run(f"INSERT INTO {table} ({names}) SELECT {names} FROM {old}")
    run(f"DROP TABLE {old}")
    run(f"ALTER TABLE {table} ADD CONSTRAINT {shape.key_name} PRIMARY KEY ({shape.key})")
    for statement in shape.indexes:
        run(statement.format(t=table))
    if table == "movements":
        run("ALTER SEQUENCE movements_id_seq OWNED BY movements.id")
    for grantee, privileges in grants:
        run(f"GRANT {privileges} ON {table} TO {_role(grantee)}")
    run(f"ANALYZE {table}")


def _grants(conn: sa.Connection, table: str) -> list[tuple[str, str]]:
    """Who may do what on `table` (pg_roles' grants), to give the new table the same."""
    rows = conn.execute(
        sa.text(
            "SELECT grantee, string_agg(privilege_type, ', ' ORDER BY privilege_type)"
            " FROM information_schema.role_table_grants"
            " WHERE table_schema = current_schema() AND table_name = :t"
            " AND grantee <> current_user GROUP BY grantee ORDER BY grantee"
        ),
        {"t": table},
    )
    return [(str(grantee), str(privileges)) for grantee, privileges in rows]


def _role(name: str) -> str:
    return name if name == "PUBLIC" else '"' + name.replace('"', '""') + '"'


def _column_names(conn: sa.Connection, table: str) -> list[str]:
    rows = conn.execute(
        sa.text(
            "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass)"
            " AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        ),
        {"t": table},
    )
    return [str(name) for (name,) in rows]
