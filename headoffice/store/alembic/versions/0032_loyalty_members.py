"""Punch cards, packages and points name a member that exists (issue 15): members get their
text id (M000001) as a unique column, and the loyalty tables' member_id references it.

members.member_id is derived from member_no by the members repository in the same
transaction as the insert (headoffice.store.members_repo); it is what the loyalty tables,
the tills and hoctl call a member. SQLite cannot add a foreign key to a table, so there
the four loyalty tables are copied into new ones that have it (Alembic's batch mode) and
their integer guards are put back.

Revision ID: 0032_loyalty_members
Revises: 0027_sales_chain_rollup
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from common.sqlite_integers import guard_table

revision = "0032_loyalty_members"
down_revision = "0027_sales_chain_rollup"
branch_labels = None
depends_on = "0031_entitlements_points"

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
LOYALTY = ("entitlements", "entitlement_uses", "points_entries", "points_balances")


def _loyalty_tables(with_keys: bool) -> dict[str, sa.Table]:
    """The loyalty tables as 0031 made them, with or without the foreign keys (the copy SQLite's
    batch mode builds from, so no CHECK is lost in the copy)."""
    meta = sa.MetaData()
    sa.Table("members", meta, sa.Column("member_id", sa.String(16)))

    def member(primary_key: bool = False) -> sa.Column[str]:
        args: list[object] = [sa.String(64)]
        if with_keys:
            args.append(sa.ForeignKey("members.member_id"))
        return sa.Column("member_id", *args, nullable=False, primary_key=primary_key)  # type: ignore[arg-type]

    return {
        "entitlements": sa.Table(
            "entitlements", meta,
            sa.Column("card_no", BigId, primary_key=True, autoincrement=True),
            member(),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("covers", sa.Text, nullable=False),
            sa.Column("uses_bought", sa.Integer, nullable=False),
            sa.Column("uses_taken", sa.Integer, nullable=False),
            sa.Column("value_per_use_minor", sa.BigInteger, nullable=False),
            sa.Column("paid_minor", sa.BigInteger, nullable=False),
            sa.Column("expires_ms", sa.BigInteger, nullable=False),
            sa.Column("store_scope", sa.Text, nullable=False),
            sa.Column("shareable", sa.Boolean, nullable=False),
            sa.Column("refunded_at_ms", sa.BigInteger, nullable=False),
            sa.Column("sold_store", sa.String(32), nullable=False),
            sa.Column("sold_at_ms", sa.BigInteger, nullable=False),
            sa.Column("sold_by", sa.String(128), nullable=False),
            sa.Column("sold_key", sa.String(100), nullable=False),
            sa.CheckConstraint(
                "uses_taken >= 0 AND uses_taken <= uses_bought", name="ck_entitlements_uses"
            ),
            sa.Index("ux_entitlements_sold_key", "sold_key", unique=True),
            sa.Index("ix_entitlements_member", "member_id"),
        ),
        "entitlement_uses": sa.Table(
            "entitlement_uses", meta,
            sa.Column("use_no", BigId, primary_key=True, autoincrement=True),
            sa.Column("card_no", sa.BigInteger, nullable=False),
            sa.Column("key", sa.String(100), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("sku", sa.String(64), nullable=False),
            sa.Column("store_code", sa.String(32), nullable=False),
            member(),
            sa.Column("uses", sa.Integer, nullable=False),
            sa.Column("value_minor", sa.BigInteger, nullable=False),
            sa.Column("uses_left", sa.Integer, nullable=False),
            sa.Column("at_ms", sa.BigInteger, nullable=False),
            sa.Column("by_user", sa.String(128), nullable=False),
            sa.Column("moves", sa.Text, nullable=False),
            sa.Index("ux_entitlement_uses_key", "key", unique=True),
            sa.Index("ix_entitlement_uses_card", "card_no", "use_no"),
        ),
        "points_entries": sa.Table(
            "points_entries", meta,
            sa.Column("entry_no", BigId, primary_key=True, autoincrement=True),
            sa.Column("key", sa.String(100), nullable=False),
            member(),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("points", sa.BigInteger, nullable=False),
            sa.Column("lot_month", sa.Integer, nullable=False),
            sa.Column("document", sa.String(100), nullable=False),
            sa.Column("at_ms", sa.BigInteger, nullable=False),
            sa.Index("ux_points_entries_key", "key", unique=True),
            sa.Index("ix_points_entries_member", "member_id", "entry_no"),
        ),
        "points_balances": sa.Table(
            "points_balances", meta,
            member(primary_key=True),
            sa.Column("balance", sa.BigInteger, nullable=False),
            sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
            sa.CheckConstraint("balance >= 0", name="ck_points_balances_balance"),
        ),
    }  # fmt: skip


def _member_id_sql(dialect: str) -> str:
    if dialect == "postgresql":
        return "'M' || lpad(member_no::text, greatest(6, length(member_no::text)), '0')"
    return "printf('M%06d', member_no)"


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.add_column("members", sa.Column("member_id", sa.String(16), nullable=True))
    op.execute(f"UPDATE members SET member_id = {_member_id_sql(dialect)}")
    op.create_index("ux_members_member_id", "members", ["member_id"], unique=True)
    for name in LOYALTY:
        orphans = bind.execute(
            sa.text(
                f"SELECT count(*) FROM {name} WHERE member_id NOT IN "  # noqa: S608
                "(SELECT member_id FROM members WHERE member_id IS NOT NULL)"
            )
        ).scalar_one()
        if orphans:
            raise RuntimeError(
                f"{orphans} rows of {name} name a member that does not exist; add those "
                "members (or remove the rows) before upgrading to 0032_loyalty_members"
            )
    if dialect == "sqlite":
        for name, table in _loyalty_tables(with_keys=True).items():
            with op.batch_alter_table(name, copy_from=table, recreate="always"):
                pass
            guard_table(bind, name)
        return
    for name in LOYALTY:
        op.create_foreign_key(f"fk_{name}_member", name, "members", ["member_id"], ["member_id"])


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name, table in _loyalty_tables(with_keys=False).items():
            with op.batch_alter_table(name, copy_from=table, recreate="always"):
                pass
            guard_table(bind, name)
    else:
        for name in LOYALTY:
            op.drop_constraint(f"fk_{name}_member", name, type_="foreignkey")
    op.drop_index("ux_members_member_id", "members")
    op.drop_column("members", "member_id")
