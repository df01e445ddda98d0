"""Integer columns hold integers on SQLite: a trigger per table refuses a REAL or a text
where an integer belongs, so no overflow can ever turn a level into a REAL (issue 12).

Revision ID: 0013_integer_checks
Revises: 0012_certificates

See common.sqlite_integers for why triggers (no table rebuild). On PostgreSQL nothing is
needed: bigint and integer columns refuse both already, so this revision does nothing there.
"""

from __future__ import annotations

from alembic import op

from common.sqlite_integers import guard_all, unguard_all

revision = "0013_integer_checks"
down_revision = "0012_certificates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    guard_all(op.get_bind())


def downgrade() -> None:
    unguard_all(op.get_bind())
