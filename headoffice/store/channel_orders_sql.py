"""The statements of a channel order's hot path (Reserve, Confirm), built once.

A Reserve checks the channel, the store, the key, the SKUs and the channel's quotas before
it locks stock; asked one table at a time that was six round trips and, in Python, six
statements for SQLAlchemy to build and key for its cache (BENCHMARKS.md, "reserve +
confirm round trip"). RESERVE_CONTEXT asks them in one statement, each a scalar subquery
on a primary or unique key; a reservation and its lines come back in one statement too.
Built at import, they cost the cache lookup alone on each call.
"""

from __future__ import annotations

import sqlalchemy as sa

from headoffice.store.channel_tables import (
    channel_quotas,
    channel_reservation_lines,
    channel_reservations,
    channel_stores,
    channels,
    stock_states,
)
from headoffice.store.tables import products, stores

_store: sa.BindParameter[str] = sa.bindparam("store")
_channel_code = channels.c.code

RESERVE_CONTEXT = sa.select(
    channels.c.disabled,
    sa.exists()
    .where(channel_stores.c.channel == _channel_code, channel_stores.c.store_code == _store)
    .label("allowed"),
    sa.select(stores.c.disabled)
    .where(stores.c.code == _store)
    .scalar_subquery()
    .label("store_disabled"),
    sa.select(channel_reservations.c.id)
    .where(
        channel_reservations.c.channel == _channel_code,
        channel_reservations.c.idempotency_key == sa.bindparam("key"),
    )
    .scalar_subquery()
    .label("replay_id"),
    sa.select(sa.func.count())
    .select_from(products)
    .where(products.c.sku.in_(sa.bindparam("skus", expanding=True)))
    .scalar_subquery()
    .label("skus_known"),
    sa.exists().where(channel_quotas.c.channel == _channel_code).label("has_quotas"),
).where(_channel_code == sa.bindparam("channel"))

_r, _lines = channel_reservations, channel_reservation_lines
# A reservation always has a line (domain.channels.check_lines): an inner join, one row a line.
_WITH_LINES = (
    sa.select(_r, _lines.c.sku, _lines.c.qty_base)
    .select_from(_r.join(_lines, _lines.c.reservation_id == _r.c.id))
    .order_by(_lines.c.line_no)
)
RESERVATION_BY_ID = _WITH_LINES.where(_r.c.id == sa.bindparam("id"))
# FOR UPDATE OF the reservation alone (PostgreSQL), as a lookup without lines locked it.
RESERVATION_BY_ID_FOR_UPDATE = RESERVATION_BY_ID.with_for_update(of=_r)
RESERVATION_BY_KEY = _WITH_LINES.where(
    _r.c.channel == sa.bindparam("channel"), _r.c.idempotency_key == sa.bindparam("key")
)

# A state's change on one store's SKU, one statement per state column (the names of the
# parameters differ from the columns': SQLAlchemy keeps those for the SET clause).
ADD_TO_STATE = {
    column: stock_states.update()
    .where(
        stock_states.c.store_code == sa.bindparam("b_store"),
        stock_states.c.sku == sa.bindparam("b_sku"),
    )
    .values(
        {
            column: stock_states.c[column] + sa.bindparam("b_delta", type_=sa.BigInteger),
            "updated_at_ms": sa.bindparam("b_now", type_=sa.BigInteger),
        }
    )
    for column in ("reserved_base", "committed_base", "damaged_base", "safety_base")
}

# PostgreSQL only: the Reserve's lock and its writes, each one statement with array
# parameters, so its text (and psycopg's prepared statement) is the same whatever the order's
# SKUs; SQLite runs the same steps as separate statements (channels_repo), one writer at a time.
#
# LOCK_STOCK_PG locks as ChannelsRepository.lock_stock documents, in one round trip: the
# levels FOR UPDATE in key order (LockRows above the sort), then the states' upsert, whose
# input waits on the levels by a one-time filter over them (an InitPlan runs before the
# first row), so every level is locked before any state is: the order every writer keeps.
LOCK_STOCK_PG = sa.text(
    """
    WITH levels AS (
        SELECT sku, qty_base FROM stock_levels
        WHERE store_code = :store AND sku = ANY(CAST(:skus AS varchar[]))
        ORDER BY store_code, sku
        FOR UPDATE
    ), states AS (
        INSERT INTO stock_states AS s (store_code, sku, reserved_base, committed_base,
                                       damaged_base, safety_base, updated_at_ms)
        SELECT :store, wanted.sku, 0, 0, 0, 0, :now
        FROM unnest(CAST(:skus AS varchar[])) AS wanted(sku)
        WHERE (SELECT count(*) FROM levels) >= 0
        ORDER BY wanted.sku
        ON CONFLICT (store_code, sku) DO UPDATE SET updated_at_ms = s.updated_at_ms
        RETURNING s.sku, s.reserved_base, s.committed_base, s.damaged_base, s.safety_base
    )
    SELECT states.sku, states.reserved_base, states.committed_base, states.damaged_base,
           states.safety_base, coalesce(levels.qty_base, 0) AS on_hand
    FROM states LEFT JOIN levels ON levels.sku = states.sku
    """
)

# ADD_HOLD_PG: a new reservation, its lines, and each line added to reserved with the
# stock_state_changes row naming it (document_id as domain.channels.format_reservation_id
# spells it: "CR" and the number, at least six digits), in one statement. The lines'
# SKUs are distinct (domain.channels.check_lines), so the UPDATE meets each state row once.
ADD_HOLD_PG = sa.text(
    """
    WITH r AS (
        INSERT INTO channel_reservations (channel, store_code, idempotency_key, request_hash,
            order_ref, state, created_at_ms, expires_at_ms, confirmed_at_ms, picked_at_ms,
            picked_seq, fulfilled_at_ms, fulfilled_seq, closed_at_ms, close_reason, closed_by)
        VALUES (:channel, :store, :key, :hash, :order_ref, :state, :now, :expires,
                0, 0, 0, 0, 0, 0, '', '')
        RETURNING id
    ), wanted AS (
        SELECT sku, qty, n
        FROM unnest(CAST(:skus AS varchar[]), CAST(:qtys AS bigint[]))
             WITH ORDINALITY AS w(sku, qty, n)
    ), lines AS (
        INSERT INTO channel_reservation_lines (reservation_id, line_no, store_code, sku,
                                               qty_base)
        SELECT r.id, wanted.n, :store, wanted.sku, wanted.qty FROM r, wanted
    ), held AS (
        UPDATE stock_states SET reserved_base = stock_states.reserved_base + wanted.qty,
                                updated_at_ms = :now
        FROM wanted
        WHERE stock_states.store_code = :store AND stock_states.sku = wanted.sku
    ), changes AS (
        INSERT INTO stock_state_changes (store_code, sku, state, delta_base, document_type,
                                         document_id, reason, at_ms, actor)
        SELECT :store, wanted.sku, 'reserved', wanted.qty, :document_type,
               'CR' || lpad(r.id::text, greatest(6, length(r.id::text)), '0'),
               :reason, :now, :actor
        FROM r, wanted
        ORDER BY wanted.n
    )
    SELECT id FROM r
    """
)

# A Confirm's one write to its reservation (built once: no statement to key per call).
CONFIRM_RESERVATION = (
    channel_reservations.update()
    .where(channel_reservations.c.id == sa.bindparam("b_id"))
    .values(
        state=sa.bindparam("b_state"),
        expires_at_ms=0,
        confirmed_at_ms=sa.bindparam("b_now", type_=sa.BigInteger),
    )
)
