"""Head office's member answers in memory (services.member_ports.HeadOfficeMembers), keyed as
head office keys them: a retried key replays, a key reused for another amount is refused, a
debit beyond the balance is refused; `down` makes every call unanswered."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from common.errors import InvalidInput, NotFound, Refused
from edge_agent.domain.errors import HeadOfficeUnreachable
from edge_agent.services.member_ports import (
    CardAtTill,
    MemberAtTill,
    MemberHoldings,
    PointsPaid,
    RewardTaken,
    StoredValueBooked,
)

GOLD = MemberAtTill(
    member_id="M000001",
    phone_masked="138****5678",
    name_masked="张**",
    card_no="CARD0001",
    level="gold",
    birthday="",
    card_type="named",
    principal_minor=20_000,
    bonus_minor=3_000,
    currency="CNY",
    qr_code="SLM:abc",
)
PHONE = "13812345678"


@dataclass
class FakeMembers:
    members: dict[str, MemberAtTill] = field(default_factory=lambda: {GOLD.member_id: GOLD})
    phones: dict[str, str] = field(default_factory=lambda: {PHONE: GOLD.member_id})
    points: dict[str, int] = field(default_factory=lambda: {GOLD.member_id: 1_000})
    down: bool = False
    debits: dict[str, StoredValueBooked] = field(default_factory=dict)  # by key
    debit_members: dict[int, str] = field(default_factory=dict)  # entry -> member
    refunds: dict[str, StoredValueBooked] = field(default_factory=dict)
    points_paid: dict[str, PointsPaid] = field(default_factory=dict)
    # Reward items: SKU -> (points an item, the stock one item moves); taken by key.
    rewards: dict[str, tuple[int, tuple[tuple[str, int], ...]]] = field(default_factory=dict)
    rewards_taken: dict[str, RewardTaken] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    cards: dict[str, tuple[CardAtTill, ...]] = field(default_factory=dict)  # by member id

    def _answer(self, what: str) -> None:
        self.calls.append(what)
        if self.down:
            raise HeadOfficeUnreachable("head office at test did not answer")

    def _find(self, text: str) -> MemberAtTill:
        member_id = self.phones.get(text, text)
        card = re.sub(r"[\s-]", "", text).upper()  # as head office reads a card number
        for m in self.members.values():
            if member_id in (m.member_id, m.qr_code) or card == m.card_no:
                return m
        if not text.isalnum() and not text.startswith("SLM:"):
            raise InvalidInput(f"{text!r} is neither a phone number, card number, QR code nor id")
        raise NotFound(f"no member has {text}")

    def lookup(self, member: str) -> MemberAtTill:
        self._answer("lookup")
        return self._find(member)

    def _set_balance(self, m: MemberAtTill, change: int) -> MemberAtTill:
        bonus = min(m.bonus_minor, max(0, -change)) if change < 0 else 0
        new = replace(
            m,
            principal_minor=m.principal_minor + change + bonus,
            bonus_minor=m.bonus_minor - bonus,
        )
        self.members[m.member_id] = new
        return new

    def authorise_debit(
        self, member: str, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked:
        self._answer("debit")
        m = self._find(member)
        if key in self.debits:
            was = self.debits[key]
            if was.amount_minor != amount_minor:
                raise Refused(f"key {key} was used for another amount")
            return replace(was, replayed=True)
        if amount_minor > m.balance_minor:
            raise Refused(f"member {m.member_id}'s balance is short of {amount_minor}")
        m = self._set_balance(m, -amount_minor)
        entry = len(self.debits) + len(self.refunds) + 1
        booked = StoredValueBooked(
            entry, key, amount_minor, m.principal_minor, m.bonus_minor, False
        )
        self.debits[key] = booked
        self.debit_members[entry] = m.member_id
        return booked

    def refund_debit(
        self, debit_entry_id: int, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked:
        self._answer("refund")
        if key in self.refunds:
            return replace(self.refunds[key], replayed=True)
        m = self.members[self.debit_members[debit_entry_id]]
        m = self._set_balance(m, amount_minor)
        entry = len(self.debits) + len(self.refunds) + 1
        booked = StoredValueBooked(
            entry, key, amount_minor, m.principal_minor, m.bonus_minor, False
        )
        self.refunds[key] = booked
        return booked

    def holdings(self, member: str) -> MemberHoldings:
        self._answer("holdings")
        m = self._find(member)
        return MemberHoldings(
            m.member_id, self.cards.get(m.member_id, ()), self.points[m.member_id]
        )

    def pay_with_points(
        self,
        member: str,
        amount_minor: int,
        key: str,
        cashier: str,
        document: str,
        max_points: int = 0,
    ) -> PointsPaid:
        self._answer("points")
        m = self._find(member)
        if key in self.points_paid:
            return replace(self.points_paid[key], replayed=True)
        points = amount_minor  # 100 points pay 100 fen
        if max_points and points > max_points:
            raise Refused(f"{points} points is more than {max_points}")
        if points > self.points[m.member_id]:
            raise Refused(f"member {m.member_id} has only {self.points[m.member_id]} points")
        self.points[m.member_id] -= points
        paid = PointsPaid(m.member_id, points, self.points[m.member_id], False)
        self.points_paid[key] = paid
        return paid

    def close(self) -> None:
        return None

    def take_reward(self, member: str, sku: str, qty: int, key: str, cashier: str) -> RewardTaken:
        self._answer("reward")
        m = self._find(member)
        if key in self.rewards_taken:
            was = self.rewards_taken[key]
            if (was.member_id, was.sku, was.qty) != (m.member_id, sku, qty):
                raise Refused(f"points key {key} was used already for another request")
            return replace(was, replayed=True)
        if sku not in self.rewards:
            raise Refused(f"{sku} is not offered for points")
        cost, moves = self.rewards[sku]
        points = cost * qty
        if points > self.points[m.member_id]:
            raise Refused(
                f"the reward costs {points} points; the member has {self.points[m.member_id]}"
            )
        self.points[m.member_id] -= points
        taken = RewardTaken(
            m.member_id, m.phone_masked, sku, qty, points, self.points[m.member_id],
            f"till:S001:{key}", tuple((s, q * qty) for s, q in moves), False,
        )  # fmt: skip
        self.rewards_taken[key] = taken
        return taken
