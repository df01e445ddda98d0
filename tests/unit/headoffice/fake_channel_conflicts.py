"""In-memory offline-oversell conflicts and the channel rows they read (part of fakes.py's
FakeUnitOfWork): mirrors headoffice/store/channel_conflicts_repo.py."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from common.domain.transfer_states import OPEN as TRANSFER_OPEN
from common.domain.transfer_states import SHIPPED
from headoffice.domain.channel_conflicts import (
    OPEN,
    TRANSFER,
    Conflict,
    HeldOrder,
    StockFigures,
)
from headoffice.domain.channels import OPEN_STATES, Reservation
from headoffice.domain.channels import StockFigures as ChannelFigures
from tests.unit.headoffice.fake_channels import ChannelTables, FakeChannels


@dataclass
class ChannelConflictTables:
    conflicts: dict[int, Conflict] = field(default_factory=dict)
    probes: int = 0  # how many times apply_batch probed (the cost on the apply path)


class FakeChannelConflicts:
    def __init__(self, tables) -> None:  # tables: fake_tables.Tables
        self._all = tables
        self._t: ChannelConflictTables = tables.channel_conflicts
        self._rows: ChannelTables = tables.channel_rows  # fake_channels' states and orders

    def probe(self, store_code: str) -> set[str]:
        self._t.probes += 1
        held = {
            sku
            for (store, sku), s in self._rows.states.items()
            if store == store_code and s.reserved + s.committed > 0
        }
        flagged = {
            c.sku
            for c in self._t.conflicts.values()
            if c.store_code == store_code and c.state == OPEN
        }
        return held | flagged

    def figures(self, store_code: str, skus: Collection[str]) -> dict[str, StockFigures]:
        out = {}
        for sku in skus:
            level = self._all.levels.get((store_code, sku))
            s = self._rows.states.get((store_code, sku))
            if level is None and s is None:
                continue
            s = s or ChannelFigures()
            out[sku] = StockFigures(level.qty_base if level else 0, s.reserved,
                                    s.committed, s.damaged, s.safety)  # fmt: skip
        return out

    def covered_in_transit(self, store_code: str, skus: Collection[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self._t.conflicts.values():
            t = self._all.transfers.get(c.transfer_id)
            if (
                c.store_code == store_code and c.resolution == TRANSFER and c.sku in skus
                and t is not None and t.state in (TRANSFER_OPEN, SHIPPED)
            ):  # fmt: skip
                out[c.sku] = out.get(c.sku, 0) + c.short_base
        return out

    def held_orders(self, store_code: str, skus: Collection[str]) -> dict[str, list[HeldOrder]]:
        out: dict[str, list[HeldOrder]] = {}
        for sku in sorted(skus):
            found = [
                HeldOrder(n, r.state, r.created_at_ms, sum(q for s, q in r.lines if s == sku))
                for n, r in self._rows.reservations.items()
                if r.store_code == store_code and r.state in OPEN_STATES
                and any(s == sku for s, _q in r.lines)
            ]  # fmt: skip
            if found:
                out[sku] = sorted(found, key=lambda o: (o.created_at_ms, o.reservation_id))
        return out

    def available_elsewhere(
        self, skus: Collection[str], store_code: str
    ) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        for (store, sku), level in sorted(self._all.levels.items()):
            shop = self._all.stores.get(store)
            if sku not in skus or store == store_code or shop is None or shop.disabled:
                continue
            s = self._rows.states.get((store, sku)) or ChannelFigures()
            held = s.reserved + s.committed + s.damaged + s.safety
            out.setdefault(sku, []).append((store, level.qty_base - held))
        return out

    def open_conflicts(self, store_code: str, skus: Iterable[str]) -> dict[str, Conflict]:
        wanted = set(skus)
        return {
            c.sku: c
            for c in self._t.conflicts.values()
            if c.store_code == store_code and c.state == OPEN and c.sku in wanted
        }

    def insert(self, conflict: Conflict) -> Conflict:
        row = replace(conflict, id=self._all.next_id("channel_conflicts"))
        self._t.conflicts[row.id] = row
        return row

    def insert_many(self, conflicts: Sequence[Conflict]) -> None:
        for conflict in conflicts:
            self.insert(conflict)

    def save_many(self, conflicts: Sequence[Conflict]) -> None:
        for conflict in conflicts:
            self.save(conflict)

    def save(self, conflict: Conflict) -> None:
        self._t.conflicts[conflict.id] = conflict

    def get(self, number: int, lock: bool = False) -> Conflict | None:
        return self._t.conflicts.get(number)

    def conflicts(self, store_code: str, state: str, limit: int) -> list[Conflict]:
        rows = [
            c for _n, c in sorted(self._t.conflicts.items())
            if (not store_code or c.store_code == store_code) and state in ("all", c.state)
        ]  # fmt: skip
        return rows[:limit]

    def open_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self._t.conflicts.values():
            if c.state == OPEN:
                out[c.store_code] = out.get(c.store_code, 0) + 1
        return out

    # -- seeding (what h16res's reservations write) ------------------------------------------

    def seed_order(
        self, store_code: str, lines: list[tuple[str, int]], at_ms: int, state: str = "confirmed"
    ) -> int:
        """An order as channel_reservations writes it, in fake_channels' rows."""
        channels = FakeChannels(self._all)
        number = channels.add_reservation(
            Reservation(
                id=0, channel="mall", store_code=store_code, idempotency_key=f"seed{len(self._rows.reservations) + 1}",
                request_hash="", state=state, lines=tuple(lines), created_at_ms=at_ms,
            )
        )  # fmt: skip
        figure = "committed" if state == "picked" else "reserved"
        for sku, qty in lines:
            channels.add_state(store_code, sku, figure, qty, "reservation", f"CR{number:06d}",
                               state, "mall", at_ms)  # fmt: skip
        return number
