"""PostgreSQL roles for an audit log head office's own role cannot rewrite (docs/security.md).

  storeledger_audit_writer  NOLOGIN: INSERT and SELECT audit records, move the head row;
                            never UPDATE, DELETE or TRUNCATE a record
  storeledger_app           NOLOGIN NOINHERIT, a member of the writer: every other table;
                            only reads the audit tables and alembic_version

Head office serves as a login role in storeledger_app that owns nothing
(deploy/postgres/README.md); the audit repository writes under `SET LOCAL ROLE
storeledger_audit_writer`. Migration 0010 makes the roles; every migration run by
the tables' owner grants the tables again (grant_privileges), so a table a later
migration adds, or an ownership moved to another role, is covered.
"""

from __future__ import annotations

import sqlalchemy as sa

from common.errors import ConfigError
from common.i18n import _

WRITER = "storeledger_audit_writer"
APP = "storeledger_app"
AUDIT_TABLES = "audit_log, audit_head"


def ensure_roles(conn: sa.Connection) -> None:
    """Create the two roles when they are missing and this role may; else refuse, naming
    what a superuser runs first."""
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


def may_grant(conn: sa.Connection) -> bool:
    """Whether this connection's role may grant the tables: a superuser, or their owner."""
    return bool(
        conn.execute(
            sa.text(
                "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                " OR pg_has_role(current_user, c.relowner, 'USAGE')"
                " FROM pg_class c WHERE c.oid = to_regclass('audit_log')"
            )
        ).scalar()
    ) and all(_exists(conn, role) for role in (WRITER, APP))


def grant_privileges(conn: sa.Connection) -> None:
    """The two roles' privileges on every table of the schema (idempotent)."""
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


def revoke_privileges(conn: sa.Connection) -> None:
    schema = _schema(conn)
    for statement in (
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON TABLES FROM {APP}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM {APP}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {APP}, {WRITER}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {APP}",
    ):
        conn.exec_driver_sql(statement)


def _exists(conn: sa.Connection, role: str) -> bool:
    found = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.scalar() is not None


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
