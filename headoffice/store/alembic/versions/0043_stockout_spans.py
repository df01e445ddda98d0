"""Stock-out spans (stockout_spans, headoffice/store/stockout_tables.py), backfilled.

Revision ID: 0043_stockout_spans
Revises: 0042_vouchers

apply_batch records from now on when a store's level of a SKU crosses zero
(domain/stockouts.py); replenishment reads the spans, not 90 days of movements, to find
the days a SKU was out of stock. The upgrade backfills the spans of the last 90 days
(all a run reads) from the movements: each pair's level before them is today's level
less their net, then the level is walked forward in journal order (seq) and each
crossing of zero kept, in one query that sends only the crossings. A pair out of stock
at the start of the 90 days that came back inside them gets a span from 0; one still out
today without a crossing needs no row (a level at or below zero without an open span
reads as out since before the record began). Its cost is one pass over the 90 days of
movements sorted by store, SKU and seq (what a replenishment run cost before this
change), once.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

import sqlalchemy as sa
from alembic import op

from common.clock import now_ms
from common.sqlite_integers import guard_table
from headoffice.domain.stockouts import SINCE_EVER_MS, Span, merged

revision = "0043_stockout_spans"
down_revision = "0042_vouchers"
branch_labels = None
depends_on = None

DAY_MS = 86_400_000
BACKFILL_DAYS = 90
INSERT_ROWS = 5_000

CROSSINGS = """
WITH w AS (
  SELECT m.store_code, m.sku, m.seq, m.occurred_at_ms, m.qty_base,
         COALESCE(s.qty_base, 0) - SUM(m.qty_base) OVER (PARTITION BY m.store_code, m.sku)
         + SUM(m.qty_base) OVER (PARTITION BY m.store_code, m.sku ORDER BY m.seq
                                 ROWS UNBOUNDED PRECEDING) AS after_qty
  FROM movements m
  LEFT JOIN stock_levels s ON s.store_code = m.store_code AND s.sku = m.sku
  WHERE m.occurred_at_ms > :since
)
SELECT store_code, sku, occurred_at_ms, after_qty > 0 AS stocked
FROM w
WHERE (after_qty - qty_base > 0) <> (after_qty > 0)
ORDER BY store_code, sku, seq
"""


def upgrade() -> None:
    op.create_table(
        "stockout_spans",
        sa.Column("store_code", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("out_at_ms", sa.BigInteger, nullable=False),
        sa.Column("back_at_ms", sa.BigInteger, nullable=True),
        sa.PrimaryKeyConstraint("store_code", "sku", "out_at_ms", name="pk_stockout_spans"),
    )
    conn = op.get_bind()
    guard_table(conn, "stockout_spans")
    op.create_index("ix_stockout_spans_back", "stockout_spans", ["back_at_ms"])
    backfill(conn)


def backfill(conn: sa.Connection) -> None:
    """The spans of the last 90 days, from the movements (see the module's note)."""
    since = now_ms() - BACKFILL_DAYS * DAY_MS
    spans = sa.table(
        "stockout_spans", sa.column("store_code"), sa.column("sku"), sa.column("out_at_ms"),
        sa.column("back_at_ms"),
    )  # fmt: skip
    rows: list[dict[str, object]] = []
    found = conn.execute(sa.text(CROSSINGS), {"since": since})
    for (store_code, sku), group in groupby(found, key=itemgetter(0, 1)):
        pair: list[Span] = []
        out_at: int | None = None
        for _store, _sku, at_ms, stocked in group:
            if stocked:  # back: the span opened in the 90 days, or one from before them
                pair.append(Span(sku, SINCE_EVER_MS if out_at is None else out_at, int(at_ms)))
                out_at = None
            else:
                out_at = int(at_ms)
        if out_at is not None:
            pair.append(Span(sku, out_at, None))
        rows += [
            {"store_code": store_code, "sku": sku, "out_at_ms": s.out_at_ms,
             "back_at_ms": s.back_at_ms}
            for s in merged(pair)
        ]  # fmt: skip
        if len(rows) >= INSERT_ROWS:
            conn.execute(spans.insert(), rows)
            rows = []
    if rows:
        conn.execute(spans.insert(), rows)


def downgrade() -> None:
    op.drop_index("ix_stockout_spans_back", table_name="stockout_spans")
    op.drop_table("stockout_spans")
