"""Points without I/O: earning on the net paid amount, exclusions, rounding, paying with
points, reversal on returns; properties: earn then refund restores exactly, no points from
points, the largest-remainder split adds up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.domain.loyalty_errors import InvalidLoyaltyInput, PointsRefused
from common.domain.points import (
    CASH,
    GOODS,
    POINTS,
    REWARD,
    STORED_VALUE,
    TOP_UP,
    PointsLine,
    PointsRule,
    PointsTender,
    check_reward,
    earn,
    largest_remainder,
    payable_minor,
    points_for_payment,
    reverse,
)
from common.domain.points_ledger import (
    EARN,
    REDEEM,
    REFUND_REDEEM,
    REVERSE,
    PointsEntry,
    balance,
    post,
)

RULE = PointsRule()  # 1 point a yuan, 100 points pay 1 yuan


def test_a_cash_sale_earns_a_point_a_yuan_rounded_down_once_per_sale() -> None:
    lines = [PointsLine(1, GOODS, 1, 150), PointsLine(2, GOODS, 1, 150)]
    sale = earn(lines, [PointsTender(CASH, 300)], RULE)
    assert sale.earned == 3  # 1.50 + 1.50 = 3.00, not 1 + 1
    assert [line.earned for line in sale.lines] == [2, 1]  # tie: the earlier line


def test_top_ups_rewards_and_stored_value_earn_nothing() -> None:
    lines = [
        PointsLine(1, GOODS, 1, 10_000),
        PointsLine(2, TOP_UP, 1, 50_000),
        PointsLine(3, REWARD, 1, 0),
    ]
    sale = earn(lines, [PointsTender(CASH, 50_000), PointsTender(STORED_VALUE, 10_000)], RULE)
    # 10,000 of stored value spread over 60,000 of lines: 1,667 falls on the goods line.
    assert [line.earned for line in sale.lines] == [83, 0, 0]


def test_the_exclusions_are_configuration() -> None:
    rule = PointsRule(excluded_line_kinds=frozenset(), non_earning_tenders=frozenset({POINTS}))
    sale = earn([PointsLine(1, TOP_UP, 1, 50_000)], [PointsTender(STORED_VALUE, 50_000)], rule)
    assert sale.earned == 500


def test_a_sale_paid_with_points_earns_nothing_and_remembers_the_points_per_line() -> None:
    lines = [PointsLine(1, GOODS, 2, 600), PointsLine(2, GOODS, 1, 400)]
    sale = earn(lines, [PointsTender(POINTS, 1_000, points=1_000)], RULE)
    assert sale.earned == 0
    assert [line.paid_points for line in sale.lines] == [600, 400]


def test_a_partial_return_reverses_whole_points_and_the_rest_on_the_last_unit() -> None:
    sale = earn([PointsLine(1, GOODS, 3, 1_000)], [PointsTender(CASH, 1_000)], RULE)
    assert sale.earned == 10
    steps = [reverse(sale, {1: q}, {1: 1}).earned for q in range(3)]
    assert steps == [3, 3, 4]


def test_a_return_of_more_than_was_sold_or_of_an_unknown_line_is_refused() -> None:
    sale = earn([PointsLine(1, GOODS, 2, 1_000)], [PointsTender(CASH, 1_000)], RULE)
    with pytest.raises(
        InvalidLoyaltyInput, match="line 1 sold 2 units; 1 came back already, 2 more"
    ):
        reverse(sale, {1: 1}, {1: 2})
    with pytest.raises(InvalidLoyaltyInput, match="the sale has no line 7"):
        reverse(sale, {}, {7: 1})


def test_paying_with_points_rounds_a_fraction_of_a_point_up() -> None:
    rule = PointsRule(redeem_points=3, redeem_minor=1)  # 3 points a fen
    assert points_for_payment(100, 300, RULE) == 100
    assert points_for_payment(1, 3, rule) == 3
    rule = PointsRule(redeem_points=1, redeem_minor=3)  # a point pays 3 fen
    assert points_for_payment(4, 2, rule) == 2
    assert payable_minor(5, rule) == 15


def test_paying_beyond_the_balance_or_on_a_return_is_refused() -> None:
    with pytest.raises(
        PointsRefused, match="paying 500 minor units takes 500 points; the member has 499"
    ):
        points_for_payment(500, 499, RULE)
    with pytest.raises(PointsRefused, match="points cannot be paid out on a return"):
        points_for_payment(500, 10_000, RULE, on_return=True)
    with pytest.raises(PointsRefused, match="the reward costs 800 points; the member has 799"):
        check_reward(800, 799)


def test_a_rule_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidLoyaltyInput, match="points rule earn_per_minor must be"):
        PointsRule(earn_per_minor=0)
    with pytest.raises(InvalidLoyaltyInput, match="points expire after 0 to 1200 months"):
        PointsRule(expiry_months=-1)


@given(
    total=st.integers(0, 10**12), weights=st.lists(st.integers(0, 10**11), min_size=1, max_size=40)
)
def test_largest_remainder_adds_up_and_stays_within_a_unit_of_the_exact_share(
    total: int, weights: list[int]
) -> None:
    if not sum(weights):
        weights[0] = 1
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    whole = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert total * weight // whole <= part <= -(-total * weight // whole)


kinds = st.sampled_from([GOODS, GOODS, TOP_UP, REWARD])
sale_lines = st.lists(
    st.tuples(kinds, st.integers(1, 20), st.integers(0, 10**6)), min_size=1, max_size=12
)
rules = st.builds(
    PointsRule,
    earn_points=st.integers(1, 10),
    earn_per_minor=st.integers(1, 1_000),
    redeem_points=st.integers(1, 100),
    redeem_minor=st.integers(1, 100),
)


@st.composite
def sales(draw: st.DrawFn) -> tuple[list[PointsLine], list[PointsTender], PointsRule]:
    rule = draw(rules)
    lines = [PointsLine(n, k, q, a) for n, (k, q, a) in enumerate(draw(sale_lines), start=1)]
    total = sum(line.net_minor for line in lines)
    by_points = draw(st.integers(0, total))
    by_value = draw(st.integers(0, total - by_points))
    points = -(-by_points * rule.redeem_points // rule.redeem_minor)
    tenders = [
        PointsTender(POINTS, by_points, points=points),
        PointsTender(STORED_VALUE, by_value),
        PointsTender(CASH, total - by_points - by_value),
    ]
    return lines, tenders, rule


@given(sale=sales(), data=st.data())
def test_earn_then_returning_every_unit_in_any_order_restores_the_balance_exactly(
    sale: tuple[list[PointsLine], list[PointsTender], PointsRule], data: st.DataObject
) -> None:
    lines, tenders, rule = sale
    figures = earn(lines, tenders, rule)
    start = data.draw(st.integers(figures.paid_points, figures.paid_points + 10**6))
    ledger: list[PointsEntry] = []
    if start:
        post(ledger, PointsEntry("opening", "M1", "adjust", start, 202601))
    if figures.paid_points:
        post(ledger, PointsEntry("pay", "M1", REDEEM, -figures.paid_points))
    if figures.earned:
        post(ledger, PointsEntry("earn", "M1", EARN, figures.earned, 202601))
    # Every unit of every line comes back, in chunks, in an order hypothesis picks.
    units = [line.line_no for line in lines for _ in range(line.qty)]
    units = data.draw(st.permutations(units))
    returned: dict[int, int] = {}
    step = 0
    while units:
        size = data.draw(st.integers(1, len(units)))
        chunk, units = units[:size], units[size:]
        returning: dict[int, int] = {}
        for line_no in chunk:
            returning[line_no] = returning.get(line_no, 0) + 1
        back = reverse(figures, returned, returning)
        step += 1
        if back.paid_points:
            post(ledger, PointsEntry(f"r{step}p", "M1", REFUND_REDEEM, back.paid_points, 202601))
        if back.earned:
            post(ledger, PointsEntry(f"r{step}e", "M1", REVERSE, -back.earned, 202601))
        assert balance(ledger) >= 0
        for line_no, qty in returning.items():
            returned[line_no] = returned.get(line_no, 0) + qty
    assert balance(ledger) == start


@given(sale=sales())
def test_no_points_come_from_points_or_stored_value(
    sale: tuple[list[PointsLine], list[PointsTender], PointsRule],
) -> None:
    lines, tenders, rule = sale
    figures = earn(lines, tenders, rule)
    paid_otherwise = sum(t.amount_minor for t in tenders if t.kind != CASH)
    earning_lines = sum(line.net_minor for line in lines if line.kind == GOODS)
    # At most the cash share of the goods lines earns, rounded down.
    cash = sum(line.net_minor for line in lines) - paid_otherwise
    assert figures.earned <= min(cash, earning_lines) * rule.earn_points // rule.earn_per_minor
    total = sum(line.net_minor for line in lines)
    if total:
        all_points = [PointsTender(POINTS, total, points=total)]
        assert earn(lines, all_points, rule).earned == 0
    assert all(
        line.earned == 0
        for line, src in zip(figures.lines, lines, strict=True)
        if src.kind != GOODS
    )
