"""Create or upgrade the ledger schema with Alembic, configured in code (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from edge_agent.store.connection import open_connection

SCRIPT_LOCATION = Path(__file__).parent / "alembic"


def alembic_config(db_path: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def upgrade_ledger(db_path: Path) -> None:
    """Bring the ledger at db_path to the newest schema (creating it if absent), in WAL mode."""
    open_connection(db_path).close()  # WAL is a property of the file: set it before any table
    command.upgrade(alembic_config(db_path), "heads")
