"""Accuracy and shrink figures (headoffice.domain.accuracy), worked out by hand on small data."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.domain.stocktake import CountedLine, Tolerance, results
from common.errors import InvalidInput
from headoffice.domain.accuracy import (
    CHAIN,
    OTHERS,
    CountFact,
    Loss,
    accuracy_report,
    bp_text,
    combined,
    facts_from_results,
    figures,
    period_of,
    share_bp,
    shown_stores,
)


def ms(year: int, month: int, day: int, hour: int = 12) -> int:
    return int(dt.datetime(year, month, day, hour, tzinfo=dt.UTC).timestamp()) * 1000


# 2026-11-30 is a Monday (ISO week 49), 2026-12-07 the Monday of week 50.
W49 = ms(2026, 12, 1)
W50 = ms(2026, 12, 8)


def fact(
    store: str,
    sku: str,
    value: int,
    within: bool,
    at: int = W49,
    abc: str = "C",
    category: str = "DRINK",
) -> CountFact:
    return CountFact(
        store_code=store,
        session_id=f"CS-{store}",
        sku=sku,
        category_code=category,
        abc_class=abc,
        book_qty_base=10,
        counted_qty_base=10 + (value // 100),
        variance_qty_base=value // 100,
        value_minor=value,
        within_tolerance=within,
        posted_at_ms=at,
    )


FACTS = [
    fact("S1", "COLA", -500, False, abc="A"),
    fact("S1", "TEA", 0, True, abc="A"),
    fact("S1", "RICE", -300, True, abc="B", category="DRY"),
    fact("S1", "COLA", 200, True, at=W50, abc="A"),
    fact("S2", "COLA", -1_000, False, abc="A"),
    fact("S2", "SOAP", 100, True, category="HOME"),
]


def test_store_and_chain_figures_by_hand() -> None:
    report = accuracy_report(FACTS, {"S1": 40_000, "S2": 20_000})
    assert report.store_codes() == ("S1", "S2")
    s1, s2 = report.stores
    # S1: 4 counted, 3 within -> 7500 bp; losses 500 + 300, gains 200.
    assert (s1.accuracy.counted, s1.accuracy.within, s1.accuracy_bp) == (4, 3, 7_500)
    assert (s1.loss_minor, s1.gain_minor, s1.net_minor, s1.shrink_minor) == (-800, 200, -600, 800)
    assert s1.shrink_sales_bp == 200  # 800 of 40,000
    assert s1.class_bp("A") == 6_666  # 2 of 3, floored
    assert s1.class_bp("B") == 10_000
    assert s1.class_bp("C") is None  # nothing of class C counted
    # S2: 1 of 2 within; loss 1,000 of sales 20,000 = 500 bp.
    assert (s2.accuracy_bp, s2.shrink_sales_bp) == (5_000, 500)
    chain = report.chain
    assert chain.store_code == CHAIN
    assert (chain.accuracy.counted, chain.accuracy.within, chain.accuracy_bp) == (6, 4, 6_666)
    assert (chain.loss_minor, chain.gain_minor) == (-1_800, 300)
    assert chain.sales_minor == 60_000
    assert chain.shrink_sales_bp == 300  # 1,800 * 10,000 // 60,000


def test_top_losses_by_value_then_key() -> None:
    chain = accuracy_report(FACTS, {}).chain
    assert chain.top_skus == (Loss("COLA", -1_500, 2), Loss("RICE", -300, 1))
    assert chain.top_categories == (Loss("DRINK", -1_500, 2), Loss("DRY", -300, 1))
    # A tie in value is broken by the SKU; the list is cut at N.
    tied = figures([fact("S1", "B", -100, False), fact("S1", "A", -100, False)], top_n=1)
    assert tied.top_skus == (Loss("A", -100, 1),)


def test_periods_by_iso_week_chain_first() -> None:
    report = accuracy_report(
        FACTS,
        {"S1": 40_000, "S2": 20_000},
        period_sales_minor={("S1", "2026-W49"): 10_000, ("S2", "2026-W49"): 10_000},
    )
    assert report.period_labels() == ("2026-W49", "2026-W50")
    assert [(f.period, f.store_code) for f in report.periods] == [
        ("2026-W49", CHAIN),
        ("2026-W49", "S1"),
        ("2026-W49", "S2"),
        ("2026-W50", CHAIN),
        ("2026-W50", "S1"),
    ]
    w49_s1 = report.periods[1]
    assert (w49_s1.accuracy_bp, w49_s1.shrink_sales_bp) == (6_666, 800)
    assert report.periods[0].shrink_sales_bp == 900  # 1,800 of 20,000
    # No sales given for week 50: no share, rather than a share of nothing.
    assert report.periods[3].shrink_sales_bp is None
    assert [f.accuracy_bp for f in report.series("S1")] == [6_666, 10_000]


def test_day_and_month_buckets_and_local_midnight() -> None:
    late = ms(2026, 11, 30, hour=20)  # 04:00 on 1 December in China
    assert period_of(late, "day") == "2026-11-30"
    assert period_of(late, "day", utc_offset_minutes=480) == "2026-12-01"
    assert period_of(late, "month") == "2026-11"
    assert period_of(late, "month", utc_offset_minutes=480) == "2026-12"
    assert period_of(ms(2027, 1, 1), "week") == "2026-W53"  # ISO year, not calendar year
    report = accuracy_report(FACTS, {}, bucket="month")
    assert report.period_labels() == ("2026-12",)
    with pytest.raises(InvalidInput, match="fortnight"):
        period_of(late, "fortnight")


def test_refuses_floats_and_unknown_classes() -> None:
    bad = CountFact("S1", "CS", "X", "C1", "C", 1, 1, 0, 1.5, True, W49)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="value_minor"):
        accuracy_report([bad], {})
    with pytest.raises(InvalidInput, match="'D'"):
        accuracy_report([fact("S1", "X", 0, True, abc="D")], {})
    with pytest.raises(InvalidInput, match="S1"):
        accuracy_report([], {"S1": 10.0})  # type: ignore[dict-item]


def test_no_counts_no_accuracy() -> None:
    report = accuracy_report([], {"S1": 100})
    assert report.stores == () and report.periods == ()
    assert report.chain.accuracy_bp is None
    assert share_bp(0, 0) is None


def test_combined_adds_counts_and_money() -> None:
    report = accuracy_report(FACTS, {"S1": 40_000, "S2": 20_000})
    both = combined(report.stores, "others", CHAIN)
    assert both.accuracy == report.chain.accuracy
    assert (both.loss_minor, both.gain_minor, both.sales_minor) == (-1_800, 300, 60_000)


def test_a_big_chain_shows_its_least_accurate_stores_and_the_others_added_up() -> None:
    # S1 right 1 of 2, S2 right 0 of 1, S3 and S4 always right, S5 not counted within in W50.
    facts = [
        fact("S1", "COLA", -100, True), fact("S1", "TEA", -200, False, at=W50),
        fact("S2", "COLA", -400, False),
        fact("S3", "COLA", 50, True), fact("S3", "TEA", -10, True, at=W50),
        fact("S4", "COLA", 0, True),
        fact("S5", "RICE", -30, True), fact("S5", "SOAP", -5, False, at=W50),
    ]  # fmt: skip
    sales = {("S1", "2026-W49"): 1_000, ("S3", "2026-W49"): 2_000, ("S4", "2026-W49"): 3_000,
             ("S5", "2026-W49"): 5_000, ("S3", "2026-W50"): 1_000}  # fmt: skip
    report = accuracy_report(facts, {}, period_sales_minor=sales, max_shown=3)
    # Ranked by accuracy over the whole report: S2 0 %, S1 50 %, S5 50 % (S1 first by code).
    assert shown_stores(report.stores, 3) == {"S1", "S2"}
    assert report.shown_codes() == ("S1", "S2") and report.others_count() == 3
    assert len(report.stores) == 5  # the totals of every store stay
    assert [(f.period, f.store_code) for f in report.periods] == [
        ("2026-W49", CHAIN), ("2026-W49", "S1"), ("2026-W49", "S2"), ("2026-W49", OTHERS),
        ("2026-W50", CHAIN), ("2026-W50", "S1"), ("2026-W50", OTHERS),
    ]  # fmt: skip
    w49_others, w50_others = (f for f in report.periods if f.store_code == OTHERS)
    # W49: S3, S4, S5 one SKU each, all within; gains 50, losses 30; sales 2,000+3,000+5,000.
    assert (w49_others.accuracy.counted, w49_others.accuracy.within) == (3, 3)
    assert (w49_others.loss_minor, w49_others.gain_minor) == (-30, 50)
    assert w49_others.sales_minor == 10_000 and w49_others.shrink_sales_bp == 30
    # W50: S3 and S5; S5 has no sales figure there, so no share (a partial sum would flatter).
    assert (w50_others.accuracy.counted, w50_others.accuracy.within) == (2, 1)
    assert w50_others.sales_minor is None
    # The others and the shown stores add up to the chain, period by period.
    for label in report.period_labels():
        parts = [f for f in report.periods if f.period == label and f.store_code != CHAIN]
        whole = next(f for f in report.periods if f.period == label and f.store_code == CHAIN)
        assert combined(parts, CHAIN, label).accuracy == whole.accuracy
        assert sum(f.loss_minor for f in parts) == whole.loss_minor
    # A chain no bigger than max_shown (or one store asked for) is shown whole.
    small = accuracy_report(facts, {}, max_shown=5)
    assert small.shown_codes() == ("S1", "S2", "S3", "S4", "S5") and small.others_count() == 0
    assert OTHERS not in {f.store_code for f in small.periods}
    one = accuracy_report([f for f in facts if f.store_code == "S5"], {}, max_shown=1)
    assert [f.store_code for f in one.periods] == [CHAIN, "S5", CHAIN, "S5"]


def test_a_store_without_accuracy_ranks_last_and_max_shown_is_checked() -> None:
    report = accuracy_report([fact("S1", "X", 0, True), fact("S2", "X", 0, False)], {})
    assert shown_stores(report.stores, 2) == {"S1", "S2"}
    assert shown_stores(report.stores, 1) == set()
    with pytest.raises(InvalidInput):
        shown_stores(report.stores, 0)
    with pytest.raises(InvalidInput):
        accuracy_report([], {}, max_shown=True)


def test_bp_text() -> None:
    assert bp_text(9_753) == "97.53%"
    assert bp_text(5) == "0.05%"
    assert bp_text(-250) == "-2.50%"
    assert bp_text(None) == "-"


facts_strategy = st.lists(
    st.builds(
        fact,
        store=st.sampled_from(["S1", "S2", "S3"]),
        sku=st.sampled_from(["A1", "B2", "C3", "D4"]),
        value=st.integers(-(10**9), 10**9),
        within=st.booleans(),
        at=st.integers(0, 2 * 10**12),
        abc=st.sampled_from(["A", "B", "C"]),
    ),
    max_size=40,
)


@given(facts_strategy, st.integers(1, 10**12), st.integers(1, 4))
def test_property_bp_in_range_and_shrink_is_the_losses(
    facts: list[CountFact], sales: int, max_shown: int
) -> None:
    report = accuracy_report(facts, {"S1": sales, "S2": sales, "S3": sales}, max_shown=max_shown)
    for f in (report.chain, *report.stores, *report.periods):
        assert f.accuracy_bp is None or 0 <= f.accuracy_bp <= 10_000
        for c in ("A", "B", "C"):
            bp = f.class_bp(c)
            assert bp is None or 0 <= bp <= 10_000
        assert f.shrink_sales_bp is None or f.shrink_sales_bp >= 0
    losses = sum(x.value_minor for x in facts if x.value_minor < 0)
    gains = sum(x.value_minor for x in facts if x.value_minor > 0)
    assert report.chain.loss_minor == losses
    assert report.chain.shrink_minor == -losses
    assert report.chain.gain_minor == gains
    assert sum(s.loss_minor for s in report.stores) == losses
    assert sum(p.loss_minor for p in report.periods if p.store_code != CHAIN) == losses
    assert sum(p.loss_minor for p in report.periods if p.store_code == CHAIN) == losses
    assert report.chain.accuracy.counted == len(facts)


def test_facts_from_a_sessions_results() -> None:
    lines = [CountedLine(1, "COLA", 7, 0, 10, "ann"), CountedLine(2, "TEA", 3, 0, 3, "ann")]
    found = results(lines, {"COLA": "A"}, Tolerance(), lambda sku: 250)
    facts = facts_from_results("S1", "CS-1", W49, found, {"COLA": "DRINK"})
    assert [
        (f.sku, f.category_code, f.abc_class, f.value_minor, f.within_tolerance) for f in facts
    ] == [
        ("COLA", "DRINK", "A", -750, False),
        ("TEA", "", "C", 0, True),
    ]
    chain = accuracy_report(facts, {"S1": 75_000}).chain
    assert (chain.accuracy_bp, chain.shrink_minor, chain.shrink_sales_bp) == (5_000, 750, 100)
