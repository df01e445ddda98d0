"""Promotion definitions (migration 0028_promotions), on the schema's one metadata (tables.py).

One row per offer: its id, name, kind and stage as columns for listing, the whole offer
as its canonical record (common.domain.promotions.records, JSON text) for pricing, who
created it and when, and who ended it and when (NULL: not ended). A row is never deleted:
`hoctl promo end` ends it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, String, Table, Text

from headoffice.store.tables import metadata

promotions = Table(
    "promotions",
    metadata,
    Column("promo_id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("stage", String(8), nullable=False),
    Column("definition", Text, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("ended_by", String(128), nullable=False, server_default=""),
    Column("ended_at_ms", BigInteger, nullable=True),
    Index("ix_promotions_created", "created_at_ms"),
)
