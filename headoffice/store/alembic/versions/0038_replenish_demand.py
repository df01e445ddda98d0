"""Index the movements in the order replenishment reduces them: SKU, store, newest first.

Revision ID: 0038_replenish_demand
Revises: 0035_redemptions

A replenishment run asks the database for each store and SKU's demand sums over the last
90 days (headoffice/store/replenish_demand_sql.py): the movements grouped by SKU, store and
day, then walked day by day within each pair. Without an index in that order PostgreSQL
hashes or sorts every movement of the 90 days (about 197 million at 1,000 stores): tens of
millions of groups that spill to temporary files. With this index, covering the columns
the query reads (quantity and reason), it reads them in order (an index-only scan) and
groups, walks and sums them as they come, in constant memory. The SKU and store are
indexed in bytes order ("C"), the order the query groups and the run merges in.

The cost is one more index on movements for every applied batch (BENCHMARKS.md, the
replenishment section, says what it cost the apply benchmark). SQLite gets none: a SQLite
head office serves a small chain, where the query is quick without it, and in the apply
benchmark the same index made SQLite's apply_batch about a third slower a batch.
"""

from __future__ import annotations

from alembic import op

revision = "0038_replenish_demand"
down_revision = "0035_redemptions"
branch_labels = None
depends_on = None

INDEX = "ix_movements_sku_store_at"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f'CREATE INDEX {INDEX} ON movements (sku COLLATE "C", store_code COLLATE "C",'
        " occurred_at_ms DESC) INCLUDE (qty_base, reason)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX {INDEX}")
