"""The ground truth's saved form: a run stopped with Ctrl-C saves it while till threads are
still recording sales (a 50-store run once ended in "dictionary changed size during
iteration" and left its chain running); each snapshot is whole and consistent."""

from __future__ import annotations

import threading
from pathlib import Path

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
