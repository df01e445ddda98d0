"""Head office's database: tables, engine, unit of work, repositories, Alembic migrations."""
