"""Idempotency keys with what they recorded: the document kind and a fingerprint of its content.

Revision ID: 0009_command_keys
Revises: 0008

One table for every keyed command (edge_agent.domain.idempotency), so a key
reused with other content is refused instead of answered with the first
document. The keys already recorded (deliveries, returns to suppliers,
customer returns) are copied in with an empty fingerprint: a retry of one is
still answered with its first result, as before the upgrade. Sales keep their
own check against the recorded sale (edge_agent.services.selling).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_command_keys"
down_revision = "0008"
branch_labels = None
depends_on = None

# (table holding an idempotency_key column, the document kind its rows are)
KEYED_TABLES = (
    ("supplier_deliveries", "supplier_delivery"),
    ("supplier_returns", "supplier_return"),
    ("returns", "sale_return"),
)


def upgrade() -> None:
    op.create_table(
        "command_keys",
        sa.Column("idempotency_key", sa.String, primary_key=True),
        sa.Column("document", sa.String, nullable=False),
        sa.Column("fingerprint", sa.String, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
    )
    for table, document in KEYED_TABLES:
        op.execute(
            "INSERT OR IGNORE INTO command_keys (idempotency_key, document, fingerprint, seq)"
            f" SELECT idempotency_key, '{document}', '', seq FROM {table}"
            " WHERE idempotency_key IS NOT NULL"
        )


def downgrade() -> None:
    op.drop_table("command_keys")
