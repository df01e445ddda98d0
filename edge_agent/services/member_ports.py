"""What the till asks head office about members, online: the port the member use cases call.

Stored value, points, punch-card uses and coupons are authorised by head office with the
till's idempotency key (shared/DESIGN.md invariant 5), so a retry after a lost answer
books nothing twice. The adapter is edge_agent.sync.member_client (MemberTill over the
store's certificate); tests pass a fake. Every method raises HeadOfficeUnreachable
(edge_agent.domain.errors) when head office does not answer, and head office's own refusal
(a sentence in the caller's language, its category kept) when it says no.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from common.i18n import _
from edge_agent.domain.errors import HeadOfficeUnreachable


@dataclass(frozen=True)
class MemberAtTill:
    """A member as the till may show them: phone and name masked by head office."""

    member_id: str  # M000001
    phone_masked: str  # 138****5678
    name_masked: str  # 张**
    card_no: str
    level: str
    birthday: str  # "MM-DD"; "" when not known
    card_type: str  # named, anonymous (the prepaid-card caps)
    principal_minor: int
    bonus_minor: int
    currency: str
    qr_code: str = ""  # the QR payload the member may be scanned by

    @property
    def balance_minor(self) -> int:
        return self.principal_minor + self.bonus_minor


@dataclass(frozen=True)
class StoredValueBooked:
    """One stored-value entry head office booked (or had booked under the same key)."""

    entry_id: int
    key: str
    amount_minor: int  # debited (or refunded), both buckets together
    principal_minor: int  # the member's balance after it, by bucket
    bonus_minor: int
    replayed: bool  # the key had booked it before: nothing new was booked
    # The entry's own signed change to each bucket (a top-up: paid, and the bonus granted).
    entry_principal_minor: int = 0
    entry_bonus_minor: int = 0


@dataclass(frozen=True)
class NewMemberAtTill:
    """What a person gives to sign up at the till; sent to head office, never kept here."""

    phone: str
    name: str
    card_no: str = ""
    birthday: str = ""  # YYYY-MM-DD or ""
    consent: bool = False


@dataclass(frozen=True)
class CardAtTill:
    """A punch card or package a member holds, as head office says."""

    entitlement_id: int
    kind: str  # punch_card, package
    covers: tuple[str, ...]
    uses_bought: int
    uses_left: int
    value_per_use_minor: int
    paid_minor: int
    expires_at_ms: int  # 0: never
    stores: tuple[str, ...]  # empty: every store
    member_id: str = ""
    replayed: bool = False  # sell_card: the key had sold this card before


@dataclass(frozen=True)
class CardOrderAtTill:
    """A card the till sells: its terms as the cashier typed them."""

    member: str
    kind: str
    covers: tuple[str, ...]
    uses: int
    paid_minor: int
    valid_days: int = 0
    shareable: bool = False


@dataclass(frozen=True)
class MemberHoldings:
    """The cards a member may still use here, and their points."""

    member_id: str
    cards: tuple[CardAtTill, ...]
    points: int


@dataclass(frozen=True)
class UseAuthorised:
    """A punch card's or package's use head office authorised (or had under the same key)."""

    member_id: str
    phone_masked: str  # 138****5678
    card_no: int
    card_kind: str  # punch_card, package
    sku: str
    uses: int
    uses_left: int
    key: str
    moves: tuple[tuple[str, int], ...]  # (sku, qty_base < 0): what the till journals
    replayed: bool  # the key had authorised it before: nothing new was taken


@dataclass(frozen=True)
class PointsPaid:
    """Points head office took for a payment (or had taken under the same key)."""

    member_id: str
    points: int  # taken, positive
    balance: int  # the member's points after it
    replayed: bool


@dataclass(frozen=True)
class CouponRedeemed:
    """A single-use coupon head office redeemed (or released) for the till's key."""

    code: str  # canonical
    promo_id: str  # the promotion it unlocks
    replayed: bool  # redeem: the key had redeemed it before; release: it was free already


