"""The best combination of offers for the customer, found exactly by branch and bound.

The offers that may apply are decided one by one in the order they apply (stage, then
priority, then id): include or leave out, at most one of each exclusivity group. Deciding
in application order makes the discount of the decided prefix final, since later offers
only work on what earlier ones left. The bound for the undecided rest is what each of
them would take off the current state on its own (the largest of a group, the sum over
groups and ungrouped offers, at most the amount left): an offer never takes more from a
smaller state (effects), so no better combination is cut off.

Among combinations that save the same, the first in include-first order wins: the one
that keeps the most offers earliest in application order. That order does not depend on
the order the lines were scanned in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from common.domain.promotions.cart import CartLine
from common.domain.promotions.effects import Effect, State, Targets, apply, effect_of
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

    def evaluate(start: int, state: State) -> list[Effect | None]:
        out: list[Effect | None] = [None] * n
        for j in range(start, n):
            out[j] = effect_of(offers[j], lines, targets[j], state)
        return out

    def visit(
        i: int,
        state: State,
        prefix: int,
        used: frozenset[str],
        chosen: tuple[int, ...],
        effects: list[Effect | None],
    ) -> None:
        nonlocal best_value, best, nodes
        nodes += 1
        if prefix > best_value:
            best_value, best = prefix, chosen
        if i == n:
            return
        rest = 0
        group_best: dict[str, int] = {}
        for j in range(i, n):
            effect = effects[j]
            value = effect.discount_minor if effect is not None else 0
            if not value:
                continue
            group = groups[j]
            if not group:
                rest += value
            elif group not in used and value > group_best.get(group, 0):
                group_best[group] = value
        rest = min(rest + sum(group_best.values()), sum(state.net))
        if prefix + rest <= best_value:
            return
        effect = effects[i]
        group = groups[i]
        if effect is not None and effect.discount_minor and not (group and group in used):
            after = apply(state, effect)
            visit(
                i + 1,
                after,
                prefix + effect.discount_minor,
                used | {group} if group else used,
                (*chosen, i),
                evaluate(i + 1, after),
            )
        visit(i + 1, state, prefix, used, chosen, effects)

    start = State.start(lines)
    visit(0, start, 0, frozenset(), (), evaluate(0, start))
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
