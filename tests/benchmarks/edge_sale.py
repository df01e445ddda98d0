"""Edge sale commit: the real `sell` on a real ledger, against a bare durable insert.

The sale goes through the function the Till servicer calls (three scanned
barcodes, cash with change), on a ledger migrated by Alembic with a catalogue
applied through the real catalogue-change service. The baseline is a one-row
INSERT + COMMIT with the same WAL / synchronous=FULL settings in the same
directory. The two are measured in alternating rounds (A B A B ...) so any
drift of the machine (page cache, other load) hits both.
"""

from __future__ import annotations

import time
from pathlib import Path

from common.domain.pricing import ScannedItem
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.selling import sell
from edge_agent.sync.downstream_handlers import apply_product
from tests.benchmarks.baselines import bare_durable_insert_ms
from tests.benchmarks.report import Figure, Section, ms, progress, summary
from tests.chain_fixtures import make_catalogue

P50_RATIO_TARGET = 3.0
P99_TARGET_MS = 10.0
CATALOGUE_SIZE = 500


def load_catalogue(ctx: StoreContext, size: int) -> list[str]:
    """Apply `size` products as head office would send them; return their barcodes."""
    _, rows = make_catalogue(size)
    for cursor, row in enumerate(rows, start=1):
        product = catalogue_pb2.Product(
            sku=row["sku"],
            name=row["name"],
            barcodes=[row["barcodes"]],
            unit=row["unit"],
            price_minor=int(row["price_minor"]),
            cost_minor=int(row["cost_minor"]),
            category=row["category"],
            currency="CNY",
            active=True,
        )
        apply_product(ctx, product, cursor)
    return [row["barcodes"] for row in rows]


def _sales_ms(ctx: StoreContext, barcodes: list[str], start: int, count: int) -> list[float]:
    samples = []
    n = len(barcodes)
    for i in range(start, start + count):
        items = [ScannedItem(barcodes[(i * 3 + k) % n], 1) for k in range(3)]
        # 3 x at most 49.99 is under 200.00: always enough cash, with change.
        offers = [TenderOffer("cash", 20_000)]
        t0 = time.perf_counter()
        sell(ctx, "T1", "bench", items, offers, idempotency_key=f"bench-{i}")
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def run(work: Path, sales: int, rounds: int) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    ctx = StoreContext.open(work / "ledger.db", "B001", "Bench Shop")
    try:
        barcodes = load_catalogue(ctx, CATALOGUE_SIZE)
        per_round = max(1, sales // rounds)
        _sales_ms(ctx, barcodes, 0, 50)  # warm-up: caches, prepared statements
        bare_durable_insert_ms(work / "bare.db", 50)
        sale_ms: list[float] = []
        bare_ms: list[float] = []
        for r in range(rounds):
            sale_ms += _sales_ms(ctx, barcodes, 50 + r * per_round, per_round)
            bare_ms += bare_durable_insert_ms(work / "bare.db", per_round)
            progress(
                f"edge round {r + 1}/{rounds}: {len(sale_ms)} sales, {len(bare_ms)} bare inserts"
            )
    finally:
        ctx.close()
    sale_p50, sale_p99 = summary(sale_ms)
    bare_p50, bare_p99 = summary(bare_ms)
    ratio = sale_p50 / bare_p50
    return Section(
        title="Edge sale commit (3 lines, durable)",
        figures=[
            Figure("sales measured", f"{len(sale_ms)}"),
            Figure("sale commit p50", ms(sale_p50)),
            Figure("bare durable insert p50 (same run)", ms(bare_p50)),
            Figure(
                "sale p50 / bare insert p50",
                f"{ratio:.2f}x",
                f"<= {P50_RATIO_TARGET:.0f}x",
                ratio <= P50_RATIO_TARGET,
            ),
            Figure(
                "sale commit p99",
                ms(sale_p99),
                f"<= {P99_TARGET_MS:.0f} ms",
                sale_p99 <= P99_TARGET_MS,
            ),
            Figure("bare durable insert p99 (same run)", ms(bare_p99)),
        ],
        notes=[
            f"`edge_agent.services.selling.sell` on a ledger of {CATALOGUE_SIZE} products, "
            "3 barcodes per sale, cash with change, an idempotency key each; "
            f"{rounds} alternating rounds of {per_round} sales then {per_round} bare inserts "
            "(`baselines.bare_durable_insert_ms`), after 50 of each as warm-up.",
            "Both use WAL + synchronous=FULL in the same directory: each commit waits for an fsync.",
        ],
    )
