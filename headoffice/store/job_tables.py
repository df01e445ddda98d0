"""Scheduled jobs' tables (migration 0022_job_runs), on the schema's one metadata (tables.py).

job_claims is the once-per-tick lock: the process whose INSERT of (job, tick, scope)
succeeds runs the tick; the primary key refuses every other (headoffice.services.jobs).
`scope` is "" for a job that runs once per chain and the process's holder id for one
that runs in every process (a refresh of its own /metrics). job_runs holds one row per
attempt: started with result "running", finished with "ok" or "failed".
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, PrimaryKeyConstraint, String, Table, Text

from headoffice.store.tables import BigId, metadata

job_claims = Table(
    "job_claims",
    metadata,
    Column("job", String(64), nullable=False),
    Column("tick_at_ms", BigInteger, nullable=False),
    Column("scope", String(128), nullable=False),
    Column("holder", String(128), nullable=False),
    Column("claimed_at_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("job", "tick_at_ms", "scope", name="pk_job_claims"),
)

job_runs = Table(
    "job_runs",
    metadata,
    Column("run_id", BigId, primary_key=True, autoincrement=True),
    Column("job", String(64), nullable=False),
    Column("tick_at_ms", BigInteger, nullable=False),
    Column("trigger", String(16), nullable=False),  # schedule, manual
    Column("holder", String(128), nullable=False),  # host:pid
    Column("started_at_ms", BigInteger, nullable=False),
    Column("finished_at_ms", BigInteger, nullable=False),  # 0 while running
    Column("duration_ms", BigInteger, nullable=False),
    Column("result", String(16), nullable=False),  # running, ok, failed
    Column("attempt", Integer, nullable=False),
    Column("summary", Text, nullable=False),
    Column("counts", Text, nullable=False),  # JSON {name: integer}
    Index("ix_job_runs_job_started", "job", "started_at_ms"),
    Index("ix_job_runs_started", "started_at_ms"),
)
