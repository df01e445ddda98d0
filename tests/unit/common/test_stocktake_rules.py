"""The stocktake rules (common.domain.stocktake), one function at a time.

Every refusal is checked for its category and for the SKU, session or person its
sentence is about: a sentence that names nothing sends the shop to guess.
"""

from __future__ import annotations

import pytest

from common.domain import stocktake as st
from common.domain.limits import MAX_QTY_BASE
from common.errors import InvalidInput, InvalidQuantity, PermissionDenied, Refused

TOL = st.Tolerance()


def line(
    seq: int,
    sku: str,
    qty: int,
    book: int,
    *,
    rnd: int = 0,
    counter: str = "ann",
    location: str = "",
    reason: str = "",
) -> st.CountedLine:
    return st.CountedLine(
        seq=seq,
        sku=sku,
        qty_base=qty,
        round=rnd,
        book_qty_base=book,
        counter=counter,
        location=location,
        reason=reason,
    )


def cost_of(costs: dict[str, int] | None = None, default: int = 100):
    costs = costs or {}
    return lambda sku: costs.get(sku, default)


def result(
    sku: str = "S1",
    variance: int = 0,
    *,
    within: bool = True,
    recount: bool = False,
    counters: tuple[str, ...] = ("ann",),
    abc: str = "C",
    value: int | None = None,
    cost: int = 100,
    rnd: int = 0,
) -> st.SkuResult:
    return st.SkuResult(
        sku=sku,
        round=rnd,
        book_qty_base=10,
        counted_qty_base=10 + variance,
        variance_qty_base=variance,
        moved_qty_base=0,
        first_seq=1,
        last_seq=1,
        counters=counters,
        locations=(("", 10 + variance),),
        abc_class=abc,
        unit_cost_minor=cost,
        value_minor=variance * cost if value is None else value,
        within_tolerance=within,
        recount_needed=recount,
        recounted=rnd > 0,
    )


# -- tolerance ----------------------------------------------------------------------------
def test_tolerance_defaults_and_bp_per_class() -> None:
    tol = st.Tolerance(a_bp=100, b_bp=300, c_bp=500)
    assert (tol.bp_for("A"), tol.bp_for("B"), tol.bp_for("C")) == (100, 300, 500)
    # A class outside A/B/C is read as C.
    assert tol.bp_for("Z") == tol.bp_for("") == 500


@pytest.mark.parametrize(
    ("abc", "book", "limit"),
    [("A", 1_000, 10), ("B", 1_000, 30), ("C", 1_000, 50), ("A", 150, 1), ("C", 30, 1)],
)
def test_tolerance_exact_integer_boundary(abc: str, book: int, limit: int) -> None:
    """|variance| x 10000 <= bp x |book|: the limit passes, one more does not, both signs."""
    tol = st.Tolerance(value_minor=10**11)
    for sign in (1, -1):
        assert tol.within(abc, book, sign * limit, 0)
        assert not tol.within(abc, book, sign * (limit + 1), 0)


def test_tolerance_boundary_is_not_rounded() -> None:
    # 1 % of 150 is 1.5 units: 1 is within, 2 is not (no rounding up to 2, no float).
    tol = st.Tolerance(a_bp=100, value_minor=10**11)
    assert tol.within("A", 150, 1, 0)
    assert not tol.within("A", 150, 2, 0)
    # 1 % of 99 is 0.99: not even one unit.
    assert not tol.within("A", 99, 1, 0)
    assert tol.within("A", 100, 1, 0)


def test_tolerance_negative_book_uses_its_size() -> None:
    tol = st.Tolerance(c_bp=500, value_minor=10**11)
    assert tol.within("C", -100, 5, 0)
    assert not tol.within("C", -100, 6, 0)


def test_tolerance_value_limit() -> None:
    tol = st.Tolerance(c_bp=10_000, value_minor=500)
    assert tol.within("C", 100, -1, -500)
    assert tol.within("C", 100, 1, 500)
    assert not tol.within("C", 100, -1, -501)
    assert not tol.within("C", 100, 1, 501)


def test_tolerance_book_zero() -> None:
    tol = st.Tolerance(c_bp=10_000, value_minor=10**11)
    assert tol.within("C", 0, 0, 0)
    assert not tol.within("C", 0, 1, 0)
    assert not tol.within("C", 0, -1, 0)


