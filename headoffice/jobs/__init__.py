"""Scheduled jobs inside `headoffice serve` (docs/jobs.md).

registry.py   every job: its name, default cron, whether it runs once per chain or in
              every process, and its function `run(ctx) -> JobResult`
schedule.py   [jobs] of headoffice.toml read and checked: a cron per job, enable flags,
              retries; a bad cron stops the start with its line
runner.py     one tick of one job: claim it (once across processes), attempt, retry,
              record each attempt in job_runs, metrics and logs
scheduler.py  APScheduler (3.x AsyncIOScheduler) firing each job's ticks on serve's loop,
              the job itself in a daemon thread so a stop never waits for it
metrics.py    storeledger_job_* on head office's /metrics
"""
