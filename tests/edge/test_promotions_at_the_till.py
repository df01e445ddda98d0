"""The till prices with the store's promotions (the shared engine), keeps each line's share
with the sale in its journal entry, and a return refunds exactly what was paid for a line."""

from __future__ import annotations

from common.domain.pricing import ScannedItem
from common.domain.promotions.records import from_record
from edge_agent.domain.promotions import StorePromotion
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.ledger_check import check_ledger
from edge_agent.services.promotions import apply_promotion
from edge_agent.services.returning import ReturnItemIn, return_goods
from edge_agent.services.selling import price_cart, sell
from tests.edge.conftest import entry_at

CHIPS10 = {"promo_id": "CHIPS10", "kind": "percent_off", "skus": "CHIPS", "percent_bp": "1000"}
SPEND15 = {"promo_id": "SPEND15", "kind": "spend_save", "threshold_minor": "1500",
           "amount_minor": "100"}  # fmt: skip
COLA_GONE = {"promo_id": "COLA-GONE", "kind": "price", "skus": "COLA", "price_minor": "1"}


def _promote(store: StoreContext) -> None:
    """As head office's feed brings them, after the catalogue's cursors."""
    with store.db.read() as uow:
        cursor = uow.catalogue.downstream_cursor()
    assert apply_promotion(store, StorePromotion(from_record(CHIPS10)), cursor + 1)
    assert apply_promotion(store, StorePromotion(from_record(SPEND15)), cursor + 2)
    # Ended by head office long ago: it never applies.
    gone = StorePromotion(from_record(COLA_GONE), ended_at_ms=1_000)
    assert apply_promotion(store, gone, cursor + 3)


def test_a_sale_is_priced_with_the_promotions_and_a_return_refunds_each_lines_share(
    store: StoreContext,
) -> None:
    _promote(store)
    items = [ScannedItem("COLA", 3), ScannedItem("CHIPS", 1)]
    quoted = price_cart(store, items).quote
    # 3 x 3.50 + 8.00 = 18.50; chips 10 % off (0.80), then spend 15 save 1 (1.00): 16.70.
    assert quoted.total_minor == 1_670
    result = sell(store, "T1", "ann", items, [TenderOffer("cash", 1_670)])
    sale = result.sale
    assert sale.total_minor == 1_670 and result.change_minor == 0
    cola, chips = sale.lines
    assert cola.amount_minor == 1_050 and chips.amount_minor == 800
    assert cola.offer_discount_minor + chips.offer_discount_minor == 180
    assert [o.offer_id for o in chips.offers] == ["CHIPS10", "SPEND15"]
    assert [o.offer_id for o in cola.offers] == ["SPEND15"]
    assert sum(o.discount_minor for o in chips.offers) == chips.offer_discount_minor
    assert sale.priced_local  # the minute head office re-prices at

    entry = entry_at(store, result.seq).sale
    assert entry.priced_local == sale.priced_local
    assert [line.offer_discount_minor for line in entry.lines] == [
        cola.offer_discount_minor, chips.offer_discount_minor,
    ]  # fmt: skip
    assert [(o.offer_id, o.discount_minor) for o in entry.lines[1].offers] == [
        (o.offer_id, o.discount_minor) for o in chips.offers
    ]
    assert entry.total_minor == sum(
        line.amount_minor - line.offer_discount_minor for line in entry.lines
    )

    # The chips back: exactly what was paid for them; the colas in two goes: theirs.
    back = return_goods(store, "T1", "ann", sale.sale_no, [ReturnItemIn("CHIPS", 1)], [])
    assert back.sale_return.total_minor == chips.net_minor
    one = return_goods(store, "T1", "ann", sale.sale_no, [ReturnItemIn("COLA", 1)], [])
    two = return_goods(store, "T1", "ann", sale.sale_no, [ReturnItemIn("COLA", 2)], [])
    assert one.sale_return.total_minor + two.sale_return.total_minor == cola.net_minor
    assert chips.net_minor + cola.net_minor == sale.total_minor
    # The sale's rows agree with its journal entry (edge-agent check), the shares included.
    assert check_ledger(store).agrees
    with store.db.read() as uow:
        rows = uow.sales.all_rows()[sale.sale_id].sale.lines
    assert [r.offer_discount_minor for r in rows] == [
        cola.offer_discount_minor, chips.offer_discount_minor,
    ]  # fmt: skip


def test_without_promotions_a_sale_is_as_before(store: StoreContext) -> None:
    result = sell(store, "T1", "ann", [ScannedItem("COLA", 3)], [TenderOffer("cash", 1_050)])
    assert result.sale.total_minor == 1_050
    assert result.sale.priced_local == "" and result.sale.lines[0].offer_discount_minor == 0
