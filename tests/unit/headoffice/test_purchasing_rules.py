"""Purchase-order rules without a database or a server (the exports: tests/unit/cli)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from headoffice.domain import purchasing as rules
from headoffice.domain.purchasing_errors import InvalidPurchaseRequest, PurchaseOrderStateRefused


def draft(*items: tuple[str, int, int]) -> rules.PurchaseOrder:
    return rules.PurchaseOrder(
        po_no=7, store_code="S001", supplier_code="BEV", state=rules.DRAFT, currency="CNY",
        over_tolerance_pct=5, lines=rules.new_lines(list(items)), created_at_ms=1,
        created_by="bea", updated_at_ms=1,
    )  # fmt: skip


def test_po_ids_parse_in_the_forms_people_type() -> None:
    assert [rules.parse_po_id(t) for t in ("PO-12", "po12", " 12 ")] == [12, 12, 12]
    for bad in ("", "PO-", "PO-0", "P12", "12a", "-3"):
        with pytest.raises(InvalidPurchaseRequest, match="must look like PO-12"):
            rules.parse_po_id(bad)
    assert rules.po_id(12) == "PO-12"


def test_the_state_machine() -> None:
    order = draft(("COLA", 24, 180))
    order = rules.add_line(order, "TEA", 10, 230)
    assert [line.line_no for line in order.lines] == [1, 2]
    with pytest.raises(InvalidPurchaseRequest, match="already has a line for COLA"):
        rules.add_line(order, "COLA", 1, 1)
    with pytest.raises(InvalidPurchaseRequest, match="has no lines"):
        rules.send(rules.remove_line(rules.remove_line(order, 1), 2))
    sent = rules.send(order)
    assert sent.state == rules.SENT
    for step in (rules.send, rules.close, lambda o: rules.remove_line(o, 1)):
        with pytest.raises(PurchaseOrderStateRefused, match="PO-7 is sent"):
            step(sent)
    partly = rules.apply_delivery(sent, [("COLA", 20)]).order
    assert partly.state == rules.PARTLY_RECEIVED and partly.lines[0].remaining == 4
    with pytest.raises(PurchaseOrderStateRefused, match="close it instead"):
        rules.cancel(partly)
    assert rules.close(partly).state == rules.CLOSED
    done = rules.apply_delivery(partly, [("COLA", 4), ("TEA", 11)])
    assert done.order.state == rules.CLOSED and done.anomalies == []
    assert rules.cancel(sent).state == rules.CANCELLED
    with pytest.raises(PurchaseOrderStateRefused, match="cancelled"):
        rules.cancel(rules.cancel(sent))


def test_a_receipt_that_does_not_fit_is_applied_and_named() -> None:
    sent = rules.send(draft(("COLA", 10, 180)))
    outcome = rules.apply_delivery(replace(sent, state=rules.CANCELLED), [("COLA", 2), ("TEA", 1)])
    assert outcome.order.state == rules.CANCELLED and outcome.order.lines[0].received_qty_base == 2
    assert outcome.anomalies == [
        "received against purchase order PO-7 while it was cancelled",
        "SKU TEA is not on purchase order PO-7",
    ]


@pytest.mark.parametrize(
    ("items", "sentence"),
    [
        ([("COLA", 0, 1)], "positive whole number"),
        ([("COLA", 1, -1)], "zero or more"),
        ([(" ", 1, 1)], "needs a SKU"),
        ([("COLA", 1, 1), ("COLA", 1, 1)], "appears twice"),
    ],
)
def test_bad_lines_are_refused(items, sentence) -> None:
    with pytest.raises(InvalidPurchaseRequest, match=sentence):
        rules.new_lines(items)
