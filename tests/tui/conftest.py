"""Fixtures for the till screen's pilot tests: one real agent per module, offline."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from edge_agent.tui.app import TillApp
from tests.tui.agent import Agent, start_agent, stop_agent


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agent]:
    running = start_agent(tmp_path_factory.mktemp("till"))
    try:
        yield running
    finally:
        stop_agent(running)


def till_app(agent: Agent, till_id: str, cashier: str = "ann") -> TillApp:
    return TillApp(agent.data_dir, till_id, cashier)


async def until(pilot, condition: Callable[[], object], what: str, timeout_s: float = 10.0):  # type: ignore[no-untyped-def]
    """Let the app run until condition() holds; fail naming `what` after a bounded deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        await pilot.pause(0.02)
