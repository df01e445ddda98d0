"""Sync lag as an operator sees it: every store's `storeledger_sync_lag_seconds` read from head
office's Prometheus endpoint once a second while the chain trades, and the figures the report
gives from it: p50 and p99 over the samples taken between faults.

A sample is between faults when no fault that touches its store was running or had ended less
than SETTLE_MS before it: the store's own faults, and the chain-wide ones (head office killed,
PostgreSQL restarted). Every head-office process reads the same database, so the first that
answers is enough for a round.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sim.truth import FaultRecord

LAG_METRIC = "storeledger_sync_lag_seconds"
CHAIN_WIDE = ("kill_headoffice", "pg_restart")
SETTLE_MS = 30_000  # after a fault ends, its store catches up before lag counts again
INTERVAL_S = 1.0


@dataclass(frozen=True)
class LagSample:
    at_ms: int  # wall ms since the run started, as FaultRecord.at_ms
    store: str
    lag_ms: int


@dataclass(frozen=True)
class LagFigures:
    sample_count: int  # samples between faults
    p50_ms: int | None
    p99_ms: int | None
    max_ms: int | None
    excluded_count: int  # samples taken during a fault or while its store settled


def parse_lag(text: str) -> dict[str, int]:
    """Each store's lag in ms from a Prometheus text exposition."""
    lags: dict[str, int] = {}
    for line in text.splitlines():
        if not line.startswith(LAG_METRIC + "{"):
            continue
        labels, _sep, value = line.rpartition(" ")
        start = labels.find('store="')
        if start < 0:
            continue
        store = labels[start + 7 : labels.index('"', start + 7)]
        lags[store] = round(float(value) * 1000)  # the exposition's seconds, as integer ms
    return lags


def quantile(values: Sequence[int], q: float) -> int | None:
    """The nearest-rank quantile (no interpolation: a figure that was observed)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(q * 1000) * len(ordered) // 1000))  # ceil(q * n), q in thousandths
    return ordered[min(rank, len(ordered)) - 1]


def between_faults(sample: LagSample, faults: Sequence[FaultRecord], settle_ms: int) -> bool:
    for fault in faults:
        if fault.store != sample.store and fault.kind not in CHAIN_WIDE:
            continue
        ended = fault.ended_ms if fault.ended_ms >= fault.at_ms else fault.at_ms
        if fault.at_ms <= sample.at_ms <= ended + settle_ms:
            return False
    return True


def figures(
    samples: Sequence[LagSample], faults: Sequence[FaultRecord], settle_ms: int = SETTLE_MS
) -> LagFigures:
    quiet = [s.lag_ms for s in samples if between_faults(s, faults, settle_ms)]
    return LagFigures(
        sample_count=len(quiet),
        p50_ms=quantile(quiet, 0.50),
        p99_ms=quantile(quiet, 0.99),
        max_ms=max(quiet) if quiet else None,
        excluded_count=len(samples) - len(quiet),
    )


def scrape(address: str, timeout_s: float = 2.0) -> str:
    with urllib.request.urlopen(f"http://{address}/metrics", timeout=timeout_s) as answer:
        return answer.read().decode("utf-8", errors="replace")


class LagSampler:
    """A thread reading the lag gauges once a second until stopped. `addresses` is asked each
    round (a restarted head office may listen on a new port)."""

    def __init__(
        self,
        addresses: Callable[[], list[str]],
        started: float,
        interval_s: float = INTERVAL_S,
        read: Callable[[str], str] = scrape,
    ) -> None:
        self._addresses = addresses
        self._started = started
        self._interval_s = interval_s
        self._read = read
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="lag-sampler", daemon=True)
        self.samples: list[LagSample] = []
        self.unanswered_rounds = 0  # every head office down (killed, restarting)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def sample_once(self) -> None:
        at_ms = int((time.monotonic() - self._started) * 1000)
        for address in self._addresses():
            if not address:
                continue
            try:
                lags = parse_lag(self._read(address))
            except (OSError, urllib.error.URLError, ValueError):
                continue
            self.samples.extend(LagSample(at_ms, store, ms) for store, ms in sorted(lags.items()))
            return
        self.unanswered_rounds += 1

    def _loop(self) -> None:
        while not self._stop.wait(self._interval_s):
            self.sample_once()
