"""The store's certificate as the sync clients use it: read for each connection, checked
before it, and a failed connection explained.

- Read from E/tls whenever its files change, so a bundle installed with
  `edge-agent renew` is used from the next connection, without a restart.
- Checked before each connection (common.tls_check.check_own): an expired
  certificate, or one another CA issued, is said as such and not even tried.
- A connection gRPC reports as UNAVAILABLE is explained by a TLS probe
  (common.tls_check.diagnose) when a certificate is the cause: head office's
  from another chain or expired, or the store's refused in the handshake.

The agent keeps selling whatever this says; the sentence goes to its log.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path

import grpc

from common.tls import Credentials, channel_credentials
from common.tls_check import check_own, diagnose
from edge_agent.datadir import DataDir
from edge_agent.enrolment import store_holder

EXPLAIN_AGAIN_S = 30.0  # a probe per failure at most this often (head office may just be down)


class StoreCredentials:
    def __init__(
        self,
        layout: DataDir,
        store_code: str,
        address: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._layout = layout
        self._store_code = store_code
        self._address = address
        self._clock = clock
        self._stamp: tuple[tuple[int, int], ...] | None = None
        self._material: Credentials | None = None
        self._grpc: grpc.ChannelCredentials | None = None
        self._explained: dict[str, tuple[float, str | None]] = {}
        # The upstream and downstream clients share this from their worker threads.
        self._lock = threading.Lock()

    def _files(self) -> tuple[Path, ...]:
        tls = self._layout.tls
        return (tls / "ca.pem", tls / "store.pem", tls / "store.key")

    def _current(self) -> Credentials:
        try:
            stamp = tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in self._files())
        except OSError:
            stamp = None
        if stamp is None or stamp != self._stamp or self._material is None:
            ca, cert, key = self._layout.tls_material(self._store_code)
            self._material = Credentials(ca, cert, key)
            self._grpc = channel_credentials(ca, cert, key)
            self._stamp = stamp
            self._explained.clear()
        return self._material

    def channel_credentials(self) -> grpc.ChannelCredentials:
        """The credentials to connect with; IdentityError saying why the store's own
        certificate cannot pass a handshake (expired, another CA's, not its key)."""
        with self._lock:
            material = self._current()
            credentials = self._grpc
        check_own(material, store_holder(self._store_code))
        assert credentials is not None
        return credentials

    def explain(self, details: str) -> str | None:
        """Why a connection failed, when a certificate is the cause; None otherwise.
        Blocking (it may open a TLS connection): run it in a thread."""
        now = self._clock()
        with self._lock:
            material = self._current()
            cached = self._explained.get(details)
        if cached is not None and now - cached[0] < EXPLAIN_AGAIN_S:
            return cached[1]
        sentence = diagnose(self._address, material, store_holder(self._store_code))
        with self._lock:
            self._explained[details] = (now, sentence)
        return sentence


class FixedCredentials:
    """Credentials given as they are (tests, tools): nothing to re-read or explain."""

    def __init__(self, credentials: grpc.ChannelCredentials) -> None:
        self._credentials = credentials

    def channel_credentials(self) -> grpc.ChannelCredentials:
        return self._credentials

    def explain(self, details: str) -> str | None:
        return None


def as_store_credentials(
    credentials: grpc.ChannelCredentials | StoreCredentials | FixedCredentials,
) -> StoreCredentials | FixedCredentials:
    if isinstance(credentials, StoreCredentials | FixedCredentials):
        return credentials
    return FixedCredentials(credentials)


async def explanation(
    tls: StoreCredentials | FixedCredentials, code: grpc.StatusCode, details: str
) -> str | None:
    """The certificate sentence for a failed call gRPC calls UNAVAILABLE, or None."""
    if code != grpc.StatusCode.UNAVAILABLE:
        return None
    return await asyncio.to_thread(tls.explain, details)
