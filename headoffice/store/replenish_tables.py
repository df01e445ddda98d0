"""Replenishment tables (migration 0021_replenishment), on the schema's one metadata.

replenish_min_max, replenish_costs and replenish_supply hold what people set
by hand (a store's min/max for a SKU, a store-to-store transfer cost, a SKU's
supplier with its pack size and minimum order). replenish_runs and
replenish_lines are the run documents: each line keeps every input of its
suggestion, so `hoctl replenish show` explains it and approval can tell
whether the stock it was computed from has changed.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, PrimaryKeyConstraint, String, Table

from headoffice.store.tables import BigId, metadata

replenish_min_max = Table(
    "replenish_min_max",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("min_qty_base", BigInteger, nullable=False),
    Column("max_qty_base", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    Column("updated_by", String(128), nullable=False),
    PrimaryKeyConstraint("store_code", "sku", name="pk_replenish_min_max"),
)

replenish_costs = Table(
    "replenish_costs",
    metadata,
    Column("from_store", String(32), nullable=False),
    Column("to_store", String(32), nullable=False),
    Column("cost_minor", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    Column("updated_by", String(128), nullable=False),
    PrimaryKeyConstraint("from_store", "to_store", name="pk_replenish_costs"),
)

replenish_supply = Table(
    "replenish_supply",
    metadata,
    Column("sku", String(64), primary_key=True),
    Column("supplier_code", String(32), nullable=False),
    Column("pack_qty_base", BigInteger, nullable=False),
    Column("min_order_qty_base", BigInteger, nullable=False),
    Column("unit_cost_minor", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    Column("updated_by", String(128), nullable=False),
)

replenish_runs = Table(
    "replenish_runs",
    metadata,
    Column("run_no", BigId, primary_key=True, autoincrement=True),
    Column("state", String(16), nullable=False),  # proposed, approved
    Column("store_filter", String(32), nullable=False),
    Column("category_filter", String(100), nullable=False),
    Column("service_level_bp", Integer, nullable=False),
    Column("review_period_days", Integer, nullable=False),
    Column("window_days", Integer, nullable=False),
    Column("transfer_lead_time_days", Integer, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("approved_at_ms", BigInteger, nullable=False),
    Column("approved_by", String(128), nullable=False),
    Index("ix_replenish_runs_state", "state"),
)

replenish_lines = Table(
    "replenish_lines",
    metadata,
    Column("run_no", BigInteger, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # transfer, purchase, unsourced
    Column("state", String(16), nullable=False),  # proposed, approved, skipped
    Column("store_code", String(32), nullable=False),  # the store the stock is for
    Column("sku", String(64), nullable=False),
    Column("from_store", String(32), nullable=False),
    Column("supplier_code", String(32), nullable=False),
    Column("qty_base", BigInteger, nullable=False),
    Column("raw_qty_base", BigInteger, nullable=False),
    Column("pack_qty_base", BigInteger, nullable=False),
    Column("min_order_qty_base", BigInteger, nullable=False),
    Column("unit_cost_minor", BigInteger, nullable=False),
    Column("source", String(16), nullable=False),  # computed, min_max
    Column("velocity_milli", BigInteger, nullable=False),
    Column("sigma_milli", BigInteger, nullable=False),
    Column("lead_time_days", Integer, nullable=False),
    Column("review_period_days", Integer, nullable=False),
    Column("z_milli", Integer, nullable=False),
    Column("on_hand_qty_base", BigInteger, nullable=False),
    Column("inbound_qty_base", BigInteger, nullable=False),
    Column("on_order_qty_base", BigInteger, nullable=False),
    Column("reserved_qty_base", BigInteger, nullable=False),
    Column("order_up_to_qty_base", BigInteger, nullable=False),
    Column("reorder_point_qty_base", BigInteger, nullable=False),
    Column("need_qty_base", BigInteger, nullable=False),  # the store's whole raw suggestion
    Column("from_on_hand_qty_base", BigInteger, nullable=False),
    Column("from_reserved_qty_base", BigInteger, nullable=False),
    Column("document_id", String(32), nullable=False),  # T-7 or PO-12 once approved
    PrimaryKeyConstraint("run_no", "line_no", name="pk_replenish_lines"),
)

TABLES = (replenish_min_max, replenish_costs, replenish_supply, replenish_runs, replenish_lines)
