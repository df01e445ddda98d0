"""One store's link to several head-office processes: a FaultProxy per process, faulted together.

A store given two head-office addresses keeps a connection to each (round_robin,
docs/headoffice-processes.md), so a network fault at the store's end hits every one of them:
the group passes each fault call to all its proxies, and its address is their list.
"""

from __future__ import annotations

from sim.faultproxy import FaultProxy, NothingToReplay
from sim.faults import UPSTREAM


class ProxyGroup:
    def __init__(self, proxies: list[FaultProxy]) -> None:
        self.proxies = proxies

    @property
    def address(self) -> str:
        return ",".join(p.address for p in self.proxies)

    def start(self) -> ProxyGroup:
        for proxy in self.proxies:
            proxy.start()
        return self

    def close(self) -> None:
        for proxy in self.proxies:
            proxy.close()

    def delay(self, ms: int, jitter_ms: int = 0) -> None:
        for proxy in self.proxies:
            proxy.delay(ms, jitter_ms)

    def drop(self, probability_pct: int) -> None:
        for proxy in self.proxies:
            proxy.drop(probability_pct)

    def cut_after(self, n_bytes: int, direction: str = UPSTREAM) -> None:
        for proxy in self.proxies:
            proxy.cut_after(n_bytes, direction)

    def partition(self, seconds: float | None = None) -> None:
        for proxy in self.proxies:
            proxy.partition(seconds)

    def heal(self) -> None:
        for proxy in self.proxies:
            proxy.heal()

    def cut_all(self) -> None:
        for proxy in self.proxies:
            proxy.cut_all()

    def replay(self, direction: str = UPSTREAM, *, timeout_s: float = 2.0) -> None:
        """Replay to every process that has bytes recorded; NothingToReplay if none has."""
        replayed = 0
        for proxy in self.proxies:
            try:
                proxy.replay(direction, timeout_s=timeout_s)
                replayed += 1
            except NothingToReplay:
                continue
        if not replayed:
            raise NothingToReplay("no connection has carried bytes yet")

    def stats(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for proxy in self.proxies:
            for key, n in proxy.stats().items():
                total[key] = total.get(key, 0) + n
        return total
