"""A small VoucherTill gRPC server on loopback standing in for head office in edge tests.

It holds a few codes, verifies under the till's request id (the same id again answers the
same redemption, replayed), cancels within a window, refuses as head office does (a status
code and a sentence), and can lose its answer after verifying (`lose_next_answer`): the
redemption is made at "head office", the till hears nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass, field

import grpc

from common.pb.storeledger.v1 import ledger_pb2, vouchers_pb2, vouchers_pb2_grpc
from edge_agent.sync.credentials import FixedCredentials
from edge_agent.sync.voucher_client import VoucherTillClient
from tests.edge.conftest import Pki

REDEMPTION = ledger_pb2.MovementReason.MOVEMENT_REASON_REDEMPTION
WASH = "MT12345678"  # meituan, a car-wash deal with 3 uses: 300 ml shampoo and a sponge each
COFFEE = "DY87654321"  # douyin, one coffee
USED = "MT00000001"
EXPIRED = "MT00000002"
ELSEWHERE = "MT00000003"  # sold for another store
PLATFORM_CANCELLED = "MT00000004"


@dataclass
class Code:
    platform: str
    product_id: str
    title: str
    uses_left: int
    package: tuple[tuple[str, int], ...]
    refusal: tuple[grpc.StatusCode, str] | None = None


def codes() -> dict[str, Code]:
    refused = grpc.StatusCode.FAILED_PRECONDITION
    return {
        WASH: Code("meituan", "D-WASH", "洗车套餐 Car wash", 3, (("COLA", 1), ("RICE", 300))),
        COFFEE: Code("douyin", "D-COFFEE", "Coffee", 1, (("CHIPS", 1),)),
        USED: Code(
            "meituan", "D-WASH", "Car wash", 0, (), (refused, "the voucher is already used")
        ),
        EXPIRED: Code("meituan", "D-WASH", "Car wash", 1, (), (refused, "the voucher expired")),
        ELSEWHERE: Code(
            "meituan",
            "D-WASH",
            "Car wash",
            1,
            (),
            (grpc.StatusCode.PERMISSION_DENIED, "the voucher is for another store"),
        ),  # fmt: skip
        PLATFORM_CANCELLED: Code(
            "meituan",
            "D-WASH",
            "Car wash",
            1,
            (),
            (refused, "the voucher was cancelled on the platform"),
        ),
    }


@dataclass
class FakeVoucherTill(vouchers_pb2_grpc.VoucherTillServicer):
    codes: dict[str, Code] = field(default_factory=codes)
    redemptions: dict[str, vouchers_pb2.VoucherRedemptionReply] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    seen_codes: list[str] = field(default_factory=list)
    lose_next_answer: bool = False
    window_closed: bool = False

    def _code(self, code: str, context: grpc.ServicerContext) -> Code:
        found = self.codes.get(code)
        if found is None:
            context.abort(grpc.StatusCode.NOT_FOUND, "the platform knows no such voucher code")
        assert found is not None
        if found.refusal is not None:
            context.abort(*found.refusal)
        return found

    def ScanVoucher(self, request, context):  # noqa: N802
        self.calls.append("scan")
        c = self._code(request.code, context)
        return vouchers_pb2.VoucherInfo(
            platform=c.platform, code_masked=request.code[:2] + "******" + request.code[-2:],
            product_id=c.product_id, title=c.title, uses_left=c.uses_left,
            valid_until_ms=2_000_000_000_000, price_minor=1990, currency="CNY",
            package=[ledger_pb2.Movement(sku=s, qty_base=q, reason=REDEMPTION) for s, q in c.package],
            cancel_window_ms=3_600_000,
        )  # fmt: skip

    def VerifyVoucher(self, request, context):  # noqa: N802
        self.calls.append("verify")
        self.seen_codes.append(request.code)
        reply = self.redemptions.get(request.request_id)
        if reply is not None:
            if reply.count != request.count:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, "a retry with another count")
            again = vouchers_pb2.VoucherRedemptionReply()
            again.CopyFrom(reply)
            again.replayed = True
            return again
        if not request.code:
            context.abort(grpc.StatusCode.NOT_FOUND, "no redemption under that request id")
        c = self._code(request.code, context)
        if request.count > c.uses_left:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, f"only {c.uses_left} uses left")
        c.uses_left -= request.count
        reply = vouchers_pb2.VoucherRedemptionReply(
            redemption_id=f"VR{len(self.redemptions) + 1:06d}", platform=c.platform,
            code_masked=request.code[:2] + "******" + request.code[-2:], product_id=c.product_id,
            title=c.title, count=request.count, state="verified",
            movements=[
                ledger_pb2.Movement(sku=s, qty_base=-q * request.count, reason=REDEMPTION)
                for s, q in c.package
            ],
            verified_at_ms=1_700_000_000_000, cancel_until_ms=1_700_003_600_000,
        )  # fmt: skip
        self.redemptions[request.request_id] = reply
        if self.lose_next_answer:
            self.lose_next_answer = False
            context.abort(grpc.StatusCode.UNAVAILABLE, "connection reset")
        return reply

    def CancelVoucher(self, request, context):  # noqa: N802
        self.calls.append("cancel")
        for reply in self.redemptions.values():
            if reply.redemption_id == request.redemption_id:
                if self.window_closed and reply.state != "cancelled":
                    context.abort(
                        grpc.StatusCode.FAILED_PRECONDITION,
                        "the platform's cancel window for this redemption has closed",
                    )
                was = reply.state
                reply.state = "cancelled"
                done = vouchers_pb2.VoucherRedemptionReply()
                done.CopyFrom(reply)
                done.replayed = was == "cancelled"
                return done
        context.abort(grpc.StatusCode.NOT_FOUND, "no such redemption")


@contextmanager
def voucher_head_office(
    tls: Pki | None = None,
) -> Iterator[tuple[FakeVoucherTill, VoucherTillClient, str]]:
    """The fake on a loopback port (local credentials, or head office's certificate with
    client certificates required when `tls` is given), the edge's real client talking to
    it, and its address."""
    fake = FakeVoucherTill()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    vouchers_pb2_grpc.add_VoucherTillServicer_to_server(fake, server)
    local = grpc.LocalConnectionType.LOCAL_TCP
    if tls is None:
        credentials = grpc.local_server_credentials(local)
    else:
        credentials = grpc.ssl_server_credentials(
            [(tls.server.key_pem, tls.server.cert_pem)],
            root_certificates=tls.ca.cert_pem,
            require_client_auth=True,
        )
    port = server.add_secure_port("127.0.0.1:0", credentials)
    server.start()
    address = f"127.0.0.1:{port}"
    client = VoucherTillClient(address, FixedCredentials(grpc.local_channel_credentials(local)))
    try:
        yield fake, client, address
    finally:
        client.close()
        server.stop(grace=None)
