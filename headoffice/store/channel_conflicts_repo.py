"""Offline oversell conflicts (channel_tables.channel_conflicts) and what finding and resolving
them reads: stock states, levels, the orders holding a SKU, other stores' available.

`probe` is the one statement apply_batch pays for every batch: the store's SKUs with
reserved or committed stock, and its SKUs with an open conflict, in one UNION ALL over the
primary key of stock_states and ix_channel_conflicts_state_store. A store with no online
orders gets no rows back and nothing else runs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from common.domain.transfer_states import OPEN as TRANSFER_OPEN
from common.domain.transfer_states import SHIPPED
from headoffice.domain.channel_conflicts import (
    OPEN,
    TRANSFER,
    Conflict,
    HeldOrder,
    StockFigures,
)
from headoffice.domain.channels import OPEN_STATES
from headoffice.store.channel_tables import (
    channel_conflicts,
    channel_reservation_lines,
    channel_reservations,
    stock_states,
)
from headoffice.store.document_tables import transfers
from headoffice.store.tables import stock_levels, stores

_CHUNK = 500


def _probe() -> sa.CompoundSelect:
    s = stock_states.c
    c = channel_conflicts.c
    store: sa.BindParameter[str] = sa.bindparam("store")
    held = sa.select(s.sku).where(s.store_code == store, (s.reserved_base + s.committed_base) > 0)
    flagged = sa.select(c.sku).where(c.state == OPEN, c.store_code == store)
    return sa.union_all(held, flagged)


# Run after every batch apply_batch applies: built once.
_PROBE = _probe()


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


def _conflict(row: sa.Row) -> Conflict:  # type: ignore[type-arg]
    return Conflict(
        id=int(row.id), store_code=row.store_code, sku=row.sku, short_base=int(row.short_base),
        reservation_ids=_ids(row.reservation_ids), detected_at_ms=int(row.detected_at_ms),
        detected_seq=int(row.detected_seq), state=row.state, proposal=row.proposal,
        proposed_from_store=row.proposed_from_store,
        proposed_reservation_id=int(row.proposed_reservation_id), resolution=row.resolution,
        transfer_id=int(row.transfer_id), resolved_at_ms=int(row.resolved_at_ms),
        resolved_by=row.resolved_by, note=row.note,
    )  # fmt: skip


def _values(conflict: Conflict) -> dict[str, Any]:
    return {
        "store_code": conflict.store_code, "sku": conflict.sku,
        "short_base": conflict.short_base,
        "reservation_ids": ",".join(str(n) for n in conflict.reservation_ids),
        "detected_at_ms": conflict.detected_at_ms, "detected_seq": conflict.detected_seq,
        "state": conflict.state, "proposal": conflict.proposal,
        "proposed_from_store": conflict.proposed_from_store,
        "proposed_reservation_id": conflict.proposed_reservation_id,
        "resolution": conflict.resolution, "transfer_id": conflict.transfer_id,
        "resolved_at_ms": conflict.resolved_at_ms, "resolved_by": conflict.resolved_by,
        "note": conflict.note,
    }  # fmt: skip


class ChannelConflictsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- the probe on the apply path ------------------------------------------------------

    def probe(self, store_code: str) -> set[str]:
        """The store's SKUs with reserved or committed stock or an open conflict."""
        return {sku for (sku,) in self._conn.execute(_PROBE, {"store": store_code})}

    # -- what detection reads (only for SKUs the probe found) --------------------------------

    def figures(self, store_code: str, skus: Collection[str]) -> dict[str, StockFigures]:
        """On hand and the states of each SKU (a SKU with neither: absent)."""
        s = stock_states.c
        lv = stock_levels.c
        out: dict[str, StockFigures] = {}
        wanted = sorted(skus)
        for start in range(0, len(wanted), _CHUNK):
            part = wanted[start : start + _CHUNK]
            on_hand = {
                row.sku: int(row.qty_base)
                for row in self._conn.execute(
                    sa.select(lv.sku, lv.qty_base).where(
                        lv.store_code == store_code, lv.sku.in_(part)
                    )
                )
            }
            states = {
                row.sku: row
                for row in self._conn.execute(
                    sa.select(stock_states).where(s.store_code == store_code, s.sku.in_(part))
                )
            }
            for sku in part:
                row = states.get(sku)
                if row is None and sku not in on_hand:
                    continue
                out[sku] = StockFigures(
                    on_hand=on_hand.get(sku, 0),
                    reserved=int(row.reserved_base) if row is not None else 0,
                    committed=int(row.committed_base) if row is not None else 0,
                    damaged=int(row.damaged_base) if row is not None else 0,
                    safety=int(row.safety_base) if row is not None else 0,
                )
        return out

    def covered_in_transit(self, store_code: str, skus: Collection[str]) -> dict[str, int]:
        """Per SKU, the units conflicts' transfers are bringing that have not arrived yet."""
        c = channel_conflicts.c
        t = transfers.c
        query = (
            sa.select(c.sku, sa.func.sum(c.short_base).label("qty"))
            .select_from(channel_conflicts.join(transfers, t.id == c.transfer_id))
            .where(
                c.store_code == store_code,
                c.resolution == TRANSFER,
                c.sku.in_(sorted(skus)),
                t.state.in_((TRANSFER_OPEN, SHIPPED)),
            )
            .group_by(c.sku)
        )
        return {row.sku: int(row.qty) for row in self._conn.execute(query)}

    def held_orders(self, store_code: str, skus: Collection[str]) -> dict[str, list[HeldOrder]]:
        """Per SKU, the store's reservations still holding it, oldest first."""
        r = channel_reservations.c
        ln = channel_reservation_lines.c
        out: dict[str, list[HeldOrder]] = {}
        wanted = sorted(skus)
        for start in range(0, len(wanted), _CHUNK):
            query = (
                sa.select(ln.sku, r.id, r.state, r.created_at_ms,
                          sa.func.sum(ln.qty_base).label("qty"))
                .select_from(
                    channel_reservation_lines.join(channel_reservations, r.id == ln.reservation_id)
                )
                .where(ln.store_code == store_code, ln.sku.in_(wanted[start : start + _CHUNK]),
                       r.state.in_(OPEN_STATES))
                .group_by(ln.sku, r.id, r.state, r.created_at_ms)
                .order_by(ln.sku, r.created_at_ms, r.id)
            )  # fmt: skip
            for row in self._conn.execute(query):
                out.setdefault(row.sku, []).append(
                    HeldOrder(int(row.id), row.state, int(row.created_at_ms), int(row.qty))
                )
        return out

    def available_elsewhere(
        self, skus: Collection[str], store_code: str
    ) -> dict[str, list[tuple[str, int]]]:
        """Per SKU, every other enabled store's available (on hand less its states)."""
        lv = stock_levels.c
        s = stock_states.c
        st = stores.c
        held = (
            sa.func.coalesce(s.reserved_base, 0) + sa.func.coalesce(s.committed_base, 0)
            + sa.func.coalesce(s.damaged_base, 0) + sa.func.coalesce(s.safety_base, 0)
        )  # fmt: skip
        out: dict[str, list[tuple[str, int]]] = {}
        wanted = sorted(skus)
        for start in range(0, len(wanted), _CHUNK):
            query = (
                sa.select(lv.sku, lv.store_code, (lv.qty_base - held).label("available"))
                .select_from(
                    stock_levels.join(stores, st.code == lv.store_code).outerjoin(
                        stock_states, sa.and_(s.store_code == lv.store_code, s.sku == lv.sku)
                    )
                )
                .where(
                    lv.sku.in_(wanted[start : start + _CHUNK]),
                    lv.store_code != store_code,
                    st.disabled.is_(False),
                )
                .order_by(lv.sku, lv.store_code)
            )
            for row in self._conn.execute(query):
                out.setdefault(row.sku, []).append((row.store_code, int(row.available)))
        return out

    # -- the conflicts ------------------------------------------------------------------------

    def open_conflicts(self, store_code: str, skus: Iterable[str]) -> dict[str, Conflict]:
        c = channel_conflicts.c
        query = sa.select(channel_conflicts).where(
            c.state == OPEN, c.store_code == store_code, c.sku.in_(sorted(skus))
        )
        if self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return {row.sku: _conflict(row) for row in self._conn.execute(query)}

    def insert(self, conflict: Conflict) -> Conflict:
        number = self._conn.execute(
            channel_conflicts.insert().values(**_values(conflict)).returning(channel_conflicts.c.id)
        ).scalar_one()
        return replace(conflict, id=int(number))

    def insert_many(self, conflicts: Sequence[Conflict]) -> None:
        if conflicts:
            self._conn.execute(channel_conflicts.insert(), [_values(c) for c in conflicts])

    def save_many(self, conflicts: Sequence[Conflict]) -> None:
        """Every column of each conflict, by id, in one executemany."""
        if not conflicts:
            return
        rows = [{"b_id": c.id, **{f"b_{k}": v for k, v in _values(c).items()}} for c in conflicts]
        names = _values(conflicts[0]).keys()
        self._conn.execute(
            channel_conflicts.update()
            .where(channel_conflicts.c.id == sa.bindparam("b_id"))
            .values({name: sa.bindparam(f"b_{name}") for name in names}),
            rows,
        )

    def save(self, conflict: Conflict) -> None:
        self._conn.execute(
            channel_conflicts.update()
            .where(channel_conflicts.c.id == conflict.id)
            .values(**_values(conflict))
        )

    def get(self, number: int, lock: bool = False) -> Conflict | None:
        query = sa.select(channel_conflicts).where(channel_conflicts.c.id == number)
        if lock and self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        return None if row is None else _conflict(row)

    def conflicts(self, store_code: str, state: str, limit: int) -> list[Conflict]:
        c = channel_conflicts.c
        query = sa.select(channel_conflicts).order_by(c.id).limit(limit)
        if store_code:
            query = query.where(c.store_code == store_code)
        if state != "all":
            query = query.where(c.state == state)
        return [_conflict(row) for row in self._conn.execute(query)]

    def open_counts(self) -> dict[str, int]:
        """Open conflicts per store (the metric)."""
        c = channel_conflicts.c
        query = (
            sa.select(c.store_code, sa.func.count().label("n"))
            .where(c.state == OPEN)
            .group_by(c.store_code)
        )
        return {row.store_code: int(row.n) for row in self._conn.execute(query)}
