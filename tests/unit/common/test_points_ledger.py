"""The points ledger without I/O: idempotent keys, refusals, lots taken oldest first,
expiry entries by rule; property: any sequence of requests leaves a balance >= 0 equal
to the sum of the entries, and every retry changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.domain.loyalty_errors import IdempotencyConflict, InvalidLoyaltyInput, PointsRefused
from common.domain.points_ledger import (
    EARN,
    EXPIRE,
    REDEEM,
    REVERSE,
    REWARD,
    PointsEntry,
    add_months,
    balance,
    clamp_reversal,
    expiry_due,
    lots,
    post,
)


def entry(key: str, kind: str, points: int, month: int = 0, document: str = "") -> PointsEntry:
    return PointsEntry(key, "M1", kind, points, month, document)


def test_a_retry_returns_the_recorded_entry_and_appends_nothing() -> None:
    ledger: list[PointsEntry] = []
    first, new = post(ledger, entry("sale-1", EARN, 50, 202601))
    again, new_again = post(ledger, PointsEntry("sale-1", "M1", EARN, 50, 202601, "", 99))
    assert (new, new_again, again) == (True, False, first)
    assert balance(ledger) == 50 and len(ledger) == 1


def test_the_same_key_for_another_request_is_refused() -> None:
    ledger: list[PointsEntry] = []
    post(ledger, entry("sale-1", EARN, 50, 202601))
    with pytest.raises(IdempotencyConflict, match="points key sale-1 was used already"):
        post(ledger, entry("sale-1", EARN, 51, 202601))
    assert balance(ledger) == 50


def test_taking_more_than_the_balance_is_refused_and_changes_nothing() -> None:
    ledger: list[PointsEntry] = []
    post(ledger, entry("e", EARN, 50, 202601))
    with pytest.raises(
        PointsRefused, match="the member has 50 points, fewer than the 51 asked for"
    ):
        post(ledger, entry("r", REDEEM, -51))
    assert len(ledger) == 1


@pytest.mark.parametrize(
    ("bad", "sentence"),
    [
        (entry("", EARN, 1, 202601), "a points entry needs a key"),
        (entry("k", "gift", 1, 202601), "unknown kind of points entry 'gift'"),
        (entry("k", EARN, 0, 202601), "moves 1 to"),
        (entry("k", EARN, -5, 202601), "a points entry of kind earn cannot move -5 points"),
        (entry("k", REDEEM, 5), "a points entry of kind redeem cannot move 5 points"),
        (entry("k", EARN, 5, 202613), "202613 is not a month written YYYYMM"),
        (entry("k", EARN, 5), "points given need the month they count from"),
    ],
)
def test_an_entry_that_cannot_be_used_is_refused(bad: PointsEntry, sentence: str) -> None:
    with pytest.raises(InvalidLoyaltyInput, match=sentence):
        post([], bad)


def test_a_reversal_takes_at_most_the_balance() -> None:
    assert clamp_reversal(80, 50) == 50
    assert clamp_reversal(30, 50) == 30
    assert clamp_reversal(30, 0) == 0


def test_months_add_across_years() -> None:
    assert add_months(202601, 12) == 202701
    assert add_months(202611, 3) == 202702
    assert add_months(202612, 1) == 202701


def test_takings_use_the_oldest_points_first_and_a_reversal_its_own_month() -> None:
    ledger: list[PointsEntry] = []
    post(ledger, entry("a", EARN, 100, 202601))
    post(ledger, entry("b", EARN, 100, 202603))
    post(ledger, entry("c", REDEEM, -30))
    post(ledger, entry("d", REVERSE, -50, 202603))
    assert lots(ledger) == {202601: 70, 202603: 50}


def test_points_expire_when_the_month_after_their_last_month_begins_once() -> None:
    ledger: list[PointsEntry] = []
    post(ledger, entry("a", EARN, 100, 202601))
    post(ledger, entry("b", EARN, 40, 202602))
    post(ledger, entry("c", REWARD, -30))
    assert expiry_due("M1", ledger, 12, 202701) == []  # 2026-01 points last through 2027-01
    due = expiry_due("M1", ledger, 12, 202702)
    assert [(e.kind, e.points, e.lot_month) for e in due] == [(EXPIRE, -70, 202601)]
    for e in due:
        post(ledger, e)
    assert balance(ledger) == 40
    assert expiry_due("M1", ledger, 12, 202702) == []
    # The same run retried after it committed posts nothing new.
    assert [post(ledger, e)[1] for e in due] == [False]
    assert expiry_due("M1", ledger, 0, 209912) == []


requests = st.lists(
    st.tuples(
        st.sampled_from(["k1", "k2", "k3", "k4", "k5", "k6"]),
        st.sampled_from([EARN, REDEEM, REWARD, REVERSE]),
        st.integers(1, 500),
        st.sampled_from([202601, 202602, 202605]),
    ),
    max_size=40,
)


@given(requests=requests, month=st.sampled_from([202601, 202702, 202703, 202801]))
def test_any_requests_leave_a_balance_of_zero_or_more_equal_to_the_sum_and_lots(
    requests: list[tuple[str, str, int, int]], month: int
) -> None:
    ledger: list[PointsEntry] = []
    for key, kind, size, lot in requests:
        points = size if kind == EARN else -size
        before = list(ledger)
        try:
            post(ledger, entry(key, kind, points, lot))
        except (PointsRefused, IdempotencyConflict):
            assert ledger == before
        assert balance(ledger) >= 0
        assert sum(lots(ledger).values()) == balance(ledger)
    for due in expiry_due("M1", ledger, 12, month):
        post(ledger, due)
    assert balance(ledger) >= 0
    assert all(m > 0 and add_months(m, 12) >= month for m in lots(ledger))
