"""Join the head-office operations branches (catalogue, stock views, transfers,
purchasing, write-offs), built side by side on 0002, into one head.

Revision ID: 0008
Revises: 0003, 0004, 0005, 0006, 0007
"""

revision = "0008"
down_revision = ("0003", "0004", "0005", "0006", "0007")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
