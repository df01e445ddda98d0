"""Count lines added up per session, SKU and round (headoffice/store/count_tables.py).

Revision ID: 0019_count_line_sums
Revises: 0024_sales_rollups

The variance report of a full count of 20,000 SKUs grouped 20,000 lines per call;
count_line_sums holds them added up (written with each line, in the same transaction:
CountsRepository.insert_line), so the report reads one row a SKU. The upgrade fills it
from the lines already stored. ix_count_lines_session_sku finds the lines of one SKU of a
session (the report reads them for a SKU whose round has several lines).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0019_count_line_sums"
down_revision = "0024_sales_rollups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "count_line_sums",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("lines", sa.BigInteger, nullable=False),
        sa.Column("counted", sa.BigInteger, nullable=False),
        sa.Column("mismatches", sa.BigInteger, nullable=False),
        sa.Column("first_seq", sa.BigInteger, nullable=False),
        sa.Column("first_book", sa.BigInteger, nullable=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("last_book", sa.BigInteger, nullable=False),
        sa.Column("counter", sa.String(64), nullable=False),
        sa.Column("place", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "sku", "round", name="pk_count_line_sums"),
    )
    op.create_index(
        "ix_count_lines_session_sku", "count_lines", ["session_id", "sku", "round", "seq"]
    )
    # the book at the round's first and last line: the line of that seq in the session
    # (MAX: lines of another store's session may share a seq; the report read it so too)
    op.execute(
        "INSERT INTO count_line_sums (session_id, sku, round, lines, counted, mismatches,"
        " first_seq, first_book, last_seq, last_book, counter, place)"
        " SELECT g.session_id, g.sku, g.round, g.n, g.counted, g.mismatches,"
        " g.first_seq, (SELECT MAX(f.book_qty_base) FROM count_lines f"
        "   WHERE f.session_id = g.session_id AND f.sku = g.sku AND f.round = g.round"
        "   AND f.seq = g.first_seq),"
        " g.last_seq, (SELECT MAX(t.book_qty_base) FROM count_lines t"
        "   WHERE t.session_id = g.session_id AND t.sku = g.sku AND t.round = g.round"
        "   AND t.seq = g.last_seq),"
        " g.counter, g.place"
        " FROM (SELECT session_id, sku, round, COUNT(*) AS n, SUM(qty_base) AS counted,"
        "   SUM(CASE WHEN book_mismatch THEN 1 ELSE 0 END) AS mismatches,"
        "   MIN(seq) AS first_seq, MAX(seq) AS last_seq, MIN(counter) AS counter,"
        "   MIN(location) AS place"
        "   FROM count_lines GROUP BY session_id, sku, round) g"
    )
    guard_table(op.get_bind(), "count_line_sums")


def downgrade() -> None:
    op.drop_table("count_line_sums")
    op.drop_index("ix_count_lines_session_sku", table_name="count_lines")
