"""Integer columns hold integers: a trigger per table of the ledger refuses a REAL or a text
where an integer belongs, so no overflow can ever turn a stock level into a REAL (issue 12:
-1.0000001e19 in stock_levels.qty_base wedged a store's sync forever).

Revision ID: 0010_integer_checks
Revises: 0009_command_keys

See common.sqlite_integers for why triggers (no rebuild of a ledger in use).
"""

from alembic import op

from common.sqlite_integers import guard_all, unguard_all

revision = "0010_integer_checks"
down_revision = "0009_command_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    guard_all(op.get_bind())


def downgrade() -> None:
    unguard_all(op.get_bind())