@dataclass(frozen=True)
class RewardTaken:
    """A reward item head office took points for (or had taken under the same key)."""

    member_id: str
    phone_masked: str  # 138****5678
    sku: str
    qty: int
    points: int  # taken, positive
    balance: int  # the member's points after it
    key: str  # head office's points key (till:<store>:<key>)
    moves: tuple[tuple[str, int], ...]  # (sku, qty_base < 0): what the till journals
    replayed: bool


class HeadOfficeMembers(Protocol):
    def lookup(self, member: str) -> MemberAtTill:
        """A member by id, phone number, card number or QR payload."""
        ...

    def authorise_debit(
        self, member: str, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked: ...

    def refund_debit(
        self, debit_entry_id: int, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked: ...

    def close(self) -> None: ...

    def redeem_use(
        self, member: str, card_no: int, sku: str, uses: int, key: str, cashier: str
    ) -> UseAuthorised:
        """Authorise `uses` uses of card `card_no` for `sku` by the member `member` names."""
        ...

    # The member desk (services.member_desk): register, top up, sell a card, cards and points.
    def register(self, new: NewMemberAtTill, cashier: str) -> MemberAtTill:
        """A member signing up at this store (the store is the certificate's); masked."""
        ...

    def topup(self, member: str, paid_minor: int, key: str, cashier: str) -> StoredValueBooked:
        """Book a top-up (with the chain's bonus) under `key`; a retry books nothing more."""
        ...

    def sell_card(self, order: CardOrderAtTill, key: str, cashier: str) -> CardAtTill: ...

    def holdings(self, member: str) -> MemberHoldings: ...

    def pay_with_points(
        self,
        member: str,
        amount_minor: int,
        key: str,
        cashier: str,
        document: str,
        max_points: int = 0,
    ) -> PointsPaid:
        """Points paying `amount_minor` ([points] rule at head office); never offline."""
        ...

    def redeem_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed: ...

    def release_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed: ...

    def take_reward(self, member: str, sku: str, qty: int, key: str, cashier: str) -> RewardTaken:
        """Take the points `qty` of reward item `sku` cost; never offline."""
        ...


class NoHeadOffice:
    """The port for a ledger with no head office behind it (tools, tests of other things):
    every question is unanswered."""

    def _unreachable(self) -> HeadOfficeUnreachable:
        return HeadOfficeUnreachable(
            _("this ledger has no head office to ask; members need the edge agent running")
        )

    def lookup(self, member: str) -> MemberAtTill:
        raise self._unreachable()

    def authorise_debit(
        self, member: str, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked:
        raise self._unreachable()

    def refund_debit(
        self, debit_entry_id: int, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked:
        raise self._unreachable()

    def close(self) -> None:
        return None

    def redeem_use(
        self, member: str, card_no: int, sku: str, uses: int, key: str, cashier: str
    ) -> UseAuthorised:
        raise self._unreachable()

    def register(self, new: NewMemberAtTill, cashier: str) -> MemberAtTill:
        raise self._unreachable()

    def topup(self, member: str, paid_minor: int, key: str, cashier: str) -> StoredValueBooked:
        raise self._unreachable()

    def sell_card(self, order: CardOrderAtTill, key: str, cashier: str) -> CardAtTill:
        raise self._unreachable()

    def holdings(self, member: str) -> MemberHoldings:
        raise self._unreachable()

    def pay_with_points(
        self,
        member: str,
        amount_minor: int,
        key: str,
        cashier: str,
        document: str,
        max_points: int = 0,
    ) -> PointsPaid:
        raise self._unreachable()

    def redeem_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed:
        raise self._unreachable()

    def release_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed:
        raise self._unreachable()

    def take_reward(self, member: str, sku: str, qty: int, key: str, cashier: str) -> RewardTaken:
        raise self._unreachable()
