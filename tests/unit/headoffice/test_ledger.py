import pytest

from headoffice.domain.errors import InvalidEntry, SequenceGap
from headoffice.domain.ledger import Entry, Movement, plan_batch


def entry(seq: int, *movements: Movement, kind: str = "sale") -> Entry:
    moves = movements or (Movement("SKU1", -1, 1),)
    return Entry(seq, 1000 + seq, "anna", kind, f"d{seq}", tuple(moves))


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
    ("movement", "kind", "words"),
    [
        (Movement("", -1, 1), "sale", "names no SKU"),
        (Movement("S" * 65, -1, 1), "sale", "names a SKU of 65 characters"),
        (Movement("SKU1", 0, 1), "sale", "non-zero whole quantity, got 0"),
        (Movement("SKU1", -1, 0), "sale", "unknown reason 0"),
        (Movement("SKU1", -1, 42), "sale", "unknown reason 42"),
        (Movement("SKU1", 3, 3, -5), "receipt", "negative unit cost -5"),
    ],
)
def test_invalid_movements_are_refused_with_a_sentence(
    movement: Movement, kind: str, words: str
) -> None:
    with pytest.raises(InvalidEntry) as info:
        plan_batch("S001", 0, [entry(1), entry(2, movement, kind=kind)])
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


def test_a_whitespace_sku_and_a_boolean_quantity_are_refused() -> None:
    with pytest.raises(InvalidEntry, match="names no SKU"):
        plan_batch("S001", 0, [entry(1, Movement(" \t", -1, 1))])
    with pytest.raises(InvalidEntry, match="non-zero whole quantity, got True"):
        plan_batch("S001", 0, [entry(1, Movement("SKU1", True, 1))])  # type: ignore[arg-type]


def test_the_rules_read_protobuf_entries_as_they_arrive() -> None:
    """Head office plans the decoded messages themselves; an unset cost reads as 0."""
    from common.pb.storeledger.v1 import ledger_pb2

    def message(seq: int, qty: int, cost: int | None = None) -> ledger_pb2.JournalEntry:
        reason, kind = (3, "receipt") if qty >= 0 else (1, "sale")
        movement = ledger_pb2.Movement(sku="SKU1", qty_base=qty, reason=reason)
        if cost is not None:
            movement.unit_cost_minor = cost
        return ledger_pb2.JournalEntry(seq=seq, document_type=kind, movements=[movement])

    batch = [message(1, 5), message(2, 5, 100), message(3, -1)]
    plan = plan_batch("S001", 1, batch)
    assert plan.to_apply == batch[1:] and plan.duplicates == 1
    with pytest.raises(InvalidEntry, match="negative unit cost -1"):
        plan_batch("S001", 0, [message(1, 5, -1)])
    with pytest.raises(InvalidEntry, match="got 0"):
        plan_batch("S001", 0, [message(1, 0)])


def test_replays_are_kept_for_comparison() -> None:
    plan = plan_batch("S001", 5, [entry(4), entry(5), entry(6), entry(6)])
    assert [e.seq for e in plan.replayed] == [4, 5, 6]
    assert plan.duplicates == 3


def test_a_replay_with_the_same_content_is_a_duplicate() -> None:
    from headoffice.domain.ledger import Recorded, check_replays

    originals = {14: Recorded(14, "sale-14", b"abc"), 15: Recorded(15, "sale-15", b"def")}
    check_replays(
        "S001", 16, [Recorded(14, "sale-14", b"abc"), Recorded(15, "x", b"def")], originals
    )


def test_a_replay_with_other_content_is_a_conflict_naming_both_documents() -> None:
    from headoffice.domain.errors import ConflictingEntry, InvalidEntry
    from headoffice.domain.ledger import Recorded, check_replays

    originals = {13: Recorded(13, "sale-13", b"same"), 14: Recorded(14, "sale-A", b"one")}
    replays = [Recorded(13, "sale-13", b"same"), Recorded(14, "sale-B", b"two")]
    with pytest.raises(ConflictingEntry) as info:
        check_replays("S001", 15, replays, originals)
    error = info.value
    assert isinstance(error, InvalidEntry)
    assert (error.seq, error.committed_document_id, error.replayed_document_id) == (
        14,
        "sale-A",
        "sale-B",
    )
    assert error.expected_seq == 15
    assert "two edge agents may be using this store's identity" in str(error)
    assert "store S001" in str(error) and "entry 14" in str(error)
    # Same document id, different content: still a conflict (the content decides).
    with pytest.raises(ConflictingEntry):
        check_replays("S001", 15, [Recorded(14, "sale-A", b"two")], originals)
    # A caller-supplied comparison may accept a different byte layout of the same entry.
    check_replays("S001", 15, replays, originals, same_content=lambda a, b: True)


