"""The per-kind entry rules both sides run (common.journal_rules), on entries as they travel.

Issue 12, failure 3: head office applied whatever a store certificate sent. Each of its
cases is refused here by the rule, with its reason code; failure 1's expanded bundle too.
"""

from __future__ import annotations

import pytest

from common.domain.limits import INT64_MAX, MAX_EXPANDED_QTY_BASE
from common.domain.product import CatalogueProduct
from common.journal_rules import (
    AMOUNT_OUT_OF_RANGE,
    BODY_MISMATCH,
    CARD_DATA,
    COST_OUT_OF_RANGE,
    GOODS,
    MISSING_BODY,
    QTY_OUT_OF_RANGE,
    UNKNOWN_SKU,
    Catalogue,
    EntryRefused,
    check_entry_rules,
)
from common.pb.storeledger.v1 import ledger_pb2, write_offs_pb2
from tests.journal_entries import delivery, sale, sale_of

SALE = ledger_pb2.MOVEMENT_REASON_SALE
RETURN = ledger_pb2.MOVEMENT_REASON_RETURN
WRITE_OFF = ledger_pb2.MOVEMENT_REASON_WRITE_OFF


def product(
    sku: str, kind: str = "goods", components: tuple[tuple[str, int], ...] = ()
) -> CatalogueProduct:
    return CatalogueProduct(sku, sku, "piece", 100, 50, "CNY", kind=kind, components=components)


CATALOGUE = {
    "WATER": product("WATER"),
    "COLA": product("COLA"),
    "WAX": product("WAX"),
    # A party pack: 6 cola and 2 water; a car wash uses 1 unit of wax.
    "PARTY": product("PARTY", "bundle", (("COLA", 6), ("WATER", 2))),
    "CARWASH": product("CARWASH", "service", (("WAX", 1),)),
    "HUGE": product("HUGE", "bundle", (("COLA", 1_000_000_000),)),
}


def refused(
    entry: ledger_pb2.JournalEntry, catalogue: dict[str, object] = CATALOGUE
) -> EntryRefused:
    with pytest.raises(EntryRefused) as err:
        check_entry_rules(entry, Catalogue(catalogue.get))  # type: ignore[arg-type]
    return err.value


def accepted(entry: ledger_pb2.JournalEntry) -> None:
    check_entry_rules(entry, Catalogue(CATALOGUE.get))


def moves(entry: ledger_pb2.JournalEntry, *rows: tuple[str, int, int]) -> ledger_pb2.JournalEntry:
    del entry.movements[:]
    entry.movements.extend(ledger_pb2.Movement(sku=s, qty_base=q, reason=r) for s, q, r in rows)
    return entry


def test_failure_3_unknown_sku_is_refused() -> None:
    error = refused(sale(1, "NOSUCH", 1))
    assert error.code == UNKNOWN_SKU and "SKU 'NOSUCH' is not in the chain's catalogue" in str(
        error
    )
    # A movement of an unknown SKU under a known line, too.
    entry = moves(sale(2, "COLA", 1), ("COLA", -1, SALE), ("NOSUCH", -1, SALE))
    assert refused(entry).code == UNKNOWN_SKU


def test_failure_3_supplier_delivery_of_qty_and_cost_2_63_minus_1_is_refused() -> None:
    error = refused(delivery(1, [("COLA", INT64_MAX, INT64_MAX)]))
    assert error.code == QTY_OUT_OF_RANGE and str(INT64_MAX) in str(error)
    error = refused(delivery(1, [("COLA", 10, INT64_MAX)]))
    assert error.code == COST_OUT_OF_RANGE and "must be from 0 to 100000000" in str(error)


def test_failure_3_negative_delivery_is_refused() -> None:
    error = refused(delivery(1, [("COLA", -5, 100)]))
    assert error.code == QTY_OUT_OF_RANGE and "-5" in str(error)


def test_failure_3_sale_body_selling_1_water_while_movements_take_1000_cola_is_refused() -> None:
    entry = moves(sale(1, "WATER", 1), ("COLA", -1000, SALE))
    error = refused(entry)
    assert error.code == BODY_MISMATCH
    assert "move -1000 base units of COLA (sale) where its document says 0" in str(error)


def test_failure_1_a_bundle_expanded_past_the_limit_is_refused_not_overflowed() -> None:
    """1e9 cola a bundle, 11 sold: 1.1e10 base units is a quantity, not an OverflowError."""
    entry = moves(sale(1, "HUGE", 11), ("COLA", -11_000_000_000, SALE))
    error = refused(entry)
    assert error.code == QTY_OUT_OF_RANGE and str(MAX_EXPANDED_QTY_BASE) in str(error)


