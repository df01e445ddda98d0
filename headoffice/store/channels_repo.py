"""Channels, quotas, stock states and reservations (channel_tables.py) on the unit of work:
`uow.channels`. The channels and their quotas are here; the stock states
(store.channel_states_repo: the locking that makes a Reserve a compare-and-set) and the
reservations (store.channel_reservations_repo) are the parts it is built on.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from headoffice.domain.channels import Channel, ChannelQuota
from headoffice.store.channel_reservations_repo import ReservationsRepository
from headoffice.store.channel_tables import channel_quotas, channel_stores, channels


class ChannelsRepository(ReservationsRepository):
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
