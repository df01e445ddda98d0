"""Job claims and runs (job_tables.py): the once-per-tick claim and each attempt's record."""

from __future__ import annotations

import json
from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from headoffice.domain.jobs import OK, RUNNING, JobRun
from headoffice.store.job_tables import job_claims, job_runs


class JobRunsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def claim(self, job: str, tick_at_ms: int, scope: str, holder: str, at_ms: int) -> bool:
        """Insert the claim row of (job, tick, scope); False when another holds it already.

        ON CONFLICT DO NOTHING (both databases): the loser's transaction stays usable, and
        the primary key decides, whichever process commits first (PostgreSQL: the second
        INSERT waits for the first transaction, then does nothing)."""
        values = {
            "job": job, "tick_at_ms": tick_at_ms, "scope": scope, "holder": holder,
            "claimed_at_ms": at_ms,
        }  # fmt: skip
        dialect = postgresql if self._conn.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(job_claims)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(job_claims.c.job)  # psycopg's rowcount here is -1: a row back says it
        )
        return self._conn.execute(statement).first() is not None

    def claim_holder(self, job: str, tick_at_ms: int, scope: str) -> str:
        row = self._conn.execute(
            sa.select(job_claims.c.holder).where(
                job_claims.c.job == job,
                job_claims.c.tick_at_ms == tick_at_ms,
                job_claims.c.scope == scope,
            )
        ).first()
        return str(row.holder) if row else ""

    def start(
        self, job: str, tick_at_ms: int, trigger: str, holder: str, attempt: int, at_ms: int
    ) -> int:
        result = self._conn.execute(
            job_runs.insert()
            .returning(job_runs.c.run_id)
            .values(
                job=job,
                tick_at_ms=tick_at_ms,
                trigger=trigger,
                holder=holder,
                started_at_ms=at_ms,
                finished_at_ms=0,
                duration_ms=0,
                result=RUNNING,
                attempt=attempt,
                summary="",
                counts="{}",
            )  # fmt: skip
        )
        return int(result.scalar_one())

    def finish(
        self,
        run_id: int,
        result: str,
        at_ms: int,
        duration_ms: int,
        summary: str,
        counts: Mapping[str, int],
    ) -> None:
        self._conn.execute(
            job_runs.update()
            .where(job_runs.c.run_id == run_id)
            .values(
                result=result,
                finished_at_ms=at_ms,
                duration_ms=duration_ms,
                summary=summary,
                counts=json.dumps(dict(counts), sort_keys=True),
            )  # fmt: skip
        )

    def run(self, run_id: int) -> JobRun:
        row = self._conn.execute(sa.select(job_runs).where(job_runs.c.run_id == run_id)).one()
        return _run(row)

    def history(self, job: str, limit: int) -> list[JobRun]:
        """The newest `limit` runs, newest first; of one job, or of all when `job` is ""."""
        query = sa.select(job_runs)
        if job:
            query = query.where(job_runs.c.job == job)
        query = query.order_by(job_runs.c.started_at_ms.desc(), job_runs.c.run_id.desc())
        return [_run(row) for row in self._conn.execute(query.limit(limit))]

    def last_runs(self) -> dict[str, JobRun]:
        """Each job's newest run."""
        newest = (
            sa.select(sa.func.max(job_runs.c.run_id).label("run_id"))
            .group_by(job_runs.c.job)
            .subquery()
        )
        rows = self._conn.execute(
            sa.select(job_runs).join(newest, newest.c.run_id == job_runs.c.run_id)
        )
        return {str(row.job): _run(row) for row in rows}

    def last_successes(self) -> dict[str, int]:
        """When each job last finished a run that went well (UTC ms)."""
        rows = self._conn.execute(
            sa.select(job_runs.c.job, sa.func.max(job_runs.c.finished_at_ms))
            .where(job_runs.c.result == OK)
            .group_by(job_runs.c.job)
        )
        return {str(job): int(at) for job, at in rows}

    def prune(self, before_ms: int) -> tuple[int, int]:
        """Delete claims of ticks before `before_ms` and runs started before it (finished or
        abandoned: keep_days is far longer than any lease)."""
        claims = self._conn.execute(
            job_claims.delete().where(job_claims.c.tick_at_ms < before_ms)
        ).rowcount
        runs = self._conn.execute(
            job_runs.delete().where(job_runs.c.started_at_ms < before_ms)
        ).rowcount
        return int(claims), int(runs)


def _run(row: sa.Row) -> JobRun:
    return JobRun(
        run_id=int(row.run_id),
        job=str(row.job),
        tick_at_ms=int(row.tick_at_ms),
        trigger=str(row.trigger),
        holder=str(row.holder),
        started_at_ms=int(row.started_at_ms),
        finished_at_ms=int(row.finished_at_ms),
        duration_ms=int(row.duration_ms),
        result=str(row.result),
        attempt=int(row.attempt),
        summary=str(row.summary),
        counts={str(k): int(v) for k, v in json.loads(row.counts).items()},
    )
