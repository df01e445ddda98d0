"""Member sales as head office applies them (migration 0034_member_sales), on the schema's
one metadata.

`member_sales` adds up a member's sales and returns a store and day (the shops' day, at the
offset the SKU roll-ups count in): the report of member sales and visits reads it.
`member_sale_lines` keeps, for each line of a member's sale, what points it earned and was
paid with and how many units came back, so a return reverses exactly its share; and its net
and the money its share of the points paid (migration 0040_member_line_money; net -1 on lines
kept before), so a return's money refund is checked against the part paid otherwise.
`offline_debits` records every stored-value debit a till made offline and head office booked
when it applied the sale: what the balance covered and the shortfall the member owes (the
receivable of an offline overdraft).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
)

from headoffice.store.tables import metadata

member_sales = Table(
    "member_sales",
    metadata,
    Column("member_id", String(16), nullable=False),
    Column("store_code", String(32), nullable=False),
    Column("day", String(10), nullable=False),
    Column("sales_count", BigInteger, nullable=False),
    Column("returns_count", BigInteger, nullable=False),
    Column("net_minor", BigInteger, nullable=False),
    Column("points_earned", BigInteger, nullable=False),
    PrimaryKeyConstraint("member_id", "store_code", "day", name="pk_member_sales"),
    Index("ix_member_sales_store_day", "store_code", "day"),
)

member_sale_lines = Table(
    "member_sale_lines",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("sale_id", String(64), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("member_id", String(16), nullable=False),
    Column("qty", BigInteger, nullable=False),
    Column("earned", BigInteger, nullable=False),
    Column("paid_points", BigInteger, nullable=False),
    Column("returned_qty", BigInteger, nullable=False),
    Column("earn_month", Integer, nullable=False),
    Column("net_minor", BigInteger, nullable=False, server_default="-1"),
    Column("paid_minor", BigInteger, nullable=False, server_default="0"),
    PrimaryKeyConstraint("store_code", "sale_id", "line_no", name="pk_member_sale_lines"),
)

offline_debits = Table(
    "offline_debits",
    metadata,
    Column("store_code", String(32), nullable=False),
    Column("idem_key", String(100), nullable=False),
    Column("member_id", String(16), nullable=False),
    Column("sale_id", String(64), nullable=False),
    Column("day", String(10), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("taken_minor", BigInteger, nullable=False),
    Column("shortfall_minor", BigInteger, nullable=False),
    Column("allowance_minor", BigInteger, nullable=False),
    Column("over_allowance", Boolean, nullable=False),
    Column("occurred_at_ms", BigInteger, nullable=False),
    Column("applied_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("store_code", "idem_key", name="pk_offline_debits"),
    Index("ix_offline_debits_day", "day", "store_code"),
)
