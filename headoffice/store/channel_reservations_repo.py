"""Channel reservations and their lines (channel_tables.channel_reservations,
channel_reservation_lines) on the unit of work: the reservation part of ChannelsRepository,
on top of the stock states (a hold adds its lines to reserved in the same statement on
PostgreSQL: channel_orders_sql.ADD_HOLD_PG)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from headoffice.domain.channels import (
    CONFIRMED,
    FULFILLED,
    OPEN_STATES,
    PICKED,
    RESERVATION_DOCUMENT,
    Reservation,
    ReservationKeyTaken,
    ReserveContext,
    format_reservation_id,
)
from headoffice.store.channel_orders_sql import (
    ADD_HOLD_PG,
    CONFIRM_RESERVATION,
    RESERVATION_BY_ID,
    RESERVATION_BY_ID_FOR_UPDATE,
    RESERVATION_BY_KEY,
    RESERVE_CONTEXT,
)
from headoffice.store.channel_states_repo import StockStatesRepository
from headoffice.store.channel_tables import channel_reservation_lines, channel_reservations

KEY_CONSTRAINT = "uq_channel_reservations_key"


def _constraint(exc: IntegrityError) -> str:
    """The name of the constraint a PostgreSQL error names ("" if none)."""
    diag = getattr(exc.orig, "diag", None)
    return str(getattr(diag, "constraint_name", "") or "")


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


class ReservationsRepository(StockStatesRepository):
    """The reservation part of ChannelsRepository (store.channels_repo)."""

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
