"""ReportsTally's shortcut for sales in shape (apply_batch's flags from sale_in_shape) adds up
exactly what its general path does, on random batches of sales in shape, sales that are not
(a line's SKU apart from its movement's), returns, and movements of other reasons."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from common.journal_rules import sale_in_shape
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.sales_tally import HOUR_MS, ReportsTally

SKUS = ("A", "B", "C", 'q"uote', "收")
SALE = ledger_pb2.MOVEMENT_REASON_SALE
HOURS_SPAN = 60  # two and a half days of hours: batches cross days and hours
REASON = {SALE: "sale", ledger_pb2.MOVEMENT_REASON_RETURN: "return"}

line = st.tuples(st.sampled_from(SKUS), st.integers(1, 5), st.integers(0, 9_999))
kind = st.sampled_from(["sale", "sale", "sale", "odd_sale", "sale_return"])
entry_plan = st.tuples(
    kind,
    st.lists(line, min_size=1, max_size=4),
    st.integers(0, HOURS_SPAN * HOUR_MS),
    st.sampled_from(["ann", "bob", ""]),
    st.sampled_from(["s1", ""]),
)


def _entry(seq: int, plan: tuple) -> ledger_pb2.JournalEntry:
    what, lines, at_ms, cashier, shift = plan
    if what == "sale_return":
        moves = [(sku, qty, ledger_pb2.MOVEMENT_REASON_RETURN) for sku, qty, _ in lines]
        body = ledger_pb2.SaleReturn(
            cashier=cashier,
            shift_id=shift,
            lines=[
                ledger_pb2.ReturnLine(sku=sku, qty_base=qty, amount_minor=amount)
                for sku, qty, amount in lines
            ],
        )
        return ledger_pb2.JournalEntry(
            seq=seq,
            occurred_at_ms=at_ms,
            document_type="sale_return",
            movements=[ledger_pb2.Movement(sku=s, qty_base=q, reason=r) for s, q, r in moves],
            sale_return=body,
        )
    moves = [(sku, -qty, SALE) for sku, qty, _ in lines]
    if what == "odd_sale":  # a line's movement of another SKU (a bundle's component)
        moves[0] = ("C" if moves[0][0] != "C" else "A", moves[0][1], SALE)
    sale = ledger_pb2.Sale(
        cashier=cashier,
        shift_id=shift,
        lines=[
            ledger_pb2.SaleLine(
                line_no=i + 1, sku=sku, qty_base=qty, unit_price_minor=amount, amount_minor=amount
            )
            for i, (sku, qty, amount) in enumerate(lines)
        ],
    )
    sale.total_minor = sum(ln.amount_minor for ln in sale.lines)
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=at_ms,
        document_type="sale",
        movements=[ledger_pb2.Movement(sku=s, qty_base=q, reason=r) for s, q, r in moves],
        sale=sale,
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(entry_plan, min_size=1, max_size=12),
    st.dictionaries(st.sampled_from(SKUS), st.integers(0, 500)),
)
def test_sales_in_shape_add_up_as_the_general_path(
    plans: list[tuple], costs: dict[str, int]
) -> None:
    entries = [_entry(seq, plan) for seq, plan in enumerate(plans, start=1)]
    valued = [
        (
            (e.seq, e.document_type, "", "", e.occurred_at_ms),
            [(m.sku, m.qty_base, REASON[m.reason], costs.get(m.sku, 7)) for m in e.movements],
        )
        for e in entries
    ]
    shaped = [
        e.document_type == "sale" and sale_in_shape(e, moves, None)
        for e, (_head, moves) in zip(entries, valued, strict=True)
    ]
    fast, general = ReportsTally(entries), ReportsTally(entries)
    assert list(fast.passing(valued, shaped)) == valued
    assert list(general.passing(valued)) == valued
    assert fast.by_sku == general.by_sku
    assert fast.by_hour == general.by_hour
    # Every plain sale took the shortcut; the others (a line's movement of another SKU, a
    # return) the general path.
    assert shaped == [p[0] == "sale" for p in plans]
