"""The checker's invariant "counts found all injected shrink" (sim.counts does the counts).

For every stocktake the simulator did (truth.counts):
- it posted, at the store and at head office;
- for each SKU it counted, what it found (the store's book less the count) is the shrink the
  truth had injected there since the SKU was last counted, and head office's variance for it
  (from its own count lines and book) is the same;
and for every store and SKU counted after its last shrink, head office == the store's ledger ==
what is on the shelf (the truth's physical stock).

Plain Python over the truth and what the chain holds, so doctored histories can be fed to it;
each finding is (store, message, sequence numbers), made a Violation("count", ...) by sim.checker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sim.truth import GroundTruth

POSTED = "posted"
Finding = tuple[str, str, list[int]]  # store, message, the entries involved


def read_ho_counts(ho_dir: Path) -> dict[str, dict[str, Any]]:
    """Head office's count sessions: id -> {"state": ..., "variance": {sku: qty_base}} (the
    variance of a posted session's results, as head office computed it)."""
    from headoffice.config import DataDir

    data = DataDir(ho_dir)
    engine = sa.create_engine(data.database_url(data.load()))
    counts: dict[str, dict[str, Any]] = {}
    try:
        with engine.connect() as conn:
            for sid, state in conn.execute(sa.text("SELECT session_id, state FROM count_sessions")):
                counts[sid] = {"state": state, "variance": {}}
            rows = conn.execute(
                sa.text("SELECT session_id, sku, variance_qty_base FROM count_results")
            )
            for sid, sku, variance in rows:
                counts.setdefault(sid, {"state": "", "variance": {}})["variance"][sku] = int(
                    variance
                )
    finally:
        engine.dispose()
    return counts


def check_counts(
    truth: GroundTruth,
    ho_counts: dict[str, dict[str, Any]],
    ho_stock: dict[str, dict[str, int]],
    edge_stock: dict[str, dict[str, int]],
) -> list[Finding]:
    found: list[Finding] = []
    for record in truth.counts:
        where = f"{record.store} count {record.session_id} (day {record.day + 1})"
        seqs = [record.seq] if record.seq else []
        missed = sum(q for q in record.injected.values())
        if record.state != POSTED:
            found.append((record.store, (
                f"{where} is {record.state}, not posted: {missed} piece(s) of shrink not found"
            ), seqs))  # fmt: skip
            continue
        at_ho = ho_counts.get(record.session_id)
        if at_ho is None or at_ho["state"] != POSTED:
            state = "missing" if at_ho is None else at_ho["state"]
            found.append((record.store, f"{where} is posted at the store, {state} at head office",
                          seqs))  # fmt: skip
        for sku in sorted(record.counted):
            injected, said = record.injected.get(sku, 0), record.found.get(sku, 0)
            if said != injected:
                found.append((record.store, (
                    f"{where} {sku}: the count found {said} missing, the truth injected "
                    f"{injected} piece(s) of shrink since it was last counted"
                ), seqs))  # fmt: skip
            if at_ho is not None and at_ho["state"] == POSTED:
                ho_said = -at_ho["variance"].get(sku, 0)
                if ho_said != said:
                    found.append((record.store, (
                        f"{where} {sku}: head office's count found {ho_said} missing, the "
                        f"store's {said}"
                    ), seqs))  # fmt: skip
    for store, sku in sorted(counted_after_last_shrink(truth)):
        shelf = truth.physical(store).get(sku, 0)
        ho_qty = ho_stock.get(store, {}).get(sku, 0)
        at_edge = edge_stock.get(store, {}).get(sku, 0)
        if not shelf == ho_qty == at_edge:
            found.append((store, (
                f"{store} {sku}, counted after its last shrink: head office {ho_qty}, store "
                f"ledger {at_edge}, on the shelf {shelf}"
            ), []))  # fmt: skip
    return found


def counted_after_last_shrink(truth: GroundTruth) -> set[tuple[str, str]]:
    """(store, sku) of every SKU a posted count took with no shrink after it: a count finds
    the SKU's shrink, so one whose shrink is all found was counted after its last."""
    counted = {(r.store, sku) for r in truth.counts if r.state == POSTED for sku in r.counted}
    return {(s, k) for s, k in counted if not truth.shrink.get(s, {}).get(k, 0)}


def shrink_figures(truth: GroundTruth) -> tuple[int, int]:
    """The shrink injected over the run (found or not) and what the counts found of it."""
    unfound = sum(q for levels in truth.shrink.values() for q in levels.values())
    posted = [r for r in truth.counts if r.state == POSTED]
    injected = unfound + sum(q for r in posted for q in r.injected.values())
    return injected, sum(q for r in posted for q in r.found.values())