def test_tolerance_extremes_accepted() -> None:
    st.Tolerance(a_bp=0, b_bp=10_000, c_bp=0, value_minor=0, second_approval_minor=10**11)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("a_bp", -1),
        ("b_bp", 10_001),
        ("c_bp", 1.5),
        ("a_bp", True),
        ("c_bp", "100"),
        ("value_minor", -1),
        ("value_minor", 10**11 + 1),
        ("second_approval_minor", 2.0),
        ("second_approval_minor", False),
    ],
)
def test_tolerance_refuses_bad_values_with_a_sentence(field: str, value: object) -> None:
    with pytest.raises(InvalidInput) as err:
        st.Tolerance(**{field: value})
    assert field in str(err.value)
    assert repr(value) in str(err.value)


# -- scope --------------------------------------------------------------------------------
def test_scope_covers() -> None:
    assert st.Scope(st.FULL).covers("anything")
    scope = st.Scope(st.SKUS, skus=("S1", "S2"))
    assert scope.covers("S1") and scope.covers("S2")
    assert not scope.covers("S3")
    assert not st.Scope(st.CATEGORY, categories=("drinks",)).covers("S1")


def test_scope_overlap() -> None:
    a = st.Scope(st.SKUS, skus=("S1", "S2", "S3"))
    b = st.Scope(st.CATEGORY, categories=("x",), skus=("S3", "S2", "S9"))
    assert a.overlap(b) == ("S2", "S3")
    assert b.overlap(a) == ("S2", "S3")
    assert a.overlap(st.Scope(st.SKUS, skus=("S7",))) == ()
    assert a.overlap(st.Scope(st.FULL)) is None
    assert st.Scope(st.FULL).overlap(a) is None


def test_check_no_overlap_disjoint_passes() -> None:
    scope = st.Scope(st.SKUS, skus=("S1",))
    st.check_no_overlap(scope, [])
    st.check_no_overlap(scope, [("CS-2", st.Scope(st.SKUS, skus=("S2",)))])


def test_check_no_overlap_names_the_other_session_and_skus() -> None:
    scope = st.Scope(st.SKUS, skus=("S1", "S2"))
    others = [("CS-2", st.Scope(st.SKUS, skus=("S9",))), ("CS-3", st.Scope(st.SKUS, skus=("S2",)))]
    with pytest.raises(Refused) as err:
        st.check_no_overlap(scope, others)
    assert "CS-3" in str(err.value) and "S2" in str(err.value)
    assert "CS-2" not in str(err.value)


@pytest.mark.parametrize("full_is_new", [True, False])
def test_a_full_count_overlaps_everything(full_is_new: bool) -> None:
    full, some = st.Scope(st.FULL), st.Scope(st.SKUS, skus=("S1",))
    new, other = (full, some) if full_is_new else (some, full)
    with pytest.raises(Refused) as err:
        st.check_no_overlap(new, [("CS-7", other)])
    assert "CS-7" in str(err.value) and "every SKU" in str(err.value)


def test_check_no_overlap_shortens_a_long_list() -> None:
    skus = tuple(f"S{i:02}" for i in range(8))
    with pytest.raises(Refused) as err:
        st.check_no_overlap(st.Scope(st.SKUS, skus=skus), [("CS-1", st.Scope(st.SKUS, skus=skus))])
    assert "S00, S01, S02, S03, S04 (+3)" in str(err.value)
    assert "S05" not in str(err.value)


def test_check_scope_request_accepts_good_requests() -> None:
    st.check_scope_request(st.FULL)
    st.check_scope_request(st.CATEGORY, categories=["drinks"])
    st.check_scope_request(st.LOCATION, locations=["A-"])
    st.check_scope_request(st.ABC, abc_classes=["A", "B"])
    st.check_scope_request(st.SKUS, skus=["S1"])
    st.check_scope_request(st.HANDOVER, skus=["S1"])


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        (st.CATEGORY, "category"),
        (st.LOCATION, "location"),
        (st.ABC, "ABC class"),
        (st.SKUS, "SKU"),
        (st.HANDOVER, "key items"),
    ],
)
def test_check_scope_request_refuses_an_empty_scope(kind: str, word: str) -> None:
    with pytest.raises(InvalidInput) as err:
        st.check_scope_request(kind)
    assert word in str(err.value)
    assert "{" not in str(err.value)


def test_check_scope_request_refuses_an_unknown_kind() -> None:
    with pytest.raises(InvalidInput) as err:
        st.check_scope_request("shelf")
    assert "'shelf'" in str(err.value) and "full" in str(err.value)


