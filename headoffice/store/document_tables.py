"""Tables of the stock documents head office tracks: transfers between stores, suppliers,
purchase orders and supplier returns, write-offs and their approval threshold.

On the schema's one metadata (tables.py), which imports this module so every reader of
`metadata` (Alembic, the schema tests) sees them.
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
)

from headoffice.store.tables import BigId, metadata

# -- transfers between stores (headoffice.domain.transfers) -------------------

transfers = Table(
    "transfers",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("from_store", String(32), nullable=False),
    Column("to_store", String(32), nullable=False),
    Column("state", String(16), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    Column("shipped_at_ms", BigInteger, nullable=False, default=0),
    Column("shipped_seq", BigInteger, nullable=False, default=0),
    Column("received_at_ms", BigInteger, nullable=False, default=0),
    Column("received_seq", BigInteger, nullable=False, default=0),
    Column("resolution", String(16), nullable=False, default=""),
    Column("resolved_by", String(64), nullable=False, default=""),
    Column("resolved_at_ms", BigInteger, nullable=False, default=0),
    Index("ix_transfers_state", "state"),
    Index("ix_transfers_from_store", "from_store"),
    Index("ix_transfers_to_store", "to_store"),
)

transfer_lines = Table(
    "transfer_lines",
    metadata,
    Column("transfer_id", BigInteger, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("shipped_qty_base", BigInteger, nullable=False, default=0),
    Column("received_qty_base", BigInteger, nullable=False, default=0),
    Column("unit_cost_minor", BigInteger, nullable=False, default=0),
    Column("resolved_qty_base", BigInteger, nullable=False, default=0),
    PrimaryKeyConstraint("transfer_id", "sku", name="pk_transfer_lines"),
)

# -- purchasing: suppliers, purchase orders, supplier returns ----------------------

suppliers = Table(
    "suppliers",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("contact", String(200), nullable=False, default=""),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("created_by", String(64), nullable=False),
)

purchase_orders = Table(
    "purchase_orders",
    metadata,
    Column("po_no", BigId, primary_key=True, autoincrement=True),
    Column("store_code", String(32), nullable=False),
    Column("supplier_code", String(32), nullable=False),
    Column("state", String(16), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("over_tolerance_pct", Integer, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    Index("ix_purchase_orders_store_state", "store_code", "state"),
)

purchase_order_lines = Table(
    "purchase_order_lines",
    metadata,
    Column("po_no", BigInteger, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("ordered_qty_base", BigInteger, nullable=False),
    Column("unit_cost_minor", BigInteger, nullable=False),
    Column("received_qty_base", BigInteger, nullable=False),
    PrimaryKeyConstraint("po_no", "line_no", name="pk_purchase_order_lines"),
)

# One row per supplier-return journal entry applied; its lines are its movements.
supplier_returns = Table(
    "supplier_returns",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("return_id", String(64), nullable=False),
    Column("supplier_code", String(32), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("occurred_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "seq", name="pk_supplier_returns"),
)

# -- write-offs (migration 0007) ----------------------------------------------

# One row per write-off: asked for at a store or at head office; its lines below.
write_offs = Table(
    "write_offs",
    metadata,
    Column("write_off_id", String(64), primary_key=True),
    Column("store_code", String(32), nullable=False),
    Column("origin", String(16), nullable=False),  # store, head_office
    Column("state", String(16), nullable=False),  # pending, approved, rejected, done
    Column("reason", String(16), nullable=False),
    Column("note", String(500), nullable=False),
    Column("value_minor", BigInteger, nullable=False),
    Column("threshold_minor", BigInteger, nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("requested_at_ms", BigInteger, nullable=False),
    Column("decided_by", String(64), nullable=False),
    Column("decided_at_ms", BigInteger, nullable=False),
    Column("decision_note", String(500), nullable=False),
    Column("done_seq", BigInteger, nullable=False),
    Column("done_at_ms", BigInteger, nullable=False),
    Index("ix_write_offs_store_state", "store_code", "state"),
)

write_off_lines = Table(
    "write_off_lines",
    metadata,
    Column("write_off_id", String(64), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("unit_cost_minor", BigInteger, nullable=False),
    PrimaryKeyConstraint("write_off_id", "line_no", name="pk_write_off_lines"),
)

# The chain's approval threshold (one row) and the one each store was last sent.
write_off_policy = Table(
    "write_off_policy",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("threshold_minor", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
)

write_off_policy_sent = Table(
    "write_off_policy_sent",
    metadata,
    Column("store_code", String(32), primary_key=True),
    Column("threshold_minor", BigInteger, nullable=False),
)
