"""Group-buy vouchers: packages, redemptions, reconciliations (voucher_tables.py).

Revision ID: 0042_vouchers
Revises: 0041_channels
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0042_vouchers"
down_revision = "0041_channels"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "voucher_packages",
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("set_at_ms", sa.BigInteger, nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("platform", "product_id", name="pk_voucher_packages"),
    )
    guard_table(op.get_bind(), "voucher_packages")
    op.create_table(
        "voucher_package_lines",
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("platform", "product_id", "sku", name="pk_voucher_package_lines"),
    )
    guard_table(op.get_bind(), "voucher_package_lines")
    op.create_table(
        "voucher_redemptions",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("request_id", sa.String(120), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("price_minor", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("currency", sa.String(3), nullable=False, server_default=""),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("platform_ref", sa.String(120), nullable=False, server_default=""),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("verified_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("cancel_until_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("cancel_request_id", sa.String(120), nullable=False, server_default=""),
        sa.Column("cancelled_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("journal_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("cancel_journal_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("till_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("cashier", sa.String(64), nullable=False, server_default=""),
        sa.Column("error", sa.String(200), nullable=False, server_default=""),
        sa.UniqueConstraint("store_code", "request_id", name="uq_voucher_redemptions_request"),
    )
    op.create_index("ix_voucher_redemptions_code", "voucher_redemptions", ["platform", "code"])
    op.create_index(
        "ix_voucher_redemptions_verified", "voucher_redemptions", ["platform", "verified_at_ms"]
    )
    guard_table(op.get_bind(), "voucher_redemptions")
    op.create_table(
        "voucher_redemption_lines",
        sa.Column("redemption_id", sa.BigInteger, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("redemption_id", "sku", name="pk_voucher_redemption_lines"),
    )
    guard_table(op.get_bind(), "voucher_redemption_lines")
    op.create_table(
        "voucher_reconciliations",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("started_at_ms", sa.BigInteger, nullable=False),
        sa.Column("finished_at_ms", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("checked", sa.Integer, nullable=False, server_default="0"),
        sa.Column("differences", sa.Integer, nullable=False, server_default="0"),
        sa.Column("trigger", sa.String(16), nullable=False),
    )
    op.create_index(
        "ix_voucher_reconciliations_platform", "voucher_reconciliations", ["platform", "id"]
    )
    guard_table(op.get_bind(), "voucher_reconciliations")
    op.create_table(
        "voucher_differences",
        sa.Column("run_id", sa.BigInteger, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("store_code", sa.String(32), nullable=False, server_default=""),
        sa.Column("our_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("platform_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("redemption_id", sa.BigInteger, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("run_id", "line_no", name="pk_voucher_differences"),
    )
    guard_table(op.get_bind(), "voucher_differences")


def downgrade() -> None:
    op.drop_table("voucher_differences")
    op.drop_index("ix_voucher_reconciliations_platform", table_name="voucher_reconciliations")
    op.drop_table("voucher_reconciliations")
    op.drop_table("voucher_redemption_lines")
    op.drop_index("ix_voucher_redemptions_code", table_name="voucher_redemptions")
    op.drop_index("ix_voucher_redemptions_verified", table_name="voucher_redemptions")
    op.drop_table("voucher_redemptions")
    op.drop_table("voucher_package_lines")
    op.drop_table("voucher_packages")
