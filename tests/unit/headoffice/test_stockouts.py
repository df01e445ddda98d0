"""The stock-out spans apply records (domain/stockouts.py): which SKUs are walked, and the
moments their levels crossed zero, in journal order."""

from __future__ import annotations

from headoffice.domain.stockouts import Span, candidates, merged, spans_of


def entry(at_ms: int, *moves: tuple[str, int]) -> tuple[tuple[int, str, str, str, int], list]:
    return (1, "sale", "d", "t", at_ms), [(sku, qty, "sale", None) for sku, qty in moves]


def test_only_skus_that_may_have_crossed_are_walked() -> None:
    before = {"A": 5, "B": 0, "C": 3, "D": 10, "F": -2, "G": -2}
    after = {"A": 2, "B": 4, "C": 0, "D": 12, "E": 1, "F": -3, "G": -1, "H": -1}
    # F out at both ends with sales only cannot have been back; G had a delivery between;
    # H is new and sold before it came (out since ever, still out)
    assert candidates(before, after, {"B", "D", "E", "G"}) == ["B", "C", "E", "G"]


def test_crossings_down_and_up_give_spans_at_the_entries_moments() -> None:
    entries = [entry(10, ("A", -3)), entry(20, ("A", -2), ("B", 5)), entry(30, ("A", 4)),
               entry(40, ("A", -4), ("C", -1))]  # fmt: skip
    got = spans_of(["A", "B", "C"], {"A": 5, "B": 0, "C": None}, entries)
    # A: 5 -> 2 -> 0 (out at 20) -> 4 (back at 30) -> 0 (out at 40, still out)
    # B: out before (open span continued) -> 5 at 20; C: new, -1: still out since ever
    assert got == [Span("A", 20, 30), Span("A", 40, None), Span("B", None, 20)]


def test_a_new_sku_stocked_is_back_from_since_ever() -> None:
    assert spans_of(["N"], {"N": None}, [entry(7, ("N", 12))]) == [Span("N", None, 7)]


def test_out_and_back_at_one_moment_continue_one_span() -> None:
    assert merged([Span("A", 5, 9), Span("A", 9, None)]) == [Span("A", 5, None)]
    entries = [entry(10, ("A", -1)), entry(10, ("A", 1)), entry(10, ("A", -1))]
    assert spans_of(["A"], {"A": 1}, entries) == [Span("A", 10, None)]
