"""Fixtures for the till screen's pilot tests: one real agent per module, offline.

The tests read the screen's English sentences, so till_app() pins the language to
English whatever the machine's locale; the layout tests ask for each language.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from edge_agent.tui.app import TillApp
from tests.tui.agent import Agent, start_agent, stop_agent
from tools.till_pilot import until

__all__ = ["agent", "till_app", "until"]


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agent]:
    running = start_agent(tmp_path_factory.mktemp("till"))
    try:
        yield running
    finally:
        stop_agent(running)


def till_app(agent: Agent, till_id: str, cashier: str = "ann", language: str = "en") -> TillApp:
    return TillApp(agent.data_dir, till_id, cashier, language=language)
