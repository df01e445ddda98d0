"""What the till asks head office about group-buy vouchers, online: the port the voucher use
cases call (services.vouchers).

Head office holds the platforms' accounts and verifies a code with the platform under the
till's request id, so a retry after a lost answer redeems nothing twice. The adapter is
edge_agent.sync.voucher_client (VoucherTill over the store's certificate); tests pass a
fake. Every method raises HeadOfficeUnreachable (edge_agent.domain.errors) when head office
does not answer (vouchers are never redeemed offline), and head office's own refusal (a
sentence, its category kept) when it says no: unknown code, already used, expired, for
another store, cancelled on the platform, cancel after the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from common.i18n import _
from edge_agent.domain.errors import HeadOfficeUnreachable


@dataclass(frozen=True)
class VoucherAtTill:
    """A code looked up on its platform: the deal, uses left, validity, what a use takes."""

    platform: str
    code_masked: str
    product_id: str
    title: str
    uses_left: int
    valid_from_ms: int
    valid_until_ms: int
    price_minor: int
    currency: str
    package: tuple[tuple[str, int], ...]  # (sku, qty_base > 0) one use takes
    cancel_window_ms: int


@dataclass(frozen=True)
class VoucherVerified:
    """A redemption head office verified (or cancelled), or had under the same request id."""

    redemption_id: str  # VR000001
    platform: str
    code_masked: str
    product_id: str
    title: str
    count: int
    state: str  # verified, cancelled, ...
    moves: tuple[tuple[str, int], ...]  # (sku, qty_base < 0): what the till journals
    verified_at_ms: int
    cancel_until_ms: int
    replayed: bool


class HeadOfficeVouchers(Protocol):
    def scan(self, platform: str, code: str) -> VoucherAtTill: ...

    def verify(
        self, platform: str, code: str, count: int, request_id: str, till_id: str, cashier: str
    ) -> VoucherVerified:
        """Redeem `count` uses under `request_id`; the same id again: the same redemption."""
        ...

    def cancel(
        self, redemption_id: str, request_id: str, till_id: str, cashier: str
    ) -> VoucherVerified: ...

    def close(self) -> None: ...


class NoVoucherOffice:
    """The port for a ledger with no head office behind it: every question is unanswered."""

    def _unreachable(self) -> HeadOfficeUnreachable:
        return HeadOfficeUnreachable(
            _("this ledger has no head office to ask; vouchers cannot be redeemed offline")
        )

    def scan(self, platform: str, code: str) -> VoucherAtTill:
        raise self._unreachable()

    def verify(
        self, platform: str, code: str, count: int, request_id: str, till_id: str, cashier: str
    ) -> VoucherVerified:
        raise self._unreachable()

    def cancel(
        self, redemption_id: str, request_id: str, till_id: str, cashier: str
    ) -> VoucherVerified:
        raise self._unreachable()

    def close(self) -> None:
        return None
