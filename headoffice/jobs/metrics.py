"""The jobs' series on head office's /metrics (alert rules in deploy/prometheus/ read them).

storeledger_job_runs_total{job,result}                 attempts ended ok or failed, and ticks
                                                       skipped because another process held them
storeledger_job_last_success_timestamp_seconds{job}    when a run of the job last went well (set
                                                       at start from job_runs, so a restart does
                                                       not look like a stall)
storeledger_job_duration_seconds{job}                  how long attempts took

Labels are job names and results only: a handful of series.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

BUCKETS_S = (0.05, 0.25, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3_600.0)


class JobMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.runs = Counter(
            "storeledger_job_runs_total",
            "Job attempts by result (ok, failed) and ticks another process held (skipped).",
            ["job", "result"],
            registry=registry,
        )
        self.last_success = Gauge(
            "storeledger_job_last_success_timestamp_seconds",
            "When a run of the job last finished well (Unix seconds).",
            ["job"],
            registry=registry,
        )
        self.duration = Histogram(
            "storeledger_job_duration_seconds",
            "How long job attempts took.",
            ["job"],
            buckets=BUCKETS_S,
            registry=registry,
        )

    def ended(self, job: str, result: str, duration_ms: int | None = None) -> None:
        self.runs.labels(job, result).inc()
        if duration_ms is not None:
            # Seconds as Prometheus wants them: a float at the metrics boundary only.
            self.duration.labels(job).observe(duration_ms / 1000)

    def succeeded_at(self, job: str, at_ms: int) -> None:
        self.last_success.labels(job).set(at_ms / 1000)
