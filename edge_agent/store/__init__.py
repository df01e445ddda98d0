"""The store ledger on SQLite: schema (Alembic), connections and the tables the services use."""
