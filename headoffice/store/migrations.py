"""Bring a database to the newest schema with Alembic, configured in code (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from common.errors import ConfigError
from common.i18n import _
from headoffice.domain.errors import DatabaseUnavailable
from headoffice.store import pg_roles
from headoffice.store.engine import create_engine, first_line, safe_url

SCRIPT_LOCATION = Path(__file__).with_name("alembic")
INSUFFICIENT_PRIVILEGE = "42501"


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
            if connection.dialect.name == "postgresql" and pg_roles.may_grant(connection):
                # A table a migration added, or tables whose owner changed, are granted
                # to head office's roles again (pg_roles).
                pg_roles.grant_privileges(connection)
    except OperationalError as exc:
        raise DatabaseUnavailable(safe_url(engine.url), first_line(exc)) from exc
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        # Head office connects as a role that owns nothing (deploy/postgres/README.md):
        # only the schema's owner changes it.
        raise ConfigError(
            _(
                "database role {role} may not change the schema of {url} ({problem}); "
                "run 'headoffice migrate --data-dir D --db URL' with the URL of the "
                "schema's owner first"
            ).format(
                role=engine.url.username or "?", url=safe_url(engine.url), problem=first_line(exc)
            )
        ) from exc


def current_revisions(engine: Engine) -> set[str]:
    """The revisions the database is at (several while migration branches are unmerged)."""
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())
