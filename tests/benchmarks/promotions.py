"""The best combination of offers for a 30-line cart with 20 applicable offers (issue 15).

    python -m tests.benchmarks promotions [--quick]

Pure domain code, no I/O: common.domain.promotions.price_cart on a 30-line cart of
piece items with 20 offers that all apply and all save something on their own: item
offers in exclusivity groups, two buy-X-get-Y, two combos, spend X save Y at cart stage
and member offers, so the exact search has real conflicts to settle. Each sample prices
carts drawn from a fixed seed (the prices change, the shape does not). The baseline is
the same carts priced with no offers, in the same run. A second figure runs the harder
shape where no offer is in a group (every subset is allowed).
"""

from __future__ import annotations

import gc
import random
import time
from datetime import datetime

from common.domain.promotions import (
    AMOUNT_OFF,
    BUY_X_GET_Y,
    COMBO,
    MEMBER,
    PERCENT_OFF,
    PRICE,
    SPEND_SAVE,
    CartLine,
    Member,
    Offer,
    PricingContext,
    price_cart,
)
from tests.benchmarks.report import Figure, Section, ms, progress, summary

P99_TARGET_MS = 50.0
LINES = 30
SKUS = [f"SKU{n:02d}" for n in range(15)]
CTX = PricingContext("S001", datetime(2026, 12, 5, 10, 0), Member("M1", "gold", 12, 5))


def make_cart(rng: random.Random) -> list[CartLine]:
    lines = []
    for n in range(1, LINES + 1):
        qty = rng.randint(1, 3)
        price = rng.randint(150, 6000)
        lines.append(CartLine(n, SKUS[(n - 1) % len(SKUS)], qty, qty * price))
    return lines


def make_offers(grouped: bool = True) -> list[Offer]:
    def g(name: str) -> str:
        return name if grouped else ""

    offers = [
        Offer("P10-A", PERCENT_OFF, skus=tuple(SKUS[0:4]), percent_bp=1000, group=g("a")),
        Offer("P15-A", PERCENT_OFF, skus=tuple(SKUS[2:5]), percent_bp=1500, group=g("a")),
        Offer("OFF-B", AMOUNT_OFF, skus=tuple(SKUS[5:8]), amount_minor=80, group=g("b")),
        Offer("P20-B", PERCENT_OFF, skus=tuple(SKUS[6:9]), percent_bp=2000, group=g("b")),
        Offer("LVL-C", PRICE, skus=tuple(SKUS[9:12]), price_minor=900, levels=frozenset({"gold"})),
        Offer("P05-D", PERCENT_OFF, skus=tuple(SKUS[11:15]), percent_bp=500, priority=5),
        Offer("OFF-E", AMOUNT_OFF, skus=(SKUS[0], SKUS[14]), amount_minor=50, group=g("c")),
        Offer("P30-E", PERCENT_OFF, skus=(SKUS[13],), percent_bp=3000, group=g("c")),
        Offer("B2G1", BUY_X_GET_Y, skus=tuple(SKUS[0:6]), buy_qty=2, get_qty=1, group=g("d")),
        Offer("B3G1", BUY_X_GET_Y, skus=tuple(SKUS[4:10]), buy_qty=3, get_qty=1, group=g("d")),
        Offer("COMBO1", COMBO, components=((SKUS[1], 1), (SKUS[7], 1)), price_minor=3000),
        Offer("COMBO2", COMBO, components=((SKUS[3], 1), (SKUS[10], 2)), price_minor=5000),
        Offer("M300", SPEND_SAVE, threshold_minor=30000, amount_minor=3000, group=g("cart")),
        Offer("E100", SPEND_SAVE, threshold_minor=10000, amount_minor=800, repeat=True,
              group=g("cart")),
        Offer("BILL5", PERCENT_OFF, percent_bp=500, group=g("cart")),
        Offer("M500", SPEND_SAVE, threshold_minor=50000, amount_minor=2000),
        Offer("GOLD3", PERCENT_OFF, percent_bp=300, levels=frozenset({"gold"}), group=g("m")),
        Offer("BDAY", AMOUNT_OFF, amount_minor=2000, birthday="month", group=g("m")),
        Offer("GOLD-SPEND", SPEND_SAVE, stage=MEMBER, threshold_minor=20000, amount_minor=1500,
              levels=frozenset({"gold"})),
        Offer("MEMBER2", PERCENT_OFF, percent_bp=200, members_only=True, priority=1),
    ]  # fmt: skip
    return offers


