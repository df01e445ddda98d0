"""Ground truth: what really happened in the simulated chain, kept by the simulator itself.

The drivers record each thing the chain acknowledged (a sale with its id and sequence number,
a delivery, a shipment...) and each thing it was never told (shrink). `book` is what the
ledgers must hold; `physical` is what is on the shelf (book less the shrink nobody recorded). A stocktake finds
the shrink of the SKUs it counts: their book becomes the shelf (`counts`, sim.counts).
Saved as truth.json in the work directory, so `storeledger-sim check` can run later.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TRUTH_FILE = "truth.json"


@dataclass
class SaleRecord:
    store: str
    key: str
    sale_id: str
    sale_no: int
    seq: int
    lines: dict[str, int]  # sku -> qty_base


@dataclass
class FaultRecord:
    """A fault as injected: when (wall ms since the run started) and until when, where, and
    each store's newest journal entry at that moment (to place it among sequence numbers)."""

    kind: str
    store: str
    at_ms: int
    detail: str
    newest_seq: dict[str, int] = field(default_factory=dict)
    outcome: str = ""
    ended_ms: int = -1  # when the injector was done (the fault healed); -1: not recorded


@dataclass
class CountRecord:
    """A stocktake at a store (sim.counts): the session, its state when the sim was done with it
    and its posting's entry; per SKU what was counted (the shelf), the shrink the truth had
    injected and nobody had found yet, and what the count found (the store's book less the count)."""

    store: str
    day: int
    session_id: str
    state: str
    seq: int
    counted: dict[str, int]
    injected: dict[str, int]
    found: dict[str, int]


@dataclass
class GroundTruth:
    stores: list[str]
    book: dict[str, dict[str, int]] = field(default_factory=dict)  # store -> sku -> qty
    shrink: dict[str, dict[str, int]] = field(default_factory=dict)  # not found by a count yet
    sales: dict[str, SaleRecord] = field(default_factory=dict)  # sale_id -> record
    uncertain_sales: list[str] = field(default_factory=list)  # keys never answered
    # Till actions the store refused because its disk was full ("sale KEY", "return KEY",
    # "void"): nothing of them is in any ledger, so they are not sales, returns or voids.
    refused: list[str] = field(default_factory=list)
    returns: int = 0
    voids: int = 0
    write_offs: int = 0
    deliveries: int = 0
    transfers: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> what we did
    faults: list[FaultRecord] = field(default_factory=list)
    # A buyer's replenishment runs (sim/replenishment.py): run id, store, the lines approved,
    # each line's document, whether approving them again was refused.
    replenishments: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # actions the chain refused
    counts: list[CountRecord] = field(default_factory=list)  # stocktakes, in order
    members: dict[str, Any] = field(default_factory=dict)  # stored value (sim.members)
    channel: dict[str, Any] = field(default_factory=dict)  # online orders (sim.channel_orders)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def move(self, store: str, sku: str, qty: int) -> None:
        with self._lock:
            self._move(store, sku, qty)

    def _move(self, store: str, sku: str, qty: int) -> None:
        levels = self.book.setdefault(store, {})
        levels[sku] = levels.get(sku, 0) + qty

    def lose(self, store: str, sku: str, qty: int) -> None:
        """Unrecorded shrink: gone from the shelf, still in the books."""
        with self._lock:
            levels = self.shrink.setdefault(store, {})
            levels[sku] = levels.get(sku, 0) + qty

    def physical(self, store: str) -> dict[str, int]:
        levels = defaultdict(int, self.book.get(store, {}))
        for sku, qty in self.shrink.get(store, {}).items():
            levels[sku] -= qty
        return dict(levels)

    def counted(self, record: CountRecord) -> None:
        """A count done: once posted, the books of its SKUs are what was on the shelf (the
        shrink is found, whatever the count said; the checker compares the two)."""
        with self._lock:
            self.counts.append(record)
            if record.state != "posted":
                return
            levels, lost = self.book.setdefault(record.store, {}), self.shrink.get(record.store, {})
            for sku, qty in record.counted.items():
                levels[sku] = qty
                lost.pop(sku, None)

    def sold(self, record: SaleRecord) -> None:
        # The sale and its stock together: a snapshot (to_json) never holds one without the other.
        with self._lock:
            self.sales[record.sale_id] = record
            for sku, qty in record.lines.items():
                self._move(record.store, sku, -qty)

    def refuse(self, action: str) -> None:
        with self._lock:
            self.refused.append(action)

    def note(self, problem: str) -> None:
        with self._lock:
            self.problems.append(problem)

    def count(self, what: str) -> None:
        with self._lock:
            setattr(self, what, getattr(self, what) + 1)

    def to_json(self) -> dict[str, Any]:
        """A consistent snapshot, even while tills still record (a run stopped by Ctrl-C
        saves its truth as the till threads finish their calls)."""
        return json.loads(self._dumped())

    def _dumped(self) -> str:
        with self._lock:
            return json.dumps(self._fields(), indent=1, sort_keys=True)

    def _fields(self) -> dict[str, Any]:
        return {
            "stores": self.stores,
            "book": self.book,
            "shrink": self.shrink,
            "sales": [vars(r) for r in self.sales.values()],
            "uncertain_sales": self.uncertain_sales,
            "refused": self.refused,
            "returns": self.returns,
            "voids": self.voids,
            "write_offs": self.write_offs,
            "deliveries": self.deliveries,
            "transfers": self.transfers,
            "faults": [vars(f) for f in self.faults],
            "replenishments": self.replenishments,
            "problems": self.problems,
            "counts": [vars(c) for c in self.counts],
            "members": self.members,
            "channel": self.channel,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GroundTruth:
        truth = cls(list(data["stores"]))
        truth.book = data["book"]
        truth.shrink = data["shrink"]
        truth.sales = {r["sale_id"]: SaleRecord(**r) for r in data["sales"]}
        truth.uncertain_sales = list(data["uncertain_sales"])
        truth.refused = list(data.get("refused", []))  # runs before disk_full have none
        for name in ("returns", "voids", "write_offs", "deliveries"):
            setattr(truth, name, int(data[name]))
        truth.transfers = data["transfers"]
        truth.faults = [FaultRecord(**f) for f in data["faults"]]
        truth.replenishments = list(data.get("replenishments", []))
        truth.problems = list(data["problems"])
        truth.counts = [CountRecord(**c) for c in data.get("counts", [])]  # none before counts
        truth.members = dict(data.get("members", {}))  # runs before members have none
        truth.channel = dict(data.get("channel", {}))  # nor online orders
        return truth

    def save(self, workdir: Path) -> None:
        path = workdir / TRUTH_FILE
        path.with_suffix(".tmp").write_text(self._dumped())
        path.with_suffix(".tmp").replace(path)

    @classmethod
    def load(cls, workdir: Path) -> GroundTruth:
        return cls.from_json(json.loads((workdir / TRUTH_FILE).read_text()))
