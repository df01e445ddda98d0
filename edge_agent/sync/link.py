"""What the till side and the sync client share at run time: connection state and a wake-up."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from edge_agent.metrics import EdgeMetrics


@dataclass
class HeadOfficeLink:
    """connected is True while the upstream stream is established; journal_grew wakes the
    sender as soon as a sale or delivery commits, instead of it polling the ledger."""

    metrics: EdgeMetrics | None = None
    connected: bool = False
    journal_grew: asyncio.Event = field(default_factory=asyncio.Event)

    def set_connected(self, connected: bool) -> None:
        self.connected = connected
        if self.metrics is not None:
            self.metrics.connected.set(1 if connected else 0)
