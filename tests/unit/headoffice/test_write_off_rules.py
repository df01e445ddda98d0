"""Write-off rules without I/O: reasons, values, the threshold, who may decide."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from headoffice.domain.write_offs import (
    REASONS,
    Line,
    SelfApprovalRefused,
    WriteOffAlreadyDecided,
    check_decision,
    check_reason,
    check_rejection_note,
    check_state,
    check_threshold,
    merge_items,
    needs_approval,
    total_value,
    value_lines,
)


def test_reasons_are_the_four_and_a_missing_or_unknown_one_lists_them() -> None:
    assert REASONS == ("damaged", "expired", "theft", "sample")
    assert [check_reason(r) for r in REASONS] == list(REASONS)
    for bad, words in (("", "needs a reason"), ("  ", "needs a reason"), ("Expired", "'Expired'")):
        with pytest.raises(InvalidInput, match=words) as caught:
            check_reason(bad)
        assert "damaged, expired, theft, sample" in str(caught.value)


def test_lines_merge_per_sku_and_value_in_integers() -> None:
    assert merge_items([("COLA", 2), ("TEA", 1), ("COLA", 3)]) == [("COLA", 5), ("TEA", 1)]
    lines = value_lines([("COLA", 5), ("TEA", 1)], {"COLA": 199, "TEA": 7})
    assert lines == [Line("COLA", 5, 199), Line("TEA", 1, 7)]
    assert total_value(lines) == 1_002 and isinstance(total_value(lines), int)
    for qty in (0, -1, True):
        with pytest.raises(InvalidInput, match="positive whole number"):
            merge_items([("COLA", qty)])  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="at least one"):
        merge_items([])


def test_approval_is_needed_only_above_the_threshold() -> None:
    assert needs_approval(50_001, 50_000)
    assert not needs_approval(50_000, 50_000)
    assert not needs_approval(0, 0)
    assert check_threshold(0) == 0
    with pytest.raises(InvalidInput, match="cannot be negative"):
        check_threshold(-5)
    with pytest.raises(InvalidInput, match="whole number"):
        check_threshold("500")  # type: ignore[arg-type]


def test_nobody_approves_their_own_and_only_pending_is_decided() -> None:
    with pytest.raises(SelfApprovalRefused, match="nobody approves their own write-off"):
        check_decision("w1", "pending", "mia", "mia", approving=True)
    check_decision("w1", "pending", "mia", "mia", approving=False)  # withdrawing one's own
    check_decision("w1", "pending", "mia", "leo", approving=True)
    for state in ("approved", "rejected", "done"):
        with pytest.raises(WriteOffAlreadyDecided, match=f"is {state}, not pending"):
            check_decision("w1", state, "mia", "leo", approving=True)
    with pytest.raises(InvalidInput, match="needs a note"):
        check_rejection_note(" ")
    assert check_state("") == "" and check_state("done") == "done"
    with pytest.raises(InvalidInput, match="not one of pending"):
        check_state("open")
