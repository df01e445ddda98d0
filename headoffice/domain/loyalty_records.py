"""What head office records of punch cards, packages and points beside the rules of
common.domain.entitlements and common.domain.points_ledger: who sold a card, each use."""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.consumables import RedemptionMove
from common.domain.entitlements import Entitlement

USE = "use"
REFUND = "refund"


@dataclass(frozen=True)
class CardSale:
    """Where, when, by whom and under which idempotency key a card was sold."""

    store_code: str
    at_ms: int
    by_user: str
    key: str


@dataclass(frozen=True)
class StoredCard:
    card_no: int
    card: Entitlement
    sale: CardSale
    refunded_at_ms: int = 0


@dataclass(frozen=True)
class UseRecord:
    """One authorised use (kind use) or refund (kind refund) of a card, under its key."""

    card_no: int
    key: str
    kind: str
    sku: str
    store_code: str
    member_id: str
    uses: int
    value_minor: int
    uses_left: int
    at_ms: int
    by_user: str
    moves: tuple[RedemptionMove, ...] = ()  # the stock movements the till journals for it
    journal_seq: int = 0  # the store's redemption entry that recorded it (0: not yet)

    def same_request(self, other: UseRecord) -> bool:
        """True when `other` asks for what this record holds (a retry: time and result aside)."""
        return (
            self.card_no, self.kind, self.sku, self.store_code, self.member_id, self.uses
        ) == (
            other.card_no, other.kind, other.sku, other.store_code, other.member_id, other.uses
        )  # fmt: skip


@dataclass(frozen=True)
class Authorised:
    """An authorised use or refund, and whether its key had been authorised before (a retry:
    the same record comes back and nothing changed)."""

    use: UseRecord
    replayed: bool
