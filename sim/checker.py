"""The checker: the chain's books against the ground truth the simulator kept.

`observe()` reads what the chain believes (head office's stock and journal, every edge's stock
and newest entry, each transfer, `hoctl verify` and `hoctl audit verify`); `check()` is plain
Python over that and the truth, so a doctored history can be fed to it in a unit test. Each
violation carries the smallest history that shows it: the store, the sequence numbers, and the
faults injected around them.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sim.count_checker import check_counts, read_ho_counts
from sim.processes import EdgeAgent, HeadOffice
from sim.replenishment import replenishment_problems
from sim.truth import FaultRecord, GroundTruth

SALE_DOCUMENT = "sale"
OBSERVERS = 4  # commands observe() runs at once


@dataclass
class Observed:
    """What the chain holds at the end of a run."""

    ho_stock: dict[str, dict[str, int]]  # store -> sku -> qty_base (non-zero)
    edge_stock: dict[str, dict[str, int]]
    ho_journal: dict[str, list[tuple[int, str, str]]]  # store -> (seq, document_type, id)
    edge_newest: dict[str, int]
    transfers: dict[str, dict[str, Any]]  # id -> hoctl transfer show
    verify: dict[str, str] = field(default_factory=dict)  # what -> "" when clean, else why
    # count session id -> {"state", "variance": {sku: qty}} at head office (sim.count_checker)
    ho_counts: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Violation:
    kind: str  # stock, sale_lost, sale_doubled, sale_unknown, journal_gap, transfer, verify, count
    store: str
    message: str
    seqs: list[int] = field(default_factory=list)
    faults: list[FaultRecord] = field(default_factory=list)


def observe(workdir: Path, headoffice: HeadOffice, edges: dict[str, EdgeAgent],
            truth: GroundTruth) -> Observed:  # fmt: skip
    # Each look is a command (hoctl, pos) of its own; a few at a time, as they mostly wait
    # on the servers and on starting Python.
    with ThreadPoolExecutor(max_workers=OBSERVERS) as pool:
        ho_rows = {c: pool.submit(headoffice.hoctl_json, "stock", "--store", c) for c in edges}
        edge_rows = {c: pool.submit(e.pos_json, "stock") for c, e in edges.items()}
        statuses = {c: pool.submit(e.status) for c, e in edges.items()}
        shown = {t: pool.submit(headoffice.hoctl_json, "transfer", "show", t)
                 for t in truth.transfers}  # fmt: skip
        verified = {f"hoctl verify --store {c}":
                    pool.submit(headoffice.hoctl, "verify", "--store", c, check=False)
                    for c in edges}  # fmt: skip
        verified["hoctl audit verify"] = pool.submit(headoffice.hoctl, "audit", "verify",
                                                     check=False)  # fmt: skip
        ho_stock = {code: _levels(rows.result()) for code, rows in ho_rows.items()}
        edge_stock = {code: _levels(rows.result()) for code, rows in edge_rows.items()}
        edge_newest = {
            code: int(status.result()["newest_seq"]) for code, status in statuses.items()
        }
        transfers = {tid: found.result() for tid, found in shown.items()}
        verify = {}
        for what, future in verified.items():
            done = future.result()
            verify[what] = "" if done.returncode == 0 else _said(done)
    return Observed(ho_stock, edge_stock, read_ho_journal(headoffice.data_dir), edge_newest,
                    transfers, verify, read_ho_counts(headoffice.data_dir))  # fmt: skip


def _said(done: Any) -> str:
    return (done.stdout + done.stderr).strip()[-2000:]


def _levels(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {r["sku"]: int(r["qty_base"]) for r in rows if int(r["qty_base"])}


def read_ho_journal(ho_dir: Path) -> dict[str, list[tuple[int, str, str]]]:
    """Head office's journal of every store, read from its database (SQLite or PostgreSQL)."""
    from headoffice.config import DataDir

    data = DataDir(ho_dir)
    engine = sa.create_engine(data.database_url(data.load()))
    journal: dict[str, list[tuple[int, str, str]]] = {}
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT store_code, seq, document_type, document_id FROM journal_entries "
                    "ORDER BY store_code, seq"
                )
            )
            for store, seq, doc_type, doc_id in rows:
                journal.setdefault(store, []).append((int(seq), doc_type, doc_id))
    finally:
        engine.dispose()
    return journal


def check(truth: GroundTruth, seen: Observed) -> list[Violation]:
    found: list[Violation] = []
    for store in truth.stores:
        found += _stock(truth, seen, store)
        found += _sales(truth, seen, store)
        found += _journal(seen, store)
    found += _transfers(truth, seen)
    for store, message, seqs in check_counts(truth, seen.ho_counts, seen.ho_stock,
                                             seen.edge_stock):  # fmt: skip
        found.append(Violation("count", store, message, seqs))
    for record, why in replenishment_problems(truth.replenishments):
        found.append(Violation("replenishment", record["store"], why))
    for what, why in sorted(seen.verify.items()):
        if why:
            found.append(Violation("verify", "", f"{what} is not clean: {why}"))
    for violation in found:
        violation.faults = faults_around(truth, violation.store, violation.seqs)
    return found


