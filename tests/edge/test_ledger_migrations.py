"""The ledger's migrations upgrade a store's ledger in use without losing a row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from edge_agent.store.connection import open_connection
from edge_agent.store.deliveries import DeliveriesRepository
from edge_agent.store.migrations import alembic_config, upgrade_ledger


def test_one_vocabulary_renames_keep_the_rows_of_a_ledger_in_use(tmp_path: Path) -> None:
    """0008 renames columns to the glossary's names (docs/runtime.md) on a ledger with data."""
    db = tmp_path / "ledger.db"
    upgrade_ledger_to(db, "0007")
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE sync_state SET acked_seq = 7, last_contact_ms = 5678 WHERE id = 1")
        conn.execute(
            "INSERT INTO journal (seq, document_type, document_id, occurred_at_ms, payload)"
            " VALUES (1, 'receipt', 'd-1', 1000, x'')"
        )
        conn.execute(
            "INSERT INTO receipts (receipt_id, seq, supplier_ref, actor, idempotency_key)"
            " VALUES ('d-1', 1, 'DN-1', 'sam', 'k-1')"
        )
        conn.execute("UPDATE catalogue_cursor SET cursor = 31 WHERE id = 1")
        conn.execute(
            "INSERT INTO expected_order_lines (po_id, line_no, sku, name, qty_ordered,"
            " unit_cost_minor, qty_received) VALUES ('PO-1', 1, 'COLA', 'Cola', 24, 180, 20)"
        )
    upgrade_ledger(db)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT committed_seq, last_contact_ms FROM sync_state").fetchall() == [
            (7, 5678)
        ]
        assert conn.execute(
            "SELECT delivery_id, seq, supplier_ref, actor, idempotency_key FROM supplier_deliveries"
        ).fetchall() == [("d-1", 1, "DN-1", "sam", "k-1")]
        assert conn.execute("SELECT cursor FROM downstream_cursor").fetchall() == [(31,)]
        assert conn.execute(
            "SELECT ordered_qty_base, received_qty_base FROM expected_order_lines"
        ).fetchall() == [(24, 20)]
        gone = "SELECT name FROM sqlite_master WHERE name IN ('receipts', 'catalogue_cursor')"
        assert not conn.execute(gone).fetchall()
    # The delivery is still found by its idempotency key, under its new names.
    with closing(sqlite3.connect(db)) as conn:
        assert DeliveriesRepository(conn).by_key("k-1") == 1


def upgrade_ledger_to(db: Path, revision: str) -> None:
    """A ledger as an older agent left it: created in WAL mode, migrated up to `revision`."""
    open_connection(db).close()
    command.upgrade(alembic_config(db), revision)


def test_the_heads_read_without_alembic_are_alembics(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from edge_agent.store.migrations import script_heads, stored_heads

    scripts = ScriptDirectory.from_config(alembic_config(tmp_path / "ledger.db"))
    assert script_heads() == set(scripts.get_heads())
    db = tmp_path / "ledger.db"
    upgrade_ledger_to(db, "0007")
    with closing(open_connection(db)) as conn:
        assert stored_heads(conn) == {"0007"}
    upgrade_ledger(db)  # behind: Alembic upgrades it
    with closing(open_connection(db)) as conn:
        assert stored_heads(conn) == script_heads()


def test_an_agent_on_a_current_ledger_leaves_alembic_out_of_its_memory(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "ledger.db"
    upgrade_ledger(db)
    probe = (
        "import sys; from pathlib import Path; from edge_agent.store.migrations import "
        f"upgrade_ledger; upgrade_ledger(Path({str(db)!r})); "
        "print(sorted(m for m in ('alembic', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
