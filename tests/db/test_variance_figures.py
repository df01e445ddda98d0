"""The variance report's figures, added up by the database (count_figures_sql), are the
shared rule's (common.domain.stocktake.session_results) over the same lines: hypothesis
draws sessions on both engines.

Each example stores one session's count lines through CountsRepository.insert_line (a
store and a session of its own; in the drawn order, in reverse or by SKU), so the report
reads the sums the lines added to count_line_sums: several SKUs, one with no product, unknown barcodes; places on and
off the selling locations the session names (a prefix, an exact place, the empty place,
a prefix holding a LIKE pattern character); corrections with negative lines; recounts in
later rounds, or none (the query's by-SKU shape); books that differ line to line; book mismatches. Unit costs come from the
session's posted results, the store's average costs or the catalogue, as drawn. Then
session_report's results, totals, categories, line and mismatch counts and SKUs not
counted are what session_results and the plain rules give.
"""

from __future__ import annotations

from itertools import count as counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from sqlalchemy.engine import Engine

from common.domain import stocktake as st
from headoffice.domain.catalogue import Product
from headoffice.domain.counts import CountSession, HoCountLine
from headoffice.domain.roles import Staff
from headoffice.services.counts_reports import (
    GROUPINGS,
    VarianceRow,
    session_report,
    variance_report,
    variance_rows,
)
from headoffice.store.count_tables import count_results
from headoffice.store.tables import stock_levels
from headoffice.store.unit_of_work import UnitOfWork

CATALOGUE = {"COLA": (120, "drinks/soft"), "TEA": (300, "drinks/tea"), "RICE": (0, "food"),
             "SOAP": (75, "home")}  # fmt: skip
SKUS = (*CATALOGUE, "GHOST")  # GHOST: counted, not in the catalogue
PLACES = ("A-01", "A-02", "B-01", "", "floor", "Floor", "A-0%x")
PREFIXES = ("A-", "floor", "", "B-01", "A-0%")
COUNTERS = ("ann", "bob", "cy")
NUMBERS = counter(1)
ADMIN = Staff("auditor", "admin")

line_strategy = hs.tuples(
    hs.sampled_from((*SKUS, "")),  # "": an unknown barcode
    hs.integers(-5, 20),  # a negative line corrects an earlier one
    hs.integers(0, 2),  # round
    hs.integers(-10, 60),  # head office's book at the line
    hs.sampled_from(COUNTERS),
    hs.sampled_from(PLACES),
    hs.booleans(),  # book mismatch
    hs.integers(1, 5),  # gap to the previous line's seq
)


def sorted_by_sku(lines: list[HoCountLine]) -> list[HoCountLine]:
    return sorted(lines, key=lambda ln: (ln.sku, -ln.seq))


session_strategy = hs.fixed_dictionaries(
    {
        "lines": hs.lists(line_strategy, max_size=30),
        "selling": hs.lists(hs.sampled_from(PREFIXES), max_size=3, unique=True),
        "classes": hs.dictionaries(hs.sampled_from(SKUS), hs.sampled_from(("A", "B", "C", "X"))),
        "tolerance": hs.builds(
            st.Tolerance,
            a_bp=hs.integers(0, 10_000),
            b_bp=hs.integers(0, 10_000),
            c_bp=hs.integers(0, 10_000),
            value_minor=hs.integers(0, 5_000),
        ),
        # the store's level and average cost of some SKUs, and posted unit costs of others
        "levels": hs.dictionaries(hs.sampled_from(SKUS), hs.tuples(hs.integers(-3, 9), hs.integers(0, 500))),
        "posted": hs.dictionaries(hs.sampled_from(SKUS), hs.integers(0, 900)),
        "full": hs.booleans(),
        "posted_session": hs.booleans(),  # posted (results joined) with none drawn
        # no recount: every line of round 0 (the figures are then added up by SKU alone)
        "one_round": hs.booleans(),
        "scope": hs.lists(hs.sampled_from(SKUS), min_size=1, unique=True),
        "order": hs.sampled_from((list, lambda lines: lines[::-1], sorted_by_sku)),
    }
)  # fmt: skip


@pytest.fixture
def catalogue(engine: Engine) -> Engine:
    with UnitOfWork(engine) as uow:
        uow.catalogue.save_products(
            [
                Product(sku, sku.title(), "piece", 500, cost, category, "CNY", True, ())
                for sku, (cost, category) in CATALOGUE.items()
            ],
            set(),
            1_000,
        )
        uow.commit()
    return engine


