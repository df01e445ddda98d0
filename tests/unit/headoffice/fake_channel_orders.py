"""Reservations and stock states in memory (store.channel_orders_repo), on the fake tables."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from headoffice.domain import channel_orders as co
from headoffice.domain.channel_orders import OrderAtHeadOffice
from tests.unit.headoffice.fake_tables import Tables


@dataclass
class ChannelOrderTables:
    reservations: dict[int, OrderAtHeadOffice] = field(default_factory=dict)
    # (store, sku) -> state -> qty; no row: zeros
    states: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    # (store, sku, state, delta, document_type, document_id, reason, actor)
    changes: list[tuple[str, str, str, int, str, str, str, str]] = field(default_factory=list)


class FakeChannelOrders:
    def __init__(self, tables: Tables) -> None:
        self._t: ChannelOrderTables = tables.channel_orders

    # -- what tests set up (h16res's services do it for real) ------------------------------
    def add_reservation(self, order: OrderAtHeadOffice) -> None:
        """A reservation as head office holds it, its lines reserved in its store."""
        self._t.reservations[order.reservation_id] = order
        if order.state in (co.HELD, co.CONFIRMED):
            for sku, qty in order.lines:
                self.add_state(order.store_code, sku, co.RESERVED, qty, co.DOCUMENT_TYPE,
                               order.code, "reserved", "channel", 0)  # fmt: skip

    def state_of(self, store_code: str, sku: str) -> dict[str, int]:
        return dict(self._t.states.get((store_code, sku), {}))

    # -- the port --------------------------------------------------------------------------
    def get_reservation(self, reservation_id: int, lock: bool = False) -> OrderAtHeadOffice | None:
        return self._t.reservations.get(reservation_id)

    def mark_picked(self, reservation_id: int, seq: int, now_ms: int) -> None:
        order = self._t.reservations[reservation_id]
        state = co.PICKED if order.state == co.CONFIRMED else order.state
        self._t.reservations[reservation_id] = replace(order, picked_seq=seq, state=state)

    def mark_fulfilled(self, reservation_id: int, seq: int, now_ms: int) -> None:
        order = self._t.reservations[reservation_id]
        state = co.FULFILLED if order.state in (co.CONFIRMED, co.PICKED) else order.state
        self._t.reservations[reservation_id] = replace(order, fulfilled_seq=seq, state=state)

    def held_by(self, store_code: str, document_id: str) -> dict[tuple[str, str], int]:
        held: dict[tuple[str, str], int] = {}
        for store, sku, state, delta, doc_type, doc_id, _r, _a in self._t.changes:
            if (store, doc_type, doc_id) == (store_code, co.DOCUMENT_TYPE, document_id):
                held[(sku, state)] = held.get((sku, state), 0) + delta
        return {key: qty for key, qty in held.items() if qty}

    def add_state(
        self, store_code: str, sku: str, state: str, delta: int, document_type: str,
        document_id: str, reason: str, actor: str, now_ms: int,
    ) -> None:  # fmt: skip
        row = self._t.states.setdefault((store_code, sku), {})
        row[state] = row.get(state, 0) + delta
        if row[state] < 0:  # the table's CHECK
            raise AssertionError(f"{state} of {store_code} {sku} would be {row[state]}")
        self._t.changes.append(
            (store_code, sku, state, delta, document_type, document_id, reason, actor)
        )
