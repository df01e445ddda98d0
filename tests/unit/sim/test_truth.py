"""What the tills record, read while they record: the ground truth saved by a run stopped with
Ctrl-C (a 50-store run once ended in "dictionary changed size during iteration" and left its
chain running) and each store's newest sequence number, read by every fault as it is
injected (a 50-store run once failed there the same way)."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from sim.drivers import TillDriver
from sim.injectors import Chain
from sim.truth import GroundTruth, SaleRecord


def test_a_snapshot_taken_while_tills_record_is_consistent(tmp_path: Path) -> None:
    truth = GroundTruth(["S001", "S002"])

    def till(store: str) -> None:
        for n in range(1, 5001):
            truth.sold(SaleRecord(store, f"k{store}{n}", f"{store}-{n}", n, n, {"A": 1, "B": 2}))

    tills = [threading.Thread(target=till, args=(s,)) for s in truth.stores]
    for t in tills:
        t.start()
    snapshots = []
    while any(t.is_alive() for t in tills) and len(snapshots) < 50:
        snapshots.append(truth.to_json())
    truth.save(tmp_path)
    for t in tills:
        t.join()
    assert any(0 < len(s["sales"]) < 10000 for s in snapshots), "no snapshot while tills recorded"
    for snap in [*snapshots, GroundTruth.load(tmp_path).to_json()]:
        for store in truth.stores:
            sold = [s for s in snap["sales"] if s["store"] == store]
            book = snap["book"].get(store, {})
            # Every sale in the snapshot has its stock moved, and no stock moved without one.
            assert book.get("A", 0) == -len(sold) and book.get("B", 0) == -2 * len(sold)


def test_newest_sequence_numbers_read_while_tills_sell() -> None:
    truth = GroundTruth(["S001"])
    edge = cast(Any, SimpleNamespace(store_code="S001"))
    driver = TillDriver(edge, (), truth)
    chain = Chain(Path("."), cast(Any, None), {"S001": edge}, drivers={"S001": driver})

    def till() -> None:
        for n in range(1, 20001):
            driver.keep(SaleRecord("S001", f"k{n}", f"S001-{n}", n, n, {"A": 1}))

    seller = threading.Thread(target=till)
    seller.start()
    seen = []
    while seller.is_alive() and len(seen) < 2000:
        seen.append(chain.newest_seqs()["S001"])
    seller.join()
    assert seen == sorted(seen) and any(0 < s < 20000 for s in seen)
    assert chain.newest_seqs() == {"S001": 20000} and len(driver.by_key) == 20000
