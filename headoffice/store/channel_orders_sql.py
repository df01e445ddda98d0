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
