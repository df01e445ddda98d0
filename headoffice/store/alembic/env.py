"""Alembic environment: runs on the connection headoffice.store.migrations passes in."""

from __future__ import annotations

from alembic import context

from headoffice.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through headoffice.store.migrations.migrate(url)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
