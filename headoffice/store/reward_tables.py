"""The chain's reward items (migration 0037_reward_items), on the schema's one metadata.

One row per SKU a member may take for points: its cost and whether it is offered now
(`hoctl member reward end` sets active false; the row stays for the audit and a replay).
And one row per points key a store's `reward` entry recorded (reward_checks refuses a
second entry for it).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, String, Table

from headoffice.store.tables import metadata

reward_items = Table(
    "reward_items",
    metadata,
    Column("sku", String(64), primary_key=True),
    Column("points_cost", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("changed_at_ms", BigInteger, nullable=False),
    Column("changed_by", String(128), nullable=False),
)

reward_journal = Table(
    "reward_journal",
    metadata,
    Column("points_key", String(160), primary_key=True),  # till:<store>:<till's key>
    Column("store_code", String(32), nullable=False),
    Column("journal_seq", BigInteger, nullable=False),
)
