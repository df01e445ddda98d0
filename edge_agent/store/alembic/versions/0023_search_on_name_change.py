"""Re-index a product for search only when its SKU or name changes.

The search index (product_search, FTS) was rewritten on every UPDATE of products, so a
price change of 30,000 SKUs rewrote 30,000 index entries whose text had not changed; the
trigger now fires for a change of what the index holds.
"""

from __future__ import annotations

from alembic import op

revision = "0023_search_on_name_change"
down_revision = "0020_channel_orders"
branch_labels = None
depends_on = None

_REINDEX = """
         DELETE FROM product_search WHERE rowid = old.rowid * 2;
         INSERT INTO product_search (rowid, sku, text) VALUES
           (new.rowid * 2, new.sku, new.sku || ' ' || new.name);
       END"""


def upgrade() -> None:
    op.execute("DROP TRIGGER products_search_upd")
    op.execute(
        "CREATE TRIGGER products_search_upd AFTER UPDATE OF sku, name ON products"
        " WHEN old.sku IS NOT new.sku OR old.name IS NOT new.name BEGIN" + _REINDEX
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER products_search_upd")
    op.execute("CREATE TRIGGER products_search_upd AFTER UPDATE ON products BEGIN" + _REINDEX)
