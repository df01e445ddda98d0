"""Stored-value accounts and entries (headoffice.domain.stored_value) on the unit of work's
connection. `lock_accounts` is the one place accounts are locked: FOR UPDATE (PostgreSQL;
SQLite's BEGIN IMMEDIATE serialises writers already), always in member-number order, so
two use cases that lock the same two members (a merge) never wait on each other in a
cycle."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from common.i18n import _
from headoffice.domain.members import member_id_text, member_number
from headoffice.domain.stored_value import Balance, Entry, KeyRace
from headoffice.store.member_tables import stored_value_accounts as accounts
from headoffice.store.member_tables import stored_value_entries as entries


def _entry(row: sa.Row) -> Entry:
    return Entry(
        int(row.entry_id),
        member_id_text(int(row.member_no)),
        row.kind,
        row.store_code,
        row.idem_key,
        int(row.amount_minor),
        int(row.principal_minor),
        int(row.bonus_minor),
        int(row.payout_minor),
        int(row.ref_entry_id),
        int(row.created_at_ms),
        row.actor,
    )


class Account:
    """A member's account row as locked: the buckets now and what was ever topped up."""

    def __init__(self, row: sa.Row) -> None:
        self.member_id = member_id_text(int(row.member_no))
        self.balance = Balance(int(row.principal_minor), int(row.bonus_minor))
        self.topped = Balance(int(row.topped_principal_minor), int(row.topped_bonus_minor))


class StoredValueRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def open_account(self, member_id: str, now_ms: int) -> None:
        self._conn.execute(
            accounts.insert().values(
                member_no=member_number(member_id),
                principal_minor=0,
                bonus_minor=0,
                topped_principal_minor=0,
                topped_bonus_minor=0,
                updated_at_ms=now_ms,
            )
        )

    def lock_accounts(self, member_ids: list[str]) -> dict[str, Account]:
        numbers = sorted({member_number(m) for m in member_ids})
        query = (
            sa.select(accounts)
            .where(accounts.c.member_no.in_(numbers))
            .order_by(accounts.c.member_no)
            .with_for_update()
        )
        found = {}
        for row in self._conn.execute(query):
            account = Account(row)
            found[account.member_id] = account
        return found

    def account(self, member_id: str) -> Account | None:
        row = self._conn.execute(
            sa.select(accounts).where(accounts.c.member_no == member_number(member_id))
        ).first()
        return None if row is None else Account(row)

    def by_key(self, store_code: str, idem_key: str) -> Entry | None:
        row = self._conn.execute(
            sa.select(entries).where(
                entries.c.store_code == store_code, entries.c.idem_key == idem_key
            )
        ).first()
        return None if row is None else _entry(row)

    def get(self, entry_id: int) -> Entry | None:
        row = self._conn.execute(sa.select(entries).where(entries.c.entry_id == entry_id)).first()
        return None if row is None else _entry(row)

    def refunded(self, debit_entry_id: int) -> int:
        return int(
            self._conn.execute(
                sa.select(sa.func.coalesce(sa.func.sum(entries.c.amount_minor), 0)).where(
                    entries.c.kind == "refund", entries.c.ref_entry_id == debit_entry_id
                )
            ).scalar_one()
        )

    def append(self, entry: Entry, topped_principal: int = 0, topped_bonus: int = 0) -> Entry:
        """Write the entry and move its member's buckets by it, in this transaction."""
        number = member_number(entry.member_id)
        try:
            # The unit of work then rolls back; the caller asks again in a new one.
            entry_id = self._conn.execute(
                entries.insert()
                .values(
                    member_no=number,
                    kind=entry.kind,
                    store_code=entry.store_code,
                    idem_key=entry.idem_key,
                    amount_minor=entry.amount_minor,
                    principal_minor=entry.principal_minor,
                    bonus_minor=entry.bonus_minor,
                    payout_minor=entry.payout_minor,
                    ref_entry_id=entry.ref_entry_id,
                    created_at_ms=entry.created_at_ms,
                    actor=entry.actor,
                )  # fmt: skip
                .returning(entries.c.entry_id)
            ).scalar_one()
        except IntegrityError as exc:
            raise KeyRace(
                _("idempotency key {key} was used at the same moment by another request")
                .format(key=repr(entry.idem_key))
            ) from exc  # fmt: skip
        self._conn.execute(
            accounts.update()
            .where(accounts.c.member_no == number)
            .values(
                principal_minor=accounts.c.principal_minor + entry.principal_minor,
                bonus_minor=accounts.c.bonus_minor + entry.bonus_minor,
                topped_principal_minor=accounts.c.topped_principal_minor + topped_principal,
                topped_bonus_minor=accounts.c.topped_bonus_minor + topped_bonus,
                updated_at_ms=entry.created_at_ms,
            )
        )
        return replace(entry, entry_id=int(entry_id))

    def entries_of(self, member_id: str) -> list[Entry]:
        query = (
            sa.select(entries)
            .where(entries.c.member_no == member_number(member_id))
            .order_by(entries.c.entry_id)
        )
        return [_entry(row) for row in self._conn.execute(query)]

    def sums_of(self, member_id: str) -> Balance:
        """The balance as the sum of the member's entries (what the account row must equal)."""
        row = self._conn.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(entries.c.principal_minor), 0),
                sa.func.coalesce(sa.func.sum(entries.c.bonus_minor), 0),
            ).where(entries.c.member_no == member_number(member_id))
        ).one()
        return Balance(int(row[0]), int(row[1]))

    def net_debits(self, member_id: str, since_ms: int) -> int:
        """Debits less refunds since `since_ms`: a member's qualifying spend."""
        signed = sa.case(
            (entries.c.kind == "refund", -entries.c.amount_minor), else_=entries.c.amount_minor
        )
        return int(
            self._conn.execute(
                sa.select(sa.func.coalesce(sa.func.sum(signed), 0)).where(
                    entries.c.member_no == member_number(member_id),
                    entries.c.kind.in_(("debit", "refund")),
                    entries.c.created_at_ms >= since_ms,
                )
            ).scalar_one()
        )

    def totals(self, until_ms: int) -> Balance:
        """Principal and bonus outstanding across the chain at `until_ms` (exclusive)."""
        row = self._conn.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(entries.c.principal_minor), 0),
                sa.func.coalesce(sa.func.sum(entries.c.bonus_minor), 0),
            ).where(entries.c.created_at_ms < until_ms)
        ).one()
        return Balance(int(row[0]), int(row[1]))

    def movements(self, since_ms: int, until_ms: int) -> list[tuple[str, int, int, int, int, int]]:
        """Per kind over [since, until): (kind, count, amount, principal, bonus, payout)."""
        query = (
            sa.select(
                entries.c.kind,
                sa.func.count(),
                sa.func.sum(entries.c.amount_minor),
                sa.func.sum(entries.c.principal_minor),
                sa.func.sum(entries.c.bonus_minor),
                sa.func.sum(entries.c.payout_minor),
            )
            .where(entries.c.created_at_ms >= since_ms, entries.c.created_at_ms < until_ms)
            .group_by(entries.c.kind)
        )
        return [
            (r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]))
            for r in self._conn.execute(query)
        ]

    # -- stored value that expires (services/stored_value_expiry.py) ---------------------
    def last_topup(self, member_id: str) -> tuple[int, int]:
        """(entry id, time) of the member's last top-up or merge_in; (0, 0) for none."""
        row = self._conn.execute(
            sa.select(entries.c.entry_id, entries.c.created_at_ms)
            .where(
                entries.c.member_no == member_number(member_id),
                entries.c.kind.in_(("topup", "merge_in")),
            )
            .order_by(entries.c.entry_id.desc())
            .limit(1)
        ).first()
        return (0, 0) if row is None else (int(row[0]), int(row[1]))

    def expiry_candidates(self, cutoff_ms: int) -> list[str]:
        """Members holding stored value whose last top-up (or merge_in) is at `cutoff_ms` or
        before;
        whether their card expires at all is the caller's rule (domain/stored_value_expiry)."""
        last = sa.func.max(entries.c.created_at_ms)
        query = (
            sa.select(entries.c.member_no)
            .join(accounts, accounts.c.member_no == entries.c.member_no)
            .where(
                entries.c.kind.in_(("topup", "merge_in")),
                accounts.c.principal_minor + accounts.c.bonus_minor > 0,
            )
            .group_by(entries.c.member_no)
            .having(last <= cutoff_ms)
            .order_by(entries.c.member_no)
        )
        return [member_id_text(int(n)) for n in self._conn.scalars(query)]
