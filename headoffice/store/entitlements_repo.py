"""Punch cards and packages (loyalty_tables.py): cards sold, locked for a use, and their uses."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from common.domain.consumables import RedemptionMove
from common.domain.entitlements import Entitlement
from headoffice.domain.loyalty_records import CardSale, StoredCard, UseRecord
from headoffice.store.loyalty_tables import entitlement_uses, entitlements


def _card(row: Any) -> StoredCard:
    card = Entitlement(
        card_id=str(row.card_no),
        member_id=row.member_id,
        kind=row.kind,
        covers=frozenset(json.loads(row.covers)),
        uses_bought=int(row.uses_bought),
        uses_taken=int(row.uses_taken),
        value_per_use_minor=int(row.value_per_use_minor),
        paid_minor=int(row.paid_minor),
        expires_ms=int(row.expires_ms) or None,
        store_scope=frozenset(json.loads(row.store_scope)),
        shareable=bool(row.shareable),
        refunded=bool(row.refunded_at_ms),
    )
    sale = CardSale(row.sold_store, int(row.sold_at_ms), row.sold_by, row.sold_key)
    return StoredCard(int(row.card_no), card, sale, int(row.refunded_at_ms))


def _use(row: Any) -> UseRecord:
    moves = tuple(RedemptionMove(sku, int(qty)) for sku, qty in json.loads(row.moves))
    return UseRecord(
        int(row.card_no), row.key, row.kind, row.sku, row.store_code, row.member_id,
        int(row.uses), int(row.value_minor), int(row.uses_left), int(row.at_ms), row.by_user,
        moves, int(row.journal_seq),
    )  # fmt: skip


class EntitlementsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def insert(self, card: Entitlement, sale: CardSale) -> int:
        """A new card's number."""
        result = self._conn.execute(
            entitlements.insert()
            .returning(entitlements.c.card_no)
            .values(
                member_id=card.member_id,
                kind=card.kind,
                covers=json.dumps(sorted(card.covers)),
                uses_bought=card.uses_bought,
                uses_taken=card.uses_taken,
                value_per_use_minor=card.value_per_use_minor,
                paid_minor=card.paid_minor,
                expires_ms=card.expires_ms or 0,
                store_scope=json.dumps(sorted(card.store_scope)),
                shareable=card.shareable,
                refunded_at_ms=0,
                sold_store=sale.store_code,
                sold_at_ms=sale.at_ms,
                sold_by=sale.by_user,
                sold_key=sale.key,
            )
        )
        return int(result.scalar_one())

    def by_sold_key(self, key: str) -> StoredCard | None:
        row = self._conn.execute(
            sa.select(entitlements).where(entitlements.c.sold_key == key)
        ).first()
        return _card(row) if row else None

    def get(self, card_no: int, lock: bool = False) -> StoredCard | None:
        """The card; with `lock`, its row locked FOR UPDATE (PostgreSQL; SQLite's BEGIN
        IMMEDIATE serialises writers already) until the transaction ends."""
        query = sa.select(entitlements).where(entitlements.c.card_no == card_no)
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        return _card(row) if row else None

    def of_member(self, member_id: str) -> list[StoredCard]:
        query = (
            sa.select(entitlements)
            .where(entitlements.c.member_id == member_id)
            .order_by(entitlements.c.card_no)
        )
        return [_card(row) for row in self._conn.execute(query)]

    def set_uses_taken(self, card_no: int, uses_taken: int) -> None:
        self._conn.execute(
            entitlements.update()
            .where(entitlements.c.card_no == card_no)
            .values(uses_taken=uses_taken)
        )

    def set_owner(self, card_no: int, member_id: str) -> None:
        """A merge's move of the card to the surviving member (services.loyalty_merge)."""
        self._conn.execute(
            entitlements.update()
            .where(entitlements.c.card_no == card_no)
            .values(member_id=member_id)
        )

    def set_refunded(self, card_no: int, at_ms: int) -> None:
        self._conn.execute(
            entitlements.update()
            .where(entitlements.c.card_no == card_no)
            .values(refunded_at_ms=at_ms)
        )

    def use_by_key(self, key: str) -> UseRecord | None:
        row = self._conn.execute(
            sa.select(entitlement_uses).where(entitlement_uses.c.key == key)
        ).first()
        return _use(row) if row else None

    def insert_use(self, use: UseRecord) -> None:
        self._conn.execute(
            entitlement_uses.insert().values(
                card_no=use.card_no,
                key=use.key,
                kind=use.kind,
                sku=use.sku,
                store_code=use.store_code,
                member_id=use.member_id,
                uses=use.uses,
                value_minor=use.value_minor,
                uses_left=use.uses_left,
                at_ms=use.at_ms,
                by_user=use.by_user,
                moves=json.dumps([[m.sku, m.qty_base] for m in use.moves]),
            )  # fmt: skip
        )

    def set_journaled(self, key: str, seq: int) -> None:
        """The store's redemption entry `seq` recorded the use authorised under `key`."""
        self._conn.execute(
            entitlement_uses.update().where(entitlement_uses.c.key == key).values(journal_seq=seq)
        )

    def uses_of(self, card_no: int) -> list[UseRecord]:
        query = (
            sa.select(entitlement_uses)
            .where(entitlement_uses.c.card_no == card_no)
            .order_by(entitlement_uses.c.use_no)
        )
        return [_use(row) for row in self._conn.execute(query)]
