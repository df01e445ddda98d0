"""An audit log that cannot be rewritten quietly (issue 12, failure 8).

Revision ID: 0011
Revises: 0010_sync_refusals

- audit_log.key_id names the audit key that sealed a record ("" for every record
  written before: their hashes stay plain SHA-256 digests and verify as before).
- On PostgreSQL, the roles storeledger_audit_writer and storeledger_app
  (headoffice.store.pg_roles), created here when the migrating role may create
  roles, else by a superuser first (deploy/postgres/README.md), and their
  privileges: head office's own role only reads audit rows, the writer role may
  add them and never UPDATE or DELETE one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from headoffice.store import pg_roles

revision = "0011"
down_revision = "0010_sync_refusals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "audit_log", sa.Column("key_id", sa.String(16), nullable=False, server_default="")
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        pg_roles.ensure_roles(conn)
        pg_roles.grant_privileges(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        pg_roles.revoke_privileges(conn)
    op.drop_column("audit_log", "key_id")
