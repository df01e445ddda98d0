"""Selling on every channel (migration 0041_channels), on the schema's one metadata (tables.py).

channels           an online channel (mall, delivery app, group-buy) and the stores it may act for
channel_quotas     at most N % of a store's available per SKU or category for one channel
stock_states       per store and SKU, the stock not available to sell: reserved, committed
                   (picked, not handed over), damaged, safety. on hand (stock_levels.qty_base)
                   = available + reserved + committed + damaged + safety; no row: all zero.
stock_state_changes  every change of those figures, with the document that explains it
channel_reservations / channel_reservation_lines
                   a channel's order: held -> confirmed -> picked -> fulfilled, or released,
                   expired, cancelled; (channel, idempotency_key) is unique, so a retried
                   Reserve finds the reservation it made
channel_conflicts  a store that sold offline what was reserved online: the shortfall, the
                   proposal and the resolution
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from headoffice.store.tables import BigId, metadata

channels = Table(
    "channels",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("created_by", String(64), nullable=False),
)

channel_stores = Table(
    "channel_stores",
    metadata,
    Column("channel", String(32), nullable=False),
    Column("store_code", String(32), nullable=False),
    PrimaryKeyConstraint("channel", "store_code", name="pk_channel_stores"),
)

channel_quotas = Table(
    "channel_quotas",
    metadata,
    Column("channel", String(32), nullable=False),
    Column("scope", String(16), nullable=False),  # sku, category
    Column("key", String(100), nullable=False),
    Column("percent", Integer, nullable=False),  # 1..100
    Column("set_at_ms", BigInteger, nullable=False),
    Column("set_by", String(64), nullable=False),
    PrimaryKeyConstraint("channel", "scope", "key", name="pk_channel_quotas"),
)

stock_states = Table(
    "stock_states",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("reserved_base", BigInteger, nullable=False, default=0),
    Column("committed_base", BigInteger, nullable=False, default=0),
    Column("damaged_base", BigInteger, nullable=False, default=0),
    Column("safety_base", BigInteger, nullable=False, default=0),
    Column("updated_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "sku", name="pk_stock_states"),
    # No state below zero, whatever a bug in the code above would do.
    CheckConstraint(
        "reserved_base >= 0 AND committed_base >= 0 AND damaged_base >= 0 AND safety_base >= 0",
        name="ck_stock_states_not_negative",
    ),
)

stock_state_changes = Table(
    "stock_state_changes",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("state", String(16), nullable=False),  # reserved, committed, damaged, safety
    Column("delta_base", BigInteger, nullable=False),
    Column("document_type", String(32), nullable=False),  # reservation, stock_state, conflict
    Column("document_id", String(64), nullable=False),
    Column("reason", String(200), nullable=False, default=""),
    Column("at_ms", BigInteger, nullable=False),
    Column("actor", String(128), nullable=False),
    Index("ix_stock_state_changes_store_sku", "store_code", "sku", "id"),
)

channel_reservations = Table(
    "channel_reservations",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),  # shown as CR000001
    Column("channel", String(32), nullable=False),
    Column("store_code", String(32), nullable=False),
    Column("idempotency_key", String(120), nullable=False),
    Column("request_hash", String(64), nullable=False),  # the lines a replay must repeat
    Column("order_ref", String(64), nullable=False, default=""),
    Column("state", String(16), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("expires_at_ms", BigInteger, nullable=False, default=0),  # 0 once confirmed
    Column("confirmed_at_ms", BigInteger, nullable=False, default=0),
    Column("picked_at_ms", BigInteger, nullable=False, default=0),
    Column("picked_seq", BigInteger, nullable=False, default=0),
    Column("fulfilled_at_ms", BigInteger, nullable=False, default=0),
    Column("fulfilled_seq", BigInteger, nullable=False, default=0),
    Column("closed_at_ms", BigInteger, nullable=False, default=0),
    Column("close_reason", String(200), nullable=False, default=""),
    Column("closed_by", String(128), nullable=False, default=""),
    UniqueConstraint("channel", "idempotency_key", name="uq_channel_reservations_key"),
    Index("ix_channel_reservations_state_expiry", "state", "expires_at_ms"),
    Index("ix_channel_reservations_store", "store_code", "state"),
)

channel_reservation_lines = Table(
    "channel_reservation_lines",
    metadata,
    Column("reservation_id", BigInteger, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    PrimaryKeyConstraint("reservation_id", "line_no", name="pk_channel_reservation_lines"),
    Index("ix_channel_reservation_lines_store_sku", "store_code", "sku"),
)

channel_conflicts = Table(
    "channel_conflicts",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),  # shown as CC000001
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("short_base", BigInteger, nullable=False),
    Column("reservation_ids", String(400), nullable=False, default=""),  # CR ids, comma-separated
    Column("detected_at_ms", BigInteger, nullable=False),
    Column("detected_seq", BigInteger, nullable=False),
    Column("state", String(16), nullable=False),  # open, resolved
    Column("proposal", String(16), nullable=False, default=""),  # transfer, cancel
    Column("proposed_from_store", String(32), nullable=False, default=""),
    Column("proposed_reservation_id", BigInteger, nullable=False, default=0),
    Column("resolution", String(16), nullable=False, default=""),
    Column("transfer_id", BigInteger, nullable=False, default=0),
    Column("resolved_at_ms", BigInteger, nullable=False, default=0),
    Column("resolved_by", String(128), nullable=False, default=""),
    Column("note", String(200), nullable=False, default=""),
    Index("ix_channel_conflicts_state_store", "state", "store_code", "sku"),
)
