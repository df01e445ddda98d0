"""The messages of a store's feed page (headoffice.api.messages.downstream): catalogue changes
batched for an agent that reads batches, the chain-price message built once for every store."""

from __future__ import annotations

from headoffice.api.messages.downstream import feed_event, feed_messages
from headoffice.domain.catalogue import Product
from headoffice.domain.store_events import FeedItem


def _product(sku: str, price: int = 100) -> Product:
    return Product(sku, f"Name {sku}", "piece", price, 50, "drinks", "CNY", True, ())


def test_a_chain_price_change_is_one_message_for_every_store_and_a_store_price_its_own() -> None:
    cola = _product("COLA")
    one = feed_event(FeedItem(7, 1_000, product=cola))
    other = feed_event(FeedItem(7, 1_000, product=_product("COLA")))  # another store's read
    assert one is other and one.product.product.price_minor == 100 and one.cursor == 7
    own = feed_event(FeedItem(7, 1_000, product=cola, store_price_minor=90))
    assert own is not one and own.product.product.store_price_minor == 90
    assert not one.product.product.HasField("store_price_minor")  # the shared one untouched
    later = feed_event(FeedItem(9, 2_000, product=_product("COLA", 120)))
    assert later.cursor == 9 and later.product.product.price_minor == 120


def test_runs_of_products_are_batched_only_for_an_agent_that_reads_batches() -> None:
    items = [
        FeedItem(1, 10, product=_product("A")),
        FeedItem(2, 11, product=_product("B"), store_price_minor=5),
        FeedItem(3, 12, event_payload=feed_event(FeedItem(3, 12, product=_product("Z")))
                 .SerializeToString()),
        FeedItem(4, 13, product=_product("C")),
    ]  # fmt: skip
    batched = list(feed_messages(items, True))
    assert [m.WhichOneof("kind") for m in batched] == ["products", "product", "product"]
    assert [c.cursor for c in batched[0].products.changes] == [1, 2]
    assert batched[0].cursor == 2 and batched[0].created_at_ms == 11
    assert batched[0].products.changes[1].product.product.store_price_minor == 5
    assert [m.cursor for m in batched[1:]] == [3, 4]
    single = list(feed_messages(items, False))
    assert [m.cursor for m in single] == [1, 2, 3, 4]
    assert all(m.WhichOneof("kind") == "product" for m in single)
