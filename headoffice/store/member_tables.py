"""Members and stored value (migrations 0029_members and 0030_stored_value), on the schema's
one metadata.

`members` holds the personal data (phone, name, birthday) that erasure replaces;
`stored_value_entries` is the append-only ledger, naming members only by id;
`stored_value_accounts` holds each member's two buckets, derived from the entries in
the same transaction, and is the row a debit locks.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, String, Table

from headoffice.store.tables import BigId, metadata

members = Table(
    "members",
    metadata,
    Column("member_no", BigId, primary_key=True, autoincrement=True),
    Column("phone", String(16), nullable=True),  # NULL: none (anonymous card, erased)
    Column("name", String(64), nullable=False),
    Column("card_no", String(24), nullable=True),
    Column("qr_code", String(64), nullable=True),
    Column("birthday", String(10), nullable=False),
    Column("consent", Boolean, nullable=False),
    Column("registered_store", String(32), nullable=False),
    Column("level", String(32), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    Column("erased_at_ms", BigInteger, nullable=False),
    Column("merged_into", String(16), nullable=False),
    Index("ux_members_phone", "phone", unique=True),
    Index("ux_members_card_no", "card_no", unique=True),
    Index("ux_members_qr_code", "qr_code", unique=True),
)

stored_value_accounts = Table(
    "stored_value_accounts",
    metadata,
    Column("member_no", BigInteger, primary_key=True, autoincrement=False),
    Column("principal_minor", BigInteger, nullable=False),
    Column("bonus_minor", BigInteger, nullable=False),
    Column("topped_principal_minor", BigInteger, nullable=False),
    Column("topped_bonus_minor", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
)

stored_value_entries = Table(
    "stored_value_entries",
    metadata,
    Column("entry_id", BigId, primary_key=True, autoincrement=True),
    Column("member_no", BigInteger, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("store_code", String(32), nullable=False),
    Column("idem_key", String(100), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("principal_minor", BigInteger, nullable=False),
    Column("bonus_minor", BigInteger, nullable=False),
    Column("payout_minor", BigInteger, nullable=False),
    Column("ref_entry_id", BigInteger, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("actor", String(128), nullable=False),
    Index("ux_stored_value_entries_key", "store_code", "idem_key", unique=True),
    Index("ix_stored_value_entries_member", "member_no", "entry_id"),
    Index("ix_stored_value_entries_at", "created_at_ms"),
)
