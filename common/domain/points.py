"""Points: earned on the net paid amount of a sale, paid with, reversed on returns (no I/O).

Rules written down once (integer points, integer minor units):
- Earning base. A line earns on its net amount (after every discount) when its
  kind is not excluded (top-ups and reward lines by default: PointsRule). The
  part of the sale paid with non-earning tenders (stored value and points by
  default) earns nothing: that amount is spread over the sale's lines pro rata
  to their net amounts by the largest-remainder method and taken off each
  line's base. So points paid with points earn nothing, and there is no loop.
- Rounding. The sale earns floor(sum of bases x earn_points / earn_per_minor)
  points (rounded DOWN once per sale, not per line, so a basket of small lines
  loses at most one point's worth); that total is spread over the lines pro
  rata to their bases by the largest-remainder method (ties to the earlier
  line), so each line carries a whole number of points and they add up.
- Returns. A line of n units that earned p points has, after q units of it came
  back in total, had floor(p x q / n) points reversed; one return reverses the
  difference between that figure after and before it. Any order of partial
  returns reverses whole points, and returning the whole line reverses exactly
  p, so earn-then-refund restores the balance exactly.
- What points paid, on a return. The points tender is shared among the sale's
  lines pro rata to their nets by the largest-remainder method twice over: its
  points (`paid_points` per line) and the money they paid (`paid_minor`). After
  q of a line's n units came back in total, the customer has had back for them
  N = returned_net(net, n, q) (q/n of the net, rounded half up: what the till
  refunds for them) and, of the line's points share x, floor(x x N / net)
  (`paid_share`). One return gives back the difference after and before it, of
  points and of money alike, so the points' money given back plus the money
  the till refunds is exactly the returned net at every step, never negative,
  and returning all of a line gives back exactly its share. A line kept before
  nets were kept (net_minor -1) gives its points back by units, floor(x x q / n).
- Paying with points. `redeem_points` points pay `redeem_minor` minor units; an
  amount that needs a fraction of a point costs the whole point (rounded UP),
  so repeated one-fen payments cannot take value for nothing. No points are
  paid on a return (a refund never pays out in points it did not take).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from common.domain.limits import MAX_AMOUNT_MINOR, check_amount
from common.domain.loyalty_errors import InvalidLoyaltyInput, PointsRefused
from common.domain.money import div_round_half_up
from common.i18n import _

# Line kinds and tender kinds the rule names.
GOODS = "goods"
SERVICE = "service"
CARD_SALE = "card_sale"
TOP_UP = "top_up"
REWARD = "reward"
CASH = "cash"
BANK_CARD = "bank_card"
STORED_VALUE = "stored_value"
POINTS = "points"

MAX_POINTS = MAX_AMOUNT_MINOR  # one entry; a balance stays within limits.BUDGET over 10^7 entries


@dataclass(frozen=True)
class PointsRule:
    """How a chain earns and pays with points (configuration; safe defaults)."""

    earn_points: int = 1  # earn_points points for every earn_per_minor paid
    earn_per_minor: int = 100
    excluded_line_kinds: frozenset[str] = field(default=frozenset({TOP_UP, REWARD}))
    non_earning_tenders: frozenset[str] = field(default=frozenset({STORED_VALUE, POINTS}))
    redeem_points: int = 100  # redeem_points points pay redeem_minor minor units
    redeem_minor: int = 100
    expiry_months: int = 12  # points earned in a month expire this many months after it; 0 never

    def __post_init__(self) -> None:
        for name in ("earn_points", "earn_per_minor", "redeem_points", "redeem_minor"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10**6:
                raise InvalidLoyaltyInput(
                    _(
                        "points rule {name} must be a whole number from 1 to 1000000, got {value}"
                    ).format(name=name, value=repr(value))
                )
        if not isinstance(self.expiry_months, int) or not 0 <= self.expiry_months <= 1200:
            raise InvalidLoyaltyInput(
                _("points expire after 0 to 1200 months, got {value}").format(
                    value=repr(self.expiry_months)
                )
            )


@dataclass(frozen=True)
class PointsLine:
    """A sale line as points see it: its number, kind, units sold and net amount paid."""

    line_no: int
    kind: str
    qty: int
    net_minor: int


@dataclass(frozen=True)
class PointsTender:
    """A payment of the sale; a points payment also says how many points it took."""

    kind: str
    amount_minor: int
    points: int = 0


@dataclass(frozen=True)
class LinePoints:
    line_no: int
    qty: int
    earned: int
    paid_points: int
    net_minor: int = -1  # what the line was paid (-1: not known, kept before nets were)
    paid_minor: int = 0  # the money its share of the points tender paid


@dataclass(frozen=True)
class SalePoints:
    """Points a sale earned and was paid with, line by line (what a return reverses)."""

    lines: tuple[LinePoints, ...]

    @property
    def earned(self) -> int:
        return sum(line.earned for line in self.lines)

    @property
    def paid_points(self) -> int:
        return sum(line.paid_points for line in self.lines)

    @property
    def paid_minor(self) -> int:
        return sum(line.paid_minor for line in self.lines)


@dataclass(frozen=True)
class PointsReturn:
    """What a return does to points: `earned` taken back, `paid_points` given back;
    `paid_minor` the money those points paid, `net_minor` the returned units' net (both 0
    for lines whose nets were not kept): the till refunds net_minor - paid_minor."""

    earned: int
    paid_points: int
    paid_minor: int = 0
    net_minor: int = 0

    @property
    def money_minor(self) -> int:
        """What the returned units were paid otherwise than with points."""
        return self.net_minor - self.paid_minor


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """`total` split in whole parts proportional to `weights` (>= 0), adding up to `total`.

    Each part is floor(total x w / sum); the units left go one each to the parts
    with the largest remainders, the earlier part first on a tie.
    """
    whole = sum(weights)
    if whole == 0:
        if total:
            raise ValueError("cannot spread a non-zero total over zero weights")
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def earn(
    lines: Sequence[PointsLine], tenders: Iterable[PointsTender], rule: PointsRule
) -> SalePoints:
    """The points `lines` paid by `tenders` earn, and the points they were paid with, per line."""
    seen: set[int] = set()
    for line in lines:
        if line.line_no in seen:
            raise InvalidLoyaltyInput(_("line {n} appears twice").format(n=line.line_no))
        seen.add(line.line_no)
        check_amount(_("net amount of line {n}").format(n=line.line_no), line.net_minor)
        if isinstance(line.qty, bool) or not isinstance(line.qty, int) or line.qty <= 0:
            raise InvalidLoyaltyInput(
                _("line {n} must sell a positive whole quantity, got {qty}").format(
                    n=line.line_no, qty=repr(line.qty)
                )
            )
    tenders = list(tenders)
    for tender in tenders:
        check_amount(_("payment by {kind}").format(kind=tender.kind), tender.amount_minor)
        check_amount(_("points paid"), tender.points, MAX_POINTS)
    nets = [line.net_minor for line in lines]
    total_net = sum(nets)
    not_earning = min(
        total_net, sum(t.amount_minor for t in tenders if t.kind in rule.non_earning_tenders)
    )
    not_earning_parts = largest_remainder(not_earning, nets)
    bases = [
        0 if line.kind in rule.excluded_line_kinds else line.net_minor - part
        for line, part in zip(lines, not_earning_parts, strict=True)
    ]
    earned_total = sum(bases) * rule.earn_points // rule.earn_per_minor
    earned = largest_remainder(earned_total, bases)
    paid = paid_by_points(lines, tenders)
    return SalePoints(tuple(replace(p, earned=e) for p, e in zip(paid.lines, earned, strict=True)))


def paid_by_points(lines: Sequence[PointsLine], tenders: Iterable[PointsTender]) -> SalePoints:
    """The points tender shared among `lines` (earning nothing): per line its points and the
    money they paid, each by the largest-remainder method over the lines' nets. The till
    computes what a return refunds in money from this, head office what it gives back."""
    tenders = list(tenders)
    nets = [line.net_minor for line in lines]
    points_paid = sum(t.points for t in tenders if t.kind == POINTS)
    if points_paid and not sum(nets):
        raise InvalidLoyaltyInput(_("points cannot pay for a sale of nothing"))
    # As earning counts it: points pay at most the lines' nets.
    points_minor = min(sum(nets), sum(t.amount_minor for t in tenders if t.kind == POINTS))
    paid = largest_remainder(points_paid, nets)
    money = largest_remainder(points_minor, nets)
    return SalePoints(
        tuple(
            LinePoints(line.line_no, line.qty, 0, p, line.net_minor, m)
            for line, p, m in zip(lines, paid, money, strict=True)
        )
    )


def reverse(
    sale: SalePoints, returned_before: Mapping[int, int], returning: Mapping[int, int]
) -> PointsReturn:
    """Points a return of `returning` {line_no: units} undoes, after `returned_before` came back.

    InvalidLoyaltyInput when a line is unknown or more units come back than were sold.
    """
    by_no = {line.line_no: line for line in sale.lines}
    earned = paid = paid_minor = net = 0
    for line_no, qty in sorted(returning.items()):
        line = by_no.get(line_no)
        if line is None:
            raise InvalidLoyaltyInput(_("the sale has no line {n}").format(n=line_no))
        before = returned_before.get(line_no, 0)
        if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
            raise InvalidLoyaltyInput(
                _("line {n} must return a positive whole quantity, got {qty}").format(
                    n=line_no, qty=repr(qty)
                )
            )
        if before < 0 or before + qty > line.qty:
            raise InvalidLoyaltyInput(
                _(
                    "line {n} sold {sold} units; {returned} came back already, {qty} more is too many"
                ).format(n=line_no, sold=line.qty, returned=before, qty=qty)
            )
        earned += _share(line.earned, before + qty, line.qty) - _share(
            line.earned, before, line.qty
        )
        after = before + qty
        paid += paid_share(line, line.paid_points, after) - paid_share(
            line, line.paid_points, before
        )
        paid_minor += paid_share(line, line.paid_minor, after) - paid_share(
            line, line.paid_minor, before
        )
        if line.net_minor >= 0:
            net += returned_net(line.net_minor, line.qty, after) - returned_net(
                line.net_minor, line.qty, before
            )
    return PointsReturn(earned, paid, paid_minor, net)


def _share(points: int, returned: int, sold: int) -> int:
    return points * returned // sold


def returned_net(net_minor: int, sold: int, returned: int) -> int:
    """What `returned` of `sold` units of a line paid `net_minor` come to (half up): a
    return refunds the difference of this figure after and before it."""
    return div_round_half_up(net_minor * returned, sold)


def paid_share(line: LinePoints, part: int, returned: int) -> int:
    """Of `part` (the line's points, or the money they paid), what has come back once
    `returned` of its units did: pro rata to the net returned (module docstring)."""
    if line.net_minor < 0:
        return _share(part, returned, line.qty)
    if line.net_minor == 0:
        return 0
    return part * returned_net(line.net_minor, line.qty, returned) // line.net_minor


def payment_points(amount_minor: int, rule: PointsRule, *, on_return: bool = False) -> int:
    """Points that pay `amount_minor`, rounded UP to a whole point; PointsRefused on a return."""
    if on_return:
        raise PointsRefused(_("points cannot be paid out on a return"))
    check_amount(_("amount paid with points"), amount_minor)
    if amount_minor == 0:
        raise InvalidLoyaltyInput(_("an amount paid with points must be more than 0"))
    return -(-amount_minor * rule.redeem_points // rule.redeem_minor)


def points_for_payment(
    amount_minor: int, balance: int, rule: PointsRule, *, on_return: bool = False
) -> int:
    """payment_points, refused with a sentence naming the amount when beyond `balance`."""
    points = payment_points(amount_minor, rule, on_return=on_return)
    if points > balance:
        raise PointsRefused(
            _("paying {amount} minor units takes {points} points; the member has {balance}").format(
                amount=amount_minor, points=points, balance=balance
            )
        )
    return points


def payable_minor(balance: int, rule: PointsRule) -> int:
    """The most a balance of points can pay, in minor units (rounded down)."""
    return max(0, balance) * rule.redeem_minor // rule.redeem_points


def reward_cost(cost_points: int) -> int:
    """A reward item's cost: a whole number of points from 1 to MAX_POINTS."""
    if (
        isinstance(cost_points, bool)
        or not isinstance(cost_points, int)
        or not 1 <= cost_points <= MAX_POINTS
    ):
        raise InvalidLoyaltyInput(
            _("a reward costs a whole number of points from 1 to {limit}, got {value}").format(
                limit=MAX_POINTS, value=repr(cost_points)
            )
        )
    return cost_points


def check_reward(cost_points: int, balance: int) -> int:
    """Points a reward item costs, refused with a sentence when the balance is short."""
    if reward_cost(cost_points) > balance:
        raise PointsRefused(
            _("the reward costs {points} points; the member has {balance}").format(
                points=cost_points, balance=balance
            )
        )
    return cost_points
