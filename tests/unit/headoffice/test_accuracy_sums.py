"""The report built from the database's sums (accuracy_sums.report_from_sums) is the report
built from one fact per SKU (accuracy.accuracy_report), on random data."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from headoffice.domain.accuracy import BUCKETS, CountFact, accuracy_report, period_of
from headoffice.domain.accuracy_sums import report_from_sums
from tests.unit.headoffice.fake_accuracy import sums_of_facts

YEAR_MS = 366 * 24 * 3600 * 1000
START_MS = 1_767_225_600_000  # 2026-01-01T00:00Z

facts_st = st.lists(
    st.builds(
        CountFact,
        store_code=st.sampled_from(["S001", "S002", "S003", "S004", "S005"]),
        session_id=st.sampled_from(["CS-1", "CS-2"]),
        sku=st.sampled_from(["COLA", "TEA", "RICE", "SOAP", "MILK"]),
        category_code=st.sampled_from(["", "DRINK", "DRY"]),
        abc_class=st.sampled_from(["A", "B", "C"]),
        book_qty_base=st.integers(-50, 50),
        counted_qty_base=st.integers(0, 50),
        variance_qty_base=st.integers(-50, 50),
        value_minor=st.integers(-5_000, 5_000),
        within_tolerance=st.booleans(),
        posted_at_ms=st.integers(START_MS, START_MS + YEAR_MS),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(
    facts=facts_st,
    bucket=st.sampled_from(BUCKETS),
    offset=st.sampled_from([0, 480, -300]),
    top_n=st.integers(0, 4),
    max_shown=st.integers(1, 4),
    sales=st.dictionaries(
        st.tuples(st.sampled_from(["S001", "S002", "S003"]), st.integers(0, 400)),
        st.integers(0, 90_000),
        max_size=20,
    ),
)
def test_the_report_from_sums_is_the_report_from_facts(
    facts: list[CountFact],
    bucket: str,
    offset: int,
    top_n: int,
    max_shown: int,
    sales: dict[tuple[str, int], int],
) -> None:
    # Sales given per (store, day since START): each store's whole sales are their sum.
    period_sales: dict[tuple[str, str], int] = {}
    whole: dict[str, int] = {}
    for (store, day), value in sales.items():
        label = period_of(START_MS + day * 86_400_000, bucket, offset)
        period_sales[(store, label)] = period_sales.get((store, label), 0) + value
        whole[store] = whole.get(store, 0) + value
    expected = accuracy_report(
        facts, whole, bucket=bucket, period_sales_minor=period_sales, top_n=top_n,
        utc_offset_minutes=offset, max_shown=max_shown,
    )  # fmt: skip
    got = report_from_sums(
        sums_of_facts(facts, bucket, offset, top_n),
        whole,
        bucket=bucket,
        period_sales_minor=period_sales,
        top_n=top_n,
        max_shown=max_shown,
    )
    assert got == expected


def test_a_report_with_nothing_counted_is_empty_either_way() -> None:
    empty = report_from_sums(sums_of_facts([], "week"), {}, bucket="week")
    assert empty == accuracy_report([], {}, bucket="week")
    assert empty.chain.accuracy_bp is None and empty.stores == ()
