"""Channels, quotas, stock states and reservations (channel_tables.py) on the unit of work.

Reserve is a compare-and-set on available. `lock_stock` makes it one: on PostgreSQL it
locks the store's stock_levels rows of the SKUs FOR UPDATE, then makes and locks their
stock_states rows with one upsert (INSERT .. ON CONFLICT DO UPDATE locks each existing row
as FOR UPDATE does), both in primary-key order (every writer of these rows locks in that
order, so two reserves never deadlock), and the figures it returns stay true until commit. On SQLite the unit of work begins with BEGIN
IMMEDIATE (store.engine): write transactions run one after the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from headoffice.domain.channels import (
    CONFIRMED,
    FULFILLED,
    OPEN_STATES,
    PICKED,
    RESERVATION_DOCUMENT,
    Channel,
    ChannelQuota,
    Reservation,
    ReservationKeyTaken,
    ReserveContext,
    StockFigures,
    format_reservation_id,
)
from headoffice.store.channel_orders_sql import (
    ADD_HOLD_PG,
    ADD_TO_STATE,
    CONFIRM_RESERVATION,
    LOCK_STOCK_PG,
    RESERVATION_BY_ID,
    RESERVATION_BY_ID_FOR_UPDATE,
    RESERVATION_BY_KEY,
    RESERVE_CONTEXT,
)
from headoffice.store.channel_tables import (
    channel_quotas,
    channel_reservation_lines,
    channel_reservations,
    channel_stores,
    channels,
    stock_state_changes,
    stock_states,
)
from headoffice.store.tables import stock_levels

_STATE_COLUMNS = {
    "reserved": "reserved_base",
    "committed": "committed_base",
    "damaged": "damaged_base",
    "safety": "safety_base",
}


KEY_CONSTRAINT = "uq_channel_reservations_key"


def _constraint(exc: IntegrityError) -> str:
    """The name of the constraint a PostgreSQL error names ("" if none)."""
    diag = getattr(exc.orig, "diag", None)
    return str(getattr(diag, "constraint_name", "") or "")


def _figures(on_hand: int, row: Any) -> StockFigures:
    if row is None:
        return StockFigures(on_hand=on_hand)
    return StockFigures(
        on_hand, int(row.reserved_base), int(row.committed_base), int(row.damaged_base),
        int(row.safety_base),
    )  # fmt: skip


def _reservation(r: Any, lines: Iterable[tuple[str, int]]) -> Reservation:
    return Reservation(
        id=int(r.id), channel=r.channel, store_code=r.store_code,
        idempotency_key=r.idempotency_key, request_hash=r.request_hash, state=r.state,
        lines=tuple(lines), created_at_ms=int(r.created_at_ms),
        expires_at_ms=int(r.expires_at_ms), order_ref=r.order_ref,
        confirmed_at_ms=int(r.confirmed_at_ms), picked_at_ms=int(r.picked_at_ms),
        picked_seq=int(r.picked_seq), fulfilled_at_ms=int(r.fulfilled_at_ms),
        fulfilled_seq=int(r.fulfilled_seq), closed_at_ms=int(r.closed_at_ms),
        close_reason=r.close_reason, closed_by=r.closed_by,
    )  # fmt: skip


class ChannelsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._state_rows: set[tuple[str, str]] = set()  # made or locked in this transaction

    # -- channels and quotas ----------------------------------------------------------

    def add_channel(self, channel: Channel) -> None:
        self._conn.execute(
            channels.insert().values(
                code=channel.code, name=channel.name, kind=channel.kind, disabled=False,
                created_at_ms=channel.created_at_ms, created_by=channel.created_by,
            )
        )  # fmt: skip
        self.set_stores(channel.code, channel.stores, ())

    def get_channel(self, code: str) -> Channel | None:
        # One statement: the channel and its stores (none: one row, store_code NULL).
        rows = self._conn.execute(
            sa.select(channels, channel_stores.c.store_code)
            .select_from(
                channels.outerjoin(channel_stores, channel_stores.c.channel == channels.c.code)
            )
            .where(channels.c.code == code)
            .order_by(channel_stores.c.store_code)
        ).all()
        if not rows:
            return None
        row = rows[0]
        stores = tuple(r.store_code for r in rows if r.store_code is not None)
        return Channel(
            row.code, row.name, row.kind, stores, int(row.created_at_ms), row.created_by,
            bool(row.disabled),
        )  # fmt: skip

    def list_channels(self) -> list[Channel]:
        codes = self._conn.execute(sa.select(channels.c.code).order_by(channels.c.code)).scalars()
        found = [self.get_channel(code) for code in list(codes)]
        return [c for c in found if c is not None]

    def set_stores(self, code: str, add: Iterable[str], remove: Iterable[str]) -> None:
        gone = sorted(set(remove))
        if gone:
            self._conn.execute(
                channel_stores.delete().where(
                    channel_stores.c.channel == code, channel_stores.c.store_code.in_(gone)
                )
            )
        for store_code in sorted(set(add) - set(gone)):
            self._conn.execute(
                self._insert(channel_stores)
                .values(channel=code, store_code=store_code)
                .on_conflict_do_nothing()
            )

    def set_quota(self, quota: ChannelQuota) -> None:
        key = (
            channel_quotas.c.channel == quota.channel,
            channel_quotas.c.scope == quota.scope,
            channel_quotas.c.key == quota.key,
        )
        self._conn.execute(channel_quotas.delete().where(*key))
        if quota.percent:
            self._conn.execute(
                channel_quotas.insert().values(
                    channel=quota.channel, scope=quota.scope, key=quota.key,
                    percent=quota.percent, set_at_ms=quota.set_at_ms, set_by=quota.set_by,
                )
            )  # fmt: skip

    def quotas(self, channel: str = "") -> list[ChannelQuota]:
        query = sa.select(channel_quotas).order_by(
            channel_quotas.c.channel, channel_quotas.c.scope, channel_quotas.c.key
        )
        if channel:
            query = query.where(channel_quotas.c.channel == channel)
        return [
            ChannelQuota(r.channel, r.scope, r.key, int(r.percent), int(r.set_at_ms), r.set_by)
            for r in self._conn.execute(query)
        ]

    # -- stock states -------------------------------------------------------------------

    def _insert(self, table: sa.Table) -> Any:
        if self._conn.dialect.name == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    def _ensure_state_rows(self, store_code: str, skus: Sequence[str], now_ms: int) -> None:
        skus = [sku for sku in skus if (store_code, sku) not in self._state_rows]
        if skus:
            self._conn.execute(
                self._insert(stock_states)
                .values(
                    [
                        {
                            "store_code": store_code,
                            "sku": sku,
                            "reserved_base": 0,
                            "committed_base": 0,
                            "damaged_base": 0,
                            "safety_base": 0,
                            "updated_at_ms": now_ms,
                        }
                        for sku in skus
                    ]
                )  # fmt: skip
                .on_conflict_do_nothing()
            )
            self._state_rows.update((store_code, sku) for sku in skus)

    def lock_stock(
        self, store_code: str, skus: Iterable[str], now_ms: int
    ) -> dict[str, StockFigures]:
        """The SKUs' figures, their rows locked until commit (the module docstring): the
        levels FOR UPDATE, then the states in one upsert that makes the missing rows and
        locks the others (ON CONFLICT DO UPDATE locks each row as FOR UPDATE does, in the
        order of its VALUES: key order), returning them. On PostgreSQL one statement
        (channel_orders_sql.LOCK_STOCK_PG)."""
        wanted = sorted(set(skus))
        self._state_rows.update((store_code, sku) for sku in wanted)
        if self._conn.dialect.name == "postgresql":
            rows = self._conn.execute(
                LOCK_STOCK_PG, {"store": store_code, "skus": wanted, "now": now_ms}
            )
            found = {row.sku: _figures(int(row.on_hand), row) for row in rows}
            return {sku: found[sku] for sku in wanted}
        levels = (
            sa.select(stock_levels.c.sku, stock_levels.c.qty_base)
            .where(stock_levels.c.store_code == store_code, stock_levels.c.sku.in_(wanted))
            .order_by(stock_levels.c.store_code, stock_levels.c.sku)
        )
        on_hand = {row.sku: int(row.qty_base) for row in self._conn.execute(levels)}
        insert = self._insert(stock_states).values(
            [
                {"store_code": store_code, "sku": sku, "reserved_base": 0, "committed_base": 0,
                 "damaged_base": 0, "safety_base": 0, "updated_at_ms": now_ms}
                for sku in wanted
            ]
        )  # fmt: skip
        upsert = insert.on_conflict_do_update(
            index_elements=[stock_states.c.store_code, stock_states.c.sku],
            # A write that changes nothing (not a key column: the update may stay HOT).
            set_={"updated_at_ms": stock_states.c.updated_at_ms},
        ).returning(stock_states)
        state_rows = {row.sku: row for row in self._conn.execute(upsert)}
        return {sku: _figures(on_hand.get(sku, 0), state_rows.get(sku)) for sku in wanted}

    def stock_figures(
        self, store_code: str, skus: Iterable[str] | None = None
    ) -> dict[str, StockFigures]:
        """Figures without locking; None: every SKU the store has a level or a state for."""
        return self._figures(store_code, None if skus is None else sorted(set(skus)))

    def _figures(self, store_code: str, skus: list[str] | None) -> dict[str, StockFigures]:
        levels = sa.select(stock_levels.c.sku, stock_levels.c.qty_base).where(
            stock_levels.c.store_code == store_code
        )
        states = sa.select(stock_states).where(stock_states.c.store_code == store_code)
        if skus is not None:
            levels = levels.where(stock_levels.c.sku.in_(skus))
            states = states.where(stock_states.c.sku.in_(skus))
        levels = levels.order_by(stock_levels.c.store_code, stock_levels.c.sku)
        states = states.order_by(stock_states.c.store_code, stock_states.c.sku)
        on_hand = {row.sku: int(row.qty_base) for row in self._conn.execute(levels)}
        state_rows = {row.sku: row for row in self._conn.execute(states)}
        every = skus if skus is not None else sorted(set(on_hand) | set(state_rows))
        return {sku: _figures(on_hand.get(sku, 0), state_rows.get(sku)) for sku in every}

    def add_state(
        self, store: str, sku: str, state: str, delta: int, document_type: str,
        document_id: str, reason: str, actor: str, now_ms: int,
    ) -> None:  # fmt: skip
        """Add `delta` to one state of one store's SKU and record the document explaining it.
        A state below zero is refused by the table's CHECK (IntegrityError): a bug, not input."""
        column = _STATE_COLUMNS[state]
        self._ensure_state_rows(store, [sku], now_ms)
        self._conn.execute(
            ADD_TO_STATE[column],
            {"b_store": store, "b_sku": sku, "b_delta": delta, "b_now": now_ms},
        )
        self._conn.execute(
            stock_state_changes.insert(),
            {
                "store_code": store, "sku": sku, "state": state, "delta_base": delta,
                "document_type": document_type, "document_id": document_id,
                "reason": reason[:200], "at_ms": now_ms, "actor": actor[:128],
            },
        )  # fmt: skip

    def state_changes(self, store: str, sku: str) -> list[tuple[str, int, str, str]]:
        """(state, delta, document_type, document_id) of one store's SKU, oldest first."""
        rows = self._conn.execute(
            sa.select(stock_state_changes)
            .where(stock_state_changes.c.store_code == store, stock_state_changes.c.sku == sku)
            .order_by(stock_state_changes.c.id)
        )
        return [(r.state, int(r.delta_base), r.document_type, r.document_id) for r in rows]

    # -- reservations -------------------------------------------------------------------

    def reserved_by_channel(self, channel: str, store: str, skus: Iterable[str]) -> dict[str, int]:
        """The channel's open (held, confirmed, picked) quantity per SKU in the store."""
        return self._open_sums(store, skus, channel)

    def _open_sums(self, store: str, skus: Iterable[str], channel: str = "") -> dict[str, int]:
        # From the store's open reservations (ix_channel_reservations_store) to their lines
        # (the primary key): the fulfilled and closed ones, the many, are never read.
        r, lines = channel_reservations, channel_reservation_lines
        query = (
            sa.select(lines.c.sku, sa.func.sum(lines.c.qty_base))
            .select_from(r)
            .join(lines, lines.c.reservation_id == r.c.id)
            .where(
                r.c.store_code == store,
                r.c.state.in_(OPEN_STATES),
                lines.c.sku.in_(sorted(set(skus))),
            )
            .group_by(lines.c.sku)
        )
        if channel:
            query = query.where(r.c.channel == channel)
        return {sku: int(total) for sku, total in self._conn.execute(query)}

    def add_reservation(self, reservation: Reservation) -> int:
        """Insert the reservation and its lines; ReservationKeyTaken if its key is taken
        (the transaction is then unusable on PostgreSQL: the caller re-reads in a new one)."""
        row = {
            k: getattr(reservation, k)
            for k in (
                "channel", "store_code", "idempotency_key", "request_hash", "order_ref", "state",
                "created_at_ms", "expires_at_ms",
            )
        }  # fmt: skip
        try:
            result = self._conn.execute(channel_reservations.insert(), row)
        except IntegrityError as exc:
            raise ReservationKeyTaken(reservation.idempotency_key) from exc
        key = result.inserted_primary_key
        assert key is not None
        new_id = int(key[0])
        self._conn.execute(
            channel_reservation_lines.insert(),
            [
                {"reservation_id": new_id, "line_no": n, "store_code": reservation.store_code,
                 "sku": sku, "qty_base": qty}
                for n, (sku, qty) in enumerate(reservation.lines, start=1)
            ],
        )  # fmt: skip
        return new_id

    def add_hold(self, reservation: Reservation, reason: str, actor: str) -> int:
        """A new reservation whose lines are added to reserved: the reservation and its lines
        inserted, and per line the state change (document: the reservation) recorded, after
        lock_stock in the same transaction. Its id; ReservationKeyTaken as add_reservation.
        On PostgreSQL one statement (channel_orders_sql.ADD_HOLD_PG)."""
        if self._conn.dialect.name != "postgresql":
            new_id = self.add_reservation(reservation)
            document = format_reservation_id(new_id)
            for sku, qty in reservation.lines:
                self.add_state(
                    reservation.store_code, sku, "reserved", qty, RESERVATION_DOCUMENT,
                    document, reason, actor, reservation.created_at_ms,
                )  # fmt: skip
            return new_id
        params = {
            "channel": reservation.channel, "store": reservation.store_code,
            "key": reservation.idempotency_key, "hash": reservation.request_hash,
            "order_ref": reservation.order_ref, "state": reservation.state,
            "now": reservation.created_at_ms, "expires": reservation.expires_at_ms,
            "skus": [sku for sku, _qty in reservation.lines],
            "qtys": [qty for _sku, qty in reservation.lines],
            "document_type": RESERVATION_DOCUMENT, "reason": reason[:200],
            "actor": actor[:128],
        }  # fmt: skip
        try:
            return int(self._conn.execute(ADD_HOLD_PG, params).scalar_one())
        except IntegrityError as exc:
            if _constraint(exc) == KEY_CONSTRAINT:
                raise ReservationKeyTaken(reservation.idempotency_key) from exc
            raise

    def _lines(self, ids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
        found: dict[int, list[tuple[str, int]]] = {i: [] for i in ids}
        if ids:
            rows = self._conn.execute(
                sa.select(channel_reservation_lines)
                .where(channel_reservation_lines.c.reservation_id.in_(list(ids)))
                .order_by(
                    channel_reservation_lines.c.reservation_id,
                    channel_reservation_lines.c.line_no,
                )
            )
            for row in rows:
                found[int(row.reservation_id)].append((row.sku, int(row.qty_base)))
        return found

    def _reservations(self, query: Any) -> list[Reservation]:
        rows = list(self._conn.execute(query))
        lines = self._lines([int(r.id) for r in rows])
        return [_reservation(r, lines[int(r.id)]) for r in rows]

    def reserve_context(
        self, channel: str, store_code: str, key: str, skus: Sequence[str]
    ) -> ReserveContext | None:
        """What a Reserve checks before it locks, in one statement (channel_orders_sql);
        None: there is no such channel."""
        row = self._conn.execute(
            RESERVE_CONTEXT,
            {"channel": channel, "store": store_code, "key": key, "skus": sorted(set(skus))},
        ).first()
        if row is None:
            return None
        return ReserveContext(
            disabled=bool(row.disabled), allowed=bool(row.allowed),
            store_known=row.store_disabled is not None, store_disabled=bool(row.store_disabled),
            replay_id=int(row.replay_id or 0), skus_known=int(row.skus_known),
            has_quotas=bool(row.has_quotas),
        )  # fmt: skip

    def _one_with_lines(self, query: Any, params: dict[str, Any]) -> Reservation | None:
        rows = self._conn.execute(query, params).all()
        if not rows:
            return None
        return _reservation(rows[0], [(row.sku, int(row.qty_base)) for row in rows])

    def get_reservation(self, reservation_id: int, for_update: bool = False) -> Reservation | None:
        locking = for_update and self._conn.dialect.name == "postgresql"
        query = RESERVATION_BY_ID_FOR_UPDATE if locking else RESERVATION_BY_ID
        return self._one_with_lines(query, {"id": reservation_id})

    def find_by_key(self, channel: str, key: str) -> Reservation | None:
        return self._one_with_lines(RESERVATION_BY_KEY, {"channel": channel, "key": key})

    def list_reservations(
        self, channel: str, store_code: str, state: str, limit: int
    ) -> list[Reservation]:
        r = channel_reservations
        query = sa.select(r).order_by(r.c.id.desc()).limit(limit)
        if channel:
            query = query.where(r.c.channel == channel)
        if store_code:
            query = query.where(r.c.store_code == store_code)
        if state:
            query = query.where(r.c.state == state)
        return self._reservations(query)

    def open_reservations(self, store_code: str, skus: Iterable[str]) -> list[Reservation]:
        """The store's open reservations holding any of the SKUs, oldest first."""
        lines = channel_reservation_lines
        ids = (
            sa.select(lines.c.reservation_id)
            .where(lines.c.store_code == store_code, lines.c.sku.in_(sorted(set(skus))))
            .scalar_subquery()
        )
        r = channel_reservations
        return self._reservations(
            sa.select(r).where(r.c.id.in_(ids), r.c.state.in_(OPEN_STATES)).order_by(r.c.id)
        )

    def orders_sent_to(self, store_code: str) -> list[Reservation]:
        """The store's orders it was sent and has still to hand over (confirmed or picked),
        oldest first: what a ledger rebuilt from the journal must hold (services.reenrol)."""
        r = channel_reservations
        return self._reservations(
            sa.select(r)
            .where(r.c.store_code == store_code, r.c.state.in_((CONFIRMED, PICKED)))
            .order_by(r.c.id)
        )

    def due_to_expire(self, now_ms: int, limit: int) -> list[int]:
        r = channel_reservations
        rows = self._conn.execute(
            sa.select(r.c.id)
            .where(r.c.state == "held", r.c.expires_at_ms <= now_ms)
            .order_by(r.c.expires_at_ms, r.c.id)
            .limit(limit)
        )
        return [int(i) for i in rows.scalars()]

    def open_counts(self) -> dict[str, int]:
        """Open reservations per store (the metric)."""
        r = channel_reservations
        rows = self._conn.execute(
            sa.select(r.c.store_code, sa.func.count())
            .where(r.c.state.in_(OPEN_STATES))
            .group_by(r.c.store_code)
        )
        return {store: int(n) for store, n in rows}

    def update_reservation(self, reservation_id: int, **values: Any) -> None:
        self._conn.execute(
            channel_reservations.update()
            .where(channel_reservations.c.id == reservation_id)
            .values(**values)
        )

    def confirm_reservation(self, reservation_id: int, state: str, now_ms: int) -> None:
        """The reservation is `state` (confirmed), without expiry, confirmed at now_ms."""
        self._conn.execute(
            CONFIRM_RESERVATION, {"b_id": reservation_id, "b_state": state, "b_now": now_ms}
        )

    def mark_picked(self, reservation_id: int, seq: int, now_ms: int) -> None:
        """The store's channel_pick entry `seq` applied: a confirmed order becomes picked (a
        cancelled one stays cancelled, the pick recorded)."""
        r = channel_reservations.c
        self.update_reservation(
            reservation_id, picked_seq=seq, picked_at_ms=now_ms,
            state=sa.case((r.state == CONFIRMED, PICKED), else_=r.state),
        )  # fmt: skip

    def mark_fulfilled(self, reservation_id: int, seq: int, now_ms: int) -> None:
        """The store's channel_fulfilment entry `seq` applied: a confirmed or picked order is
        fulfilled (a cancelled one stays cancelled, the hand-over recorded)."""
        r = channel_reservations.c
        self.update_reservation(
            reservation_id, fulfilled_seq=seq, fulfilled_at_ms=now_ms,
            state=sa.case((r.state.in_((CONFIRMED, PICKED)), FULFILLED), else_=r.state),
        )  # fmt: skip

    def held_by(self, store_code: str, document_id: str) -> dict[tuple[str, str], int]:
        """(sku, state) -> what reservation `document_id` holds in that state now (its
        changes added up; the conflicts' cancels name the conflict and are not counted)."""
        c = stock_state_changes.c
        rows = self._conn.execute(
            sa.select(c.sku, c.state, sa.func.sum(c.delta_base))
            .where(
                c.store_code == store_code,
                c.document_type == RESERVATION_DOCUMENT,
                c.document_id == document_id,
            )
            .group_by(c.sku, c.state)
        )
        return {(sku, state): int(total) for sku, state, total in rows if total}
