"""The upstream sync client against a fake head office over real mTLS."""

from __future__ import annotations

import asyncio

from common.domain.checksum import balance_checksum
from common.domain.pricing import ScannedItem
from common.tls import channel_credentials
from edge_agent.domain.tender import TenderOffer
from edge_agent.services import queries
from edge_agent.services.context import StoreContext
from edge_agent.services.selling import sell
from edge_agent.services.sync_journal import mark_committed
from edge_agent.sync.link import HeadOfficeLink
from edge_agent.sync.upstream import UpstreamClient
from tests.edge.conftest import Pki
from tests.edge.fake_headoffice import FakeHeadOffice, start_fake, until

SYNC = {
    "batch_max_entries": 3,
    "batch_max_delay_ms": 5,
    "heartbeat_interval_ms": 50,
    "backoff_initial_ms": 10,
    "backoff_max_ms": 100,
}


def sell_one(store: StoreContext) -> int:
    return sell(store, "T1", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 350)]).seq


def client(store: StoreContext, pki: Pki, port: int, link: HeadOfficeLink) -> UpstreamClient:
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    return UpstreamClient(store, link, f"127.0.0.1:{port}", creds, SYNC, "test")


async def _run_scenario(store: StoreContext, pki: Pki) -> None:
    for _ in range(4):
        sell_one(store)
    fake = FakeHeadOffice()
    fake.refusals_to_send = 1
    server, port = await start_fake(fake, pki)
    link = HeadOfficeLink()
    task = asyncio.create_task(client(store, pki, port, link).run())
    try:
        await until(lambda: fake.last_committed == 4, what="first 4 entries committed")
        assert fake.peer_names[0] == "S001"
        assert fake.hellos[0].newest_seq == 4 and fake.hellos[0].checksum.as_of_seq == 4
        # the refused first batch was resent from expected_seq 1, then batches of at most 3
        assert fake.batches[0] == [1, 2, 3] and fake.batches[1] == [1, 2, 3]
        assert [e.seq for e in fake.applied] == [1, 2, 3, 4]
        assert all(len(b) <= 3 for b in fake.batches)
        await until(
            lambda: queries.status(store).committed_seq == 4, what="committed_seq 4 recorded"
        )
        assert link.connected

        # a new sale wakes the sender
        sell_one(store)
        link.journal_grew.set()
        await until(lambda: fake.last_committed == 5, what="entry 5 committed")

        # heartbeats carry the newest seq and the checksum; a BalanceRequest is answered
        await until(lambda: any(h.newest_seq == 5 for h in fake.heartbeats), what="heartbeat")
        beat = [h for h in fake.heartbeats if h.newest_seq == 5][-1]
        assert beat.checksum.sha256_hex == balance_checksum([("COLA", -5)])[0]
        fake.want_balance = True
        await until(lambda: fake.reports, what="balance report")
        report = fake.reports[0]
        assert report.request_id == "r1" and report.as_of_seq == 5
        assert [(b.sku, b.qty_base) for b in report.balances] == [("COLA", -5)]

        # head office restarts; sales made while it is down are sent after reconnecting
        await server.stop(grace=None)
        await until(lambda: not link.connected, what="disconnect noticed")
        sell_one(store)
        sell_one(store)
        server, _ = await start_fake(fake, pki, port)
        await until(lambda: fake.last_committed == 7, what="entries 6-7 after restart")
        assert [e.seq for e in fake.applied] == list(range(1, 8))
        assert len(fake.hellos) >= 2  # it said Hello again after the restart
        await until(lambda: queries.status(store).backlog_count == 0, what="backlog 0")
        assert queries.status(store).lag_ms == 0
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await server.stop(grace=None)


def test_entries_flow_in_order_with_refusal_restart_and_balance(
    store: StoreContext, pki: Pki
) -> None:
    asyncio.run(_run_scenario(store, pki))


async def _head_office_is_authoritative(store: StoreContext, pki: Pki) -> None:
    for _ in range(3):
        sell_one(store)
    mark_committed(store, 3)  # the edge believes all 3 are committed...
    fake = FakeHeadOffice()
    fake.last_committed = 1  # ...but head office only has 1 (e.g. restored from backup)
    server, port = await start_fake(fake, pki)
    task = asyncio.create_task(client(store, pki, port, HeadOfficeLink()).run())
    try:
        await until(lambda: fake.last_committed == 3, what="entries 2-3 resent")
        assert fake.batches[0] == [2, 3]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await server.stop(grace=None)


def test_welcome_resets_acked_seq_to_what_head_office_has(store: StoreContext, pki: Pki) -> None:
    asyncio.run(_head_office_is_authoritative(store, pki))
