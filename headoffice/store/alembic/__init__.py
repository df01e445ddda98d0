"""Alembic environment for the head-office schema (run through headoffice.store.migrations)."""
