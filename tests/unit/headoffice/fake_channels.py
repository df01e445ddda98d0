"""Channels, quotas, stock states and reservations in memory (headoffice/store/channels_repo.py).

The rows live in Tables.channels (a ChannelTables), so a unit of work's copy and its
rollback cover them as every other table's. on hand is read from Tables.levels, as the
SQL reads stock_levels. A state below zero raises as the table's CHECK does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from headoffice.domain.channels import (
    OPEN_STATES,
    RESERVATION_DOCUMENT,
    Channel,
    ChannelQuota,
    Reservation,
    ReservationKeyTaken,
    ReserveContext,
    StockFigures,
    format_reservation_id,
)
from tests.unit.headoffice.fake_tables import Tables


@dataclass
class ChannelTables:
    channels: dict[str, Channel] = field(default_factory=dict)
    quotas: dict[tuple[str, str, str], ChannelQuota] = field(default_factory=dict)
    states: dict[tuple[str, str], StockFigures] = field(default_factory=dict)  # on_hand unused
    # (store, sku, state, delta, document_type, document_id, reason, actor)
    changes: list[tuple[str, str, str, int, str, str, str, str]] = field(default_factory=list)
    reservations: dict[int, Reservation] = field(default_factory=dict)
    next_id: int = 0


class FakeChannels:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: ChannelTables = tables.channel_rows

    def add_channel(self, channel: Channel) -> None:
        self._t.channels[channel.code] = channel

    def get_channel(self, code: str) -> Channel | None:
        return self._t.channels.get(code)

    def list_channels(self) -> list[Channel]:
        return [self._t.channels[c] for c in sorted(self._t.channels)]

    def set_stores(self, code: str, add: Iterable[str], remove: Iterable[str]) -> None:
        c = self._t.channels[code]
        stores = (set(c.stores) | set(add)) - set(remove)
        self._t.channels[code] = replace(c, stores=tuple(sorted(stores)))

    def set_quota(self, quota: ChannelQuota) -> None:
        key = (quota.channel, quota.scope, quota.key)
        self._t.quotas.pop(key, None)
        if quota.percent:
            self._t.quotas[key] = quota

    def quotas(self, channel: str = "") -> list[ChannelQuota]:
        return [q for k, q in sorted(self._t.quotas.items()) if not channel or k[0] == channel]

    def _figures(self, store: str, sku: str) -> StockFigures:
        level = self._tables.levels.get((store, sku))
        state = self._t.states.get((store, sku), StockFigures())
        return replace(state, on_hand=level.qty_base if level is not None else 0)

    def lock_stock(
        self, store_code: str, skus: Iterable[str], now_ms: int
    ) -> dict[str, StockFigures]:
        return {sku: self._figures(store_code, sku) for sku in sorted(set(skus))}

    def stock_figures(
        self, store_code: str, skus: Iterable[str] | None = None
    ) -> dict[str, StockFigures]:
        if skus is None:
            every = {s for (st, s) in self._tables.levels if st == store_code}
            every |= {s for (st, s) in self._t.states if st == store_code}
            skus = every
        return {sku: self._figures(store_code, sku) for sku in sorted(set(skus))}

    def add_state(
        self, store: str, sku: str, state: str, delta: int, document_type: str,
        document_id: str, reason: str, actor: str, now_ms: int,
    ) -> None:  # fmt: skip
        before = self._t.states.get((store, sku), StockFigures())
        after = replace(before, **{state: getattr(before, state) + delta})
        if min(after.reserved, after.committed, after.damaged, after.safety) < 0:
            raise ValueError("ck_stock_states_not_negative")  # as the CHECK refuses it
        self._t.states[(store, sku)] = after
        self._t.changes.append(
            (store, sku, state, delta, document_type, document_id, reason, actor)
        )

    def state_changes(self, store: str, sku: str) -> list[tuple[str, int, str, str]]:
        return [(c[2], c[3], c[4], c[5]) for c in self._t.changes if c[:2] == (store, sku)]

    def reserved_by_channel(self, channel: str, store: str, skus: Iterable[str]) -> dict[str, int]:
        wanted = set(skus)
        found: dict[str, int] = {}
        for r in self._t.reservations.values():
            if r.channel == channel and r.store_code == store and r.state in OPEN_STATES:
                for sku, qty in r.lines:
                    if sku in wanted:
                        found[sku] = found.get(sku, 0) + qty
        return found

    def add_reservation(self, reservation: Reservation) -> int:
        if self.find_by_key(reservation.channel, reservation.idempotency_key) is not None:
            raise ReservationKeyTaken(reservation.idempotency_key)
        self._t.next_id += 1
        self._t.reservations[self._t.next_id] = replace(reservation, id=self._t.next_id)
        return self._t.next_id

    def add_hold(self, reservation: Reservation, reason: str, actor: str) -> int:
        new_id = self.add_reservation(reservation)
        for sku, qty in reservation.lines:
            self.add_state(
                reservation.store_code, sku, "reserved", qty, RESERVATION_DOCUMENT,
                format_reservation_id(new_id), reason, actor, reservation.created_at_ms,
            )  # fmt: skip
        return new_id

    def confirm_reservation(self, reservation_id: int, state: str, now_ms: int) -> None:
        self.update_reservation(
            reservation_id, state=state, expires_at_ms=0, confirmed_at_ms=now_ms
        )

    def get_reservation(self, reservation_id: int, for_update: bool = False) -> Reservation | None:
        return self._t.reservations.get(reservation_id)

    def find_by_key(self, channel: str, key: str) -> Reservation | None:
        for r in self._t.reservations.values():
            if (r.channel, r.idempotency_key) == (channel, key):
                return r
        return None

    def reserve_context(
        self, channel: str, store_code: str, key: str, skus: Sequence[str]
    ) -> ReserveContext | None:
        found = self._t.channels.get(channel)
        if found is None:
            return None
        store = self._tables.stores.get(store_code)
        replay = self.find_by_key(channel, key)
        return ReserveContext(
            disabled=found.disabled, allowed=store_code in found.stores,
            store_known=store is not None, store_disabled=bool(store and store.disabled),
            replay_id=replay.id if replay is not None else 0,
            skus_known=len(set(skus) & set(self._tables.products)),
            has_quotas=any(k[0] == channel for k in self._t.quotas),
        )  # fmt: skip

    def list_reservations(
        self, channel: str, store_code: str, state: str, limit: int
    ) -> list[Reservation]:
        found = [
            r for r in sorted(self._t.reservations.values(), key=lambda r: -r.id)
            if (not channel or r.channel == channel) and (not store_code or r.store_code == store_code)
            and (not state or r.state == state)
        ]  # fmt: skip
        return found[:limit]

    def open_reservations(self, store_code: str, skus: Iterable[str]) -> list[Reservation]:
        wanted = set(skus)
        return [
            r for _id, r in sorted(self._t.reservations.items())
            if r.store_code == store_code and r.state in OPEN_STATES
            and any(sku in wanted for sku, _q in r.lines)
        ]  # fmt: skip

    def orders_sent_to(self, store_code: str) -> list[Reservation]:
        return [
            r for _id, r in sorted(self._t.reservations.items())
            if r.store_code == store_code and r.state in ("confirmed", "picked")
        ]  # fmt: skip

    def due_to_expire(self, now_ms: int, limit: int) -> list[int]:
        due = [r for r in self._t.reservations.values()
               if r.state == "held" and r.expires_at_ms <= now_ms]  # fmt: skip
        return [r.id for r in sorted(due, key=lambda r: (r.expires_at_ms, r.id))][:limit]

    def open_counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for r in self._t.reservations.values():
            if r.state in OPEN_STATES:
                found[r.store_code] = found.get(r.store_code, 0) + 1
        return found

    def update_reservation(self, reservation_id: int, **values: Any) -> None:
        self._t.reservations[reservation_id] = replace(
            self._t.reservations[reservation_id], **values
        )

    def mark_picked(self, reservation_id: int, seq: int, now_ms: int) -> None:
        r = self._t.reservations[reservation_id]
        state = "picked" if r.state == "confirmed" else r.state  # a cancelled one stays so
        self.update_reservation(reservation_id, state=state, picked_seq=seq, picked_at_ms=now_ms)

    def mark_fulfilled(self, reservation_id: int, seq: int, now_ms: int) -> None:
        r = self._t.reservations[reservation_id]
        state = "fulfilled" if r.state in ("confirmed", "picked") else r.state
        self.update_reservation(
            reservation_id, state=state, fulfilled_seq=seq, fulfilled_at_ms=now_ms
        )

    def held_by(self, store_code: str, document_id: str) -> dict[tuple[str, str], int]:
        held: dict[tuple[str, str], int] = {}
        for store, sku, state, delta, doc_type, doc_id, *_why in self._t.changes:
            if (store, doc_type, doc_id) == (store_code, "reservation", document_id):
                held[(sku, state)] = held.get((sku, state), 0) + delta
        return {key: qty for key, qty in held.items() if qty}
