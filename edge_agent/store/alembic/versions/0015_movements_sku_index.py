"""The movements by SKU: a SKU's position (level and moving-average cost) reads its own.

Revision ID: 0015_movements_sku_index
Revises: 0014_handover_counts

  ix_movements_sku_seq   movements (sku, seq): StockRepository.position reads one SKU's
                         movements in journal order (WHERE sku = ? ORDER BY seq, id; the
                         rowid id rides in every SQLite index), which was a scan of every
                         movement of the store for each SKU a count report valued one by
                         one or a write-off costed. EXPLAIN QUERY PLAN was SCAN movements
                         USING INDEX ix_movements_seq (every movement, in seq order, kept
                         when its SKU matched); now SEARCH movements USING INDEX
                         ix_movements_sku_seq (sku=?), in order, no sort.
"""

from alembic import op

revision = "0015_movements_sku_index"
down_revision = "0014_handover_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_movements_sku_seq", "movements", ["sku", "seq"])


def downgrade() -> None:
    op.drop_index("ix_movements_sku_seq", table_name="movements")