def test_check_scope_request_refuses_a_bad_class() -> None:
    with pytest.raises(InvalidInput) as err:
        st.check_scope_request(st.ABC, abc_classes=["A", "D", "x"])
    assert "'D'" in str(err.value) and "'x'" in str(err.value)
    assert "'A'" not in str(err.value)


def test_resolved_scope_sorted_unique() -> None:
    scope = st.resolved_scope(st.CATEGORY, ["S3", "S1", "S3", "S2"], categories=["drinks"])
    assert scope.skus == ("S1", "S2", "S3")
    assert scope.categories == ("drinks",)
    assert scope.kind == st.CATEGORY


def test_resolved_scope_full_ignores_candidates() -> None:
    assert st.resolved_scope(st.FULL, []) == st.Scope(st.FULL)


def test_resolved_scope_refuses_an_empty_one() -> None:
    with pytest.raises(InvalidInput) as err:
        st.resolved_scope(st.CATEGORY, [], categories=["drinks"])
    assert "no SKU" in str(err.value)


# -- ABC and the cycle plan ------------------------------------------------------------
def test_classify_abc_thresholds() -> None:
    sales = {"S1": 50, "S2": 30, "S3": 15, "S4": 5}
    # before S1 0 %, S2 50 %, S3 80 % (not under 80 %: B), S4 95 % (not under 95 %: C)
    assert st.classify_abc(sales) == {"S1": "A", "S2": "A", "S3": "B", "S4": "C"}
    assert st.classify_abc(sales, a_share_bp=5_000, b_share_bp=5_001) == {
        "S1": "A",
        "S2": "B",
        "S3": "C",
        "S4": "C",
    }


def test_classify_abc_ties_by_sku_and_zero_sales() -> None:
    sales = {"S2": 40, "S1": 40, "S3": 20, "S0": 0, "S9": -5}
    got = st.classify_abc(sales, a_share_bp=5_000, b_share_bp=9_000)
    # S1 before S2 (same value): S1 A (before 0), S2 A (before 40 % < 50 %), S3 B (80 %).
    assert got == {"S1": "A", "S2": "A", "S3": "B", "S0": "C", "S9": "C"}
    got = st.classify_abc({"S2": 50, "S1": 50}, a_share_bp=5_000, b_share_bp=5_000)
    assert got == {"S1": "A", "S2": "C"}


def test_classify_abc_no_sales_at_all() -> None:
    assert st.classify_abc({"S1": 0, "S2": 0}) == {"S1": "C", "S2": "C"}
    assert st.classify_abc({}) == {}


@pytest.mark.parametrize(
    ("a", "b"), [(0, 9_500), (9_000, 8_000), (8_000, 10_001), (-1, 5), (True, 9_500), (80.0, 95)]
)
def test_classify_abc_refuses_bad_thresholds(a: object, b: object) -> None:
    with pytest.raises(InvalidInput) as err:
        st.classify_abc({"S1": 1}, a_share_bp=a, b_share_bp=b)  # type: ignore[arg-type]
    assert f"A {a}, B {b}" in str(err.value)


DAY = 24 * 3600 * 1000


def test_cycle_due_per_class_frequency() -> None:
    classes = {"SA": "A", "SB": "B", "SC": "C"}
    last = {"SA": 1_000, "SB": 1_000, "SC": 1_000}
    quarter, half, year = st.YEAR_MS // 4, st.YEAR_MS // 2, st.YEAR_MS
    assert st.cycle_due(classes, last, 1_000 + quarter - 1) == []
    assert [d.sku for d in st.cycle_due(classes, last, 1_000 + quarter)] == ["SA"]
    assert [d.sku for d in st.cycle_due(classes, last, 1_000 + half)] == ["SA", "SB"]
    due = st.cycle_due(classes, last, 1_000 + year)
    assert [(d.sku, d.due_at_ms) for d in due] == [
        ("SA", 1_000 + quarter),
        ("SB", 1_000 + half),
        ("SC", 1_000 + year),
    ]
    assert due[0] == st.DueCount("SA", "A", 1_000, 1_000 + quarter)


def test_cycle_due_never_counted_first_and_a_before_c() -> None:
    classes = {"SC": "C", "SA": "A", "SB": "B", "OLD": "C"}
    last = {"OLD": 5}
    due = st.cycle_due(classes, last, 5 + st.YEAR_MS)
    assert [d.sku for d in due] == ["SA", "SB", "SC", "OLD"]
    assert [d.last_counted_ms for d in due] == [0, 0, 0, 5]


