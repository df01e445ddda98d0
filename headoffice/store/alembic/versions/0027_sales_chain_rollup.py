"""The chain's (day, SKU) sales roll-up by store group, and the SKU rows' day offset.

Revision ID: 0027_sales_chain_rollup
Revises: 0030_stored_value

The chain-wide SKU and category reports and the sales report's top sellers added up
sales_sku_daily over every store (5 million rows for 30 days of 1,000 shops: most of
the report's time). sales_sku_chain_daily holds the same sums added up over each of
CHAIN_SHARDS groups of stores; apply_batch adds to it beside sales_sku_daily from now
on, and the upgrade fills it from sales_sku_daily, one GROUP BY a group (the group of a
store is computed in Python, domain/sales_tally.py chain_shard, so both sides agree).

report_rollup_settings records the shops' offset from UTC that the SKU rows' days are
counted in (headoffice/store/sales_tables.py): 0 here, since the rows 0024 wrote count
UTC days. `headoffice serve` sets it to [counts] utc_offset_minutes while there are no
SKU rows yet; `headoffice rebuild-report-rollups` re-counts them at the configured one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table
from headoffice.domain.sales_tally import CHAIN_SHARDS, chain_shard

revision = "0027_sales_chain_rollup"
down_revision = "0030_stored_value"
branch_labels = None
depends_on = None

SUMS = ("qty_base", "amount_minor", "cost_minor", "lines")


def upgrade() -> None:
    op.create_table(
        "sales_sku_chain_daily",
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("shard", sa.SmallInteger, nullable=False),
        sa.Column("qty_base", sa.BigInteger, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("cost_minor", sa.BigInteger, nullable=False),
        sa.Column("lines", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("day", "sku", "shard", name="pk_sales_sku_chain_daily"),
    )
    conn = op.get_bind()
    guard_table(conn, "sales_sku_chain_daily")
    op.create_table(
        "report_rollup_settings",
        sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("sku_day_offset_minutes", sa.Integer, nullable=False),
    )
    guard_table(conn, "report_rollup_settings")
    settings = sa.table(
        "report_rollup_settings", sa.column("id"), sa.column("sku_day_offset_minutes")
    )
    conn.execute(settings.insert().values(id=1, sku_day_offset_minutes=0))
    daily = sa.table(
        "sales_sku_daily", sa.column("store_code"), sa.column("day"), sa.column("sku"),
        *(sa.column(name) for name in SUMS),
    )  # fmt: skip
    chain = sa.table(
        "sales_sku_chain_daily", sa.column("day"), sa.column("sku"), sa.column("shard"),
        *(sa.column(name) for name in SUMS),
    )  # fmt: skip
    stores = [s for (s,) in conn.execute(sa.select(daily.c.store_code).distinct())]
    groups: dict[int, list[str]] = {n: [] for n in range(CHAIN_SHARDS)}
    for store in stores:
        groups[chain_shard(store)].append(store)
    for shard, codes in groups.items():
        if not codes:
            continue
        summed = (
            sa.select(
                daily.c.day,
                daily.c.sku,
                sa.literal(shard, sa.SmallInteger),
                *(sa.func.sum(daily.c[name]) for name in SUMS),
            )
            .where(daily.c.store_code.in_(sorted(codes)))
            .group_by(daily.c.day, daily.c.sku)
        )
        conn.execute(chain.insert().from_select(["day", "sku", "shard", *SUMS], summed))


def downgrade() -> None:
    op.drop_table("report_rollup_settings")
    op.drop_table("sales_sku_chain_daily")
