"""One platform's vouchers and verifications in memory, behind one lock.

The rules follow the platforms' published merchant flows: prepare looks a code up; verify
redeems `count` uses under the merchant's request id, and the same request id again is
answered with the first result (a different code or count under it is an error); cancel
undoes a verification within the platform's window; the day's list names every
verification, the merchant's and the platform's own (made in the platform's app), with its
state.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from dataclasses import asdict, dataclass, field

from voucher_sim.codes import new_code, well_formed

_VERIFY_IDS = itertools.count(1)
HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS


@dataclass(frozen=True)
class Profile:
    name: str
    code_length: int
    cancel_window_ms: int
    verify_prefix: str


PROFILES = {
    "meituan": Profile("meituan", 12, HOUR_MS, "MT"),
    "douyin": Profile("douyin", 15, 60 * DAY_MS, "DY"),
}


class PlatformError(Exception):
    """A refusal the platform answers with: HTTP status, a stable code, a message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class Voucher:
    code: str
    product_id: str
    title: str
    uses_total: int
    uses_left: int
    valid_from_ms: int
    valid_until_ms: int
    price_minor: int
    currency: str = "CNY"
    state: str = "active"  # active, cancelled (refunded to the customer on the platform)


@dataclass
class Verification:
    verify_id: str
    code: str
    count: int
    request_id: str
    verified_at_ms: int
    cancel_until_ms: int
    source: str = "merchant"  # merchant (through the API) or platform (in its own app)
    state: str = "verified"  # verified, cancelled
    cancelled_at_ms: int = 0
    cancel_request_id: str = ""