def test_a_movement_past_the_limit_is_refused_whatever_its_document() -> None:
    entry = moves(sale_of(1, [("COLA", 1)] * 2), ("COLA", -(MAX_EXPANDED_QTY_BASE + 1), SALE),
                  ("COLA", MAX_EXPANDED_QTY_BASE - 1, SALE))  # fmt: skip
    assert refused(entry).code == QTY_OUT_OF_RANGE


def test_bundles_and_services_sell_their_components() -> None:
    accepted(moves(sale(1, "PARTY", 2), ("COLA", -12, SALE), ("WATER", -4, SALE)))
    accepted(moves(sale(1, "CARWASH", 1), ("WAX", -1, SALE)))
    # The bundle's own SKU is not on the shelf: moving it instead is refused.
    assert refused(moves(sale(1, "PARTY", 2), ("PARTY", -2, SALE))).code == BODY_MISMATCH


def sale_return(sku: str, qty: int, disposition: str = "restock") -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=1, document_type="sale_return", document_id="r-1", actor="ann",
        sale_return=ledger_pb2.SaleReturn(
            return_id="r-1", lines=[ledger_pb2.ReturnLine(
                sku=sku, qty_base=qty, unit_price_minor=100, amount_minor=100 * qty,
                disposition=disposition,
            )],
            total_minor=100 * qty, refunds=[ledger_pb2.Tender(method="cash", amount_minor=100 * qty)],
        ),
    )  # fmt: skip


def test_a_returned_service_puts_no_consumables_back() -> None:
    accepted(sale_return("CARWASH", 1))
    assert refused(moves(sale_return("CARWASH", 1), ("WAX", 1, RETURN))).code == BODY_MISMATCH
    accepted(moves(sale_return("PARTY", 1), ("COLA", 6, RETURN), ("WATER", 2, RETURN)))
    accepted(
        moves(sale_return("COLA", 2, "write_off"), ("COLA", 2, RETURN), ("COLA", -2, WRITE_OFF))
    )
    assert refused(moves(sale_return("COLA", 2), ("COLA", 3, RETURN))).code == BODY_MISMATCH


@pytest.mark.parametrize(
    "reference",
    ["4000.1298.7654.3215", "4000_1298_7654_3215", "4000 1298 7654 3215", "exp 12/25 cvv 123"],
)
def test_card_data_in_a_tender_reference_is_refused(reference: str) -> None:
    entry = sale(1, "COLA", 1)
    entry.sale.tenders[0].reference = reference
    error = refused(entry)
    assert error.code == CARD_DATA and "1298" not in str(error)


def test_a_reduced_card_reference_is_accepted() -> None:
    entry = sale(1, "COLA", 1)
    entry.sale.tenders[0].method = "card"
    entry.sale.tenders[0].reference = "400012******3215"
    accepted(entry)


def test_amounts_out_of_range_are_refused() -> None:
    entry = sale(1, "COLA", 1)
    entry.sale.total_minor = INT64_MAX
    assert refused(entry).code == AMOUNT_OUT_OF_RANGE
    entry = sale(1, "COLA", 1)
    entry.sale.tenders[0].amount_minor = -1
    assert refused(entry).code == AMOUNT_OUT_OF_RANGE


def test_an_entry_that_moves_stock_must_carry_its_document() -> None:
    entry = sale(1, "COLA", 1)
    entry.ClearField("sale")
    assert refused(entry).code == MISSING_BODY


def test_a_write_off_moves_what_its_lines_say() -> None:
    entry = ledger_pb2.JournalEntry(
        seq=1, document_type="write_off", document_id="w-1", actor="ann",
        movements=[ledger_pb2.Movement(sku="COLA", qty_base=-3, reason=WRITE_OFF)],
        write_off=write_offs_pb2.WriteOff(write_off_id="w-1", lines=[write_offs_pb2.WriteOffLine(
            sku="COLA", qty_base=3, unit_cost_minor=50, value_minor=150)], value_minor=150),
    )  # fmt: skip
    accepted(entry)
    entry.movements[0].qty_base = -30
    assert refused(entry).code == BODY_MISMATCH


def test_goods_may_be_answered_by_the_goods_marker() -> None:
    """Head office answers every SKU of goods with journal_rules.GOODS (no object per row)."""
    goods = {"COLA": GOODS, "WATER": GOODS}
    check_entry_rules(sale_of(1, [("COLA", 2), ("WATER", 1)]), Catalogue(goods.get))
