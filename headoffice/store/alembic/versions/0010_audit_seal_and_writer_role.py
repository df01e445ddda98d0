"""An audit log that cannot be rewritten quietly (issue 12, failure 8).

Revision ID: 0010
Revises: 0009

- audit_log.key_id names the audit key that sealed a record ("" for every record
  written before: their hashes stay plain SHA-256 digests and verify as before).
- On PostgreSQL, two roles (cluster-wide, created here when the migrating role
  may create roles, else by a superuser first: deploy/postgres/README.md):
  storeledger_audit_writer (NOLOGIN) may INSERT and SELECT audit records and
  move the head row, never UPDATE or DELETE a record; storeledger_app (NOLOGIN,
  NOINHERIT, a member of the writer role) may read and write every other table
  and only read the audit tables and alembic_version. Head office's login role
  is made a member of storeledger_app and owns nothing; the audit repository
  writes audit rows under `SET LOCAL ROLE storeledger_audit_writer`.
  Tables created by later migrations (run by the same owner) are granted to
  storeledger_app by default privileges.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.errors import ConfigError
from common.i18n import _

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

WRITER = "storeledger_audit_writer"
APP = "storeledger_app"
AUDIT_TABLES = "audit_log, audit_head"


def upgrade() -> None:
    op.add_column(
        "audit_log", sa.Column("key_id", sa.String(16), nullable=False, server_default="")
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _roles(conn)
        _privileges(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        schema = _schema(conn)
        conn.exec_driver_sql(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON TABLES FROM {APP}"
        )
        conn.exec_driver_sql(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM {APP}"
        )
        conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {APP}, {WRITER}")
        conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {APP}")
    op.drop_column("audit_log", "key_id")


def _exists(conn: sa.Connection, role: str) -> bool:
    found = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.scalar() is not None


def _roles(conn: sa.Connection) -> None:
    may_create = conn.execute(
        sa.text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    missing = [role for role in (WRITER, APP) if not _exists(conn, role)]
    if missing and not may_create:
        raise ConfigError(_roles_needed(conn))
    options = {WRITER: "NOLOGIN", APP: "NOLOGIN NOINHERIT"}
    for role in missing:
        # Roles belong to the whole server: another database's migration may be making
        # the same role at this moment.
        conn.exec_driver_sql(
            f"DO $$ BEGIN CREATE ROLE {role} {options[role]}; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    member = conn.execute(sa.text(f"SELECT pg_has_role('{APP}', '{WRITER}', 'MEMBER')")).scalar()
    if not member:
        if not may_create:
            raise ConfigError(_roles_needed(conn))
        conn.exec_driver_sql(f"GRANT {WRITER} TO {APP}")


def _privileges(conn: sa.Connection) -> None:
    schema = _schema(conn)
    for statement in (
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {APP}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {APP}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema}"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema}"
        f" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {APP}",
        # Head office's role reads the audit tables and the schema version, nothing more.
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {AUDIT_TABLES}, alembic_version"
        f" FROM PUBLIC, {APP}",
        f"GRANT SELECT, INSERT ON audit_log TO {WRITER}",
        f"GRANT SELECT, INSERT, UPDATE ON audit_head TO {WRITER}",
    ):
        conn.exec_driver_sql(statement)


def _schema(conn: sa.Connection) -> str:
    name = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    return '"' + str(name).replace('"', '""') + '"'


def _roles_needed(conn: sa.Connection) -> str:
    user = conn.execute(sa.text("SELECT current_user")).scalar_one()
    return _(
        "PostgreSQL role {user} may not create roles, and head office's audit log needs "
        'the roles {writer} and {app}: as a superuser run "CREATE ROLE {writer} NOLOGIN; '
        'CREATE ROLE {app} NOLOGIN NOINHERIT; GRANT {writer} TO {app};" '
        "(deploy/postgres/README.md), then 'headoffice migrate' again"
    ).format(user=user, writer=WRITER, app=APP)
