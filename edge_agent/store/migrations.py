"""Create or upgrade the ledger schema with Alembic, configured in code (no alembic.ini).

Alembic (and SQLAlchemy under it) is imported only when the ledger is behind: an agent
starting on a ledger already at the newest schema reads the stored revision with sqlite3
and leaves the two out of its memory (about 37 MB resident, a quarter of a till PC's budget
for the agent, BENCHMARKS.md "Memory").
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from edge_agent.store.connection import open_connection

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = Path(__file__).parent / "alembic"


def alembic_config(db_path: Path) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def upgrade_ledger(db_path: Path) -> None:
    """Bring the ledger at db_path to the newest schema (creating it if absent), in WAL mode."""
    conn = open_connection(db_path)  # WAL is a property of the file: set it before any table
    try:
        current = stored_heads(conn)
    finally:
        conn.close()
    if current and current == script_heads():
        return
    from alembic import command

    command.upgrade(alembic_config(db_path), "heads")


def stored_heads(conn: sqlite3.Connection) -> set[str]:
    """The revisions the ledger is at (alembic_version), empty for a new ledger."""
    try:
        return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.OperationalError:
        return set()


def script_heads() -> set[str]:
    """The newest revisions of the migration scripts: those no other script follows."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for script in (SCRIPT_LOCATION / "versions").glob("*.py"):
        names = _assignments(script)
        revisions.add(str(names["revision"]))
        down = names.get("down_revision")
        if isinstance(down, tuple):
            followed.update(str(d) for d in down)
        elif down:
            followed.add(str(down))
    return revisions - followed


def _assignments(script: Path) -> dict[str, object]:
    """revision and down_revision as the script assigns them (a string, a tuple, None)."""
    found: dict[str, object] = {}
    for node in ast.parse(script.read_text()).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            value = getattr(node, "value", None)
            found[target.id] = ast.literal_eval(value) if value is not None else None
    return found