def _write(engine: Engine, store: str, session_id: str, drawn: dict) -> list[HoCountLine]:
    lines, seq = [], 100
    for n, (sku, qty, rnd, book, who, place, mismatch, gap) in enumerate(drawn["lines"]):
        seq += gap
        rnd = 0 if drawn["one_round"] else rnd
        lines.append(
            HoCountLine(
                store,
                session_id,
                seq,
                f"l{n}",
                sku,
                "" if sku else f"69{n:011d}",
                place,
                qty,
                "fix" if qty < 0 else "",
                rnd,
                who,
                book + mismatch,
                book,
                mismatch,
                seq,
            )  # fmt: skip
        )
    # through the repository, as count_effects stores them (each line adds itself to
    # count_line_sums), in an order of their own: the sums do not depend on it
    with UnitOfWork(engine) as uow:
        for ln in drawn["order"](lines):
            uow.counts.insert_line(ln)
        uow.commit()
    with engine.begin() as conn:
        for sku, (qty, avg) in drawn["levels"].items():
            conn.execute(
                stock_levels.insert().values(
                    store_code=store, sku=sku, qty_base=qty, avg_cost_minor=avg, updated_at_ms=1
                )
            )
        for sku, cost in drawn["posted"].items():
            conn.execute(
                count_results.insert().values(
                    store_code=store,
                    session_id=session_id,
                    sku=sku,
                    category_code="",
                    abc_class="C",
                    book_qty_base=0,
                    counted_qty_base=0,
                    variance_qty_base=0,
                    unit_cost_minor=cost,
                    value_minor=0,
                    within_tolerance=True,
                    round=0,
                    moved_qty_base=0,
                    posted_at_ms=1,
                    posted_seq=1,
                )  # fmt: skip
            )
    return lines


def _cost(drawn: dict, sku: str) -> int:
    if sku in drawn["posted"]:
        return drawn["posted"][sku]
    if sku in drawn["levels"]:
        return drawn["levels"][sku][1]
    return CATALOGUE.get(sku, (0, ""))[0]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=session_strategy)
def test_database_figures_are_the_shared_rules(catalogue: Engine, drawn: dict) -> None:
    n = next(NUMBERS)
    store, session_id = f"V{n:03d}", f"cs-var-{n}"
    lines = _write(catalogue, store, session_id, drawn)
    scope = st.Scope(st.FULL) if drawn["full"] else st.Scope(st.SKUS, skus=tuple(drawn["scope"]))
    session = CountSession(
        session_id, store, "store", st.S_SUBMITTED, scope, tolerance=drawn["tolerance"],
        classes=drawn["classes"], selling_locations=tuple(drawn["selling"]),
        # results are written with the posting: a session with some has posted
        posted_seq=7 if drawn["posted"] or drawn["posted_session"] else 0,
    )  # fmt: skip
    with UnitOfWork(catalogue) as uow:
        report = session_report(uow, session)

    expected = st.session_results(
        [ln.counted() for ln in lines], drawn["classes"], drawn["tolerance"],
        lambda sku: _cost(drawn, sku), tuple(drawn["selling"]),
    )  # fmt: skip
    assert report.results == expected
    assert report.totals == st.totals(expected)
    counted = {r.sku for r in expected}
    assert report.categories == {s: CATALOGUE[s][1] for s in counted if s in CATALOGUE}
    assert report.lines == len(lines)
    assert report.book_mismatches == sum(ln.book_mismatch for ln in lines)
    assert [ln.line_id for ln in report.unknown_barcodes] == [
        ln.line_id for ln in lines if not ln.sku
    ]
    in_scope = (
        [sku for sku, (qty, _avg) in drawn["levels"].items() if qty != 0]
        if drawn["full"]
        else drawn["scope"]
    )
    assert report.not_counted == st.not_counted(in_scope, expected)
    # the SKU rows of the variance report are the results one to one
    assert [(r.key, r.counted_qty_base) for r in variance_rows(report, "sku")] == [
        (r.sku, r.counted_qty_base) for r in expected
    ]
    # the variance report (CountVariance; by SKU from four figures a SKU, in one pass) has
    # the rows and totals of the session report's, by every grouping
    with UnitOfWork(catalogue) as uow:
        uow.counts.insert(session)
        uow.commit()
    for by in GROUPINGS:
        shown = variance_report(UnitOfWork(catalogue), ADMIN, session_id, by)
        assert (shown.session.session_id, shown.by) == (session_id, by)
        assert shown.rows == variance_rows(report, by)
        assert all(type(r) is VarianceRow for r in shown.rows)
        assert shown.totals == report.totals