@dataclass
class Platform:
    profile: Profile
    clock_offset_ms: int = 0
    vouchers: dict[str, Voucher] = field(default_factory=dict)
    verifications: dict[str, Verification] = field(default_factory=dict)
    by_request: dict[str, str] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now_ms(self) -> int:
        return int(time.time() * 1000) + self.clock_offset_ms

    # -- loading ---------------------------------------------------------------------------

    def load(self, rows: list[dict]) -> list[dict]:
        """Add vouchers; a row without a code gets a new valid one. Returns what was added."""
        added = []
        with self.lock:
            now = self.now_ms()
            for row in rows:
                code = str(row.get("code") or new_code(self.profile.code_length))
                if not well_formed(code, self.profile.code_length):
                    raise PlatformError(400, "BAD_CODE", f"code {code} fails the check digit")
                uses = int(row.get("uses", 1))
                voucher = Voucher(
                    code=code,
                    product_id=str(row["product_id"]),
                    title=str(row.get("title", row["product_id"])),
                    uses_total=uses,
                    uses_left=uses,
                    valid_from_ms=int(row.get("valid_from_ms", now - DAY_MS)),
                    valid_until_ms=int(row.get("valid_until_ms", now + 30 * DAY_MS)),
                    price_minor=int(row.get("price_minor", 0)),
                    currency=str(row.get("currency", "CNY")),
                    state=str(row.get("state", "active")),
                )
                self.vouchers[code] = voucher
                added.append(asdict(voucher))
        return added

    # -- the merchant API --------------------------------------------------------------------

    def _voucher(self, code: str) -> Voucher:
        if not well_formed(code, self.profile.code_length):
            raise PlatformError(
                400, "BAD_CODE",
                f"{code!r} is not a {self.profile.code_length}-digit code with a valid check digit",
            )  # fmt: skip
        voucher = self.vouchers.get(code)
        if voucher is None:
            raise PlatformError(404, "UNKNOWN_CODE", "no voucher with this code")
        return voucher

    def _usable(self, voucher: Voucher, now: int) -> None:
        if voucher.state == "cancelled":
            raise PlatformError(409, "CODE_CANCELLED", "the voucher was refunded on the platform")
        if now < voucher.valid_from_ms:
            raise PlatformError(409, "NOT_YET_VALID", "the voucher is not valid yet")
        if now >= voucher.valid_until_ms:
            raise PlatformError(409, "EXPIRED", "the voucher has expired")
        if voucher.uses_left <= 0:
            raise PlatformError(409, "ALREADY_USED", "every use of the voucher is redeemed")

    def prepare(self, code: str) -> dict:
        with self.lock:
            voucher = self._voucher(code)
            self._usable(voucher, self.now_ms())
            return {
                **asdict(voucher),
                "cancel_window_ms": self.profile.cancel_window_ms,
            }

    def verify(self, code: str, count: int, request_id: str) -> tuple[dict, bool]:
        """The verification and whether it is a replay of the request id's first answer."""
        if not request_id:
            raise PlatformError(400, "BAD_REQUEST", "a verify needs a request id")
        with self.lock:
            seen = self.by_request.get(request_id)
            if seen is not None:
                first = self.verifications[seen]
                if first.code != code or first.count != count:
                    raise PlatformError(
                        409, "REQUEST_MISMATCH",
                        "the request id was used for another code or count",
                    )  # fmt: skip
                return self._verified(first), True
            voucher = self._voucher(code)
            now = self.now_ms()
            self._usable(voucher, now)
            if not 1 <= count <= voucher.uses_left:
                raise PlatformError(
                    409, "NOT_ENOUGH_USES",
                    f"the voucher has {voucher.uses_left} uses left, asked for {count}",
                )  # fmt: skip
            found = self._record(voucher, count, request_id, now, "merchant")
            return self._verified(found), False

    def _record(
        self, voucher: Voucher, count: int, request_id: str, now: int, source: str
    ) -> Verification:
        voucher.uses_left -= count
        # Unique for the process's life, across resets, as a real platform's ids are.
        verify_id = f"{self.profile.verify_prefix}{next(_VERIFY_IDS):08d}"
        found = Verification(
            verify_id, voucher.code, count, request_id, now,
            now + self.profile.cancel_window_ms, source,
        )  # fmt: skip
        self.verifications[verify_id] = found
        self.by_request[request_id] = verify_id
        return found

    def _verified(self, v: Verification) -> dict:
        voucher = self.vouchers[v.code]
        return {
            **asdict(v), "product_id": voucher.product_id, "title": voucher.title,
            "uses_left": voucher.uses_left, "price_minor": voucher.price_minor,
            "currency": voucher.currency,
        }  # fmt: skip

    def cancel(self, verify_id: str, code: str, request_id: str) -> tuple[dict, bool]:
        if not request_id:
            raise PlatformError(400, "BAD_REQUEST", "a cancel needs a request id")
        with self.lock:
            found = self.verifications.get(verify_id) if verify_id else None
            if found is None and code:
                mine = [v for v in self.verifications.values() if v.code == code]
                found = mine[-1] if mine else None
            if found is None:
                raise PlatformError(404, "UNKNOWN_VERIFY", "no verification with this id")
            if found.state == "cancelled":
                if found.cancel_request_id == request_id:
                    return self._verified(found), True
                raise PlatformError(409, "ALREADY_CANCELLED", "the verification is cancelled")
            now = self.now_ms()
            if now > found.cancel_until_ms:
                raise PlatformError(
                    409, "WINDOW_PASSED",
                    f"the cancel window of {self.profile.cancel_window_ms // 60_000} minutes "
                    "has passed",
                )  # fmt: skip
            found.state = "cancelled"
            found.cancelled_at_ms = now
            found.cancel_request_id = request_id
            self.vouchers[found.code].uses_left += found.count
            return self._verified(found), False

    def redeemed_on(self, day: str, utc_offset_minutes: int) -> list[dict]:
        try:
            start = dt.datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=dt.UTC)
        except ValueError:
            raise PlatformError(400, "BAD_REQUEST", f"day {day!r} is not YYYY-MM-DD") from None
        start_ms = int(start.timestamp() * 1000) - utc_offset_minutes * 60_000
        with self.lock:
            return [
                self._verified(v)
                for v in self.verifications.values()
                if start_ms <= v.verified_at_ms < start_ms + DAY_MS
            ]

    # -- what happens on the platform without us (faults, admin) ----------------------------

    def redeem_elsewhere(self, code: str, count: int) -> dict:
        """A use redeemed in the platform's own app: we never see it."""
        with self.lock:
            voucher = self._voucher(code)
            now = self.now_ms()
            self._usable(voucher, now)
            count = min(count, voucher.uses_left)
            found = self._record(voucher, count, f"platform-{len(self.verifications)}", now,
                                 "platform")  # fmt: skip
            return self._verified(found)

    def cancel_on_platform(self, code: str) -> None:
        """The customer was refunded: the voucher cannot be used, its verifications cancelled."""
        with self.lock:
            voucher = self._voucher(code)
            voucher.state = "cancelled"
            now = self.now_ms()
            for v in self.verifications.values():
                if v.code == code and v.state == "verified":
                    v.state = "cancelled"
                    v.cancelled_at_ms = now

    def use_up(self, code: str) -> None:
        """Every use left redeemed elsewhere (the code already used)."""
        with self.lock:
            voucher = self.vouchers.get(code)
        if voucher is not None and voucher.uses_left > 0 and voucher.state == "active":
            self.redeem_elsewhere(code, voucher.uses_left)

    def merchant_redemptions(self, code: str) -> int:
        """Uses verified and not cancelled for `code` through the API (tests read it)."""
        with self.lock:
            return sum(
                v.count for v in self.verifications.values()
                if v.code == code and v.state == "verified"
            )  # fmt: skip
