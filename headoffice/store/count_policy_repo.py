"""What head office sends stores about counting: the tolerance each store was last sent
(table count_tolerance_sent) and the key items set for each (count_key_items)."""

from __future__ import annotations

import sqlalchemy as sa

from common.domain import stocktake as st
from headoffice.domain.counts import StoreKeyItems
from headoffice.store.count_tables import count_key_item_lists as lists
from headoffice.store.count_tables import count_key_items as key_items
from headoffice.store.count_tables import count_tolerance_sent as sent


class CountPolicyRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def sent_tolerance(self, store_code: str, lock: bool = False) -> st.Tolerance | None:
        """What the store was last sent (None: never); `lock` holds its row."""
        query = sa.select(
            sent.c.a_bp, sent.c.b_bp, sent.c.c_bp, sent.c.value_minor,
            sent.c.second_approval_minor,
        ).where(sent.c.store_code == store_code)  # fmt: skip
        if lock:
            query = query.with_for_update()
        row = self._conn.execute(query).first()
        return None if row is None else st.Tolerance(*row)

    def set_sent_tolerance(self, store_code: str, tolerance: st.Tolerance) -> None:
        values = {
            "a_bp": tolerance.a_bp,
            "b_bp": tolerance.b_bp,
            "c_bp": tolerance.c_bp,
            "value_minor": tolerance.value_minor,
            "second_approval_minor": tolerance.second_approval_minor,
        }
        done = self._conn.execute(
            sent.update().where(sent.c.store_code == store_code).values(**values)
        )
        if done.rowcount == 0:
            self._conn.execute(sent.insert().values(store_code=store_code, **values))

    def key_items(self, store_code: str) -> StoreKeyItems:
        """The store's list as last set (set_from empty: never set)."""
        head = self._conn.execute(
            sa.select(lists.c.set_by, lists.c.set_at_ms, lists.c.set_from).where(
                lists.c.store_code == store_code
            )
        ).first()
        if head is None:
            return StoreKeyItems(store_code, ())
        skus = self._conn.execute(
            sa.select(key_items.c.sku)
            .where(key_items.c.store_code == store_code)
            .order_by(key_items.c.position)
        ).scalars()
        return StoreKeyItems(store_code, tuple(skus), head[0], int(head[1]), head[2])

    def set_key_items(self, items: StoreKeyItems) -> None:
        """Replace the store's list (an empty list: none, kept as set) and who set it."""
        code = items.store_code
        said = {"set_by": items.set_by, "set_at_ms": items.set_at_ms, "set_from": items.set_from}
        if (
            self._conn.execute(
                lists.update().where(lists.c.store_code == code).values(**said)
            ).rowcount
            == 0
        ):
            self._conn.execute(lists.insert().values(store_code=code, **said))
        self._conn.execute(key_items.delete().where(key_items.c.store_code == items.store_code))
        if items.skus:
            self._conn.execute(
                key_items.insert(),
                [
                    {"store_code": items.store_code, "position": n, "sku": sku,
                     "set_by": items.set_by, "set_at_ms": items.set_at_ms}
                    for n, sku in enumerate(items.skus, start=1)
                ],
            )  # fmt: skip
