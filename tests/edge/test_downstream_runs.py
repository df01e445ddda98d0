"""Runs of catalogue changes: a chain-wide price change reaches a store as thousands of
changes, applied in one transaction per run that has arrived, in stream order, exactly once."""

from __future__ import annotations

import asyncio

import pytest

from common.domain.errors import UnknownBarcode
from common.pb.storeledger.v1 import sync_pb2, write_offs_pb2
from common.tls import channel_credentials
from edge_agent.api.messages.catalogue import catalogue_change
from edge_agent.domain.errors import InvalidInput
from edge_agent.services import queries
from edge_agent.services.catalogue import apply_catalogue_changes
from edge_agent.services.context import StoreContext
from edge_agent.sync import downstream
from edge_agent.sync.downstream import DownstreamClient
from tests.edge.conftest import Pki
from tests.edge.fake_headoffice import FakeHeadOffice, start_fake, until
from tests.edge.test_downstream_sync import change
from tests.edge.test_upstream_sync import SYNC


def _changes(*events: sync_pb2.DownstreamEvent) -> list:
    return [(catalogue_change(e.product.product), e.cursor) for e in events]


def _commits(store: StoreContext) -> list[str]:
    seen: list[str] = []
    store.db._connection().set_trace_callback(
        lambda sql: seen.append(sql) if sql.strip().upper() == "COMMIT" else None
    )
    return seen


def test_a_run_is_one_transaction_and_skips_what_the_cursor_has_passed(store: StoreContext):
    commits = _commits(store)
    run = _changes(*(change(10 + i, f"SKU{i}", 100 + i) for i in range(50)))
    assert apply_catalogue_changes(store, run) == 50
    assert len(commits) == 1
    assert queries.status(store).downstream_cursor == 59
    assert queries.lookup_product(store, "SKU49")[0].price_minor == 149
    # the same run again (a stream resumed from a stale point) changes nothing
    assert apply_catalogue_changes(store, run) == 0
    # a run straddling the cursor applies only the part past it
    newer = _changes(change(58, "SKU48", 1), change(59, "SKU49", 1), change(60, "SKU49", 777))
    assert apply_catalogue_changes(store, newer) == 1
    assert queries.lookup_product(store, "SKU49")[0].price_minor == 777
    assert queries.lookup_product(store, "SKU48")[0].price_minor == 148
    assert queries.status(store).downstream_cursor == 60


def test_one_bad_change_writes_none_of_the_run(store: StoreContext):
    bad = change(12, "SKU2", 100)
    bad.product.product.price_minor = -5
    with pytest.raises(InvalidInput, match="SKU2"):
        apply_catalogue_changes(store, _changes(change(11, "SKU1", 100), bad))
    with pytest.raises(UnknownBarcode):
        queries.lookup_product(store, "SKU1")
    assert queries.status(store).downstream_cursor == 3  # the seeded catalogue's


def _queue(*items) -> asyncio.Queue:
    queue: asyncio.Queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    return queue


def _policy(cursor: int) -> sync_pb2.DownstreamEvent:
    return sync_pb2.DownstreamEvent(
        cursor=cursor, write_off_policy=write_offs_pb2.WriteOffPolicy(approval_threshold_minor=1)
    )


async def _collect(queue: asyncio.Queue) -> list[list[int]]:
    return [[e.cursor for e in run] async for run in downstream._runs(queue)]


def test_runs_keep_stream_order_and_group_only_catalogue_changes(monkeypatch):
    monkeypatch.setattr(downstream, "RUN_EVENTS", 3)
    items = [change(1, "A", 1), change(2, "B", 1), _policy(3), change(4, "C", 1)]
    items += [change(c, "D", c) for c in range(5, 10)] + [None]
    assert asyncio.run(_collect(_queue(*items))) == [[1, 2], [3], [4, 5, 6], [7, 8, 9]]
    # the stream's failure reaches the applying side after what came before it
    failing = _queue(change(1, "A", 1), ConnectionResetError("cut"))
    seen: list[list[int]] = []

    async def _until_failure() -> None:
        async for run in downstream._runs(failing):
            seen.append([e.cursor for e in run])

    with pytest.raises(ConnectionResetError):
        asyncio.run(_until_failure())
    assert seen == [[1]]


