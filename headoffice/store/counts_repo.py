"""Count sessions, their lines and posted results; and what stocktake reads of the ledger."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from common.domain import stocktake as st
from headoffice.domain.accuracy import CountFact
from headoffice.domain.counts import ACTIVE_STATES, CountSession, HoCountLine, PostedResult
from headoffice.store.count_figures_sql import (
    line_counts_query,
    line_sums_upsert,
    line_sums_values,
    plain_rows,
    sku_figures_query,
)
from headoffice.store.count_tables import (
    count_line_sums,
    count_lines,
    count_result_sums,
    count_results,
    count_sessions,
)
from headoffice.store.tables import movements, products, stock_levels

_LINE_COLUMNS = [c.name for c in count_lines.c]
_RESULT_COLUMNS = [c.name for c in count_results.c]
_SALE_REASONS = ("sale", "return")


def _session_values(row: CountSession) -> dict[str, Any]:
    scope, tol = row.scope, row.tolerance
    return {
        "session_id": row.session_id,
        "store_code": row.store_code,
        "origin": row.origin,
        "state": row.state,
        "scope_kind": scope.kind,
        "scope": json.dumps(
            {
                "categories": list(scope.categories),
                "locations": list(scope.locations),
                "abc_classes": list(scope.abc_classes),
                "skus": list(scope.skus),
            },
            sort_keys=True,
        ),
        "tol_a_bp": tol.a_bp,
        "tol_b_bp": tol.b_bp,
        "tol_c_bp": tol.c_bp,
        "tol_value_minor": tol.value_minor,
        "tol_second_approval_minor": tol.second_approval_minor,
        "classes": json.dumps(row.classes, sort_keys=True),
        "title": row.title,
        "blind": row.blind,
        "round": row.round,
        "recount_skus": json.dumps(list(row.recount_skus)),
        "selling_locations": json.dumps(list(row.selling_locations)),
        "first_approver": row.first_approver,
        "approved_by": row.approved_by,
        "second_approved_by": row.second_approved_by,
        "created_by": row.created_by,
        "created_at_ms": row.created_at_ms,
        "opened_seq": row.opened_seq,
        "opened_at_ms": row.opened_at_ms,
        "submitted_seq": row.submitted_seq,
        "submitted_at_ms": row.submitted_at_ms,
        "posted_seq": row.posted_seq,
        "posted_at_ms": row.posted_at_ms,
        "anomaly": row.anomaly,
    }


def _session(r: Any) -> CountSession:
    scope = json.loads(r.scope)
    return CountSession(
        session_id=r.session_id,
        store_code=r.store_code,
        origin=r.origin,
        state=r.state,
        scope=st.Scope(
            r.scope_kind,
            categories=tuple(scope["categories"]),
            locations=tuple(scope["locations"]),
            abc_classes=tuple(scope["abc_classes"]),
            skus=tuple(scope["skus"]),
        ),
        tolerance=st.Tolerance(
            int(r.tol_a_bp),
            int(r.tol_b_bp),
            int(r.tol_c_bp),
            int(r.tol_value_minor),
            int(r.tol_second_approval_minor),
        ),
        classes=dict(json.loads(r.classes)),
        title=r.title,
        blind=bool(r.blind),
        round=int(r.round),
        recount_skus=tuple(json.loads(r.recount_skus)),
        selling_locations=tuple(json.loads(r.selling_locations)),
        first_approver=r.first_approver,
        approved_by=r.approved_by,
        second_approved_by=r.second_approved_by,
        created_by=r.created_by,
        created_at_ms=int(r.created_at_ms),
        opened_seq=int(r.opened_seq),
        opened_at_ms=int(r.opened_at_ms),
        submitted_seq=int(r.submitted_seq),
        submitted_at_ms=int(r.submitted_at_ms),
        posted_seq=int(r.posted_seq),
        posted_at_ms=int(r.posted_at_ms),
        anomaly=r.anomaly,
    )


def result_sums(rows: Iterable[PostedResult]) -> list[dict[str, Any]]:
    """count_result_sums rows of these results: one per session, posting part and class."""
    sums: dict[tuple[str, int, str], dict[str, Any]] = {}
    for r in rows:
        row = sums.setdefault(
            (r.session_id, r.posted_seq, r.abc_class),
            {"session_id": r.session_id, "posted_seq": r.posted_seq, "abc_class": r.abc_class,
             "store_code": r.store_code,
             "posted_at_ms": r.posted_at_ms, "counted": 0, "within": 0, "loss_minor": 0,
             "gain_minor": 0},
        )  # fmt: skip
        row["counted"] += 1
        row["within"] += int(bool(r.within_tolerance))
        row["loss_minor" if r.value_minor < 0 else "gain_minor"] += r.value_minor
    return list(sums.values())


class CountsRepository:
    """Stocktake's rows, on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    # -- sessions ---------------------------------------------------------------------
    def insert(self, row: CountSession) -> None:
        self._conn.execute(count_sessions.insert().values(**_session_values(row)))

    def update(self, row: CountSession) -> None:
        values = _session_values(row)
        del values["session_id"]
        self._conn.execute(
            count_sessions.update()
            .where(count_sessions.c.session_id == row.session_id)
            .values(**values)
        )

    def get(self, session_id: str, lock: bool = False) -> CountSession | None:
        query = sa.select(count_sessions).where(count_sessions.c.session_id == session_id)
        if lock:
            query = query.with_for_update()
        found = self._conn.execute(query).one_or_none()
        return None if found is None else _session(found)

    def state_of(self, session_id: str, lock: bool = False) -> tuple[str, str] | None:
        """(store_code, state) of the session, None if head office holds none; locked like
        get(lock=True) (the same row lock), but without reading its scope: a count line asks
        for this, and a full count's scope names every SKU of the shop."""
        c = count_sessions.c
        query = sa.select(c.store_code, c.state).where(c.session_id == session_id)
        if lock:
            query = query.with_for_update()
        found = self._conn.execute(query).one_or_none()
        return None if found is None else (found.store_code, found.state)

    def select(
        self, store_codes: Iterable[str] | None, state: str, limit: int = 1000
    ) -> list[CountSession]:
        """Newest first; `store_codes` None means every store."""
        query = sa.select(count_sessions)
        if store_codes is not None:
            query = query.where(count_sessions.c.store_code.in_(sorted(store_codes)))
        if state:
            query = query.where(count_sessions.c.state == state)
        query = query.order_by(
            count_sessions.c.created_at_ms.desc(),
            count_sessions.c.opened_seq.desc(),
            count_sessions.c.session_id,
        ).limit(limit)
        return [_session(r) for r in self._conn.execute(query)]

    def active(self, store_code: str) -> list[CountSession]:
        """The store's sessions neither posted nor cancelled (ordered ones too)."""
        query = (
            sa.select(count_sessions)
            .where(
                count_sessions.c.store_code == store_code,
                count_sessions.c.state.in_(ACTIVE_STATES),
            )
            .order_by(count_sessions.c.session_id)
        )
        return [_session(r) for r in self._conn.execute(query)]

    # -- lines ------------------------------------------------------------------------
    def insert_line(self, line: HoCountLine) -> None:
        """The line, and its session's sums of its SKU and round (count_line_sums), in one
        transaction: a line refused or rolled back adds nothing to either."""
        self._conn.execute(
            count_lines.insert().values(**{name: getattr(line, name) for name in _LINE_COLUMNS})
        )
        self._conn.execute(line_sums_upsert(self._conn.dialect.name), line_sums_values(line))

    def lines(self, session_id: str) -> list[HoCountLine]:
        query = (
            sa.select(count_lines)
            .where(count_lines.c.session_id == session_id)
            .order_by(count_lines.c.seq)
        )
        return [
            HoCountLine(**{name: r._mapping[name] for name in _LINE_COLUMNS})
            for r in self._conn.execute(query)
        ]

    def unknown_lines(self, session_id: str) -> list[HoCountLine]:
        """The session's lines of barcodes the catalogue does not know (no SKU), by seq."""
        query = (
            sa.select(count_lines)
            .where(count_lines.c.session_id == session_id, count_lines.c.sku == "")
            .order_by(count_lines.c.seq)
        )
        return [
            HoCountLine(**{name: r._mapping[name] for name in _LINE_COLUMNS})
            for r in self._conn.execute(query)
        ]

    def line_counts(self, session_id: str) -> tuple[int, int, int, int]:
        """(lines, lines of unknown barcodes, book mismatches, latest round) of the session."""
        lines, unknown, mismatches, latest = self._conn.execute(line_counts_query(session_id)).one()
        return int(lines), int(unknown), int(mismatches), int(latest)

    def sku_figures(
        self,
        session_id: str,
        store_code: str,
        selling_locations: Sequence[str],
        by_round: bool = True,
        posted: bool = True,
        variance_only: bool = False,
    ) -> Sequence[Any]:
        """One row a SKU the session counted, in stocktake_figures' column order (F_SKU ...,
        or V_SKU ... when variance_only), unordered, the database adding the lines up
        (sku_figures_query; by_round False only when no line is of a round after 0, posted
        False only before the session posted)."""
        query = sku_figures_query(
            session_id, store_code, selling_locations, by_round, posted, variance_only
        )
        return plain_rows(self._conn, query)

    def place_lines(self, session_id: str) -> Sequence[Any]:
        """(sku, round, counter, location, qty_base) of the session's lines of the SKUs with
        a round of more than one line (every round of theirs: classify keeps the latest)."""
        c, sums = count_lines.c, count_line_sums.c
        several = sa.select(sums.sku).where(
            sums.session_id == session_id, sums.sku != "", sums.lines > 1
        )
        query = sa.select(c.sku, c.round, c.counter, c.location, c.qty_base).where(
            c.session_id == session_id, c.sku.in_(several)
        )
        return self._conn.execute(query).all()

    def not_counted(self, session_id: str, store_code: str) -> list[str]:
        """The store's SKUs with a non-zero level and no line in the session (a full count's
        SKUs nobody counted), by SKU. NOT IN a subquery: both engines hash it once; the SKUs
        counted are read from count_line_sums (one row a SKU and round, not one a line)."""
        c = count_line_sums.c
        counted = sa.select(c.sku).where(c.session_id == session_id)
        query = sa.select(stock_levels.c.sku).where(
            stock_levels.c.store_code == store_code,
            stock_levels.c.qty_base != 0,
            stock_levels.c.sku.not_in(counted),
        )
        return sorted(sku for (sku,) in self._conn.execute(query))

    def book_at(self, store_code: str, sku: str, seq: int) -> int:
        """The SKU's book quantity right after entry `seq`: its level now less every movement
        of it after `seq` (ix_movements_store_sku_seq answers the sum)."""
        level = (
            sa.select(stock_levels.c.qty_base)
            .where(stock_levels.c.store_code == store_code, stock_levels.c.sku == sku)
            .scalar_subquery()
        )
        later = (
            sa.select(sa.func.sum(movements.c.qty_base))
            .where(
                movements.c.store_code == store_code,
                movements.c.sku == sku,
                movements.c.seq > seq,
            )
            .scalar_subquery()
        )
        found = self._conn.execute(
            sa.select(sa.func.coalesce(level, 0) - sa.func.coalesce(later, 0))
        ).scalar_one()
        return int(found)

    # -- results ----------------------------------------------------------------------
    def insert_results(self, rows: Sequence[PostedResult]) -> None:
        """The posted results, and their sums per session and class (count_result_sums)."""
        if rows:
            self._conn.execute(
                count_results.insert(),
                [{name: getattr(r, name) for name in _RESULT_COLUMNS} for r in rows],
            )
            self._conn.execute(count_result_sums.insert(), result_sums(rows))

    def posted_results(self, session_id: str) -> list[PostedResult]:
        query = (
            sa.select(count_results)
            .where(count_results.c.session_id == session_id)
            .order_by(count_results.c.sku)
        )
        return [
            PostedResult(**{name: r._mapping[name] for name in _RESULT_COLUMNS})
            for r in self._conn.execute(query)
        ]

    def count_facts(self, store_codes: Iterable[str] | None, since_ms: int) -> list[CountFact]:
        """Posted results since `since_ms` (every store: None), as the accuracy report reads them."""
        c = count_results.c
        query = sa.select(
            c.store_code, c.session_id, c.sku, c.category_code, c.abc_class, c.book_qty_base,
            c.counted_qty_base, c.variance_qty_base, c.value_minor, c.within_tolerance,
            c.posted_at_ms,
        ).where(c.posted_at_ms >= since_ms)  # fmt: skip
        if store_codes is not None:
            query = query.where(c.store_code.in_(sorted(store_codes)))
        query = query.order_by(c.posted_at_ms, c.session_id, c.sku)
        return [
            CountFact(
                r.store_code, r.session_id, r.sku, r.category_code, r.abc_class,
                int(r.book_qty_base), int(r.counted_qty_base), int(r.variance_qty_base),
                int(r.value_minor), bool(r.within_tolerance), int(r.posted_at_ms),
            )
            for r in self._conn.execute(query)
        ]  # fmt: skip

    def last_counted(self, store_code: str) -> dict[str, int]:
        """When each SKU of the store was last counted and posted."""
        query = (
            sa.select(count_results.c.sku, sa.func.max(count_results.c.posted_at_ms))
            .where(count_results.c.store_code == store_code)
            .group_by(count_results.c.sku)
        )
        return {sku: int(ms) for sku, ms in self._conn.execute(query)}

    # -- what scopes and classes read --------------------------------------------------
    def sales_values(self, store_code: str, since_ms: int) -> dict[str, int]:
        """Value at cost of each SKU's net sales in the store since `since_ms`."""
        value = sa.func.sum(-movements.c.qty_base * movements.c.unit_cost_minor)
        query = (
            sa.select(movements.c.sku, value)
            .where(
                movements.c.store_code == store_code,
                movements.c.reason.in_(_SALE_REASONS),
                movements.c.occurred_at_ms >= since_ms,
            )
            .group_by(movements.c.sku)
        )
        return {sku: int(total) for sku, total in self._conn.execute(query)}

    def skus_in_categories(self, categories: Iterable[str]) -> list[str]:
        """Active SKUs of each category and every category under it."""
        conditions = []
        for category in categories:
            conditions.append(products.c.category == category)
            conditions.append(products.c.category.startswith(category + "/", autoescape=True))
        if not conditions:
            return []
        query = (
            sa.select(products.c.sku)
            .where(products.c.active.is_(True), sa.or_(*conditions))
            .order_by(products.c.sku)
        )
        return [sku for (sku,) in self._conn.execute(query)]

    def categories_of(self, skus: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(skus))
        if not wanted:
            return {}
        query = sa.select(products.c.sku, products.c.category).where(products.c.sku.in_(wanted))
        return {sku: category for sku, category in self._conn.execute(query)}

    def stocked_skus(self, store_code: str) -> list[str]:
        """SKUs with a stock level at the store (what a cycle plan considers)."""
        query = (
            sa.select(stock_levels.c.sku)
            .where(stock_levels.c.store_code == store_code)
            .order_by(stock_levels.c.sku)
        )
        return [sku for (sku,) in self._conn.execute(query)]
