"""What the till side and the sync client share at run time: connection state, head
office's refusal of the journal, and a wake-up."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from edge_agent.metrics import EdgeMetrics


@dataclass(frozen=True)
class HeadOfficeRefusal:
    """Head office refuses the store's journal: since when (the first refusal of the
    run), the entry it refuses, its reason code and its sentence."""

    since_ms: int
    seq: int
    reason: str
    message: str


@dataclass
class HeadOfficeLink:
    """connected is True while the upstream stream is established; refusal is set while
    head office refuses the journal (pos status and the metrics show it); journal_grew
    wakes the sender as soon as a sale or delivery commits, instead of it polling."""

    metrics: EdgeMetrics | None = None
    connected: bool = False
    refusal: HeadOfficeRefusal | None = None
    journal_grew: asyncio.Event = field(default_factory=asyncio.Event)

    def set_connected(self, connected: bool) -> None:
        self.connected = connected
        if self.metrics is not None:
            self.metrics.connected.set(1 if connected else 0)

    def refused(self, seq: int, reason: str, message: str, now_ms: int) -> HeadOfficeRefusal:
        """Note a refused batch (counted by reason); a run of refusals keeps its first time."""
        since = self.refusal.since_ms if self.refusal is not None else now_ms
        self.refusal = HeadOfficeRefusal(since, seq, reason, message)
        if self.metrics is not None:
            self.metrics.refused.set(1)
            self.metrics.batches_refused.labels(reason=reason).inc()
        return self.refusal

    def accepted(self) -> HeadOfficeRefusal | None:
        """Head office accepted a batch: the refusal (if any) is over; returns it."""
        ended, self.refusal = self.refusal, None
        if ended is not None and self.metrics is not None:
            self.metrics.refused.set(0)
        return ended
