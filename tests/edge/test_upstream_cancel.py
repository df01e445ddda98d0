"""Stopping an agent whose sync loop lost the cancel to a failure (flake seen in CI).

On Python 3.11 a cancel that lands as ``asyncio.wait_for`` times out (or inside
grpc.aio's waits) can surface as a TimeoutError; the loops took that for a failed
session and slept out a long backoff, so stopping a refused store's agent hung.
"""

from __future__ import annotations

import asyncio
import random

import pytest  # noqa: F401 - fixtures come from tests/edge/conftest.py

from common.tls import channel_credentials
from edge_agent.services.context import StoreContext
from edge_agent.sync.backoff import Backoff
from edge_agent.sync.downstream import DownstreamClient
from edge_agent.sync.link import HeadOfficeLink
from edge_agent.sync.upstream import UpstreamClient
from tests.edge.conftest import Pki

SYNC = {
    "batch_max_entries": 10,
    "batch_max_delay_ms": 5,
    "heartbeat_interval_ms": 50,
    "backoff_initial_ms": 60_000,
    "backoff_max_ms": 60_000,
    "refused_resend_max_ms": 60_000,
}


class LongestDelay(random.Random):
    """Every backoff is the longest the jitter allows: a minute here."""

    def uniform(self, a: float, b: float) -> float:
        return b


async def cancel_swallowed_as_timeout() -> None:
    try:
        await asyncio.sleep(30)
    except asyncio.CancelledError:
        raise TimeoutError from None  # what a lost cancel looks like to the loop


async def stops_promptly(client: UpstreamClient | DownstreamClient) -> None:
    client._session = cancel_swallowed_as_timeout  # type: ignore[method-assign]
    task = asyncio.create_task(client.run())
    await asyncio.sleep(0.05)  # inside the session
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=2)
    assert done, "the loop slept out its backoff instead of stopping"
    assert task.cancelled()


def test_upstream_loop_stops_when_a_failure_swallowed_the_cancel(
    store: StoreContext, pki: Pki
) -> None:
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    client = UpstreamClient(
        store, HeadOfficeLink(), "127.0.0.1:9", creds, SYNC, "test", rng=LongestDelay()
    )
    asyncio.run(stops_promptly(client))


def test_downstream_loop_stops_when_a_failure_swallowed_the_cancel(
    store: StoreContext, pki: Pki
) -> None:
    creds = channel_credentials(pki.ca.cert_pem, pki.store.cert_pem, pki.store.key_pem)
    client = DownstreamClient(store, "127.0.0.1:9", creds, SYNC)
    client._backoff = Backoff(60_000, 60_000, LongestDelay())
    asyncio.run(stops_promptly(client))
