"""VoucherTill over the store's certificate: the adapter behind services.voucher_ports.

The call itself (channel, deadline, refusals, no answer) is till_rpc.TillRpcClient's; the
deadline is longer than MemberTill's because head office asks the platform. Vouchers are
never redeemed offline, and a retry with the same request id redeems nothing twice. The
full code is sent here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from common.i18n import _
from common.pb.storeledger.v1 import vouchers_pb2, vouchers_pb2_grpc
from edge_agent.services.voucher_ports import VoucherAtTill, VoucherVerified
from edge_agent.sync.credentials import FixedCredentials, StoreCredentials
from edge_agent.sync.till_rpc import TillRpcClient

# A platform answers within seconds (head office's own timeout per platform is shorter).
DEFAULT_DEADLINE_S = 10.0


def _voucher_unanswered(address: str, problem: str) -> str:
    return _(
        "head office at {address} did not answer ({problem}); vouchers cannot "
        "be redeemed offline: the till has journaled nothing, and trying again "
        "with the same key redeems nothing twice"
    ).format(address=address, problem=problem)


class VoucherTillClient(TillRpcClient):
    def __init__(
        self,
        address: str,
        credentials: StoreCredentials | FixedCredentials,
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> None:
        super().__init__(
            address, credentials, vouchers_pb2_grpc.VoucherTillStub, deadline_s, _voucher_unanswered
        )

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
