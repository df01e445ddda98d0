"""Issue 12 deliver 1 on the edge: the ledger's integer columns hold integers (migration
0010_integer_checks), so an overflowing level is refused instead of turning into a REAL."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from common.sqlite_integers import unguarded_columns
from edge_agent.store.migrations import alembic_config, upgrade_ledger


def _unguarded(db: Path) -> list[str]:
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return unguarded_columns(conn)
    finally:
        engine.dispose()


def test_failure_1_a_stock_level_can_never_become_a_real(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    upgrade_ledger(db)
    assert _unguarded(db) == []
    with closing(sqlite3.connect(db)) as conn:
        with conn:
            conn.execute("INSERT INTO stock_levels (sku, qty_base) VALUES ('COLA', -100000000)")
        for bad in (
            # The bundle: 1e9 per unit x 1e9 sold x 11, added to the level.
            "UPDATE stock_levels SET qty_base = qty_base + -1000000000 * 1000000000 * 11",
            "UPDATE stock_levels SET qty_base = -1.0000001e19",
            "INSERT INTO movements (seq, sku, qty_base, reason, unit_cost_minor)"
            " VALUES (1, 'COLA', 2.5, 'sale', 0)",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="must hold whole numbers"), conn:
                conn.execute(bad)
        assert conn.execute("SELECT qty_base, typeof(qty_base) FROM stock_levels").fetchall() == [
            (-100000000, "integer")
        ]


def test_the_integer_checks_come_off_with_a_downgrade(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    upgrade_ledger(db)
    command.downgrade(alembic_config(db), "0009_command_keys")
    assert "stock_levels.qty_base (insert)" in _unguarded(db)
    upgrade_ledger(db)
    assert _unguarded(db) == []
