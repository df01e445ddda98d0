"""What applying member sales reads and writes (member_sales_tables.py), in bulk: one statement
a batch for each thing it needs, never one a sale."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from common.domain.points_ledger import PointsEntry
from headoffice.domain.member_sales import MemberDay, MemberFigures, OfflineDebitRow
from headoffice.domain.members import Member
from headoffice.domain.stored_value import Entry
from headoffice.store.loyalty_tables import points_entries
from headoffice.store.member_sales_tables import member_sale_lines, member_sales, offline_debits
from headoffice.store.member_tables import members, stored_value_entries
from headoffice.store.members_repo import _member
from headoffice.store.points_repo import _entry as _points_entry
from headoffice.store.stored_value_repo import _entry as _sv_entry

SaleLineRow = tuple[str, int, str, int, int, int, int, int, int, int]  # sale, line, member,
# qty, earned, paid points, returned qty, earn month, net (-1 not kept), money the points paid


class MemberSalesRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- what the checks read --------------------------------------------------------
    def members(self, member_ids: Collection[str]) -> dict[str, Member]:
        """The members by id, and the members they were merged into (two statements at most)."""
        found: dict[str, Member] = {}
        wanted = set(member_ids)
        for _hop in range(3):  # a survivor merged again: follow a few hops
            if not wanted:
                break
            rows = self._conn.execute(sa.select(members).where(members.c.member_id.in_(wanted)))
            for row in rows:
                found[row.member_id] = _member(row)
            wanted = {m.merged_into for m in found.values() if m.merged_into} - found.keys()
        return found

    def stored_value_entries(self, store_code: str, keys: Collection[str]) -> dict[str, Entry]:
        if not keys:
            return {}
        t = stored_value_entries
        rows = self._conn.execute(
            sa.select(t).where(t.c.store_code == store_code, t.c.idem_key.in_(set(keys)))
        )
        return {row.idem_key: _sv_entry(row) for row in rows}

    def points_entries(self, keys: Collection[str]) -> dict[str, PointsEntry]:
        if not keys:
            return {}
        t = points_entries
        rows = self._conn.execute(sa.select(t).where(t.c.key.in_(set(keys))))
        return {row.key: _points_entry(row) for row in rows}

    def offline_booked(self, store_code: str, keys: Collection[str]) -> set[str]:
        if not keys:
            return set()
        t = offline_debits
        rows = self._conn.execute(
            sa.select(t.c.idem_key).where(t.c.store_code == store_code, t.c.idem_key.in_(set(keys)))
        )
        return {row.idem_key for row in rows}

    def sale_lines(self, store_code: str, sale_ids: Collection[str]) -> list[SaleLineRow]:
        if not sale_ids:
            return []
        t = member_sale_lines
        query = (
            sa.select(
                t.c.sale_id,
                t.c.line_no,
                t.c.member_id,
                t.c.qty,
                t.c.earned,
                t.c.paid_points,
                t.c.returned_qty,
                t.c.earn_month,
                t.c.net_minor,
                t.c.paid_minor,
            )  # fmt: skip
            .where(t.c.store_code == store_code, t.c.sale_id.in_(set(sale_ids)))
            .order_by(t.c.sale_id, t.c.line_no)
        )
        return [tuple(row) for row in self._conn.execute(query)]  # type: ignore[misc]

    # -- what applying writes ------------------------------------------------------
    def insert_sale_lines(self, store_code: str, rows: Iterable[SaleLineRow]) -> None:
        values = [
            {"store_code": store_code, "sale_id": r[0], "line_no": r[1], "member_id": r[2],
             "qty": r[3], "earned": r[4], "paid_points": r[5], "returned_qty": r[6],
             "earn_month": r[7], "net_minor": r[8], "paid_minor": r[9]}
            for r in rows
        ]  # fmt: skip
        if values:
            self._conn.execute(member_sale_lines.insert(), values)

    def set_returned(self, store_code: str, returned: Mapping[tuple[str, int], int]) -> None:
        """Each (sale, line)'s units returned so far."""
        t = member_sale_lines
        if returned:
            self._conn.execute(
                t.update()
                .where(
                    t.c.store_code == store_code,
                    t.c.sale_id == sa.bindparam("b_sale"),
                    t.c.line_no == sa.bindparam("b_line"),
                )
                .values(returned_qty=sa.bindparam("b_qty")),
                [{"b_sale": s, "b_line": n, "b_qty": q} for (s, n), q in returned.items()],
            )

    def add_days(self, days: Mapping[tuple[str, str, str], MemberDay]) -> None:
        """Add to each (member, store, day)'s row, created at the first addition."""
        if not days:
            return
        t = member_sales
        dialect = postgresql if self._conn.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(t)
        excluded = insert.excluded
        statement = insert.on_conflict_do_update(
            index_elements=[t.c.member_id, t.c.store_code, t.c.day],
            set_={
                "sales_count": t.c.sales_count + excluded.sales_count,
                "returns_count": t.c.returns_count + excluded.returns_count,
                "net_minor": t.c.net_minor + excluded.net_minor,
                "points_earned": t.c.points_earned + excluded.points_earned,
            },
        )
        for (member_id, store_code, day), d in sorted(days.items()):  # one lock order
            self._conn.execute(
                statement,
                {"member_id": member_id, "store_code": store_code, "day": day,
                 "sales_count": d.sales, "returns_count": d.returns, "net_minor": d.net_minor,
                 "points_earned": d.points},
            )  # fmt: skip

    def insert_offline(self, rows: Iterable[dict[str, object]]) -> None:
        values = list(rows)
        if values:
            self._conn.execute(offline_debits.insert(), values)

    # -- what the reports read -------------------------------------------------------
    def figures(
        self, member_id: str, store_codes: Collection[str], first_day: str, last_day: str
    ) -> list[MemberFigures]:
        """Each member's figures at each store over the days (both included), with the phone
        number head office holds (the caller masks it), busiest first."""
        t, m = member_sales, members
        visits = sa.func.sum(sa.case((t.c.sales_count > 0, 1), else_=0))
        query = (
            sa.select(
                t.c.member_id,
                t.c.store_code,
                sa.func.sum(t.c.sales_count),
                visits,
                sa.func.sum(t.c.returns_count),
                sa.func.sum(t.c.net_minor),
                sa.func.sum(t.c.points_earned),
                sa.func.min(t.c.day),
                sa.func.max(t.c.day),
                sa.func.max(m.c.phone),
            )  # fmt: skip
            .select_from(t.outerjoin(m, m.c.member_id == t.c.member_id))
            .where(t.c.day >= first_day, t.c.day <= last_day)
            .group_by(t.c.member_id, t.c.store_code)
            .order_by(sa.func.sum(t.c.net_minor).desc(), t.c.member_id, t.c.store_code)
        )
        if member_id:
            query = query.where(t.c.member_id == member_id)
        if store_codes:
            query = query.where(t.c.store_code.in_(set(store_codes)))
        return [
            MemberFigures(row[0], row[1], int(row[2]), int(row[3]), int(row[4]), int(row[5]),
                          int(row[6]), row[7], row[8], row[9] or "")
            for row in self._conn.execute(query)
        ]  # fmt: skip

    def offline_debits(
        self, store_codes: Collection[str], first_day: str, last_day: str, exceeded: bool
    ) -> list[OfflineDebitRow]:
        t = offline_debits
        query = (
            sa.select(t)
            .where(t.c.day >= first_day, t.c.day <= last_day)
            .order_by(t.c.day, t.c.store_code, t.c.occurred_at_ms, t.c.idem_key)
        )
        if store_codes:
            query = query.where(t.c.store_code.in_(set(store_codes)))
        if exceeded:
            query = query.where(sa.or_(t.c.over_allowance, t.c.shortfall_minor > 0))
        return [
            OfflineDebitRow(r.store_code, r.idem_key, r.member_id, r.sale_id, r.day,
                            int(r.amount_minor), int(r.taken_minor), int(r.shortfall_minor),
                            int(r.allowance_minor), bool(r.over_allowance))
            for r in self._conn.execute(query)
        ]  # fmt: skip
