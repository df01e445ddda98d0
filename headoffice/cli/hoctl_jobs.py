"""hoctl jobs list | run | history: head office's scheduled jobs (docs/jobs.md).

list shows each job's schedule, its next run in the process that answered and its last
result; run runs one now through JobsAdmin.RunJob (one attempt, the same once-per-tick
claim as the schedule; admin only) and exits 1 when it failed; history lists runs,
newest first.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import jobs_admin_pb2, jobs_admin_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, HoctlError, headings, labelled
from headoffice.domain.jobs import HISTORY_LIMIT

RUN_TIMEOUT_S = 3_600.0  # a run by hand takes as long as the job does
LIST_COLUMNS = [
    Column("job", N_("JOB")),
    Column("enabled", N_("ENABLED"), "flag"),
    Column("schedule", N_("SCHEDULE")),
    Column("next_run_at", N_("NEXT RUN")),
    Column("result", N_("LAST RESULT")),
    Column("last_success_at", N_("LAST SUCCESS")),
]
RUN_COLUMNS = [
    Column("run_id", N_("RUN"), "int"),
    Column("job", N_("JOB")),
    Column("tick_at", N_("TICK")),
    Column("trigger", N_("TRIGGER")),
    Column("result", N_("RESULT")),
    Column("attempt", N_("ATTEMPT"), "int"),
    Column("duration_ms", N_("MS"), "int"),
    Column("holder", N_("PROCESS")),
    Column("summary", N_("SUMMARY")),
]
CSV_RUN_COLUMNS = [
    *RUN_COLUMNS[:4], Column("started_at"), Column("finished_at"), *RUN_COLUMNS[4:],
]  # fmt: skip


def run_row(run: jobs_admin_pb2.JobRun) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "job": run.job,
        "tick_at": rfc3339(run.tick_at_ms),
        "trigger": run.trigger,
        "started_at": rfc3339(run.started_at_ms),
        "finished_at": rfc3339(run.finished_at_ms),
        "result": run.result,
        "attempt": run.attempt,
        "duration_ms": run.duration_ms,
        "holder": run.holder,
        "summary": run.summary,
        "tallies": [{"name": c.name, "count": c.value} for c in run.counts],
    }


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = jobs_admin_pb2_grpc.JobsAdminStub(clients.channel).ListJobs(
        jobs_admin_pb2.ListJobsRequest(), timeout=CALL_TIMEOUT_S
    )
    rows = [
        {
            "job": job.name,
            "description": job.description,
            "enabled": job.enabled,
            "schedule": job.schedule,
            "per_process": job.per_process,
            "next_run_at": rfc3339(job.next_run_at_ms),
            "result": job.last_run.result if job.last_run.run_id else "",
            "last_success_at": rfc3339(job.last_success_at_ms),
        }
        for job in reply.jobs
    ]
    out.listing(rows, headings(LIST_COLUMNS) if out.for_people else LIST_COLUMNS)
    return 0


def cmd_run(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    if out.for_people:
        out.warn(_("running job {job} ...").format(job=args.job))
    run = jobs_admin_pb2_grpc.JobsAdminStub(clients.channel).RunJob(
        jobs_admin_pb2.RunJobRequest(job=args.job), timeout=RUN_TIMEOUT_S
    )
    row = run_row(run)

    def text() -> str:
        if run.result == "ok":
            said = _("job {job} ran in {ms} ms: {summary}")
        else:
            said = _("job {job} failed after {ms} ms: {summary}")
        lines = [said.format(job=run.job, ms=run.duration_ms, summary=run.summary)]
        pairs = [(f"{c.name}:", str(c.value)) for c in run.counts]
        return "\n".join([*lines, *labelled(pairs)])

    out.record(row, text, columns=CSV_RUN_COLUMNS)
    return 0 if run.result == "ok" else 1


def cmd_history(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    if not 1 <= args.limit <= HISTORY_LIMIT:
        raise HoctlError(
            _("--limit must be between 1 and {most}, got {limit}").format(
                most=HISTORY_LIMIT, limit=args.limit
            )
        )
    reply = jobs_admin_pb2_grpc.JobsAdminStub(clients.channel).JobHistory(
        jobs_admin_pb2.JobHistoryRequest(job=args.job or args.name or "", limit=args.limit),
        timeout=CALL_TIMEOUT_S,
    )
    rows = [run_row(run) for run in reply.runs]
    out.listing(
        rows,
        headings(RUN_COLUMNS) if out.for_people else CSV_RUN_COLUMNS,
        empty=_("no job has run yet"),
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    jobs = commands.add_parser("jobs", help=_("head office's scheduled jobs and their runs"))
    actions = jobs.add_subparsers(dest="jobs_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help=_("each job: its schedule, next run and last result"))
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="jobs list")
    run = actions.add_parser("run", help=_("run a job now, once (admin); exits 1 when it fails"))
    run.add_argument("job", metavar="NAME", help=_("the job, as `hoctl jobs list` names it"))
    add_format(run)
    run.set_defaults(handler=cmd_run, context="jobs run")
    history = actions.add_parser("history", help=_("the jobs' runs, newest first"))
    history.add_argument(
        "name", nargs="?", metavar="NAME", help=_("only this job's runs (the same as --job)")
    )
    history.add_argument("--job", help=_("only this job's runs"))
    history.add_argument(
        "--limit", type=int, default=50, help=_("at most this many runs (1-1000, default 50)")
    )
    add_format(history)
    history.set_defaults(handler=cmd_history, context="jobs history")
