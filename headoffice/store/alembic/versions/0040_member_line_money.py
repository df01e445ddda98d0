"""A member's sale line keeps its net and the money its share of the points tender paid, so
head office checks a till's money refund of a points-paid sale against the part paid
otherwise (headoffice.services.member_sales; common.domain.points.paid_by_points). Lines kept
before have net -1 (not known): their points come back by units, as before.

Revision ID: 0040_member_line_money
Revises: 0034_member_sales
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0040_member_line_money"
down_revision = "0034_member_sales"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "member_sale_lines",
        sa.Column("net_minor", sa.BigInteger, nullable=False, server_default="-1"),
    )
    op.add_column(
        "member_sale_lines",
        sa.Column("paid_minor", sa.BigInteger, nullable=False, server_default="0"),
    )
    guard_table(op.get_bind(), "member_sale_lines")


def downgrade() -> None:
    with op.batch_alter_table("member_sale_lines") as batch:
        batch.drop_column("paid_minor")
        batch.drop_column("net_minor")
    guard_table(op.get_bind(), "member_sale_lines")
