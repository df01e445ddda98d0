"""Bring a database to the newest schema with Alembic, configured in code (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from headoffice.domain.errors import DatabaseUnavailable
from headoffice.store.engine import create_engine, first_line, safe_url

SCRIPT_LOCATION = Path(__file__).with_name("alembic")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def migrate(url: str) -> None:
    """Upgrade the database at `url` to head; idempotent."""
    engine = create_engine(url)
    try:
        migrate_engine(engine)
    finally:
        engine.dispose()


def migrate_engine(engine: Engine) -> None:
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")
    except OperationalError as exc:
        raise DatabaseUnavailable(safe_url(engine.url), first_line(exc)) from exc


def current_revisions(engine: Engine) -> set[str]:
    """The revisions the database is at (several while migration branches are unmerged)."""
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())
