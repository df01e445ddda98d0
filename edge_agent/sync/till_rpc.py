"""One head-office service called from the till, over the store's certificate.

What MemberTill's and VoucherTill's clients share: synchronous calls (the till's use cases
run in worker threads), one channel kept open and re-made when the store's certificate
files change, a deadline on every call (a till must not hang on a customer while head
office is away), head office's refusals keeping their category and sentence
(common.rpc.status.error_for), and no answer at all raised as HeadOfficeUnreachable with
the client's own sentence, which says what the till recorded and whether to retry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import grpc

from common.ho_address import secure_channel
from common.rpc.language import sending_language
from common.rpc.status import error_for
from edge_agent.domain.errors import HeadOfficeUnreachable
from edge_agent.sync.credentials import FixedCredentials, StoreCredentials

# No answer: the call may or may not have reached head office (a retry with the key is safe).
UNANSWERED = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


class TillRpcClient:
    """Calls one service's RPCs by name; `unanswered(address, problem)` words no answer."""

    def __init__(
        self,
        address: str,
        credentials: StoreCredentials | FixedCredentials,
        stub_class: Callable[[grpc.Channel], Any],
        deadline_s: float,
        unanswered: Callable[[str, str], str],
    ) -> None:
        self._address = address
        self._tls = credentials
        self._stub_class = stub_class
        self._deadline_s = deadline_s
        self._unanswered = unanswered
        self._lock = threading.Lock()
        self._channel: grpc.Channel | None = None
        self._made_with: grpc.ChannelCredentials | None = None

    def _stub(self) -> Any:
        credentials = self._tls.channel_credentials()
        with self._lock:
            if self._channel is None or credentials is not self._made_with:
                if self._channel is not None:
                    self._channel.close()
                self._channel = sending_language(secure_channel(self._address, credentials))
                self._made_with = credentials
            return self._stub_class(self._channel)

    def call(self, rpc: str, request: Any) -> Any:
        """One RPC by name: its reply, or our error saying why not."""
        method: Callable[..., Any] = getattr(self._stub(), rpc)
        try:
            return method(request, timeout=self._deadline_s)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
            details = (exc.details() if hasattr(exc, "details") else "") or ""
            if code in UNANSWERED:
                raise HeadOfficeUnreachable(
                    self._unanswered(self._address, details or code.name)
                ) from exc
            raise error_for(code, details or code.name) from exc
