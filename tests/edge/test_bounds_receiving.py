"""Issue 12 failure 5 at the store's back door, on a real SQLite ledger: a delivery of 1e9 at
1e13 (once a REAL-free level but a chain-wide "bigint out of range" at head office) is refused
with a sentence, as is a pack or line beyond its limit; nothing is written."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.sync.downstream_handlers import apply_product
from tests.edge.conftest import levels, newest_seq
from tests.edge.test_bounds_till import _product

CASE_BARCODE = "6920000000029"


def test_failure_5_receipt_1e9_at_1e13_is_refused_and_writes_nothing(store: StoreContext) -> None:
    apply_product(
        store,
        _product(
            "WATER", 200, packs=[catalogue_pb2.Pack(name="case", qty_base=24, barcode=CASE_BARCODE)]
        ),
        1000,
    )
    before = (newest_seq(store), levels(store))
    refusals = [
        (
            [DeliveryItem("WATER", 1_000_000_000, 10**13)],
            "quantity received of WATER is 1000000000",
        ),
        ([DeliveryItem("WATER", 10, 10**13)], "unit cost of WATER is 10000000000000 minor units"),
        ([DeliveryItem(CASE_BARCODE, 10**7, 1)], "WATER received in packs of 24 is 240000000"),
        ([DeliveryItem("WATER", 10**8, 10**8)], "the line of WATER is 10000000000000000"),
    ]
    for items, sentence in refusals:
        with pytest.raises(InvalidInput, match=sentence):
            receive(store, "DN-1", items, "ann")
    assert (newest_seq(store), levels(store)) == before
    receive(store, "DN-1", [DeliveryItem("WATER", 1000, 10**8)], "ann")
    assert levels(store)["WATER"] == 1000
