"""Group-buy vouchers (migration 0042_vouchers), on the schema's one metadata (tables.py).

voucher_packages        per platform product (deal): what one use takes out of the store's stock
voucher_redemptions     one row per till request id, stored before the platform is called and
                        updated after each answer: verifying -> verified -> cancelling ->
                        cancelled, or failed; the full code is kept (the platform needs it to
                        cancel and to reconcile) and shown masked everywhere else
voucher_reconciliations / voucher_differences
                        a comparison of our redemptions with a platform's list for one day
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from headoffice.store.tables import BigId, metadata

voucher_packages = Table(
    "voucher_packages",
    metadata,
    Column("platform", String(32), nullable=False),
    Column("product_id", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("set_at_ms", BigInteger, nullable=False),
    Column("set_by", String(64), nullable=False),
    PrimaryKeyConstraint("platform", "product_id", name="pk_voucher_packages"),
)

voucher_package_lines = Table(
    "voucher_package_lines",
    metadata,
    Column("platform", String(32), nullable=False),
    Column("product_id", String(64), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),  # per use, above zero
    PrimaryKeyConstraint("platform", "product_id", "sku", name="pk_voucher_package_lines"),
)

voucher_redemptions = Table(
    "voucher_redemptions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),  # shown as VR000001
    Column("platform", String(32), nullable=False),
    Column("code", String(64), nullable=False),
    Column("store_code", String(32), nullable=False),
    Column("request_id", String(120), nullable=False),  # the till's key, reused on retry
    Column("product_id", String(64), nullable=False, default=""),
    Column("title", String(200), nullable=False, default=""),
    Column("count", Integer, nullable=False),
    Column("price_minor", BigInteger, nullable=False, default=0),
    Column("currency", String(3), nullable=False, default=""),
    Column("state", String(16), nullable=False),
    Column("platform_ref", String(120), nullable=False, default=""),  # the platform's verify id
    Column("created_at_ms", BigInteger, nullable=False),
    Column("verified_at_ms", BigInteger, nullable=False, default=0),
    Column("cancel_until_ms", BigInteger, nullable=False, default=0),
    Column("cancel_request_id", String(120), nullable=False, default=""),
    Column("cancelled_at_ms", BigInteger, nullable=False, default=0),
    Column("journal_seq", BigInteger, nullable=False, default=0),
    Column("cancel_journal_seq", BigInteger, nullable=False, default=0),
    Column("till_id", String(32), nullable=False, default=""),
    Column("cashier", String(64), nullable=False, default=""),
    Column("error", String(200), nullable=False, default=""),
    UniqueConstraint("store_code", "request_id", name="uq_voucher_redemptions_request"),
    Index("ix_voucher_redemptions_code", "platform", "code"),
    Index("ix_voucher_redemptions_verified", "platform", "verified_at_ms"),
)

voucher_redemption_lines = Table(
    "voucher_redemption_lines",
    metadata,
    Column("redemption_id", BigInteger, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),  # count x per use, above zero
    PrimaryKeyConstraint("redemption_id", "sku", name="pk_voucher_redemption_lines"),
)

voucher_reconciliations = Table(
    "voucher_reconciliations",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("day", String(10), nullable=False),
    Column("started_at_ms", BigInteger, nullable=False),
    Column("finished_at_ms", BigInteger, nullable=False, default=0),
    Column("checked", Integer, nullable=False, default=0),
    Column("differences", Integer, nullable=False, default=0),
    Column("trigger", String(16), nullable=False),  # job, reconnect, hoctl
    Index("ix_voucher_reconciliations_platform", "platform", "id"),
)

voucher_differences = Table(
    "voucher_differences",
    metadata,
    Column("run_id", BigInteger, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("platform", String(32), nullable=False),
    Column("code", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("store_code", String(32), nullable=False, default=""),
    Column("our_count", Integer, nullable=False, default=0),
    Column("platform_count", Integer, nullable=False, default=0),
    Column("redemption_id", BigInteger, nullable=False, default=0),
    PrimaryKeyConstraint("run_id", "line_no", name="pk_voucher_differences"),
)
