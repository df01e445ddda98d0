"""A batch head office refuses, seen from the store (issue 12, failure 11 and Deliver 2).

Against a fake head office over real mTLS: the store keeps its stream (heartbeats
go on), resends the refused batch after a backoff that grows instead of
reconnecting and resending in a tight loop, logs the refusal once a minute at
most, shows it in its link (pos status) and metrics, and clears it all when
head office accepts the batch.
"""

from __future__ import annotations

import asyncio
import logging
import random

import pytest
from prometheus_client import generate_latest

from common.tls import channel_credentials
from edge_agent.metrics import EdgeMetrics
from edge_agent.services.context import StoreContext
from edge_agent.sync.link import HeadOfficeLink
from edge_agent.sync.upstream import UpstreamClient
from tests.edge.conftest import Pki
from tests.edge.fake_headoffice import FakeHeadOffice, start_fake, until
from tests.edge.test_upstream_sync import sell_one

SYNC = {
    "batch_max_entries": 10,
    "batch_max_delay_ms": 5,
    "heartbeat_interval_ms": 50,
    "backoff_initial_ms": 10,
    "backoff_max_ms": 100,
    "refused_resend_max_ms": 1_000,
}
UPSTREAM_LOG = "edge_agent.sync.upstream"


def metric(metrics: EdgeMetrics, name: str) -> str:
    return "\n".join(
        line for line in generate_latest(metrics.registry).decode().splitlines()
        if line.startswith(name)
    )  # fmt: skip


async def _refused_then_accepted(
    store: StoreContext, pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    sell_one(store)
    sell_one(store)
    fake = FakeHeadOffice()
    fake.refuse_with = "wrong_sign"
    server, port = await start_fake(fake, pki)
    metrics = EdgeMetrics(store)
    link = HeadOfficeLink(metrics=metrics)
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    upstream = UpstreamClient(
        store, link, f"127.0.0.1:{port}", creds, SYNC, "test", rng=random.Random(12)
    )
    task = asyncio.create_task(upstream.run())
    try:
        await until(lambda: fake.batch_times, what="the first batch")
        first = fake.batch_times[0]
        await asyncio.sleep(1.0)
        in_a_second = [t for t in fake.batch_times if t - first < 1.0]
        # Before: each refusal ended the session and the store reconnected and resent
        # at once (the reconnect backoff was reset by the Welcome): hundreds a second.
        assert 3 <= len(in_a_second) <= 12, fake.batch_times
        assert len(fake.hellos) == 1  # one stream, kept
        beats = len(fake.heartbeats)
        await until(lambda: len(fake.heartbeats) > beats, what="heartbeats while refused")

        refusal = link.refusal
        assert refusal is not None and link.connected
        assert (refusal.seq, refusal.reason) == (1, "wrong_sign")
        assert refusal.message == "entry 1 refused (wrong_sign)" and refusal.since_ms > 0
        assert metric(metrics, "storeledger_edge_sync_refused ") == (
            "storeledger_edge_sync_refused 1.0"
        )
        assert 'storeledger_edge_batches_refused_total{reason="wrong_sign"}' in metric(
            metrics, "storeledger_edge_batches_refused_total"
        )
        lines = [r for r in caplog.records if r.name == UPSTREAM_LOG and "refused" in r.message]
        assert len(lines) == 1 and lines[0].levelname == "ERROR"
        assert lines[0].fields["reason_code"] == "wrong_sign"  # type: ignore[attr-defined]

        fake.refuse_with = ""  # the cause is fixed at head office
        await until(lambda: fake.last_committed == 2, timeout_s=10, what="accepted")
        await until(lambda: link.refusal is None, what="refusal cleared")
        assert metric(metrics, "storeledger_edge_sync_refused ") == (
            "storeledger_edge_sync_refused 0.0"
        )
        assert any(r.message == "head office accepts the journal again" for r in caplog.records)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await server.stop(grace=None)


def test_a_refused_store_does_not_resend_and_log_in_a_tight_loop(
    store: StoreContext, pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    """Failure 11: a refused store flooded the log every 2 s (and reconnected to resend)."""
    caplog.set_level(logging.INFO, logger=UPSTREAM_LOG)
    asyncio.run(_refused_then_accepted(store, pki, caplog))


async def _denied_then_allowed(store: StoreContext, pki: Pki) -> None:
    sell_one(store)
    fake = FakeHeadOffice()
    fake.deny = "store S001 is disabled at head office and may not sync"
    server, port = await start_fake(fake, pki)
    link = HeadOfficeLink()
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    upstream = UpstreamClient(
        store, link, f"127.0.0.1:{port}", creds, SYNC, "test", rng=random.Random(5)
    )
    task = asyncio.create_task(upstream.run())
    try:
        await asyncio.sleep(2.0)
        times = fake.hello_times
        gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
        # Before: every backoff_max_ms (100 ms here, 2 s in production), forever.
        assert 2 <= len(times) <= 10, times
        assert max(gaps) > 3 * SYNC["backoff_max_ms"] / 1000, gaps
        fake.deny = ""  # enabled again: the store gets through on its next try
        await until(lambda: fake.last_committed == 1, timeout_s=10, what="synced after all")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await server.stop(grace=None)


def test_a_store_head_office_refuses_asks_again_less_and_less_often(
    store: StoreContext, pki: Pki
) -> None:
    """Failure 11: a disabled (or otherwise refused) store asked again every 2 s, and head
    office logged each time; the store now backs off up to refused_resend_max_ms."""
    asyncio.run(_denied_then_allowed(store, pki))
