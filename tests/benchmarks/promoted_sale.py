"""What the promotions add to the sale commit (issue 15: pricing a cart adds < 5 ms p50).

    python -m tests.benchmarks promoted [--quick]

The real `sell` on two real ledgers of the same 500 products: one holds the 20 offers of
the promotions benchmark (groups, buy X get Y, combos, spend X save Y, member offers; all
of them apply to the cart), sent down as head office sends them; the other holds none.
The same 30-line carts (15 SKUs, the offers' targets) are sold on both, by a gold member
with a birthday this month so every offer is eligible, in alternating rounds (A B A B ...),
so the machine's drift hits both. The figure is the difference of the p50s.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from common.domain.pricing import ScannedItem
from common.domain.promotions import Member, Offer
from edge_agent.domain.promotions import StorePromotion
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.promotions import apply_promotion
from edge_agent.services.selling import sell
from tests.benchmarks.edge_sale import CATALOGUE_SIZE, load_catalogue
from tests.benchmarks.promotions import SKUS, make_offers
from tests.benchmarks.report import Figure, Section, ms, progress, summary

ADDED_P50_TARGET_MS = 5.0
LINES = 30
SMALL = 3  # the edge sale benchmark's cart
GOLD = Member("M1", "gold", time.localtime().tm_mon, 1)


def _retarget(offer: Offer, skus: dict[str, str]) -> Offer:
    """The benchmark's offer on the ledger's own SKUs."""
    return replace(
        offer,
        skus=tuple(skus[s] for s in offer.skus),
        components=tuple((skus[s], n) for s, n in offer.components),
    )


def _open(path: Path, offers: list[Offer]) -> tuple[StoreContext, list[str]]:
    ctx = StoreContext.open(path, "B001", "Bench Shop")
    barcodes = load_catalogue(ctx, CATALOGUE_SIZE)
    for n, offer in enumerate(offers, start=CATALOGUE_SIZE + 1):
        apply_promotion(ctx, StorePromotion(offer), n)
    return ctx, barcodes


def _sales_ms(
    ctx: StoreContext, barcodes: list[str], tag: str, start: int, count: int, lines: int = LINES
) -> list[float]:
    samples = []
    for i in range(start, start + count):
        items = [ScannedItem(barcodes[(i + k) % len(SKUS)], 1 + (i + k) % 3) for k in range(lines)]
        t0 = time.perf_counter()
        sell(ctx, "T1", "bench", items, [TenderOffer("cash", 1_000_000)],
             idempotency_key=f"{tag}-{i}", member=GOLD)  # fmt: skip
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def run(work: Path, sales: int, rounds: int) -> Section:
    work.mkdir(parents=True, exist_ok=True)
    plain, barcodes = _open(work / "plain.db", [])
    with plain.db.read() as uow:
        skus = {
            SKUS[n]: uow.catalogue.find_product(barcodes[n]).sku  # type: ignore[union-attr]
            for n in range(len(SKUS))
        }
    offers = [_retarget(o, skus) for o in make_offers()]
    promoted, _ = _open(work / "promoted.db", offers)
    try:
        per_round = max(1, sales // rounds)
        _sales_ms(plain, barcodes, "warm", 0, 20)  # warm-up: caches, prepared statements
        _sales_ms(promoted, barcodes, "warm", 0, 20)
        with_ms: list[float] = []
        without_ms: list[float] = []
        small_with: list[float] = []
        small_without: list[float] = []
        for r in range(rounds):
            start = 20 + r * per_round
            without_ms += _sales_ms(plain, barcodes, "sale", start, per_round)
            with_ms += _sales_ms(promoted, barcodes, "sale", start, per_round)
            small_without += _sales_ms(plain, barcodes, "small", start, per_round, SMALL)
            small_with += _sales_ms(promoted, barcodes, "small", start, per_round, SMALL)
            progress(f"promoted round {r + 1}/{rounds}: {len(with_ms)} sales each")
        last = sell(promoted, "T1", "bench", [ScannedItem(barcodes[k], 2) for k in range(LINES)],
                    [TenderOffer("cash", 1_000_000)], member=GOLD)  # fmt: skip
        applied = {o.offer_id for line in last.sale.lines for o in line.offers}
    finally:
        plain.close()
        promoted.close()
    with_p50, with_p99 = summary(with_ms)
    without_p50, without_p99 = summary(without_ms)
    added = with_p50 - without_p50
    small_added = summary(small_with)[0] - summary(small_without)[0]
    return Section(
        title=f"Sale commit with promotions ({LINES} lines, {len(offers)} offers)",
        figures=[
            Figure("sales measured (each ledger)", f"{len(with_ms)}"),
            Figure("sale commit p50, no promotions (baseline, same run)", ms(without_p50)),
            Figure("sale commit p50, with the promotions", ms(with_p50)),
            Figure(
                "added by pricing with promotions (p50 difference)",
                ms(added),
                f"< {ADDED_P50_TARGET_MS:.0f} ms",
                added < ADDED_P50_TARGET_MS,
            ),
            Figure("sale commit p99, no promotions", ms(without_p99)),
            Figure("sale commit p99, with the promotions", ms(with_p99)),
            Figure("offers applied to the last cart", f"{len(applied)}"),
            Figure(f"sale commit p50, {SMALL} lines, no promotions", ms(summary(small_without)[0])),
            Figure(
                f"sale commit p50, {SMALL} lines, with the promotions", ms(summary(small_with)[0])
            ),
            Figure(
                f"added at {SMALL} lines (p50 difference)",
                ms(small_added),
                f"< {ADDED_P50_TARGET_MS:.0f} ms",
                small_added < ADDED_P50_TARGET_MS,
            ),
        ],
        notes=[
            "`edge_agent.services.selling.sell` (the Till servicer's function) on two ledgers "
            f"of {CATALOGUE_SIZE} products, {LINES} lines a sale over the 15 SKUs the offers "
            "target, a gold member with a birthday this month (every offer eligible), cash; "
            f"{rounds} alternating rounds of {per_round} sales on each ledger after 20 each "
            "as warm-up. With the promotions the sale also reads them (offers_in_force), runs "
            "the exact best-combination search and writes each line's offers in the entry.",
            f"The {SMALL}-line figures sell {SMALL} of the same SKUs with the same 20 offers in "
            "force (a typical basket): most offers find no line and leave the search at once.",
        ],
    )
