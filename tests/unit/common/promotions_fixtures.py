"""Shared by the promotions tests: a moment, a member, a cart builder and a brute force."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import product

from common.domain.promotions import CartLine, Member, Offer, PricingContext
from common.domain.promotions.effects import Targets, effect_of
from common.domain.promotions.eligibility import why_not
from common.domain.promotions.offers import application_key
from common.domain.promotions.search import apply_in_order

SATURDAY_10AM = datetime(2026, 12, 5, 10, 0)
GOLD = Member("M1", "gold", 12, 5)


def ctx(
    member: Member | None = None, coupons: Sequence[str] = (), when: datetime = SATURDAY_10AM
) -> PricingContext:
    return PricingContext("S001", when, member, frozenset(coupons))


def cart(*specs: tuple[str, int, int]) -> list[CartLine]:
    """(sku, pieces, unit price) per line."""
    return [
        CartLine(n, sku, qty, qty * price) for n, (sku, qty, price) in enumerate(specs, start=1)
    ]


def searchable(
    lines: Sequence[CartLine], offers: Sequence[Offer], context: PricingContext
) -> tuple[list[Offer], list[Targets]]:
    eligible = [o for o in sorted(offers, key=application_key) if why_not(o, context) is None]
    return eligible, [Targets(lines, o) for o in eligible]


def brute_force(lines: Sequence[CartLine], offers: Sequence[Offer], context: PricingContext) -> int:
    """The largest discount over every subset of offers with at most one of each group."""
    eligible, targets = searchable(lines, offers, context)
    best = 0
    for mask in product((False, True), repeat=len(eligible)):
        chosen = [i for i, on in enumerate(mask) if on]
        groups = [eligible[i].group for i in chosen if eligible[i].group]
        if len(groups) != len(set(groups)):
            continue
        state, _effects = apply_in_order(lines, eligible, targets, chosen)
        best = max(best, sum(line.amount_minor for line in lines) - sum(state.net))
    return best


def greedy(
    lines: Sequence[CartLine],
    offers: Sequence[Offer],
    context: PricingContext,
    order: Sequence[int] | None = None,
) -> int:
    """Take offers one by one in the given order (default: application order) while each
    adds to the discount, one per group: what a greedy engine would give."""
    eligible, targets = searchable(lines, offers, context)
    chosen: list[int] = []
    best = 0
    for i in order if order is not None else range(len(eligible)):
        if i >= len(eligible):
            continue
        group = eligible[i].group
        if group and any(eligible[j].group == group for j in chosen):
            continue
        trial = sorted([*chosen, i])
        state, _e = apply_in_order(lines, eligible, targets, trial)
        value = sum(line.amount_minor for line in lines) - sum(state.net)
        if value > best:
            chosen, best = trial, value
    return best


def single_best(lines: Sequence[CartLine], offers: Sequence[Offer], context: PricingContext) -> int:
    eligible, targets = searchable(lines, offers, context)
    start = apply_in_order(lines, eligible, targets, [])[0]
    return max(
        (
            effect_of(o, lines, t, start).discount_minor
            for o, t in zip(eligible, targets, strict=True)
        ),
        default=0,
    )
