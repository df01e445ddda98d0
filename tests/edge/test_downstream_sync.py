"""The downstream client applies catalogue changes once and resumes from its stored cursor."""

from __future__ import annotations

import asyncio

from common.pb.storeledger.v1 import catalogue_pb2, sync_pb2
from common.tls import channel_credentials
from edge_agent.services import queries
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream import DownstreamClient
from tests.edge.conftest import Pki
from tests.edge.fake_headoffice import FakeHeadOffice, start_fake, until
from tests.edge.test_upstream_sync import SYNC


def change(cursor: int, sku: str, price: int) -> sync_pb2.DownstreamEvent:
    product = catalogue_pb2.Product(
        sku=sku, name=sku.title(), unit="piece", price_minor=price, currency="CNY", active=True
    )
    return sync_pb2.DownstreamEvent(
        cursor=cursor, product=catalogue_pb2.ProductChange(product=product)
    )


async def _scenario(store: StoreContext, pki: Pki) -> None:
    fake = FakeHeadOffice()
    fake.catalogue = [change(4, "TEA", 500), change(5, "COLA", 390)]
    server, port = await start_fake(fake, pki)
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    task = asyncio.create_task(DownstreamClient(store, f"127.0.0.1:{port}", creds, SYNC).run())
    try:
        await until(lambda: queries.status(store).downstream_cursor == 5, what="cursor 5")
        assert fake.downstream_requests[0].after_cursor == 3  # seeded catalogue ended at 3
        assert queries.lookup_product(store, "COLA")[0].price_minor == 390
        assert queries.lookup_product(store, "TEA")[0].price_minor == 500
        # head office restarts with a new change: the client resumes after cursor 5
        await server.stop(grace=None)
        fake.catalogue.append(change(6, "TEA", 550))
        server, _ = await start_fake(fake, pki, port)
        await until(lambda: queries.status(store).downstream_cursor == 6, what="cursor 6")
        assert fake.downstream_requests[-1].after_cursor == 5
        assert queries.lookup_product(store, "TEA")[0].price_minor == 550
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await server.stop(grace=None)


def test_catalogue_changes_arrive_and_resume_from_the_cursor(store: StoreContext, pki: Pki) -> None:
    asyncio.run(_scenario(store, pki))
