"""The rules of `edge-agent check`: journal sale vs table rows, levels vs movements."""

from __future__ import annotations

from dataclasses import replace

from edge_agent.domain.ledger_check import (
    MISSING,
    Mismatch,
    SaleRows,
    compare_levels,
    compare_sales,
    describe,
)
from edge_agent.domain.sale_record import RecordedLine, RecordedSale
from edge_agent.domain.tender import Tender
from edge_agent.services.ledger_check import check_ledger
from tests.unit.edge_agent.fakes import fake_store

SALE = RecordedSale(
    sale_id="s-1",
    sale_no=4,
    till_id="T1",
    cashier="ann",
    currency="CNY",
    lines=(RecordedLine(1, "COLA", "COLA", "Cola", 2, 350, 700, 350),),
    tenders=(Tender("cash", 700, 1000, 300, ""),),
    total_minor=700,
)


def rows(sale: RecordedSale, seq: int = 9, change: int = 300, discount: int = 0) -> SaleRows:
    return SaleRows(seq, sale, change, discount)


def test_agreeing_sales_and_levels_have_no_mismatch() -> None:
    assert compare_sales("S001", [(9, SALE)], {"s-1": rows(SALE)}) == []
    assert compare_levels("S001", [("COLA", -2)], [("COLA", -2)]) == []


def test_every_differing_field_is_named_with_both_values() -> None:
    line = replace(SALE.lines[0], qty_base=3, name="Cola!")
    table = replace(SALE, cashier="bob", lines=(line,), tenders=())
    found = compare_sales("S001", [(9, SALE)], {"s-1": rows(table, seq=8, change=0)})
    assert [(m.field, m.journal_value, m.table_value) for m in found] == [
        ("seq", 9, 8),
        ("cashier", "ann", "bob"),
        ("change_minor", 300, 0),
        ("line 1.name", "Cola", "Cola!"),
        ("line 1.qty_base", 2, 3),
        ("tender 1", "present", MISSING),
    ]
    assert all((m.store, m.seq, m.sale_no) == ("S001", 9, 4) for m in found)


def test_sales_on_one_side_only_and_levels_off_their_movements() -> None:
    other = replace(SALE, sale_id="s-2", sale_no=5)
    found = compare_sales("S001", [(9, SALE)], {"s-2": rows(other, seq=10)})
    assert [(m.seq, m.sale_no, m.journal_value, m.table_value) for m in found] == [
        (9, 4, "s-1", MISSING),
        (10, 5, MISSING, "s-2"),
    ]
    [level, unmoved] = compare_levels("S001", [("COLA", 5), ("TEA", 1)], [("COLA", 3)])
    assert (level.sku, level.journal_value, level.table_value) == ("COLA", 3, 5)
    assert (unmoved.sku, unmoved.journal_value, unmoved.table_value) == ("TEA", 0, 1)
    assert describe(level) == "store S001: the stock level of COLA is 5, but its movements sum to 3"


def test_the_service_reads_one_snapshot_of_the_ledger() -> None:
    ctx = fake_store()
    uow = ctx.db.committed  # type: ignore[attr-defined]
    uow.stock.level_of["COLA"] = 4
    result = check_ledger(ctx)
    assert (result.store, result.sales_checked, result.stock_levels_checked) == ("S001", 0, 1)
    assert result.mismatches == [Mismatch("S001", 0, 0, "stock_level", 0, 4, "COLA")]
    assert not result.agrees
