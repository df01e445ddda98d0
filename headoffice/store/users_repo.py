"""Staff users and the stores a store manager manages."""

from __future__ import annotations

import sqlalchemy as sa

from headoffice.domain.roles import StaffUser
from headoffice.store.tables import user_stores, users


class UsersRepository:
    """Staff users on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def get_user(self, username: str) -> StaffUser | None:
        row = self._conn.execute(sa.select(users).where(users.c.username == username)).one_or_none()
        if row is None:
            return None
        stores = self._conn.execute(
            sa.select(user_stores.c.store_code)
            .where(user_stores.c.username == username)
            .order_by(user_stores.c.store_code)
        ).scalars()
        return StaffUser(
            row.username,
            row.role,
            tuple(stores),
            bool(row.disabled),
            row.created_at_ms,
            row.created_by,
        )

    def list_users(self) -> list[StaffUser]:
        stores: dict[str, list[str]] = {}
        for username, code in self._conn.execute(
            sa.select(user_stores.c.username, user_stores.c.store_code).order_by(
                user_stores.c.username, user_stores.c.store_code
            )
        ):
            stores.setdefault(username, []).append(code)
        return [
            StaffUser(
                r.username,
                r.role,
                tuple(stores.get(r.username, ())),
                bool(r.disabled),
                r.created_at_ms,
                r.created_by,
            )
            for r in self._conn.execute(sa.select(users).order_by(users.c.username))
        ]

    def insert_user(self, user: StaffUser) -> None:
        self._conn.execute(
            users.insert().values(
                username=user.username,
                role=user.role,
                disabled=user.disabled,
                created_at_ms=user.created_at_ms,
                created_by=user.created_by,
            )
        )
        if user.stores:
            self._conn.execute(
                user_stores.insert(),
                [{"username": user.username, "store_code": code} for code in user.stores],
            )

    def set_disabled(self, username: str, disabled: bool) -> None:
        self._conn.execute(
            users.update().where(users.c.username == username).values(disabled=disabled)
        )
