"""The till's status bar says when the store ledger's disk is full (GetStatus'
ledger_unwritable_since_ms): every sale is refused then, so the cashier sees why at a glance."""

from __future__ import annotations

from edge_agent.tui.widgets.status_bar import StatusBar


def test_the_status_bar_says_the_disk_is_full_while_it_is() -> None:
    bar = StatusBar()
    bar.store, bar.online = "S001", True
    assert not any("DISK FULL" in part for part in bar.parts())
    bar.disk_full = True
    assert bar.parts()[-1] == "DISK FULL: nothing can be recorded"
    bar.agent_problem = "agent not answering"  # a silent agent says nothing of its disk
    assert not any("DISK FULL" in part for part in bar.parts())
