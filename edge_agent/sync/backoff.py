"""Reconnect pacing (exponential backoff with full jitter) and once-per-change failure logs."""

from __future__ import annotations

import asyncio
import logging
import random

import grpc

from common.logs import log_event

# The longest wait before asking head office again after it refused (sync.
# refused_resend_max_ms): a refused batch, a disabled store or a ledger behind what
# head office committed stays refused until someone fixes the cause, so a store
# asks once a minute at most instead of every backoff_max_ms.
REFUSED_RESEND_MAX_MS = 60_000
# How head office ends a stream it refuses (a disabled store, a foreign identity, a
# ledger behind what it committed): retrying soon changes nothing.
REFUSED_CODES = frozenset({grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.FAILED_PRECONDITION})


class Backoff:
    """Full jitter: each delay is uniform in [0, min(max, initial * 2**attempt)]."""

    def __init__(self, initial_ms: int, max_ms: int, rng: random.Random | None = None) -> None:
        self.initial_ms = max(1, initial_ms)
        self.max_ms = max(self.initial_ms, max_ms)
        self._attempt = 0
        self._rng = rng or random.Random()

    def next_delay_s(self) -> float:
        ceiling = min(self.max_ms, self.initial_ms * 2 ** min(self._attempt, 30))
        self._attempt += 1
        return self._rng.uniform(0, ceiling) / 1000

    def max_delay_s(self) -> float:
        return self.max_ms / 1000

    def reset(self) -> None:
        self._attempt = 0


class ConnectionLog:
    """Logs a link's failures once per change of problem, not once per retry."""

    def __init__(self, logger: logging.Logger, link_name: str) -> None:
        self._log = logger
        self._name = link_name
        self._problem: str | None = None
        self._up = False

    def connected(self, **fields: object) -> None:
        if not self._up:
            log_event(self._log, logging.INFO, f"{self._name} connected", **fields)
        self._up = True
        self._problem = None

    def failed(self, problem: str, level: int = logging.WARNING) -> None:
        if problem != self._problem or self._up:
            log_event(self._log, level, f"{self._name} unavailable", problem=problem)
        self._up = False
        self._problem = problem


def raise_if_cancelling() -> None:
    """Honour a cancel that a failure swallowed before the loop sleeps out its backoff.

    On Python 3.11 a cancel that lands as ``asyncio.wait_for`` times out, or inside
    grpc.aio's own waits, can come back as a TimeoutError or an RPC error; the loop
    takes it for a failed session and would otherwise sleep a refused store's long
    backoff before anyone sees the cancel (a stopping agent hanging for minutes).
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
