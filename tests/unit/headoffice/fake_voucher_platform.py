"""A VoucherPlatform in memory for the voucher services' unit tests: idempotent on request id
like the real ones, with a switch to make the next verify time out after redeeming."""

from __future__ import annotations

from dataclasses import dataclass, field

from headoffice.domain.vouchers import (
    CANCELLED,
    VERIFIED,
    PlatformTimedOut,
    PlatformVerification,
    VoucherLookup,
    VoucherNotFound,
    VoucherRefused,
)

HOUR_MS = 3_600_000


@dataclass
class FakeVoucher:
    product_id: str
    uses_left: int
    valid_until_ms: int = 10**13
    cancelled: bool = False


@dataclass
class FakePlatform:
    name: str = "meituan"
    window_ms: int = HOUR_MS
    now_ms: int = 1_000_000
    vouchers: dict[str, FakeVoucher] = field(default_factory=dict)
    done: dict[str, PlatformVerification] = field(default_factory=dict)
    verify_calls: int = 0
    time_out_next: bool = False
    reconnected: bool = False
    cancel_ids: list[str] = field(default_factory=list)

    def prepare(self, code: str) -> VoucherLookup:
        v = self._usable(code)
        return VoucherLookup(self.name, code, v.product_id, "Car wash", v.uses_left, 0,
                             v.valid_until_ms, 3900, "CNY", self.window_ms)  # fmt: skip

    def _usable(self, code: str) -> FakeVoucher:
        v = self.vouchers.get(code)
        if v is None:
            raise VoucherNotFound(f"{self.name} knows no voucher")
        if v.cancelled:
            raise VoucherRefused("cancelled on the platform")
        if self.now_ms >= v.valid_until_ms:
            raise VoucherRefused("expired")
        if v.uses_left <= 0:
            raise VoucherRefused("already used")
        return v

    def verify(self, code: str, count: int, request_id: str) -> PlatformVerification:
        self.verify_calls += 1
        first = self.done.get(request_id)
        if first is None:
            v = self._usable(code)
            v.uses_left -= count
            first = PlatformVerification(
                f"V{len(self.done) + 1}", code, count, v.product_id, "Car wash", self.now_ms,
                self.now_ms + self.window_ms, VERIFIED,
            )  # fmt: skip
            self.done[request_id] = first
        elif first.count != count:
            raise VoucherRefused("request mismatch")
        if self.time_out_next:
            self.time_out_next = False
            raise PlatformTimedOut("no answer in time")
        return first

    def cancel(self, platform_ref: str, code: str, request_id: str) -> PlatformVerification:
        self.cancel_ids.append(request_id)
        for key, v in self.done.items():
            if v.platform_ref == platform_ref:
                if self.now_ms > v.cancel_until_ms:
                    raise VoucherRefused("window passed")
                from dataclasses import replace

                if v.state != CANCELLED:
                    self.done[key] = replace(v, state=CANCELLED, cancelled_at_ms=self.now_ms)
                    self.vouchers[code].uses_left += v.count
                if self.time_out_next:
                    self.time_out_next = False
                    raise PlatformTimedOut("no answer in time")
                return self.done[key]
        raise VoucherNotFound("no verification")

    def redeemed_on(self, day: str) -> list[PlatformVerification]:
        return list(self.done.values())

    def take_reconnected(self) -> bool:
        was, self.reconnected = self.reconnected, False
        return was
