"""Fault injectors: each acts out one fault event of the plan against the running chain and records
it (with every store's newest journal entry at that moment) in the ground truth.

An injector waits for its store's tills to have done `after_sales` more things first, so the
fault lands in the middle of trading (a kill between a commit and its acknowledgement, a cut in
the middle of a batch), never between two quiet periods.
"""

from __future__ import annotations

import logging
import resource
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common.clock import OFFSET_ENV
from sim.drivers import TillDriver
from sim.faultproxy import FaultProxy, NothingToReplay
from sim.private_pg import PrivatePostgres, PrivatePostgresError
from sim.processes import BIN, ChainError, EdgeAgent, HeadOffice, run, wait_for
from sim.proxy_group import ProxyGroup
from sim.scenario import Event
from sim.truth import FaultRecord, GroundTruth

log = logging.getLogger(__name__)
PG_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
HOLD_S = 3.0  # how long a lasting fault (a wrong clock, a slow link) holds while tills sell
RESTORED_REFUSAL = "is not the store's ledger"


Link = FaultProxy | ProxyGroup  # a store's own proxy, or one per head-office process


@dataclass
class Chain:
    """The running chain as the injectors and the runner see it. `headoffice` is the first
    process (hoctl talks to it); `headoffices` every process serving the one database."""

    workdir: Path
    headoffice: HeadOffice
    edges: dict[str, EdgeAgent]
    drivers: dict[str, TillDriver] = field(default_factory=dict)
    proxies: dict[str, Link] = field(default_factory=dict)  # store -> its own proxy
    trading: dict[str, threading.Thread] = field(default_factory=dict)  # this hour's tills
    started: float = field(default_factory=time.monotonic)
    headoffices: list[HeadOffice] = field(default_factory=list)
    pg: PrivatePostgres | None = None  # the run's own PostgreSQL cluster, if it has one

    def __post_init__(self) -> None:
        if not self.headoffices:
            self.headoffices = [self.headoffice]

    def headoffice_address(self, store: str) -> str | None:
        """Where the store's agent reaches head office: its own fault proxy (or proxies) when
        there is one, else every head-office process; None: the address of its bundle."""
        proxy = self.proxies.get(store)
        if proxy is not None:
            return str(proxy.address)
        if len(self.headoffices) > 1:
            return ",".join(ho.grpc_address for ho in self.headoffices)
        return None

    def start_edge(self, store: str, edge: EdgeAgent | None = None) -> None:
        (edge or self.edges[store]).start(headoffice=self.headoffice_address(store))

    def newest_seqs(self) -> dict[str, int]:
        # Read while the tills sell (a 50-store run once failed iterating their sales here).
        return {code: driver.newest_seq for code, driver in self.drivers.items()}