def _stock(truth: GroundTruth, seen: Observed, store: str) -> list[Violation]:
    book = {sku: qty for sku, qty in truth.book.get(store, {}).items() if qty}
    ho, edge = seen.ho_stock.get(store, {}), seen.edge_stock.get(store, {})
    found = []
    for sku in sorted(set(book) | set(ho) | set(edge)):
        want, at_ho, at_edge = book.get(sku, 0), ho.get(sku, 0), edge.get(sku, 0)
        if not want == at_ho == at_edge:
            shrink = truth.shrink.get(store, {}).get(sku, 0)
            found.append(Violation("stock", store, (
                f"{store} {sku}: head office {at_ho}, store ledger {at_edge}, ground truth "
                f"{want - shrink} on the shelf + {shrink} unrecorded shrink = {want} in the books"
            )))  # fmt: skip
    return found


def _sales(truth: GroundTruth, seen: Observed, store: str) -> list[Violation]:
    at_ho = [
        (seq, doc) for seq, kind, doc in seen.ho_journal.get(store, []) if kind == SALE_DOCUMENT
    ]
    counts = Counter(doc for _seq, doc in at_ho)
    seqs_of: dict[str, list[int]] = {}
    for seq, doc in at_ho:
        seqs_of.setdefault(doc, []).append(seq)
    ours = {r.sale_id: r for r in truth.sales.values() if r.store == store}
    found = []
    for sale_id, record in sorted(ours.items(), key=lambda kv: kv[1].seq):
        if sale_id not in counts:
            found.append(Violation("sale_lost", store, (
                f"{store} sale {sale_id} (sale no {record.sale_no}, till key {record.key}) was "
                f"acknowledged at entry {record.seq} but head office has no such sale"
            ), [record.seq]))  # fmt: skip
    for sale_id, n in sorted(counts.items()):
        if n > 1:
            found.append(Violation("sale_doubled", store, (
                f"{store} sale {sale_id} is {n} times in head office's journal, at entries "
                + ", ".join(map(str, seqs_of[sale_id]))
            ), seqs_of[sale_id]))  # fmt: skip
    unknown = [doc for doc in counts if doc not in ours]
    allowed = sum(1 for key in truth.uncertain_sales if key.startswith(f"{store}-"))
    if len(unknown) > allowed:
        seqs = sorted(s for doc in unknown for s in seqs_of[doc])
        found.append(Violation("sale_unknown", store, (
            f"{store}: head office holds {len(unknown)} sale(s) no till was told of (at most "
            f"{allowed} calls went unanswered), at entries " + ", ".join(map(str, seqs))
        ), seqs))  # fmt: skip
    return found


def _journal(seen: Observed, store: str) -> list[Violation]:
    seqs = [seq for seq, _kind, _doc in seen.ho_journal.get(store, [])]
    newest = seen.edge_newest.get(store, 0)
    found = []
    missing = sorted(set(range(1, newest + 1)) - set(seqs))
    if missing:
        found.append(Violation("journal_gap", store, (
            f"{store}: head office's journal lacks entries " + _ranges(missing)
            + f" of the store's 1..{newest}"
        ), missing[:20]))  # fmt: skip
    beyond = [s for s in seqs if s > newest]
    if beyond:
        found.append(Violation("journal_gap", store, (
            f"{store}: head office holds entries {_ranges(beyond)} past the store's newest, {newest}"
        ), beyond[:20]))  # fmt: skip
    doubled = [s for s, n in Counter(seqs).items() if n > 1]
    if doubled:
        found.append(Violation("journal_gap", store, (
            f"{store}: entries {_ranges(sorted(doubled))} are in head office's journal twice"
        ), sorted(doubled)[:20]))  # fmt: skip
    return found


def _transfers(truth: GroundTruth, seen: Observed) -> list[Violation]:
    found = []
    for tid, ours in sorted(truth.transfers.items()):
        shown = seen.transfers.get(tid)
        if shown is None:
            found.append(
                Violation("transfer", ours["from"], f"transfer {tid} is not at head office")
            )
            continue
        for line in shown["lines"]:
            sku = line["sku"]
            sent, got = int(line["shipped_qty_base"]), int(line["received_qty_base"])
            resolved = int(line.get("resolved_qty_base") or 0)
            in_transit = (
                sent - got - resolved if shown["state"] in ("shipped", "discrepancy") else 0
            )
            if sent != got + in_transit + resolved:
                found.append(Violation("transfer", ours["from"], (
                    f"transfer {tid} {sku}: sent {sent} != received {got} + in transit "
                    f"{in_transit} + resolved {resolved}"
                )))  # fmt: skip
            want_sent = ours.get("shipped", {}).get(sku, 0)
            want_got = ours.get("received", {}).get(sku, 0)
            if (sent, got) != (want_sent, want_got):
                found.append(Violation("transfer", ours["from"], (
                    f"transfer {tid} {sku}: head office says {sent} sent and {got} received, "
                    f"the stores did {want_sent} and {want_got}"
                )))  # fmt: skip
    return found


def faults_around(
    truth: GroundTruth, store: str, seqs: list[int], window: int = 50
) -> list[FaultRecord]:
    """The faults that could explain a violation: at its store or at head office, injected while
    the store's journal was near the sequence numbers involved (all of them when none)."""
    near = []
    for fault in truth.faults:
        if store and fault.store != store and fault.kind not in ("kill_headoffice", "pg_restart"):
            continue
        at = fault.newest_seq.get(store, 0) if store else 0
        if not seqs or any(abs(at - s) <= window for s in seqs):
            near.append(fault)
    return near


def _ranges(seqs: list[int]) -> str:
    """1, 2, 3, 7 -> "1-3, 7"."""
    runs: list[list[int]] = []
    for s in sorted(seqs):
        if runs and s == runs[-1][1] + 1:
            runs[-1][1] = s
        else:
            runs.append([s, s])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs)
