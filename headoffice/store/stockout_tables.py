"""Stock-out spans (migration 0043_stockout_spans), on the one metadata.

A row is one span of time in which a store was out of a SKU (its stock level at or below
zero): from `out_at_ms` (0: since before anything was recorded) to `back_at_ms` (NULL
while it is still out). apply_batch writes a row only when a batch's movements carry a
level across zero (headoffice/domain/stockouts.py finds the moments), so the cost is paid
on crossings, not on every batch. Replenishment reads the spans that touch its 90 days to
leave out the days a SKU was out of stock (headoffice/domain/demand.py: a calendar day
in the shops' zone is censored when any part of it lies in a span). A pair whose level is
at or below zero now without an open span has been out since before the record began and
reads as one open span from 0 (levels written other than by apply, and history the
migration's backfill did not see). ix_stockout_spans_back finds the spans still open or
ended inside the 90 days without reading the older ones.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, PrimaryKeyConstraint, String, Table

from headoffice.store.tables import metadata

stockout_spans = Table(
    "stockout_spans",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("out_at_ms", BigInteger, nullable=False),  # 0: since before the record began
    Column("back_at_ms", BigInteger, nullable=True),  # NULL: still out
    PrimaryKeyConstraint("store_code", "sku", "out_at_ms", name="pk_stockout_spans"),
    Index("ix_stockout_spans_back", "back_at_ms"),
)
