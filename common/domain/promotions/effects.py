"""What one offer takes off a cart in a given state, to the fen; no conditions checked here.

The state is, per line: its running net amount, and at item stage the pieces not yet
claimed by a buy-X-get-Y or combo with the net amount they carry. An item offer works on
the unclaimed part of its lines; a buy X get Y or combo claims the pieces it uses (a piece
counts toward one such offer only); a cart or member offer works on the lines' running net
and is shared among them by the largest-remainder method (allocation).

Rounding, written once: a percentage of an amount is rounded half up to the fen; k of the
n unclaimed pieces of a line carry floor(net x k / n) of its unclaimed net amount.

Every discount here only shrinks when the state shrinks (lower nets, fewer pieces): the
best-combination search bounds on that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from common.domain.promotions.allocation import largest_remainder
from common.domain.promotions.cart import CartLine
from common.domain.promotions.offers import (
    AMOUNT_OFF,
    BUY_X_GET_Y,
    COMBO,
    ITEM,
    PERCENT_OFF,
    PRICE,
    SPEND_SAVE,
    UNIT_KINDS,
    Offer,
    stage_of,
)


@dataclass(frozen=True)
class State:
    net: tuple[int, ...]  # running net amount per line
    free_qty: tuple[int, ...]  # unclaimed base units per line
    free_net: tuple[int, ...]  # the net amount those unclaimed units carry
    total: int  # sum(net)

    @classmethod
    def start(cls, lines: Sequence[CartLine]) -> State:
        amounts = tuple(line.amount_minor for line in lines)
        return cls(amounts, tuple(line.qty_base for line in lines), amounts, sum(amounts))


# One line's part of an offer: (line index, discount, base units claimed, net amount claimed).
Change = tuple[int, int, int, int]


@dataclass(frozen=True)
class Effect:
    discount_minor: int
    changes: tuple[Change, ...]


NOTHING = Effect(0, ())


def percent_of(amount_minor: int, percent_bp: int) -> int:
    """amount x percent, rounded half up to the fen."""
    return (amount_minor * percent_bp + 5000) // 10000


def apply(state: State, effect: Effect) -> State:
    if not effect.discount_minor:
        return state
    net, qty, free = list(state.net), list(state.free_qty), list(state.free_net)
    for index, discount, claimed_qty, claimed_net in effect.changes:
        net[index] -= discount
        if claimed_qty:
            qty[index] -= claimed_qty
            free[index] -= claimed_net
        else:
            free[index] = max(0, free[index] - discount)
    return State(tuple(net), tuple(qty), tuple(free), state.total - effect.discount_minor)


class Targets:
    """Which lines an offer looks at, worked out once per cart."""

    def __init__(self, lines: Sequence[CartLine], offer: Offer) -> None:
        skus = offer.target_skus()
        self.lines = [i for i, line in enumerate(lines) if not skus or line.sku in skus]
        self.line_set = frozenset(self.lines)  # its effect depends on these lines only
        self.every_line = len(self.lines) == len(lines)
        self.item_stage = stage_of(offer) == ITEM  # worked out once: the search asks often
        # A cart or member offer on every line: its discount reads only the running total.
        self.whole_cart = self.every_line and not self.item_stage
        self.by_sku: dict[str, list[int]] = {}
        for i in self.lines:
            if offer.kind not in UNIT_KINDS or lines[i].piece:
                self.by_sku.setdefault(lines[i].sku, []).append(i)


def discount_of(offer: Offer, lines: Sequence[CartLine], targets: Targets, state: State) -> int:
    """effect_of(...).discount_minor, without sharing a cart discount among the lines."""
    if targets.item_stage:
        return effect_of(offer, lines, targets, state).discount_minor
    if targets.every_line:
        return scope_discount(offer, state.total)
    return scope_discount(offer, sum(state.net[i] for i in targets.lines))


def scope_discount(offer: Offer, base: int) -> int:
    if offer.kind == PERCENT_OFF:
        return percent_of(base, offer.percent_bp)
    if offer.kind == AMOUNT_OFF:
        return min(base, offer.amount_minor)
    if offer.kind == SPEND_SAVE and offer.threshold_minor and base >= offer.threshold_minor:
        times = base // offer.threshold_minor if offer.repeat else 1
        return min(base, offer.amount_minor * times)
    return 0


def effect_of(offer: Offer, lines: Sequence[CartLine], targets: Targets, state: State) -> Effect:
    """What the offer takes off in this state (NOTHING when it takes nothing)."""
    kind = offer.kind
    if not targets.item_stage:
        if targets.every_line:
            return _whole_cart(offer, state)
        return _whole_scope(offer, targets.lines, state)
    if kind == BUY_X_GET_Y:
        return _buy_x_get_y(offer, lines, targets, state)
    if kind == COMBO:
        return _combo(offer, lines, targets, state)
    changes = []
    total = 0
    for i in targets.lines:
        free_net, free_qty = state.free_net[i], state.free_qty[i]
        if not free_qty:
            continue
        if kind == PERCENT_OFF:
            discount = percent_of(free_net, offer.percent_bp)
        elif kind == AMOUNT_OFF:
            discount = min(free_net, offer.amount_minor * free_qty)
        elif kind == PRICE:
            discount = max(0, free_net - offer.price_minor * free_qty)
        else:
            discount = 0
        if discount:
            changes.append((i, discount, 0, 0))
            total += discount
    return Effect(total, tuple(changes)) if total else NOTHING


def _whole_scope(offer: Offer, scope: list[int], state: State) -> Effect:
    discount = scope_discount(offer, sum(state.net[i] for i in scope))
    if not discount:
        return NOTHING
    shares = largest_remainder(discount, [state.net[i] for i in scope])
    changes = tuple((i, share, 0, 0) for i, share in zip(scope, shares, strict=True) if share)
    return Effect(discount, changes)


def _whole_cart(offer: Offer, state: State) -> Effect:
    """_whole_scope over every line: the base is the running total."""
    discount = scope_discount(offer, state.total)
    if not discount:
        return NOTHING
    shares = largest_remainder(discount, state.net)
    return Effect(discount, tuple((i, share, 0, 0) for i, share in enumerate(shares) if share))


class _Pieces:
    """Unclaimed pieces of some lines, taken in an order of value per piece."""

    def __init__(self, indices: list[int], state: State, lines: Sequence[CartLine]) -> None:
        self.qty = {i: state.free_qty[i] for i in indices}
        self.net = {i: state.free_net[i] for i in indices}
        # Ties between pieces of equal value go by what the line is, not where it was scanned.
        self.order = sorted(
            (i for i in indices if self.qty[i] > 0),
            key=lambda i: (
                Fraction(self.net[i], self.qty[i]),
                self.qty[i],
                lines[i].sku,
                lines[i].amount_minor,
                i,
            ),
        )
        self.taken: dict[int, list[int]] = {}  # index -> [qty, net]

    def count(self) -> int:
        return sum(self.qty.values())

    def take(self, wanted: int, dearest: bool) -> list[tuple[int, int, int]]:
        """wanted pieces, cheapest (or dearest) first: [(index, qty, net)]."""
        out = []
        for i in reversed(self.order) if dearest else self.order:
            if not wanted:
                break
            have = self.qty[i]
            if not have:
                continue
            k = min(have, wanted)
            value = self.net[i] * k // have
            self.qty[i] -= k
            self.net[i] -= value
            taken = self.taken.setdefault(i, [0, 0])
            taken[0] += k
            taken[1] += value
            out.append((i, k, value))
            wanted -= k
        return out


def _buy_x_get_y(offer: Offer, lines: Sequence[CartLine], targets: Targets, state: State) -> Effect:
    buy, get = offer.buy_qty, offer.get_qty
    if offer.gift_sku:
        gifts = _Pieces(targets.by_sku.get(offer.gift_sku, []), state, lines)
        paying = [i for sku, idx in targets.by_sku.items() if sku != offer.gift_sku for i in idx]
        if not offer.skus:  # buy anything (but the gift) to get the gift
            paying = [i for i in paying if lines[i].sku != offer.gift_sku]
        payers = _Pieces(paying, state, lines)
        sets = min(payers.count() // buy, gifts.count() // get)
        if not sets:
            return NOTHING
        free = gifts.take(sets * get, dearest=True)
        payers.take(sets * buy, dearest=False)
        parts = [gifts, payers]
    else:
        pool = _Pieces([i for idx in targets.by_sku.values() for i in idx], state, lines)
        sets = pool.count() // (buy + get)
        if not sets:
            return NOTHING
        free = pool.take(sets * get, dearest=False)
        pool.take(sets * buy, dearest=False)
        parts = [pool]
    freed: dict[int, int] = {}
    for i, _k, value in free:
        freed[i] = freed.get(i, 0) + value
    total = sum(freed.values())
    if not total:
        return NOTHING
    changes = []
    for part in parts:
        for i, (qty, net) in sorted(part.taken.items()):
            changes.append((i, freed.get(i, 0), qty, net))
    return Effect(total, tuple(changes))


def _combo(offer: Offer, lines: Sequence[CartLine], targets: Targets, state: State) -> Effect:
    # Sets take the dearest pieces first and stop at the first set that saves nothing;
    # a second pass claims just the sets that saved.
    sets, discount, _claimed = _combo_pass(offer, lines, targets, state, None)
    if not discount:
        return NOTHING
    claimed = _combo_pass(offer, lines, targets, state, sets)[2]
    order = sorted(claimed)
    shares = largest_remainder(discount, [claimed[i][1] for i in order])
    return Effect(
        discount,
        tuple((i, s, claimed[i][0], claimed[i][1]) for i, s in zip(order, shares, strict=True)),
    )


def _combo_pass(
    offer: Offer, lines: Sequence[CartLine], targets: Targets, state: State, limit: int | None
) -> tuple[int, int, dict[int, list[int]]]:
    """(sets that save, what they save, {index: [qty, net] claimed}) taking at most limit sets."""
    pools = {
        sku: _Pieces(targets.by_sku.get(sku, []), state, lines) for sku, _q in offer.components
    }
    most = min(pools[sku].count() // qty for sku, qty in offer.components)
    if limit is not None:
        most = min(most, limit)
    sets = discount = 0
    for _ in range(most):
        value = sum(
            net for sku, qty in offer.components for _i, _k, net in pools[sku].take(qty, True)
        )
        if value <= offer.price_minor:
            break
        sets += 1
        discount += value - offer.price_minor
    claimed: dict[int, list[int]] = {}
    for pool in pools.values():
        for i, (qty, net) in pool.taken.items():
            claimed[i] = [qty, net]
    return sets, discount, claimed
