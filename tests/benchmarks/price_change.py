"""A chain-wide price change reaching the stores (issue 17): 30,000 SKUs repriced at head office.

Three figures, each against a baseline measured in the same run:

1. At the store, in this process: 30,000 price changes applied to an edge ledger holding
   the catalogue, one transaction each (the edge's old path, `apply_catalogue_change`) against runs of up
   to 1,000 in one transaction (`apply_catalogue_changes`, what the downstream client does
   with the changes that have arrived). Rounds alternate; medians are quoted.
2. End to end: a real `headoffice serve` on a fresh PostgreSQL database and a real edge
   agent; the 30,000-SKU catalogue is imported and reaches the store; then every price
   changes (`hoctl catalogue import` of the repriced file). Timed from hoctl's exit (the
   import committed) until the store's downstream cursor reaches head office's last one.
   Baseline: the import itself (hoctl's wall time).
3. Fan-out: N simulated stores (in this process, one mTLS Downstream stream each with its
   own store certificate, receiving without a ledger behind them) follow the feed while the
   change is imported; timed until the last of them has received head office's last event.
"""

from __future__ import annotations

import asyncio
import csv
import statistics
import time
from contextlib import ExitStack
from pathlib import Path

import grpc
import sqlalchemy as sa

from common.bundle import EnrolmentBundle
from common.domain.barcodes import gtin_check_digit
from common.pb.storeledger.v1 import catalogue_pb2, sync_pb2, sync_pb2_grpc
from common.tls import channel_credentials, channel_options
from edge_agent.api.messages.catalogue import catalogue_change
from edge_agent.services.catalogue import apply_catalogue_change, apply_catalogue_changes
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream import RUN_EVENTS
from scripts.chain import EdgeAgent, HeadOffice, wait_for
from tests.benchmarks.fresh_headoffice import fresh_headoffice
from tests.benchmarks.report import Figure, Section, progress
from tests.benchmarks.sync_lag import load_bundles

TARGET_S = 5.0


def _changes(skus: int, price_offset: int) -> list[tuple]:
    out = []
    for i in range(skus):
        body = f"692{i:09d}"
        product = catalogue_pb2.Product(
            sku=f"SKU{i:06d}", name=f"Product {i}", unit="piece",
            barcodes=[body + str(gtin_check_digit(body))],
            price_minor=100 + i % 5000 + price_offset, cost_minor=50, currency="CNY", active=True,
        )  # fmt: skip
        out.append((catalogue_change(product), i + 1))
    return out


def _apply_one_each(ctx: StoreContext, changes: list[tuple]) -> None:
    for change, cursor in changes:
        apply_catalogue_change(ctx, change, cursor)


def _apply_in_runs(ctx: StoreContext, changes: list[tuple]) -> None:
    for start in range(0, len(changes), RUN_EVENTS):
        apply_catalogue_changes(ctx, changes[start : start + RUN_EVENTS])


def _in_process(work: Path, skus: int, rounds: int) -> tuple[list[float], list[float]]:
    """Reprice a store that holds the catalogue: one transaction per change, then in runs."""
    catalogue = _changes(skus, 0)
    one_each: list[float] = []
    in_runs: list[float] = []
    for n in range(rounds):
        for label, apply, samples in (
            ("one transaction each", _apply_one_each, one_each),
            ("runs", _apply_in_runs, in_runs),
        ):
            ctx = StoreContext.open(work / f"ledger-{n}-{len(samples)}-{label[0]}.db", "B001", "B")
            try:
                _apply_in_runs(ctx, catalogue)
                repriced = [(c, cursor + skus) for c, cursor in _changes(skus, n + 1)]
                started = time.perf_counter()
                apply(ctx, repriced)
                samples.append(time.perf_counter() - started)
            finally:
                ctx.close()
            progress(f"round {n + 1}: {skus:,} price changes, {label}: {samples[-1]:.2f} s")
    return one_each, in_runs


def _write_catalogue(path: Path, skus: int, price_offset: int) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["sku", "name", "barcodes", "unit", "price_minor", "cost_minor", "category"]
        )
        for i in range(skus):
            writer.writerow(
                [f"SKU{i:06d}", f"Product {i}", "", "piece", 100 + i % 5000 + price_offset, 50,
                 f"cat{i % 20}"]
            )  # fmt: skip