def test_a_batch_from_head_office_is_read_as_its_changes_in_order():
    """A ProductBatch event (head office batches for an agent that accepts them) enters the
    queue as its changes, each with its own cursor, between the events around it."""
    batch = sync_pb2.DownstreamEvent(
        cursor=4,
        products=sync_pb2.ProductBatch(changes=[change(c, f"S{c}", c) for c in (2, 3, 4)]),
    )

    async def stream():
        for event in (change(1, "A", 1), batch, _policy(5)):
            yield event

    async def read() -> list[tuple[int, str]]:
        queue: asyncio.Queue = asyncio.Queue()
        await downstream._read(stream(), queue)
        seen = []
        while (item := queue.get_nowait()) is not None:
            seen.append((item.cursor, item.WhichOneof("kind")))
        return seen

    assert asyncio.run(read()) == [
        (1, "product"), (2, "product"), (3, "product"), (4, "product"), (5, "write_off_policy"),
    ]  # fmt: skip


async def _bad_in_the_middle(store: StoreContext, pki: Pki) -> None:
    fake = FakeHeadOffice()
    bad = change(6, "BAD", 100)
    bad.product.product.price_minor = -1
    fake.catalogue = [change(4, "TEA", 500), change(5, "COLA", 390), bad, change(7, "TEA", 9)]
    server, port = await start_fake(fake, pki)
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    task = asyncio.create_task(DownstreamClient(store, f"127.0.0.1:{port}", creds, SYNC).run())
    try:
        # the run fails as a whole, then one by one: the changes before the bad one land
        await until(lambda: queries.status(store).downstream_cursor == 5, what="cursor 5")
        await until(lambda: len(fake.downstream_requests) >= 2, what="a second request")
        assert queries.status(store).downstream_cursor == 5
        assert queries.lookup_product(store, "TEA")[0].price_minor == 500
        assert queries.lookup_product(store, "COLA")[0].price_minor == 390
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await server.stop(grace=None)


def test_a_bad_change_in_a_run_stops_the_feed_after_the_good_ones(store: StoreContext, pki: Pki):
    asyncio.run(_bad_in_the_middle(store, pki))


def _search(store: StoreContext, text: str) -> list[str]:
    with store.db.read() as uow:
        return [p.sku for p in uow.catalogue.search(text, 10)]


def test_search_follows_renames_and_barcodes_but_a_price_change_leaves_the_index(store):
    first = change(10, "SKU7", 100)
    first.product.product.name = "Oolong tea"
    first.product.product.barcodes.append("6901234567892")
    apply_catalogue_changes(store, _changes(first))
    assert _search(store, "Oolong") == ["SKU7"]
    conn = store.db._connection()
    entries = conn.execute("SELECT rowid, text FROM product_search WHERE sku = 'SKU7'").fetchall()
    repriced = change(11, "SKU7", 120)
    repriced.product.product.name = "Oolong tea"
    repriced.product.product.barcodes.append("6901234567892")
    apply_catalogue_changes(store, _changes(repriced))
    assert queries.lookup_product(store, "6901234567892")[0].price_minor == 120
    assert (
        conn.execute("SELECT rowid, text FROM product_search WHERE sku = 'SKU7'").fetchall()
        == entries
    )  # untouched: neither the name nor a barcode changed
    renamed = change(12, "SKU7", 120)
    renamed.product.product.name = "Jasmine tea"
    renamed.product.product.barcodes.append("6901234567908")
    apply_catalogue_changes(store, _changes(renamed))
    assert _search(store, "Jasmine") == ["SKU7"] and _search(store, "Oolong") == []
    assert _search(store, "6901234567908") == ["SKU7"] and _search(store, "6901234567892") == []
