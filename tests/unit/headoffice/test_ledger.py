import pytest

from headoffice.domain.errors import InvalidEntry, SequenceGap
from headoffice.domain.ledger import Entry, Movement, plan_batch


def entry(seq: int, *movements: Movement) -> Entry:
    moves = movements or (Movement("SKU1", -1, 1),)
    return Entry(seq, 1000 + seq, "anna", "sale", f"d{seq}", tuple(moves))


def test_new_consecutive_entries_are_applied() -> None:
    plan = plan_batch("S001", 0, [entry(1), entry(2), entry(3)])
    assert [e.seq for e in plan.to_apply] == [1, 2, 3]
    assert plan.duplicates == 0
    assert plan.last_seq_after == 3


def test_entries_at_or_below_last_committed_are_duplicates() -> None:
    plan = plan_batch("S001", 5, [entry(4), entry(5), entry(6), entry(7)])
    assert [e.seq for e in plan.to_apply] == [6, 7]
    assert plan.duplicates == 2


def test_a_batch_entirely_duplicate_applies_nothing() -> None:
    plan = plan_batch("S001", 9, [entry(8), entry(9)])
    assert plan.to_apply == []
    assert plan.duplicates == 2
    assert plan.last_seq_after is None


def test_a_repeat_inside_the_batch_is_a_duplicate() -> None:
    plan = plan_batch("S001", 0, [entry(1), entry(2), entry(2)])
    assert [e.seq for e in plan.to_apply] == [1, 2]
    assert plan.duplicates == 1


def test_gap_after_last_committed_is_refused_naming_the_expected_seq() -> None:
    with pytest.raises(SequenceGap) as info:
        plan_batch("S001", 4, [entry(6), entry(7)])
    assert info.value.expected_seq == 5
    assert "needs entry 5" in str(info.value) and "S001" in str(info.value)


def test_gap_inside_the_batch_refuses_the_whole_batch() -> None:
    with pytest.raises(SequenceGap) as info:
        plan_batch("S001", 4, [entry(5), entry(6), entry(8)])
    assert info.value.expected_seq == 5
    assert info.value.got_seq == 8


@pytest.mark.parametrize(
    ("movement", "words"),
    [
        (Movement("", -1, 1), "names no SKU"),
        (Movement("SKU1", 0, 1), "non-zero whole quantity, got 0"),
        (Movement("SKU1", -1, 0), "unknown reason 0"),
        (Movement("SKU1", -1, 42), "unknown reason 42"),
        (Movement("SKU1", 3, 3, -5), "negative unit cost -5"),
    ],
)
def test_invalid_movements_are_refused_with_a_sentence(movement: Movement, words: str) -> None:
    with pytest.raises(InvalidEntry) as info:
        plan_batch("S001", 0, [entry(1), entry(2, movement)])
    assert words in str(info.value)
    assert "entry 2" in str(info.value)
    assert info.value.expected_seq == 1


def test_a_zero_sequence_is_invalid() -> None:
    with pytest.raises(InvalidEntry):
        plan_batch("S001", 0, [entry(0)])


def test_duplicates_are_not_revalidated() -> None:
    plan = plan_batch("S001", 3, [entry(3, Movement("", 0, 0)), entry(4)])
    assert plan.duplicates == 1
    assert [e.seq for e in plan.to_apply] == [4]
