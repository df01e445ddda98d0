"""Stocktake at the store: count sessions, their SKUs, count lines, SKUs' shelf locations.

Revision ID: 0013_stocktake
Revises: 0012_staff

A session's journal entries (count_session, count_line, count_posting) are the
record; these tables are the store's working copy of them, written in the same
transaction as each entry (edge_agent.services.counting):

  count_sessions       one row a session: state, scope, tolerance, round, approvers
  count_session_skus   a session's resolved scope (in_scope), the SKUs' ABC classes
                       and the SKUs its current recount names
  count_lines          one row a count line, keyed by its journal seq, with the book
                       quantity at that position
  sku_locations        each SKU's shelf location, learned from its latest count line
"""

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table, unguard_table

revision = "0013_stocktake"
down_revision = "0012_staff"
branch_labels = None
depends_on = None

_TABLES = ("count_sessions", "count_session_skus", "count_lines", "sku_locations")


def upgrade() -> None:
    op.create_table(
        "count_sessions",
        sa.Column("session_id", sa.String, primary_key=True),
        sa.Column("origin", sa.String, nullable=False),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("scope_kind", sa.String, nullable=False),
        # the scope as asked for, one code a line ("" for none): data, never translated
        sa.Column("categories", sa.String, nullable=False, server_default=""),
        sa.Column("locations", sa.String, nullable=False, server_default=""),
        sa.Column("abc_classes", sa.String, nullable=False, server_default=""),
        # where the tills sell from: each SKU's book is taken at its last line there
        sa.Column("selling_locations", sa.String, nullable=False, server_default=""),
        sa.Column("a_bp", sa.BigInteger, nullable=False),
        sa.Column("b_bp", sa.BigInteger, nullable=False),
        sa.Column("c_bp", sa.BigInteger, nullable=False),
        sa.Column("value_minor", sa.BigInteger, nullable=False),
        sa.Column("second_approval_minor", sa.BigInteger, nullable=False),
        sa.Column("title", sa.String, nullable=False, server_default=""),
        sa.Column("blind", sa.Integer, nullable=False, server_default="1"),
        sa.Column("note", sa.String, nullable=False, server_default=""),
        sa.Column("round", sa.Integer, nullable=False, server_default="0"),
        sa.Column("first_approver", sa.String, nullable=False, server_default=""),
        sa.Column("approved_by", sa.String, nullable=False, server_default=""),
        sa.Column("second_approved_by", sa.String, nullable=False, server_default=""),
        sa.Column("created_by", sa.String, nullable=False, server_default=""),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("opened_seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=False),
        sa.Column("closed_seq", sa.Integer, sa.ForeignKey("journal.seq"), nullable=True),
    )
    op.create_index("ix_count_sessions_state", "count_sessions", ["state"])
    op.create_table(
        "count_session_skus",
        sa.Column(
            "session_id", sa.String, sa.ForeignKey("count_sessions.session_id"), primary_key=True
        ),
        sa.Column("sku", sa.String, primary_key=True),
        sa.Column("in_scope", sa.Integer, nullable=False, server_default="0"),
        sa.Column("abc_class", sa.String, nullable=False, server_default="C"),
        sa.Column("recount", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "count_lines",
        sa.Column("seq", sa.Integer, sa.ForeignKey("journal.seq"), primary_key=True),
        sa.Column("line_id", sa.String, nullable=False, unique=True),
        sa.Column(
            "session_id", sa.String, sa.ForeignKey("count_sessions.session_id"), nullable=False
        ),
        sa.Column("sku", sa.String, nullable=False),  # "" for an unknown barcode
        sa.Column("scanned_code", sa.String, nullable=False, server_default=""),
        sa.Column("location", sa.String, nullable=False, server_default=""),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.String, nullable=False, server_default=""),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("book_qty_base", sa.BigInteger, nullable=False),
        sa.Column("counter", sa.String, nullable=False),
    )
    op.create_index("ix_count_lines_session", "count_lines", ["session_id", "sku"])
    op.create_table(
        "sku_locations",
        sa.Column("sku", sa.String, primary_key=True),
        sa.Column("location", sa.String, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),  # the count line it was learned from
    )
    op.create_index("ix_sku_locations_location", "sku_locations", ["location"])
    conn = op.get_bind()
    for table in _TABLES:
        guard_table(conn, table)


def downgrade() -> None:
    conn = op.get_bind()
    for table in reversed(_TABLES):
        unguard_table(conn, table)
    op.drop_index("ix_sku_locations_location", "sku_locations")
    op.drop_table("sku_locations")
    op.drop_index("ix_count_lines_session", "count_lines")
    op.drop_table("count_lines")
    op.drop_table("count_session_skus")
    op.drop_index("ix_count_sessions_state", "count_sessions")
    op.drop_table("count_sessions")
