"""Integer columns that stay integers on SQLite: a trigger per table refuses any other type.

SQLite keeps whatever a statement computes: `qty_base = qty_base + ?` past 2^63 - 1 stores an
inexact REAL (issue 12's -1.0000001e19 stock level), and a REAL or text slipped into an
INTEGER column stays there. PostgreSQL's bigint refuses both already. Both sides' migrations
("0013_integer_checks" at head office, "0010_integer_checks" on the edge) install, for every
table, a BEFORE INSERT and a BEFORE UPDATE trigger that aborts the statement when a column
declared with an integer type (INTEGER, BIGINT, SMALLINT ...) would hold anything but an
integer (or NULL); the statement fails, its transaction rolls back, nothing is written.

Triggers rather than CHECK constraints or STRICT tables: SQLite adds neither to an existing
table without rebuilding it (copying every row of a ledger in use, and re-creating its
indexes and foreign keys), while a trigger is added in place. A later migration that rebuilds
a table (batch mode) drops its triggers with it and must call `guard_table` again; a test
checks every integer column of the migrated schema is guarded.

The values a trigger sees are after column affinity: 5.0 and '5' arrive as the integer 5
and pass, 5.5, 1e19 and 'five' do not.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

TRIGGER_PREFIX = "integers_only_"


def integer_columns(conn: Connection, table: str) -> list[str]:
    """The columns of `table` declared with an integer type (SQLite's INTEGER affinity)."""
    rows = conn.exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()
    return [row[1] for row in rows if "INT" in (row[2] or "").upper()]


def tables(conn: Connection) -> list[str]:
    """Our own tables: not SQLite's, not Alembic's, and never a virtual table (full-text
    search) nor its shadow tables, which the extension writes itself (a trigger there crashes
    SQLite 3.40 inside the FTS5 module)."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name != 'alembic_version' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, _sql in rows
        if name not in virtual and not any(name.startswith(f"{v}_") for v in virtual)
    ]


def guard_table(conn: Connection, table: str) -> None:
    """(Re)install the two triggers of `table`; a table without integer columns gets none.

    A no-op on PostgreSQL, whose bigint refuses a non-integer already."""
    if conn.dialect.name != "sqlite":
        return
    unguard_table(conn, table)
    columns = integer_columns(conn, table)
    if not columns:
        return
    when = " OR ".join(f"typeof(NEW.\"{c}\") NOT IN ('integer', 'null')" for c in columns)
    message = f"{table}: {', '.join(columns)} must hold whole numbers".replace("'", "")
    for event in ("INSERT", "UPDATE"):
        conn.exec_driver_sql(
            f'CREATE TRIGGER "{TRIGGER_PREFIX}{table}_{event.lower()}" BEFORE {event} ON "{table}"'
            f" FOR EACH ROW WHEN {when} BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def unguard_table(conn: Connection, table: str) -> None:
    if conn.dialect.name != "sqlite":
        return
    for event in ("insert", "update"):
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{TRIGGER_PREFIX}{table}_{event}"')


def guard_all(conn: Connection) -> None:
    """Guard every table of a SQLite database (a no-op elsewhere: bigint refuses already)."""
    if conn.dialect.name != "sqlite":
        return
    for table in tables(conn):
        guard_table(conn, table)


def unguard_all(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for table in tables(conn):
        unguard_table(conn, table)


def unguarded_columns(conn: Connection) -> list[str]:
    """`table.column` for every integer column no trigger guards: empty when all are."""
    triggers = {
        row[0]: row[1] or ""
        for row in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
    }
    missing = []
    for table in tables(conn):
        for column in integer_columns(conn, table):
            needle = f'typeof(NEW."{column}")'
            for event in ("insert", "update"):
                if needle not in triggers.get(f"{TRIGGER_PREFIX}{table}_{event}", ""):
                    missing.append(f"{table}.{column} ({event})")
    return missing
