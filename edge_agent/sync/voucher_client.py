"""VoucherTill over the store's certificate: the adapter behind services.voucher_ports.

Synchronous (the till's use cases run in worker threads), one channel kept open and
re-made when the store's certificate files change. Each call has a deadline: a till must
not hang on a customer while head office or the platform is away. Head office's refusals
keep their category and sentence (common.rpc.status.error_for); no answer at all is
HeadOfficeUnreachable: vouchers are never redeemed offline, and a retry with the same
request id redeems nothing twice. The full code is sent here and nowhere else.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

import grpc

from common.i18n import _
from common.pb.storeledger.v1 import vouchers_pb2, vouchers_pb2_grpc
from common.rpc.language import sending_language
from common.rpc.status import error_for
from common.tls import channel_options
from edge_agent.domain.errors import HeadOfficeUnreachable
from edge_agent.services.voucher_ports import VoucherAtTill, VoucherVerified
from edge_agent.sync.credentials import FixedCredentials, StoreCredentials

# A platform answers within seconds (head office's own timeout per platform is shorter).
DEFAULT_DEADLINE_S = 10.0
UNANSWERED = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


class VoucherTillClient:
    def __init__(
        self,
        address: str,
        credentials: StoreCredentials | FixedCredentials,
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> None:
        self._address = address
        self._tls = credentials
        self._deadline_s = deadline_s
        self._lock = threading.Lock()
        self._channel: grpc.Channel | None = None
        self._made_with: grpc.ChannelCredentials | None = None

    def _stub(self) -> vouchers_pb2_grpc.VoucherTillStub:
        credentials = self._tls.channel_credentials()
        with self._lock:
            if self._channel is None or credentials is not self._made_with:
                if self._channel is not None:
                    self._channel.close()
                self._channel = sending_language(
                    grpc.secure_channel(self._address, credentials, options=channel_options())
                )
                self._made_with = credentials
            return vouchers_pb2_grpc.VoucherTillStub(self._channel)

    def call(self, rpc: str, request: Any) -> Any:
        """One VoucherTill RPC by name: its reply, or our error saying why not."""
        method: Callable[..., Any] = getattr(self._stub(), rpc)
        try:
            return method(request, timeout=self._deadline_s)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
            details = (exc.details() if hasattr(exc, "details") else "") or ""
            if code in UNANSWERED:
                raise HeadOfficeUnreachable(
                    _(
                        "head office at {address} did not answer ({problem}); vouchers cannot "
                        "be redeemed offline: the till has journaled nothing, and trying again "
                        "with the same key redeems nothing twice"
                    ).format(address=self._address, problem=details or code.name)
                ) from exc
            raise error_for(code, details or code.name) from exc

    def scan(self, platform: str, code: str) -> VoucherAtTill:
        reply = self.call(
            "ScanVoucher", vouchers_pb2.ScanVoucherRequest(platform=platform, code=code)
        )
        return VoucherAtTill(
            platform=reply.platform, code_masked=reply.code_masked, product_id=reply.product_id,
            title=reply.title, uses_left=reply.uses_left, valid_from_ms=reply.valid_from_ms,
            valid_until_ms=reply.valid_until_ms, price_minor=reply.price_minor,
            currency=reply.currency, package=tuple((m.sku, abs(m.qty_base)) for m in reply.package),
            cancel_window_ms=reply.cancel_window_ms,
        )  # fmt: skip

    def verify(
        self, platform: str, code: str, count: int, request_id: str, till_id: str, cashier: str
    ) -> VoucherVerified:
        request = vouchers_pb2.VerifyVoucherRequest(
            platform=platform, code=code, count=count, request_id=request_id, till_id=till_id,
            cashier=cashier,
        )  # fmt: skip
        return verified(self.call("VerifyVoucher", request))

    def cancel(
        self, redemption_id: str, request_id: str, till_id: str, cashier: str
    ) -> VoucherVerified:
        request = vouchers_pb2.CancelVoucherRequest(
            redemption_id=redemption_id, request_id=request_id, till_id=till_id, cashier=cashier
        )
        return verified(self.call("CancelVoucher", request))

    def close(self) -> None:
        with self._lock:
            if self._channel is not None:
                self._channel.close()
                self._channel = None


def out_moves(movements: Iterable[Any]) -> tuple[tuple[str, int], ...]:
    """Head office's movements as the till journals them: out (qty_base below zero)."""
    return tuple((m.sku, -abs(m.qty_base)) for m in movements)


def verified(reply: vouchers_pb2.VoucherRedemptionReply) -> VoucherVerified:
    return VoucherVerified(
        redemption_id=reply.redemption_id, platform=reply.platform,
        code_masked=reply.code_masked, product_id=reply.product_id, title=reply.title,
        count=reply.count, state=reply.state, moves=out_moves(reply.movements),
        verified_at_ms=reply.verified_at_ms, cancel_until_ms=reply.cancel_until_ms,
        replayed=reply.replayed,
    )  # fmt: skip
