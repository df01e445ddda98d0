"""One vocabulary (docs/runtime.md, "Glossary"): the ledger's columns say the shop's one name.

Revision ID: 0008
Revises: 0007

- sync_state.acked_seq becomes committed_seq: the newest entry head office has
  committed, the name the protos, head office and the CLI use.
- receipts (receipt_id, ...) becomes supplier_deliveries (delivery_id, ...): a
  supplier delivery booked at the store; a receipt is the customer's slip.
- catalogue_cursor becomes downstream_cursor: it is how far the store has
  applied every downstream event (transfers, orders, write-offs too).
- expected_order_lines.qty_ordered and qty_received become ordered_qty_base and
  received_qty_base (a quantity says its unit).

Renames keep every row; the journal's payloads are untouched (protobuf field
numbers did not change, so entries written before still decode).
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (old table, new table)
TABLES = (("receipts", "supplier_deliveries"), ("catalogue_cursor", "downstream_cursor"))
# (table, after the renames above; old column, new column)
COLUMNS = (
    ("sync_state", "acked_seq", "committed_seq"),
    ("supplier_deliveries", "receipt_id", "delivery_id"),
    ("expected_order_lines", "qty_ordered", "ordered_qty_base"),
    ("expected_order_lines", "qty_received", "received_qty_base"),
)


def upgrade() -> None:
    for old, new in TABLES:
        op.execute(f"ALTER TABLE {old} RENAME TO {new}")
    for table, old, new in COLUMNS:
        op.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")


def downgrade() -> None:
    for table, old, new in reversed(COLUMNS):
        op.execute(f"ALTER TABLE {table} RENAME COLUMN {new} TO {old}")
    for old, new in reversed(TABLES):
        op.execute(f"ALTER TABLE {new} RENAME TO {old}")