def test_cycle_due_custom_and_zero_frequency() -> None:
    classes = {"SA": "A", "SC": "C"}
    due = st.cycle_due(classes, {}, 0, counts_per_year={"A": 12, "C": 0})
    assert [d.sku for d in due] == ["SA"]
    due = st.cycle_due(classes, {"SA": 1}, 1 + st.YEAR_MS // 12, counts_per_year={"A": 12})
    # SC (never counted, default once a year) is the most overdue.
    assert [d.sku for d in due] == ["SC", "SA"]


def test_propose_sessions_split_by_class_and_size() -> None:
    due = [
        st.DueCount("C2", "C", 0, 0),
        st.DueCount("A3", "A", 0, 0),
        st.DueCount("A1", "A", 0, 5),
        st.DueCount("A2", "A", 0, 9),
        st.DueCount("B1", "B", 0, 0),
    ]
    assert st.propose_sessions(due, max_skus=2) == [
        ("A", ("A1", "A3")),
        ("A", ("A2",)),
        ("B", ("B1",)),
        ("C", ("C2",)),
    ]
    assert st.propose_sessions(due) == [
        ("A", ("A1", "A2", "A3")),
        ("B", ("B1",)),
        ("C", ("C2",)),
    ]
    assert st.propose_sessions([]) == []


def test_propose_sessions_keeps_a_sku_of_an_unknown_class_with_c() -> None:
    # cycle_due plans a class outside A/B/C once a year (as C); it was silently dropped.
    due = st.cycle_due({"S1": "Z", "S2": "C"}, {}, 0)
    assert sorted(d.sku for d in due) == ["S1", "S2"]
    assert st.propose_sessions(due) == [("C", ("S1", "S2"))]


@pytest.mark.parametrize("size", [0, -1])
def test_propose_sessions_refuses_no_room(size: int) -> None:
    with pytest.raises(InvalidInput):
        st.propose_sessions([st.DueCount("S1", "A", 0, 0)], max_skus=size)


# -- count lines ---------------------------------------------------------------------------
SCOPE = st.Scope(st.SKUS, skus=("S1", "S2"))


def session(state: str = st.S_OPEN, **kw: object) -> st.SessionView:
    base: dict[str, object] = {
        "session_id": "CS-1",
        "store_code": "S001",
        "state": state,
        "scope": SCOPE,
    }
    base.update(kw)
    return st.SessionView(**base)  # type: ignore[arg-type]


def test_check_line_accepts_an_open_line_in_round_0() -> None:
    assert st.check_line(session(), "S001", "S1", 5, "", "ann", []) == 0
    assert st.check_line(session(), "S001", "S1", 0, st.CONFIRMED_ZERO, "ann", []) == 0


def test_check_line_accepts_an_unknown_barcode_in_an_open_session() -> None:
    assert st.check_line(session(), "S001", "", 3, "", "ann", []) == 0


def test_check_line_refuses_a_sku_outside_scope() -> None:
    with pytest.raises(InvalidInput) as err:
        st.check_line(session(), "S001", "S3", 1, "", "ann", [])
    assert "S3" in str(err.value) and "CS-1" in str(err.value)


def test_check_line_full_scope_takes_any_sku() -> None:
    assert st.check_line(session(scope=st.Scope(st.FULL)), "S001", "S99", 1, "", "ann", []) == 0


@pytest.mark.parametrize(
    ("state", "word"),
    [
        (st.S_SUBMITTED, "submitted"),
        (st.S_APPROVING, "second approval"),
        (st.S_POSTED, "posted"),
        (st.S_CANCELLED, "cancelled"),
    ],
)
def test_check_line_refuses_a_session_not_counting(state: str, word: str) -> None:
    with pytest.raises(Refused) as err:
        st.check_line(session(state), "S001", "S1", 1, "", "ann", [])
    assert "CS-1" in str(err.value) and word in str(err.value)


def test_check_line_refuses_another_stores_session() -> None:
    with pytest.raises(PermissionDenied) as err:
        st.check_line(session(), "S002", "S1", 1, "", "ann", [])
    assert "CS-1" in str(err.value) and "S001" in str(err.value) and "S002" in str(err.value)


def recount_session(rnd: int = 1) -> st.SessionView:
    return session(st.S_RECOUNT, round=rnd, recount_skus=frozenset({"S1"}))


def test_check_line_recount_by_another_counter_is_accepted() -> None:
    earlier = [line(1, "S1", 5, 8, counter="ann")]
    assert st.check_line(recount_session(), "S001", "S1", 8, "", "bob", earlier) == 1
    # bob goes on counting his own recount (more lines of round 1)
    earlier.append(line(2, "S1", 8, 8, rnd=1, counter="bob"))
    assert st.check_line(recount_session(), "S001", "S1", 1, "", "bob", earlier) == 1


def test_check_line_recount_by_the_same_counter_is_refused() -> None:
    earlier = [line(1, "S1", 5, 8, counter="ann"), line(2, "S1", 1, 8, counter="cid")]
    for counter in ("ann", "cid"):
        with pytest.raises(PermissionDenied) as err:
            st.check_line(recount_session(), "S001", "S1", 8, "", counter, earlier)
        assert counter in str(err.value) and "S1" in str(err.value)
    # In a second recount, whoever counted round 0 or round 1 is out.
    earlier.append(line(3, "S1", 6, 8, rnd=1, counter="bob"))
    with pytest.raises(PermissionDenied):
        st.check_line(recount_session(2), "S001", "S1", 8, "", "bob", earlier)
    assert st.check_line(recount_session(2), "S001", "S1", 8, "", "dan", earlier) == 2


def test_check_line_recount_refuses_other_skus_and_unknown_barcodes() -> None:
    with pytest.raises(Refused) as err:
        st.check_line(recount_session(), "S001", "S2", 1, "", "bob", [])
    assert "S2" in str(err.value) and "CS-1" in str(err.value)
    with pytest.raises(Refused) as err:
        st.check_line(recount_session(), "S001", "", 1, "", "bob", [])
    assert "unknown barcode" in str(err.value)


def test_check_line_correction_needs_a_reason() -> None:
    earlier = [line(1, "S1", 5, 8)]
    with pytest.raises(InvalidQuantity) as err:
        st.check_line(session(), "S001", "S1", -2, "  ", "ann", earlier)
    assert "reason" in str(err.value)
    assert st.check_line(session(), "S001", "S1", -2, "miscounted", "ann", earlier) == 0


def test_check_line_refuses_a_negative_total() -> None:
    earlier = [line(1, "S1", 5, 8), line(2, "S1", 1, 8)]
    assert st.check_line(session(), "S001", "S1", -6, "twice", "ann", earlier) == 0
    with pytest.raises(InvalidQuantity) as err:
        st.check_line(session(), "S001", "S1", -7, "twice", "ann", earlier)
    assert "S1" in str(err.value) and "-1" in str(err.value)


def test_check_line_negative_total_counts_only_the_current_round() -> None:
    earlier = [line(1, "S1", 9, 8, counter="ann")]
    with pytest.raises(InvalidQuantity):
        st.check_line(recount_session(), "S001", "S1", -1, "oops", "bob", earlier)


@pytest.mark.parametrize("qty", [1.0, 2.5, "3", None, True, False])
def test_check_line_refuses_a_quantity_not_whole(qty: object) -> None:
    with pytest.raises(InvalidQuantity) as err:
        st.check_line(session(), "S001", "S1", qty, "", "ann", [])  # type: ignore[arg-type]
    assert repr(qty) in str(err.value)


def test_check_line_refuses_a_huge_quantity() -> None:
    assert st.check_line(session(), "S001", "S1", MAX_QTY_BASE, "", "ann", []) == 0
    for qty in (MAX_QTY_BASE + 1, -MAX_QTY_BASE - 1):
        with pytest.raises(InvalidQuantity) as err:
            st.check_line(session(), "S001", "S1", qty, "why", "ann", [])
        assert str(qty) in str(err.value)


# -- results -------------------------------------------------------------------------------
def test_results_sums_locations_and_compares_with_the_book() -> None:
    lines = [
        line(10, "S1", 4, 10, location="floor"),
        line(12, "S1", 5, 10, location="back"),
        line(13, "S1", 1, 10, location="floor"),
        line(11, "S2", 7, 7, location="floor"),
        line(14, "", 2, 0, location="floor"),  # unknown barcode: aside
    ]
    got = st.results(lines, {"S1": "A"}, TOL, cost_of({"S1": 250}))
    assert [r.sku for r in got] == ["S1", "S2"]
    s1, s2 = got
    assert (s1.counted_qty_base, s1.book_qty_base, s1.variance_qty_base) == (10, 10, 0)
    assert s1.locations == (("back", 5), ("floor", 5))
    assert (s1.first_seq, s1.last_seq) == (10, 13)
    assert s1.abc_class == "A" and s1.unit_cost_minor == 250 and s1.value_minor == 0
    assert s2.abc_class == "C" and s2.variance_qty_base == 0 and s2.within_tolerance


def test_results_book_is_the_last_lines_and_moved_is_shown() -> None:
    # Given out of order: the function orders by seq, not by position in the list.
    lines = [
        line(30, "S1", 3, 17, location="back"),
        line(10, "S1", 15, 20, location="floor"),
        line(20, "S1", 0, 18, location="side"),
    ]
    (r,) = st.results(lines, {}, TOL, cost_of(default=40))
    assert r.book_qty_base == 17
    assert r.counted_qty_base == 18
    assert r.variance_qty_base == 1
    assert r.moved_qty_base == 17 - 20
    assert r.value_minor == 40
    assert (r.first_seq, r.last_seq) == (10, 30)


def test_results_value_is_variance_times_cost() -> None:
    (r,) = st.results([line(1, "S1", 7, 10)], {}, TOL, cost_of(default=123))
    assert r.variance_qty_base == -3 and r.value_minor == -369


def test_results_latest_round_wins() -> None:
    lines = [
        line(1, "S1", 5, 10, counter="ann", location="floor"),
        line(2, "S1", 2, 10, counter="ann", location="back"),
        line(5, "S1", 10, 9, rnd=1, counter="bob", location="floor"),
        line(6, "S1", -1, 9, rnd=1, counter="bob", location="floor", reason="double"),
    ]
    (r,) = st.results(lines, {}, TOL, cost_of())
    assert r.round == 1 and r.recounted
    assert r.counted_qty_base == 9 and r.book_qty_base == 9 and r.variance_qty_base == 0
    assert r.counters == ("bob",)
    assert r.locations == (("floor", 9),)
    assert r.first_seq == 5


def test_results_tolerance_by_class_and_recount_only_in_round_0() -> None:
    tol = st.Tolerance(a_bp=100, b_bp=300, c_bp=500, value_minor=10**11)
    lines = [line(1, s, 97, 100) for s in ("SA", "SB", "SC")]
    got = {r.sku: r for r in st.results(lines, {"SA": "A", "SB": "B"}, tol, cost_of())}
    assert not got["SA"].within_tolerance and got["SA"].recount_needed
    assert got["SB"].within_tolerance and not got["SB"].recount_needed
    assert got["SC"].within_tolerance
    # The recount (round 1) still outside tolerance is not sent to another recount.
    lines.append(line(9, "SA", 97, 100, rnd=1, counter="bob"))
    got = {r.sku: r for r in st.results(lines, {"SA": "A"}, tol, cost_of())}
    assert not got["SA"].within_tolerance and not got["SA"].recount_needed


def test_results_value_limit_sends_a_sku_to_recount() -> None:
    tol = st.Tolerance(c_bp=10_000, value_minor=1_000)
    (r,) = st.results([line(1, "S1", 9, 10)], {}, tol, cost_of(default=1_001))
    assert not r.within_tolerance and r.recount_needed


def test_results_unknown_class_is_c_and_accuracy_does_not_break() -> None:
    got = st.results([line(1, "S1", 10, 10)], {"S1": "Z"}, TOL, cost_of())
    assert got[0].abc_class == "C"
    assert st.accuracy(got).by_class["C"] == (1, 1)


def test_results_empty() -> None:
    assert st.results([], {}, TOL, cost_of()) == []
    assert st.results([line(1, "", 3, 0)], {}, TOL, cost_of()) == []


# -- totals, not counted, accuracy ----------------------------------------------------------
def test_totals_gains_losses_net_gross() -> None:
    found = [
        result("S1", 3, cost=100, within=False),
        result("S2", -5, cost=200),
        result("S3", 0),
        result("S4", 1, cost=50),
    ]
    t = st.totals(found)
    assert (t.gain_qty_base, t.loss_qty_base) == (4, -5)
    assert (t.gain_minor, t.loss_minor) == (350, -1_000)
    assert t.net_minor == -650
    assert t.gross_minor == 1_350
    assert (t.skus, t.within) == (4, 3)
    assert st.totals([]) == st.Totals(0, 0, 0, 0, 0, 0, 0, 0)


def test_not_counted() -> None:
    found = [result("S2"), result("S9")]
    assert st.not_counted(["S3", "S1", "S2", "S1"], found) == ["S1", "S3"]
    assert st.not_counted([], found) == []


def test_accuracy() -> None:
    found = [
        result("S1", abc="A", within=True),
        result("S2", abc="A", within=False),
        result("S3", abc="B", within=True),
        result("S4", abc="C", within=False),
    ]
    acc = st.accuracy(found)
    assert (acc.counted, acc.within, acc.bp) == (4, 2, 5_000)
    assert acc.by_class == {"A": (2, 1), "B": (1, 1), "C": (1, 0)}
    assert st.accuracy([]).bp == 0
    assert st.accuracy([result(within=True)] * 2 + [result(within=False)]).bp == 6_666


# -- approval ------------------------------------------------------------------------------
def test_check_approval_passes() -> None:
    found = [result("S1", -2, counters=("ann",)), result("S2", 0, counters=("bob",))]
    st.check_approval("CS-1", st.S_SUBMITTED, found, [], "bob")
    st.check_approval("CS-1", st.S_APPROVING, found, [], "cid", first_approver="bob")


@pytest.mark.parametrize("state", [st.S_OPEN, st.S_RECOUNT, st.S_POSTED, st.S_CANCELLED])
def test_check_approval_refuses_a_state(state: str) -> None:
    with pytest.raises(Refused) as err:
        st.check_approval("CS-1", state, [], [], "bob")
    assert "CS-1" in str(err.value) and st.state_words(state) in str(err.value)


def test_check_approval_refuses_outstanding_recounts() -> None:
    found = [result("S1", -9, within=False, recount=True), result("S2", 0)]
    with pytest.raises(Refused) as err:
        st.check_approval("CS-1", st.S_SUBMITTED, found, [], "bob")
    assert "CS-1" in str(err.value) and "S1" in str(err.value) and "S2" not in str(err.value)


def test_check_approval_refuses_uncounted_skus() -> None:
    with pytest.raises(Refused) as err:
        st.check_approval("CS-1", st.S_SUBMITTED, [result("S1")], ["S7", "S8"], "bob")
    assert "CS-1" in str(err.value) and "S7, S8" in str(err.value)


def test_check_approval_lists_at_most_ten() -> None:
    missing = [f"S{i:02}" for i in range(12)]
    with pytest.raises(Refused) as err:
        st.check_approval("CS-1", st.S_SUBMITTED, [], missing, "bob")
    assert "S09 (+2)" in str(err.value) and "S10" not in str(err.value)


def test_check_approval_refuses_a_counter_of_a_variance() -> None:
    found = [result("S1", 0, counters=("ann",)), result("S2", 1, counters=("ann", "bob"))]
    with pytest.raises(PermissionDenied) as err:
        st.check_approval("CS-1", st.S_SUBMITTED, found, [], "bob")
    assert "bob" in str(err.value) and "S2" in str(err.value) and "S1" not in str(err.value)


def test_check_approval_a_counter_of_zero_variance_only_may_approve() -> None:
    found = [result("S1", 0, counters=("ann",)), result("S2", 4, counters=("bob",))]
    st.check_approval("CS-1", st.S_SUBMITTED, found, [], "ann")


def test_check_approval_refuses_the_same_second_approver() -> None:
    with pytest.raises(PermissionDenied) as err:
        st.check_approval("CS-1", st.S_APPROVING, [result()], [], "bob", first_approver="bob")
    assert "bob" in str(err.value) and "CS-1" in str(err.value)


def test_needs_second_approval_uses_gross() -> None:
    tol = st.Tolerance(second_approval_minor=1_000)
    # Gains and losses that net to zero are still 1,200 of variance to sign for.
    assert st.needs_second_approval([result("S1", 6, cost=100), result("S2", -6, cost=100)], tol)
    assert not st.needs_second_approval([result("S1", 10, cost=100)], tol)
    assert st.needs_second_approval([result("S1", -11, cost=100)], tol)
    assert not st.needs_second_approval([], tol)


# -- posting and states ----------------------------------------------------------------------
def test_posting_parts_sizes() -> None:
    found = [result(f"S{i}") for i in range(5)]
    parts = st.posting_parts(found, per_part=2)
    assert [len(p) for p in parts] == [2, 2, 1]
    assert [r for p in parts for r in p] == found
    assert st.posting_parts(found, per_part=5) == [found]
    assert st.posting_parts(found) == [found]
    assert st.posting_parts([]) == [[]]


@pytest.mark.parametrize("size", [0, -3, True, 2.0])
def test_posting_parts_refuses_a_part_of_no_sku(size: object) -> None:
    # per_part=0 was range(..., step=0): a ValueError, not a sentence.
    with pytest.raises(InvalidInput) as err:
        st.posting_parts([result()], per_part=size)  # type: ignore[arg-type]
    assert repr(size) in str(err.value)


ALLOWED = {
    (st.S_OPEN, st.SUBMITTED): st.S_SUBMITTED,
    (st.S_RECOUNT, st.SUBMITTED): st.S_SUBMITTED,
    (st.S_SUBMITTED, st.RECOUNT): st.S_RECOUNT,
    (st.S_SUBMITTED, st.APPROVED): st.S_APPROVING,
    (st.S_OPEN, st.CANCELLED): st.S_CANCELLED,
    (st.S_SUBMITTED, st.CANCELLED): st.S_CANCELLED,
    (st.S_RECOUNT, st.CANCELLED): st.S_CANCELLED,
    (st.S_APPROVING, st.CANCELLED): st.S_CANCELLED,
}


@pytest.mark.parametrize(("state", "event"), sorted(ALLOWED))
def test_next_state_allowed(state: str, event: str) -> None:
    assert st.next_state("CS-1", state, event) == ALLOWED[(state, event)]


@pytest.mark.parametrize(
    ("state", "event"),
    sorted(
        (s, e)
        for s in st.STATES
        for e in (st.SUBMITTED, st.RECOUNT, st.APPROVED, st.CANCELLED, "frozen")
        if (s, e) not in ALLOWED
    ),
)
def test_next_state_refused(state: str, event: str) -> None:
    with pytest.raises(Refused) as err:
        st.next_state("CS-1", state, event)
    assert "CS-1" in str(err.value) and st.state_words(state) in str(err.value)


@pytest.mark.parametrize("state", st.STATES)
def test_next_state_opened_is_refused(state: str) -> None:
    with pytest.raises(Refused) as err:
        st.next_state("CS-1", state, st.OPENED)
    assert "CS-1" in str(err.value)


def test_no_closed_session_can_be_cancelled() -> None:
    for state in st.CLOSED_STATES:
        with pytest.raises(Refused):
            st.next_state("CS-1", state, st.CANCELLED)


# -- the alternative rule: the book at the selling location's line ---------------------------
def test_results_at_selling_location_uses_the_floors_line() -> None:
    # Floor counted first (10 there, book 14); the till sells 2 from the floor; back counted.
    lines = [
        line(1, "S1", 10, 14, location="floor-A1"),
        line(4, "S1", 4, 12, location="back"),
        line(5, "S2", 3, 3, location="back"),  # no line at the floor: its last line
    ]
    s1, s2 = st.results_at_selling_location(lines, {}, TOL, cost_of(), ["floor-"])
    assert (s1.book_qty_base, s1.variance_qty_base, s1.moved_qty_base) == (14, 0, -2)
    assert (s1.first_seq, s1.last_seq) == (1, 4)
    assert s2.book_qty_base == 3 and s2.variance_qty_base == 0
    # results() reads the same lines as a gain of the 2 units sold from the counted floor.
    assert st.results(lines, {}, TOL, cost_of())[0].variance_qty_base == 2


def test_results_at_selling_location_names_and_prefixes() -> None:
    lines = [
        line(1, "S1", 5, 9, location="back"),
        line(2, "S1", 4, 9, location="shop"),
        line(3, "S1", 0, 8, location="shopfront"),
        line(4, "S1", 1, 7, location="side"),
    ]

    def book(selling: object) -> int:
        (r,) = st.results_at_selling_location(lines, {}, TOL, cost_of(), selling)  # type: ignore[arg-type]
        return r.book_qty_base

    assert book(["shop"]) == 8  # "shopfront" starts with "shop": the last such line
    assert book("back") == 9  # one name given as a string
    assert book(["side", "back"]) == 7
    assert book([]) == 7  # no selling location: as results()
    assert book(["floor"]) == 7


def test_session_results_takes_the_selling_location_when_the_session_names_one() -> None:
    from common.domain.stocktake import CountedLine, Tolerance, session_results

    # Shelf counted first (5, book 10), one sold from the shelf, backroom counted (5, book 9).
    lines = [
        CountedLine(1, "COLA", 5, 0, 10, "ann", "shelf"),
        CountedLine(3, "COLA", 5, 0, 9, "bob", "backroom"),
    ]
    at_last = session_results(lines, {}, Tolerance(), lambda sku: 100)
    at_shelf = session_results(lines, {}, Tolerance(), lambda sku: 100, ("shelf",))
    assert at_last[0].variance_qty_base == 1  # the unit sold after the shelf count: a false gain
    assert at_shelf[0].variance_qty_base == 0
    assert at_shelf[0].moved_qty_base == -1
