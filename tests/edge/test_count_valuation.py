"""A count values its SKUs at their moving-average cost: in one pass over the movements for
many SKUs, as one query per SKU gives it for a few (edge_agent.services.counting.unit_costs)."""

from __future__ import annotations

from common.domain.pricing import ScannedItem
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services import counting
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.services.selling import sell


def test_one_pass_gives_each_sku_the_position_its_own_query_gives(store: StoreContext) -> None:
    receive(store, "DN-1", [DeliveryItem("COLA", 10, 100), DeliveryItem("CHIPS", 4, 300)])
    sell(store, "T1", "ann", [ScannedItem("COLA", 3)], [TenderOffer("cash", 10_000)])
    receive(store, "DN-2", [DeliveryItem("COLA", 5, 131), DeliveryItem("CHIPS", 1, 299)])
    starts = {"COLA": 90, "CHIPS": 250, "RICE": 7, "NEVER-SOLD": 0}
    with store.db.read() as uow:
        one_pass = uow.stock.positions(starts)
        assert one_pass == {sku: uow.stock.position(sku, cost) for sku, cost in starts.items()}
        assert one_pass["COLA"].qty_base == 12
        assert one_pass["COLA"].avg_cost_minor == 113  # (7 x 100 + 5 x 131) / 12 = 112.92
        few = counting.unit_costs(uow)
        many = counting.unit_costs(uow, {f"X{i}" for i in range(60)} | {"COLA", "CHIPS"})
        assert [many(s) for s in ("COLA", "CHIPS", "RICE")] == [
            few(s) for s in ("COLA", "CHIPS", "RICE")
        ]