def hard_shapes(rng: random.Random) -> list[tuple[str, list[Offer]]]:
    """Shapes that make the search work harder, reported for reference (no target)."""
    overlapping = [
        Offer(f"P{i}", PERCENT_OFF, skus=tuple(rng.sample(SKUS, 5)),
              percent_bp=rng.randint(100, 3000))
        for i in range(14)
    ] + [
        Offer(f"S{i}", SPEND_SAVE, threshold_minor=rng.randint(20000, 90000),
              amount_minor=rng.randint(1000, 9000))
        for i in range(6)
    ]  # fmt: skip
    thresholds = [
        Offer(f"S{i}", SPEND_SAVE, threshold_minor=rng.randint(20000, 90000),
              amount_minor=rng.randint(1000, 9000))
        for i in range(20)
    ]  # fmt: skip
    units = [
        Offer(f"B{i}", BUY_X_GET_Y, skus=tuple(rng.sample(SKUS, 6)), buy_qty=rng.randint(1, 3),
              get_qty=1)
        for i in range(10)
    ] + [
        Offer(f"C{i}", COMBO, components=tuple((s, 1) for s in rng.sample(SKUS, 2)),
              price_minor=rng.randint(1000, 5000))
        for i in range(10)
    ]  # fmt: skip
    return [
        ("14 overlapping item % + 6 spend X save Y, no groups", overlapping),
        ("20 spend X save Y, no groups", thresholds),
        ("10 buy X get Y + 10 combos, no groups", units),
    ]


def measure(carts: list[list[CartLine]], offers: list[Offer]) -> tuple[list[float], list[int]]:
    times, nodes = [], []
    gc.collect()
    for cart in carts:
        start = time.perf_counter()
        result = price_cart(cart, offers, CTX)
        times.append((time.perf_counter() - start) * 1000)
        nodes.append(result.nodes)
        if offers:
            assert len(result.applied) + len(result.not_applied) == len(offers)
    return times, nodes


def run(quick: bool = False) -> Section:
    rng = random.Random(15)
    samples = 50 if quick else 500
    carts = [make_cart(rng) for _ in range(samples)]
    offers = make_offers()
    first = price_cart(carts[0], offers, CTX)
    searched = sum(1 for n in first.not_applied if n.code in ("exclusive", "not_best"))
    progress(
        f"{samples} carts of {LINES} lines, {len(offers)} offers "
        f"({len(first.applied) + searched} in the search on the first cart)"
    )
    measure(carts[:5], offers)  # warm-up
    base_times, _ = measure(carts, [])
    best_times, nodes = measure(carts, offers)
    progress("the same carts with no exclusivity groups")
    flat_times, flat_nodes = measure(carts, make_offers(grouped=False))
    hard = []
    for title, shape in hard_shapes(random.Random(1)):
        progress(f"the same carts: {title}")
        times, counts = measure(carts, shape)
        hard.append((title, summary(times), max(counts)))
    base50, base99 = summary(base_times)
    best50, best99 = summary(best_times)
    flat50, flat99 = summary(flat_times)
    nodes.sort()
    flat_nodes.sort()
    return Section(
        f"Promotions: best combination, {LINES}-line cart, {len(offers)} offers",
        [
            Figure("no offers (baseline), p50 / p99", f"{ms(base50)} / {ms(base99)}"),
            Figure(
                "20 offers in 6 groups, p50 / p99",
                f"{ms(best50)} / {ms(best99)}",
                f"p99 < {P99_TARGET_MS:.0f} ms",
                best99 < P99_TARGET_MS,
            ),
            Figure("20 offers in 6 groups, p50 vs baseline", f"{best50 / base50:.0f}x"),
            Figure(
                "20 offers, no groups, p50 / p99",
                f"{ms(flat50)} / {ms(flat99)}",
                f"p99 < {P99_TARGET_MS:.0f} ms",
                flat99 < P99_TARGET_MS,
            ),
            Figure(
                "search nodes p50 / max (groups; no groups)",
                f"{nodes[len(nodes) // 2]} / {nodes[-1]}; "
                f"{flat_nodes[len(flat_nodes) // 2]} / {flat_nodes[-1]}",
            ),
            *(
                Figure(f"{title}, p50 / p99 (max nodes)", f"{ms(p50)} / {ms(p99)} ({most})")
                for title, (p50, p99), most in hard
            ),
        ],
        [f"{samples} carts from seed 15; one process, no I/O; time.perf_counter per cart"],
    )


if __name__ == "__main__":
    print(run().markdown())
