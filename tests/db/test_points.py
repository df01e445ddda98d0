"""Points at head office on both databases: earn, pay with points, return, rewards and expiry
as ledger entries with idempotency keys; the balance row equals the sum of the entries and
never goes below zero, with tills racing for the same member."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from common.domain.loyalty_errors import IdempotencyConflict, PointsRefused
from common.domain.points import (
    CASH,
    GOODS,
    POINTS,
    PointsLine,
    PointsRule,
    PointsTender,
    earn,
    reverse,
)
from common.errors import InvalidInput
from headoffice.services.points import (
    adjust_points,
    balance_of,
    earn_for_sale,
    expire_points,
    ledger_of,
    pay_with_points,
    reverse_for_return,
    take_reward,
)
from headoffice.store.unit_of_work import UnitOfWork

NOW = 1_700_000_000_000
RULE = PointsRule()
Uow = Callable[[], UnitOfWork]


def opening(uow: Uow, member: str, points: int, month: int = 202601) -> None:
    adjust_points(uow(), member, f"open:{member}", points, month, "carried over", NOW)


def in_step(uow: Uow, member: str) -> int:
    with uow() as work:
        balance = work.points.balance(member)
        assert balance == work.points.sum_of_entries(member)
    return balance


def test_earn_pay_and_return_everything_restores_the_balance_exactly(uow: Uow) -> None:
    opening(uow, "M1", 500)
    lines = [PointsLine(1, GOODS, 3, 2_999), PointsLine(2, GOODS, 1, 1_001)]
    pay = pay_with_points(uow(), "M1", "sale-7:points", 300, RULE, "sale-7", NOW)
    assert pay.balance == 200
    figures = earn(lines, [PointsTender(POINTS, 300, 300), PointsTender(CASH, 3_700)], RULE)
    assert earn_for_sale(uow(), "M1", "sale-7", figures, 202603, NOW).balance == 200 + 37
    first = reverse(figures, {}, {1: 1})
    reverse_for_return(uow(), "M1", "ret-1", first, 202603, 202604, NOW)
    rest = reverse(figures, {1: 1}, {1: 2, 2: 1})
    reverse_for_return(uow(), "M1", "ret-2", rest, 202603, 202604, NOW)
    assert in_step(uow, "M1") == 500
    kinds = [e.kind for e in ledger_of(uow(), "M1")]
    assert kinds == [
        "adjust",
        "redeem",
        "earn",
        "refund_redeem",
        "reverse",
        "refund_redeem",
        "reverse",
    ]


def test_a_retry_posts_once_and_a_key_reused_for_another_amount_is_refused(uow: Uow) -> None:
    opening(uow, "M1", 500)
    first = pay_with_points(uow(), "M1", "pay-1", 100, RULE, "sale-1", NOW)
    again = pay_with_points(uow(), "M1", "pay-1", 100, RULE, "sale-1", NOW + 9)
    assert (again.replayed, again.entries, again.balance) == (True, first.entries, 400)
    with pytest.raises(IdempotencyConflict, match="points key pay-1 was used already"):
        pay_with_points(uow(), "M1", "pay-1", 101, RULE, "sale-1", NOW)
    assert in_step(uow, "M1") == 400


def test_paying_or_a_reward_beyond_the_balance_is_refused_and_changes_nothing(uow: Uow) -> None:
    opening(uow, "M1", 50)
    with pytest.raises(
        PointsRefused, match="the member has 50 points, fewer than the 51 asked for"
    ):
        pay_with_points(uow(), "M1", "pay-1", 51, RULE, "sale-1", NOW)
    with pytest.raises(PointsRefused, match="points cannot be paid out on a return"):
        pay_with_points(uow(), "M1", "pay-2", 10, RULE, "ret-1", NOW, on_return=True)
    with pytest.raises(PointsRefused, match="fewer than the 80 asked for"):
        take_reward(uow(), "M1", "reward-1", 80, "sale-2", NOW)
    assert len(ledger_of(uow(), "M1")) == 1
    assert take_reward(uow(), "M1", "reward-2", 50, "sale-2", NOW).balance == 0


def test_a_return_after_the_points_were_spent_takes_only_what_is_left(uow: Uow) -> None:
    figures = earn([PointsLine(1, GOODS, 1, 10_000)], [PointsTender(CASH, 10_000)], RULE)
    earn_for_sale(uow(), "M1", "sale-1", figures, 202601, NOW)
    take_reward(uow(), "M1", "reward-1", 70, "sale-2", NOW)
    back = reverse_for_return(
        uow(), "M1", "ret-1", reverse(figures, {}, {1: 1}), 202601, 202601, NOW
    )
    assert ([e.points for e in back.entries], back.balance) == ([-30], 0)
    # A retry after the balance changed returns what was recorded, not a new clamp.
    opening(uow, "M1", 500)
    again = reverse_for_return(
        uow(), "M1", "ret-1", reverse(figures, {}, {1: 1}), 202601, 202601, NOW
    )
    assert (again.replayed, [e.points for e in again.entries]) == (True, [-30])
    assert in_step(uow, "M1") == 500


def test_expiry_posts_entries_once_for_points_past_their_month(uow: Uow) -> None:
    opening(uow, "M1", 100, 202601)
    opening(uow, "M2", 40, 202605)
    take_reward(uow(), "M1", "reward-1", 30, "sale-2", NOW)
    assert expire_points(uow(), RULE, 202701, NOW) == (0, 0)
    assert expire_points(uow(), RULE, 202702, NOW) == (1, 70)
    assert expire_points(uow(), RULE, 202702, NOW) == (0, 0)
    assert (in_step(uow, "M1"), in_step(uow, "M2")) == (0, 40)
    assert ledger_of(uow(), "M1")[-1].key == "points-expire:M1:202601:0"


def test_tills_paying_with_one_members_points_at_once_never_overdraw(uow: Uow) -> None:
    opening(uow, "M1", 250)
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def pay(n: int) -> None:
        start.wait()
        try:
            pay_with_points(uow(), "M1", f"till-{n}", 100, RULE, f"sale-{n}", NOW)
            result = "paid"
        except PointsRefused:
            result = "refused"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid", "paid", "refused", "refused"]
    assert in_step(uow, "M1") == 50
    assert balance_of(uow(), "M1") == 50


def test_a_member_id_or_document_beyond_its_column_is_refused_and_nothing_written(
    uow: Uow,
) -> None:
    with pytest.raises(InvalidInput, match="member id is 65 characters long"):
        adjust_points(uow(), "M" * 65, "k", 5, 202601, "carried over", NOW)
    with pytest.raises(InvalidInput, match="document is 101 characters long"):
        adjust_points(uow(), "M1", "k", 5, 202601, "d" * 101, NOW)
    assert ledger_of(uow(), "M1") == []