def _last_cursor(db_url: str) -> int:
    """The highest cursor of the chain-wide feed (a catalogue change is for every store):
    what every store reaches. Events for one store only (its enrolment's) are not, so the
    highest cursor of all may be one the other stores never read past."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            top = conn.execute(
                sa.text("SELECT max(cursor) FROM downstream_events WHERE store_code IS NULL")
            ).scalar()
            return int(top or 0)
    finally:
        engine.dispose()


class _Follower:
    """A simulated store that follows the downstream feed and notes when it saw a cursor."""

    def __init__(self, bundle: EnrolmentBundle, address: str) -> None:
        self.bundle = bundle
        self.address = address
        self.cursor = 0
        self.reached_at: float | None = None
        self.target = 0

    async def follow(self, stop: asyncio.Event) -> None:
        creds = channel_credentials(
            self.bundle.ca_pem.encode(), self.bundle.cert_pem.encode(), self.bundle.key_pem.encode()
        )
        async with grpc.aio.secure_channel(self.address, creds, options=channel_options()) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Downstream(
                # As a real agent asks: catalogue changes in batches (a batch's cursor is
                # its last change's).
                sync_pb2.DownstreamRequest(
                    store_code=self.bundle.store_code,
                    after_cursor=0,
                    accepts_product_batches=True,
                )  # fmt: skip
            )
            stopping = asyncio.ensure_future(stop.wait())
            try:
                async for event in call:
                    self.cursor = max(self.cursor, event.cursor)
                    if self.target and self.cursor >= self.target and self.reached_at is None:
                        self.reached_at = time.monotonic()
                    if stopping.done():
                        break
            finally:
                call.cancel()
                stopping.cancel()


async def _fan_out(
    ho: HeadOffice, db_url: str, bundles: list[EnrolmentBundle], csv_path: Path
) -> tuple[float, float, int]:
    followers = [_Follower(b, ho.grpc_address) for b in bundles]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(f.follow(stop)) for f in followers]
    before = await asyncio.to_thread(_last_cursor, db_url)
    while min(f.cursor for f in followers) < before:  # every store has caught up first
        await asyncio.sleep(0.2)
    started = time.monotonic()
    await asyncio.to_thread(ho.hoctl, "catalogue", "import", str(csv_path))
    committed = time.monotonic()
    target = await asyncio.to_thread(_last_cursor, db_url)
    for f in followers:
        f.target = target
        if f.cursor >= target:
            f.reached_at = time.monotonic()
    while any(f.reached_at is None for f in followers):
        await asyncio.sleep(0.05)
    last = max(f.reached_at for f in followers if f.reached_at is not None)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return committed - started, last - committed, target - before


def run(work: Path, admin_dsn: str, skus: int, stores: int, rounds: int) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    one_each, in_runs = _in_process(work, skus, rounds)
    ratio = statistics.median(one_each) / statistics.median(in_runs)
    figures += [
        Figure(f"{skus:,} changes at the store, one transaction each (old path, median)",
               f"{statistics.median(one_each):.2f} s"),
        Figure(f"{skus:,} changes at the store, runs of up to {RUN_EVENTS:,} (median)",
               f"{statistics.median(in_runs):.2f} s ({ratio:.1f}x faster)"),
    ]  # fmt: skip
    # The edge agent stops before head office does (the stack's exit runs first).
    with fresh_headoffice(work, admin_dsn) as ho, ExitStack() as stack:
        url = ho.db_url
        assert url is not None
        first = work / "catalogue.csv"
        _write_catalogue(first, skus, 0)
        started = time.monotonic()
        ho.hoctl("catalogue", "import", str(first))
        progress(f"{skus:,}-SKU catalogue imported in {time.monotonic() - started:.1f} s")
        bundles_dir = work / "bundles"
        bundles_dir.mkdir()
        edge = EdgeAgent(work / "edge", "E001")
        stack.callback(edge.stop)
        edge.init(ho.add_store("E001", "Bench E001", bundles_dir))
        edge.start()
        target = _last_cursor(url)
        wait_for("the catalogue at the store", lambda: edge.status()["downstream_cursor"] >= target,
                 600, 0.2)  # fmt: skip
        samples: list[tuple[float, float]] = []
        for n in range(rounds):
            repriced = work / f"repriced-{n}.csv"
            _write_catalogue(repriced, skus, n + 1)
            started = time.monotonic()
            ho.hoctl("catalogue", "import", str(repriced))
            committed = time.monotonic()
            target = _last_cursor(url)
            wait_for("the price change at the store",
                     lambda t=target: edge.status()["downstream_cursor"] >= t, 600, 0.05)  # fmt: skip
            samples.append((committed - started, time.monotonic() - committed))
            progress(
                f"round {n + 1}: import {samples[-1][0]:.1f} s, at the store "
                f"{samples[-1][1]:.2f} s after it committed"
            )
        at_store = statistics.median(s[1] for s in samples)
        figures += [
            Figure(f"{skus:,}-SKU price change: hoctl import (baseline, median)",
                   f"{statistics.median(s[0] for s in samples):.1f} s"),
            Figure(f"{skus:,}-SKU price change at a real edge after the import committed (median)",
                   f"{at_store:.2f} s", f"< {TARGET_S:.0f} s", at_store < TARGET_S),
        ]  # fmt: skip
        edge.stop()
        if stores:
            paths = [ho.add_store(f"F{i:03d}", f"Follower {i}", bundles_dir) for i in range(stores)]
            repriced = work / "repriced-fan-out.csv"
            _write_catalogue(repriced, skus, rounds + 1)
            imported, last, events = asyncio.run(_fan_out(ho, url, load_bundles(paths), repriced))
            progress(f"{stores} stores: the last had all {events:,} events {last:.1f} s after")
            figures += [
                Figure(f"{stores} stores receiving it at once: until the last has it",
                       f"{last:.1f} s ({events:,} events each; import {imported:.1f} s)"),
            ]  # fmt: skip
    return Section(
        title=f"A {skus:,}-SKU price change reaching the stores",
        figures=figures,
        notes=[
            "In-process: a fresh edge ledger (SQLite, synchronous=FULL) per round; the old "
            "path commits once per change, the new one once per run of changes already "
            f"received (up to {RUN_EVENTS:,}).",
            "End to end: `headoffice serve` on a fresh PostgreSQL database, one real edge "
            "agent; time from `hoctl catalogue import` exiting until the store's downstream "
            "cursor (pos status) reaches head office's last event.",
            "Fan-out: simulated stores receive the events without a ledger behind them, so "
            "the figure is head office's side of sending the change to every store at once.",
        ],
    )
