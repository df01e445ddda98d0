"""The best combination of offers for the customer, found exactly by branch and bound.

The offers that may apply are decided one by one in the order they apply (stage, then
priority, then id): include or leave out, at most one of each exclusivity group. Deciding
in application order makes the discount of the decided prefix final, since later offers
only work on what earlier ones left. The bound for the undecided rest is what each of
them would take off the current state on its own (the largest of a group, the sum over
groups and ungrouped offers, at most the amount left): an offer never takes more from a
smaller state (effects), so no better combination is cut off.

Once only whole-cart offers are left to decide (cart and member stage, every line), a
discount's share of each line matters to nothing still to be searched: the search then
keeps just the running total, and apply_in_order works the shares out for the winner.

Among combinations that save the same, the first in include-first order wins: the one
that keeps the most offers earliest in application order. That order does not depend on
the order the lines were scanned in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from common.domain.promotions.cart import CartLine
from common.domain.promotions.effects import (
    Effect,
    State,
    Targets,
    apply,
    discount_of,
    effect_of,
    scope_discount,
)
from common.domain.promotions.offers import Offer


@dataclass(frozen=True)
class Choice:
    chosen: tuple[int, ...]  # indices into the offers searched, in application order
    discount_minor: int
    nodes: int  # search nodes visited (for the benchmark)


def best_combination(
    lines: Sequence[CartLine], offers: Sequence[Offer], targets: Sequence[Targets]
) -> Choice:
    """offers in application order; targets[i] belongs to offers[i]."""
    n = len(offers)
    groups = [offer.group for offer in offers]
    best_value = 0
    best: tuple[int, ...] = ()
    nodes = 0
    # totals_only[i]: offers i.. all work on the whole cart's running total.
    totals_only = [False] * (n + 1)
    totals_only[n] = True
    for j in range(n - 1, -1, -1):
        totals_only[j] = totals_only[j + 1] and targets[j].whole_cart

    def bound(i: int, state: State, used: frozenset[str], discounts: list[int]) -> int:
        rest = 0
        group_best: dict[str, int] = {}
        for j in range(i, n):
            value = discounts[j]
            if not value:
                continue
            group = groups[j]
            if not group:
                rest += value
            elif group not in used and value > group_best.get(group, 0):
                group_best[group] = value
        return min(rest + sum(group_best.values()), state.total)

    def visit(
        i: int,
        state: State,
        prefix: int,
        used: frozenset[str],
        chosen: tuple[int, ...],
        discounts: list[int],
    ) -> None:
        nonlocal best_value, best, nodes
        nodes += 1
        if prefix > best_value:
            best_value, best = prefix, chosen
        if i == n or prefix + bound(i, state, used, discounts) <= best_value:
            return
        group = groups[i]
        if discounts[i] and not (group and group in used):
            if totals_only[i]:
                # Only the total is read from here on: the lines' shares can wait.
                effect = Effect(scope_discount(offers[i], state.total), ())
                after = replace(state, total=state.total - effect.discount_minor)
            else:
                effect = effect_of(offers[i], lines, targets[i], state)
                after = apply(state, effect)
            taken = used | {group} if group else used
            total = prefix + effect.discount_minor
            # What the rest took before is still an upper bound (the state only shrank):
            # prune on it before working out what they take now.
            if total + bound(i + 1, after, taken, discounts) > best_value:
                changed = {change[0] for change in effect.changes}
                fresh = discounts[:]
                for j in range(i + 1, n):
                    if fresh[j] and (totals_only[i] or not changed.isdisjoint(targets[j].line_set)):
                        fresh[j] = discount_of(offers[j], lines, targets[j], after)
                visit(i + 1, after, total, taken, (*chosen, i), fresh)
            elif total > best_value:
                best_value, best = total, (*chosen, i)
        visit(i + 1, state, prefix, used, chosen, discounts)

    start = State.start(lines)
    first = [discount_of(o, lines, t, start) for o, t in zip(offers, targets, strict=True)]
    visit(0, start, 0, frozenset(), (), first)
    return Choice(best, best_value, nodes)


def apply_in_order(
    lines: Sequence[CartLine],
    offers: Sequence[Offer],
    targets: Sequence[Targets],
    chosen: Sequence[int],
) -> tuple[State, list[tuple[int, Effect]]]:
    """Apply the chosen offers in application order: the final state and each one's effect."""
    state = State.start(lines)
    effects = []
    for i in chosen:
        effect = effect_of(offers[i], lines, targets[i], state)
        state = apply(state, effect)
        effects.append((i, effect))
    return state, effects