class FaultInjector:
    def __init__(self, chain: Chain, truth: GroundTruth):
        self.chain = chain
        self.truth = truth
        # What else happens while a store is partitioned (sim.members.offline_round): each
        # takes the fault's event and says what it did; the partition holds until they are done.
        self.while_partitioned: list[Callable[[Event], str]] = []

    def inject(self, event: Event) -> None:
        injectors: dict[str, Callable[[Event], str]] = {
            "kill_headoffice": self.kill_headoffice,
            "kill_edge": self.kill_edge,
            "clock_skew": self.clock_skew,
            "restored_backup": self.restored_backup,
            "disk_full": self.disk_full,
            "pg_restart": self.pg_restart,
            "net_delay": self.net_delay,
            "net_cut": self.net_cut,
            "net_partition": self.net_partition,
            "net_replay": self.net_replay,
            "net_drop": self.net_drop,
        }
        self._wait_for_trading(event)
        record = FaultRecord(
            event.kind,
            event.store,
            int((time.monotonic() - self.chain.started) * 1000),
            _detail(event),
            self.chain.newest_seqs(),
        )
        try:
            record.outcome = injectors[event.kind](event)
        except (ChainError, PrivatePostgresError, OSError, subprocess.SubprocessError) as exc:
            record.outcome = f"injector failed: {exc}"
            self.truth.note(f"fault {event.kind} at {event.store}: {exc}")
        record.ended_ms = int((time.monotonic() - self.chain.started) * 1000)
        self.truth.faults.append(record)

    def _wait_for_trading(self, event: Event) -> None:
        driver = self.chain.drivers.get(event.store)
        if driver is None:
            return
        target = driver.done + int(event.data.get("after_sales", 0))
        tills = self.chain.trading.get(event.store)
        while driver.done < target and tills is not None and tills.is_alive():
            time.sleep(0.01)

    def kill_headoffice(self, event: Event) -> str:
        processes = self.chain.headoffices
        n = int(event.data.get("process", 0)) % len(processes)
        ho = processes[n]
        ho.kill()
        time.sleep(0.5)
        ho.start()
        return "SIGKILLed and restarted" + (f" (process {n + 1})" if len(processes) > 1 else "")

    def kill_edge(self, event: Event) -> str:
        self.chain.edges[event.store].kill()
        time.sleep(0.2)
        self.chain.start_edge(event.store)
        return "SIGKILLed and restarted"

    def clock_skew(self, event: Event) -> str:
        edge = self.chain.edges[event.store]
        edge.stop()
        edge.env[OFFSET_ENV] = str(event.data["offset_h"] * 3_600_000)
        try:
            self.chain.start_edge(event.store)
            time.sleep(HOLD_S)  # the tills go on selling with the clock wrong
            edge.stop()
        finally:
            edge.env.pop(OFFSET_ENV, None)
        self.chain.start_edge(event.store)
        return f"ran {HOLD_S:.0f}s with its clock {event.data['offset_h']}h off"

    def restored_backup(self, event: Event) -> str:
        """Back the ledger up, let the store go on until head office has committed past the
        backup, then serve a copy of the store's data directory with the older ledger restored:
        head office's journal is ahead of it, so nothing may be marked as synced."""
        store = event.store
        edge, ho = self.chain.edges[store], self.chain.headoffice
        backup = self.chain.workdir / "backups" / f"{store}-{event.minute}.db"
        backup.parent.mkdir(exist_ok=True)
        run([str(BIN / "edge-agent"), "backup", str(backup), "--data-dir", str(edge.data_dir)],
            env=edge.env)  # fmt: skip
        backed_up = edge.status()["newest_seq"]

        def committed() -> int:
            rows = {r["store"]: r for r in ho.hoctl_json("sync", "status")}
            return int(rows[store]["committed_seq"]) if store in rows else 0

        # A sale after the backup (a till of its own, beside the store's tills).
        seller = TillDriver(edge, self.chain.drivers[store].products_list, self.truth)
        try:
            seller.sell(Event(event.day, event.minute, "sale", store, {
                "key": f"{store}-d{event.day}-after-backup-{event.minute}", "till": "T1",
                "lines": [[seller.products_list[0].sku, 1]], "tender": "cash"}))  # fmt: skip
        finally:
            seller.close()
        wait_for(f"head office to commit {store} past entry {backed_up}",
                 lambda: committed() > backed_up, 60, 0.3)  # fmt: skip
        edge.stop()
        copy = self.chain.workdir / f"restored-{store}-{event.minute}"
        shutil.copytree(edge.data_dir, copy, ignore=shutil.ignore_patterns("run", "*.log"))
        restored = EdgeAgent(copy, store, env=dict(edge.env))
        try:
            run([str(BIN / "edge-agent"), "restore", str(backup), "--data-dir", str(copy)],
                env=edge.env)  # fmt: skip
            before = committed()
            self.chain.start_edge(store, restored)
            try:
                wait_for(
                    f"the restored copy of {store} to be refused",
                    lambda: RESTORED_REFUSAL in (copy / "agent.log").read_text(errors="replace"),
                    30,
                    0.2,
                )
                status = restored.status()
            finally:
                restored.stop()
            after = committed()
        finally:
            self.chain.start_edge(store)
        if after != before or status["committed_seq"] > backed_up:
            raise ChainError(
                f"the restored ledger of {store} was not refused: head office committed "
                f"{before} -> {after}, the copy believes {status['committed_seq']} synced"
            )
        return f"restored ledger (entry {backed_up}, head office at {before}) refused"

    def disk_full(self, event: Event) -> str:
        """The store's disk fills, then empties: a file-size limit of 0 on its running agent
        (RLIMIT_FSIZE through prlimit, no root needed; the agent ignores SIGXFSZ) fails every
        write to a file with EFBIG, as a disk with no free block would (a limit at the WAL's
        size would not: SQLite rewrites a WAL a checkpoint reset from its start). A sale tried
        meanwhile must be refused, leaving nothing; once the limit is lifted it is taken again
        with the same key. The store's own tills meet the full disk too while it holds."""
        store = event.store
        edge = self.chain.edges[store]
        if edge.process is None or not edge.process.alive():
            raise ChainError(f"the edge agent of {store} is not running")
        pid = edge.process.pid
        before = len(self.truth.refused)
        key = f"{store}-d{event.day}-disk-full-{event.minute}"
        sale = Event(event.day, event.minute, "sale", store, {
            "key": key, "till": "T1", "tender": "cash",
            "lines": [[self.chain.drivers[store].products_list[0].sku, 1]]})  # fmt: skip
        seller = TillDriver(edge, self.chain.drivers[store].products_list, self.truth)
        try:
            soft, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
            resource.prlimit(pid, resource.RLIMIT_FSIZE, (0, hard))
            try:
                seller.act(sale)  # refused: recorded in the truth as refused, not as a sale
                time.sleep(HOLD_S)
            finally:
                resource.prlimit(pid, resource.RLIMIT_FSIZE, (soft, hard))
            refused = len(self.truth.refused) - before
            if f"sale {key}" not in self.truth.refused:
                raise ChainError(f"a sale at {store} was not refused while its disk was full")
            seller.act(sale)  # space is back: the customer's sale is taken again
            if key not in seller.by_key:
                raise ChainError(f"{store} did not sell again once its disk had space")
        finally:
            seller.close()
        return f"disk full for {HOLD_S:.0f}s: {refused} till action(s) refused, then sold again"

    def pg_restart(self, event: Event) -> str:
        mode = str(event.data.get("mode", "fast"))
        if self.chain.pg is not None:
            started = time.monotonic()
            self.chain.pg.restart(mode)
            return f"private PostgreSQL restarted ({mode}) in {time.monotonic() - started:.1f}s"
        done = run(PG_RESTART, check=False, timeout_s=120)
        if done.returncode != 0:
            raise ChainError(f"{' '.join(PG_RESTART)}: {done.stderr.strip()}")
        return "PostgreSQL restarted"

    def _proxy(self, store: str) -> Link:
        proxy = self.chain.proxies.get(store)
        if proxy is None:
            raise ChainError(f"{store} has no fault proxy")
        return proxy

    def net_delay(self, event: Event) -> str:
        proxy = self._proxy(event.store)
        proxy.delay(event.data["ms"], event.data["jitter_ms"])
        time.sleep(HOLD_S)
        proxy.heal()
        return f"{event.data['ms']}±{event.data['jitter_ms']} ms for {HOLD_S:.0f}s"

    def net_cut(self, event: Event) -> str:
        proxy = self._proxy(event.store)
        proxy.cut_after(event.data["n_bytes"], direction=event.data["direction"])
        proxy.cut_all()  # the agent reconnects at once: that next connection is cut at n bytes
        time.sleep(HOLD_S)
        proxy.heal()
        return f"cut after {event.data['n_bytes']} bytes {event.data['direction']}"

    def net_partition(self, event: Event) -> str:
        proxy = self._proxy(event.store)
        proxy.partition()
        until = time.monotonic() + event.data["seconds"]
        try:
            said = [hook(event) for hook in self.while_partitioned]
            time.sleep(max(0.0, until - time.monotonic()))
        finally:
            proxy.heal()
        return "; ".join([f"partitioned {event.data['seconds']}s", *said])

    def net_replay(self, event: Event) -> str:
        proxy = self._proxy(event.store)
        try:
            proxy.replay("upstream")
        except NothingToReplay:
            return "nothing to replay yet"
        return "old upstream bytes replayed to head office"

    def net_drop(self, event: Event) -> str:
        proxy = self._proxy(event.store)
        proxy.drop(event.data["pct"])
        time.sleep(HOLD_S)
        proxy.heal()
        return f"{event.data['pct']}% dropped for {HOLD_S:.0f}s"


def _detail(event: Event) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(event.data.items()) if k != "after_sales")
