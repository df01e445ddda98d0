"""Punch cards, packages and points (migration 0031_entitlements_points), on the schema's metadata.

`member_id` references members.member_id (M000001; migration 0032_loyalty_members), so
no card, use or points entry names a member that does not exist.

entitlements       one row a card sold; uses_taken changes only under the row's lock
                   (services.entitlements), and a CHECK keeps it within 0..uses_bought.
                   covers and store_scope are JSON arrays of SKUs and store codes.
entitlement_uses   every use and refund with its idempotency key (unique) and the stock
                   movements (reason redemption) it gave the till, so a retry gets them again.
points_entries     the append-only points ledger; key unique; balance = sum(points).
points_balances    one row a member: the lock a posting takes, and the balance derived
                   in the same transaction as each entry (CHECK >= 0).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from headoffice.store.tables import BigId, metadata

TABLES = ("entitlements", "entitlement_uses", "points_entries", "points_balances")

entitlements = Table(
    "entitlements",
    metadata,
    Column("card_no", BigId, primary_key=True, autoincrement=True),
    Column("member_id", String(64), ForeignKey("members.member_id"), nullable=False),
    Column("kind", String(16), nullable=False),  # punch_card, package
    Column("covers", Text, nullable=False),  # JSON array of SKUs
    Column("uses_bought", Integer, nullable=False),
    Column("uses_taken", Integer, nullable=False),
    Column("value_per_use_minor", BigInteger, nullable=False),
    Column("paid_minor", BigInteger, nullable=False),
    Column("expires_ms", BigInteger, nullable=False),  # 0: never
    Column("store_scope", Text, nullable=False),  # JSON array of store codes; []: every store
    Column("shareable", Boolean, nullable=False),
    Column("refunded_at_ms", BigInteger, nullable=False),  # 0: not refunded
    Column("sold_store", String(32), nullable=False),
    Column("sold_at_ms", BigInteger, nullable=False),
    Column("sold_by", String(128), nullable=False),
    Column("sold_key", String(100), nullable=False),
    CheckConstraint("uses_taken >= 0 AND uses_taken <= uses_bought", name="ck_entitlements_uses"),
    Index("ux_entitlements_sold_key", "sold_key", unique=True),
    Index("ix_entitlements_member", "member_id"),
)

entitlement_uses = Table(
    "entitlement_uses",
    metadata,
    Column("use_no", BigId, primary_key=True, autoincrement=True),
    Column("card_no", BigInteger, nullable=False),
    Column("key", String(100), nullable=False),
    Column("kind", String(16), nullable=False),  # use, refund
    Column("sku", String(64), nullable=False),  # "" for a refund
    Column("store_code", String(32), nullable=False),
    Column(
        "member_id", String(64), ForeignKey("members.member_id"), nullable=False
    ),  # who presented the card
    Column("uses", Integer, nullable=False),  # 0 for a refund
    Column("value_minor", BigInteger, nullable=False),  # recognised, or paid back on a refund
    Column("uses_left", Integer, nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("by_user", String(128), nullable=False),
    Column("moves", Text, nullable=False),  # JSON [[sku, qty_base], ...]: what the till journals
    # The store's redemption entry that recorded the use (0: not yet; migration 0035).
    Column("journal_seq", BigInteger, nullable=False, server_default="0"),
    Index("ux_entitlement_uses_key", "key", unique=True),
    Index("ix_entitlement_uses_card", "card_no", "use_no"),
)

points_entries = Table(
    "points_entries",
    metadata,
    Column("entry_no", BigId, primary_key=True, autoincrement=True),
    Column("key", String(100), nullable=False),
    Column("member_id", String(64), ForeignKey("members.member_id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("points", BigInteger, nullable=False),
    Column("lot_month", Integer, nullable=False),
    Column("document", String(100), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Index("ux_points_entries_key", "key", unique=True),
    Index("ix_points_entries_member", "member_id", "entry_no"),
)

points_balances = Table(
    "points_balances",
    metadata,
    Column("member_id", String(64), ForeignKey("members.member_id"), primary_key=True),
    Column("balance", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    CheckConstraint("balance >= 0", name="ck_points_balances_balance"),
)
