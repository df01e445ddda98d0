"""Single-use coupons (migration 0036_coupons), on the schema's one metadata (tables.py).

One row per coupon, never deleted: the code (canonical, the key), the promotion it was
issued against, and its redemption by a store under the store's key while it holds (all
"" and 0 when free). The conditional update that redeems it (coupons_repo) is what makes
two tills racing on one code end with exactly one winner.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, String, Table

from headoffice.store.tables import metadata

coupons = Table(
    "coupons",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("promo_id", String(100), nullable=False),
    Column("campaign", String(20), nullable=False),
    Column("valid_until_ms", BigInteger, nullable=False),  # 0: as long as the promotion
    Column("issued_at_ms", BigInteger, nullable=False),
    Column("issued_by", String(128), nullable=False),
    Column("redeemed_store", String(32), nullable=False, server_default=""),
    Column("redeemed_key", String(120), nullable=False, server_default=""),
    Column("redeemed_at_ms", BigInteger, nullable=False, server_default="0"),
    Column("redeemed_by", String(160), nullable=False, server_default=""),
    Column("used_seq", BigInteger, nullable=False, server_default="0"),
    Index("ix_coupons_promo", "promo_id", "issued_at_ms"),
)