def test_a_replay_without_an_original_cannot_conflict() -> None:
    from headoffice.domain.ledger import Recorded, check_replays

    check_replays("S001", 3, [Recorded(2, "d2", b"x")], {})


def test_an_entry_of_an_unknown_kind_is_refused_naming_the_kind() -> None:
    with pytest.raises(InvalidEntry) as info:
        plan_batch("S001", 4, [entry(5), entry(6, kind="stocktake_magic")])
    assert "store S001 entry 6" in str(info.value)
    assert "'stocktake_magic' is not one StoreLedger knows" in str(info.value)
    assert info.value.expected_seq == 5
    with pytest.raises(InvalidEntry, match="kind '' is not one"):
        plan_batch("S001", 0, [entry(1, kind="")])
    # A name too long for any column is named (shortened), never stored.
    with pytest.raises(InvalidEntry, match="'xxxxxxxx"):
        plan_batch("S001", 0, [entry(1, kind="x" * 200)])


@pytest.mark.parametrize(
    ("kind", "movement", "words"),
    [
        (
            "sale",
            Movement("COLA", 4, 3),
            "store S001 entry 1 movement 1 (SKU COLA) has reason receipt, which a sale entry "
            "may not carry (reasons of a sale entry: sale)",
        ),
        (
            "sale",
            Movement("COLA", 2, 1),
            "store S001 entry 1 movement 1 (SKU COLA): reason sale in a sale entry must take "
            "stock out (below zero), got 2",
        ),
        (
            "receipt",
            Movement("COLA", -2, 3, 100),
            "reason receipt in a receipt entry must bring stock in (above zero), got -2",
        ),
        ("no_sale", Movement("COLA", -1, 1), "reasons of a no_sale entry: none: it moves no stock"),
    ],
)
def test_a_movement_its_kind_does_not_allow_is_refused(
    kind: str, movement: Movement, words: str
) -> None:
    with pytest.raises(InvalidEntry) as info:
        plan_batch("S001", 0, [entry(1, movement, kind=kind)])
    assert words in str(info.value)


def test_each_kind_takes_the_signs_the_registry_gives_it() -> None:
    """A sale return brings goods in and may write some straight off; a correction goes
    either way; a write-off request moves nothing."""
    back = entry(1, Movement("COLA", 2, 2), Movement("COLA", -1, 7), kind="sale_return")
    fix_out = entry(2, Movement("COLA", -1, 4), kind="transfer_correction")
    fix_in = entry(3, Movement("COLA", 1, 4), kind="transfer_correction")
    ask = Entry(4, 0, "mia", "write_off_request", "w1", ())
    assert len(plan_batch("S001", 0, [back, fix_out, fix_in, ask]).to_apply) == 4


def test_a_toy_kind_is_validated_from_the_registry_alone() -> None:
    from common import journal_kinds as jk

    toy = jk.register(jk.JournalKind("toy_count", "no_sale", {"adjustment": jk.EITHER}))
    try:
        counted = entry(1, Movement("COLA", -3, 6), Movement("TEA", 2, 6), kind="toy_count")
        assert plan_batch("S001", 0, [counted]).to_apply == [counted]
        with pytest.raises(InvalidEntry, match="has reason sale, which a toy_count entry"):
            plan_batch("S001", 0, [entry(1, Movement("COLA", -1, 1), kind="toy_count")])
    finally:
        jk.unregister(toy)
    with pytest.raises(InvalidEntry, match="'toy_count' is not one"):
        plan_batch("S001", 0, [entry(1, kind="toy_count")])


def test_a_document_id_or_actor_longer_than_head_office_keeps_is_refused_not_cut() -> None:
    long_id = Entry(1, 0, "anna", "sale", "d" * 65, (Movement("COLA", -1, 1),))
    with pytest.raises(InvalidEntry, match="entry 1 has a document id of 65 characters"):
        plan_batch("S001", 0, [long_id])
    long_actor = Entry(1, 0, "a" * 70, "sale", "d1", (Movement("COLA", -1, 1),))
    with pytest.raises(
        InvalidEntry, match="an actor of 70 characters; head office keeps at most 64"
    ):
        plan_batch("S001", 0, [long_actor])
    fits = Entry(1, 0, "a" * 64, "sale", "d" * 64, (Movement("C" * 64, -1, 1),))
    assert plan_batch("S001", 0, [fits]).to_apply == [fits]
