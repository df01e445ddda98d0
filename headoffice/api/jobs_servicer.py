"""JobsAdmin for staff (hoctl jobs list | run | history): unpack, call, pack."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import grpc

from common.clock import now_ms as clock_now_ms
from common.i18n import _
from common.pb.storeledger.v1 import jobs_admin_pb2, jobs_admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.domain.jobs import JobRun, check_history_limit, check_job
from headoffice.domain.roles import Permission, Staff
from headoffice.jobs.scheduler import HeadOfficeJobs
from headoffice.services.jobs import job_history, last_runs
from headoffice.services.ports import JobsUnitOfWorkPort

SERVICE = jobs_admin_pb2.DESCRIPTOR.services_by_name["JobsAdmin"]


def add_to_server(
    server: grpc.aio.Server,
    jobs_uow: Callable[[], JobsUnitOfWorkPort],
    auth: Authorizer,
    jobs: HeadOfficeJobs,
) -> None:
    jobs_admin_pb2_grpc.add_JobsAdminServicer_to_server(
        JobsAdminServicer(jobs_uow, auth, jobs), server
    )


def job_run(run: JobRun) -> jobs_admin_pb2.JobRun:
    return jobs_admin_pb2.JobRun(
        run_id=run.run_id, job=run.job, tick_at_ms=run.tick_at_ms, trigger=run.trigger,
        holder=run.holder, started_at_ms=run.started_at_ms, finished_at_ms=run.finished_at_ms,
        duration_ms=run.duration_ms, result=run.result, attempt=run.attempt, summary=run.summary,
        counts=[
            jobs_admin_pb2.JobCount(name=name, value=value)
            for name, value in sorted(run.counts.items())
        ],
    )  # fmt: skip


class JobsAdminServicer(jobs_admin_pb2_grpc.JobsAdminServicer):
    def __init__(
        self,
        jobs_uow: Callable[[], JobsUnitOfWorkPort],
        auth: Authorizer,
        jobs: HeadOfficeJobs,
        clock: Callable[[], int] = clock_now_ms,
    ) -> None:
        self._uow = jobs_uow
        self._auth = auth
        self._jobs = jobs
        self._clock = clock

    @property
    def _names(self) -> list[str]:
        return [job.name for job in self._jobs.plan.jobs]

    @authorised(Permission.JOB_READ)
    async def ListJobs(self, request, context, staff: Staff):  # noqa: N802
        plan = self._jobs.plan
        runs, successes = await asyncio.to_thread(
            last_runs, self._uow(), self._clock(), plan.lease_s * 1000
        )
        reply = jobs_admin_pb2.ListJobsReply()
        for job in plan.jobs:
            info = reply.jobs.add(
                name=job.name, description=_(job.spec.description), enabled=job.enabled,
                schedule=job.shown(plan.test_every_s), next_run_at_ms=self._jobs.next_run_ms(job.name),
                per_process=job.spec.per_process, last_success_at_ms=successes.get(job.name, 0),
            )  # fmt: skip
            if job.name in runs:
                info.last_run.CopyFrom(job_run(runs[job.name]))
        return reply

    @authorised(Permission.JOB_RUN)
    async def RunJob(self, request, context, staff: Staff):  # noqa: N802
        name = check_job(request.job, self._names)
        tick_at_ms = self._clock() // 1000 * 1000
        return job_run(await self._jobs.run_now(name, tick_at_ms))

    @authorised(Permission.JOB_READ)
    async def JobHistory(self, request, context, staff: Staff):  # noqa: N802
        limit = check_history_limit(request.limit)
        job = check_job(request.job, self._names) if request.job else ""
        runs = await asyncio.to_thread(
            job_history, self._uow(), job, limit, self._clock(), self._jobs.plan.lease_s * 1000
        )
        return jobs_admin_pb2.JobHistoryReply(runs=[job_run(run) for run in runs])
