"""The simulator's sync-lag figures (sim.lag): read from a real Prometheus exposition, with the
samples taken during a fault (or while its store settled after it) left out."""

from __future__ import annotations

import http.server
import threading
import time

from prometheus_client import CollectorRegistry, Gauge, generate_latest

from sim.lag import LagSample, LagSampler, figures, parse_lag, quantile
from sim.truth import FaultRecord


def exposition(lags: dict[str, float]) -> str:
    registry = CollectorRegistry()
    gauge = Gauge("storeledger_sync_lag_seconds", "lag", ["store"], registry=registry)
    for store, seconds in lags.items():
        gauge.labels(store=store).set(seconds)
    other = Gauge("storeledger_sync_backlog_entries", "backlog", ["store"], registry=registry)
    other.labels(store="S001").set(7)
    return generate_latest(registry).decode()


def test_each_stores_lag_is_read_from_the_exposition_as_integer_ms() -> None:
    text = exposition({"S001": 0.0123, "S002": 2.5, "S003": 0})
    assert parse_lag(text) == {"S001": 12, "S002": 2500, "S003": 0}
    assert parse_lag("# nothing here\n") == {}


def test_quantiles_are_observed_figures_by_nearest_rank() -> None:
    values = list(range(1, 101))  # 1..100
    assert quantile(values, 0.50) == 50
    assert quantile(values, 0.99) == 99
    assert quantile([7], 0.99) == 7
    assert quantile([5, 1, 3], 0.5) == 3
    assert quantile([], 0.5) is None


def fault(kind: str, store: str, at_ms: int, ended_ms: int) -> FaultRecord:
    return FaultRecord(kind, store, at_ms, "", {}, "done", ended_ms)


def test_samples_during_a_fault_and_its_settling_are_left_out_for_its_store_only() -> None:
    faults = [fault("net_partition", "S001", 10_000, 15_000)]
    samples = [
        LagSample(9_000, "S001", 5),  # before: counted
        LagSample(12_000, "S001", 4_000),  # during: left out
        LagSample(40_000, "S001", 900),  # settling (ended 15 s, +30 s): left out
        LagSample(46_000, "S001", 6),  # after: counted
        LagSample(12_000, "S002", 8),  # another store during S001's fault: counted
    ]
    got = figures(samples, faults)
    assert (got.sample_count, got.excluded_count) == (3, 2)
    assert (got.p50_ms, got.max_ms) == (6, 8)


def test_a_chain_wide_fault_leaves_out_every_stores_samples() -> None:
    faults = [fault("kill_headoffice", "S009", 10_000, 11_000)]
    samples = [LagSample(20_000, s, 1_500) for s in ("S001", "S002")] + [
        LagSample(50_000, "S001", 3)
    ]
    got = figures(samples, faults)
    assert (got.sample_count, got.p99_ms, got.excluded_count) == (1, 3, 2)


def test_no_quiet_sample_gives_no_figures() -> None:
    got = figures([LagSample(1, "S001", 10)], [fault("pg_restart", "S001", 0, 5)])
    assert (got.sample_count, got.p50_ms, got.p99_ms, got.max_ms) == (0, None, None, None)


def test_the_sampler_asks_the_next_head_office_when_one_is_down() -> None:
    answers = {"b:2": exposition({"S001": 0.25})}

    def read(address: str) -> str:
        if address not in answers:
            raise ConnectionRefusedError(address)
        return answers[address]

    sampler = LagSampler(lambda: ["a:1", "", "b:2"], time.monotonic(), read=read)
    sampler.sample_once()
    assert [(s.store, s.lag_ms) for s in sampler.samples] == [("S001", 250)]
    answers.clear()
    sampler.sample_once()
    assert sampler.unanswered_rounds == 1 and len(sampler.samples) == 1


def test_the_sampler_reads_a_real_metrics_endpoint_until_stopped() -> None:
    body = exposition({"S001": 0.004, "S002": 0.1}).encode()

    class Metrics(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            self.send_response(200 if self.path == "/metrics" else 404)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Metrics)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"127.0.0.1:{server.server_address[1]}"
        sampler = LagSampler(lambda: [address], time.monotonic(), interval_s=0.02)
        sampler.start()
        deadline = time.monotonic() + 10
        while len(sampler.samples) < 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        sampler.stop()
    finally:
        server.shutdown()
    taken = len(sampler.samples)
    assert taken >= 6 and {s.store for s in sampler.samples} == {"S001", "S002"}
    assert {s.lag_ms for s in sampler.samples} == {4, 100}
    time.sleep(0.1)
    assert len(sampler.samples) == taken  # stopped means stopped
