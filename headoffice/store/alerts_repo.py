"""What alert evaluation asks the database, and the per-store counts it leaves for /metrics.

Each question is one aggregate the database answers on indexes it already has:
levels below zero (the partial index ix_stock_levels_not_positive), posted count
sessions added up (count_result_sums, one row a session and ABC class), write-off
movements of a period by store (ix_movements_reason_at leads with the reason and
the time). Write-offs are valued at the movements' own unit cost, the cost they
left the books at.
"""

from __future__ import annotations

import sqlalchemy as sa

from headoffice.domain.alerts import NegativeLevel, PostedSession, WriteOffValues
from headoffice.store.alert_tables import alert_counts
from headoffice.store.count_tables import count_result_sums
from headoffice.store.tables import movements, stock_levels

_WRITE_OFF = "write_off"


class AlertsRepository:
    """Alert facts and counts, on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def negative_levels(self, store_code: str = "") -> list[NegativeLevel]:
        query = sa.select(
            stock_levels.c.store_code, stock_levels.c.sku, stock_levels.c.qty_base,
            stock_levels.c.avg_cost_minor,
        ).where(stock_levels.c.qty_base < 0)  # fmt: skip
        if store_code:
            query = query.where(stock_levels.c.store_code == store_code)
        query = query.order_by(stock_levels.c.store_code, stock_levels.c.sku)
        return [NegativeLevel(*row) for row in self._conn.execute(query)]

    def posted_sessions(self, since_ms: int, store_code: str = "") -> list[PostedSession]:
        s = count_result_sums.c
        query = (
            sa.select(
                s.store_code,
                s.session_id,
                sa.func.max(s.posted_at_ms),
                sa.func.sum(s.counted),
                sa.func.sum(s.within),
                sa.func.sum(s.loss_minor),
                sa.func.sum(s.gain_minor),
            )  # fmt: skip
            .where(s.posted_at_ms >= since_ms)
            .group_by(s.store_code, s.session_id)
            .order_by(s.store_code, s.session_id)
        )
        if store_code:
            query = query.where(s.store_code == store_code)
        return [
            PostedSession(row[0], row[1], *(int(v or 0) for v in row[2:]))
            for row in self._conn.execute(query)
        ]

    def write_off_values(
        self, recent_since_ms: int, baseline_since_ms: int, until_ms: int, store_code: str = ""
    ) -> list[WriteOffValues]:
        """Per store: write-offs at cost from recent_since_ms to until_ms, and from
        baseline_since_ms to recent_since_ms (movements' quantities are negative)."""
        m = movements.c
        value = -m.qty_base * m.unit_cost_minor
        recent = sa.case((m.occurred_at_ms >= recent_since_ms, value), else_=0)
        baseline = sa.case((m.occurred_at_ms < recent_since_ms, value), else_=0)
        query = (
            sa.select(m.store_code, sa.func.sum(recent), sa.func.sum(baseline))
            .where(
                m.reason == _WRITE_OFF,
                m.occurred_at_ms >= baseline_since_ms,
                m.occurred_at_ms < until_ms,
            )
            .group_by(m.store_code)
            .order_by(m.store_code)
        )
        if store_code:
            query = query.where(m.store_code == store_code)
        return [
            WriteOffValues(row[0], int(row[1] or 0), int(row[2] or 0))
            for row in self._conn.execute(query)
        ]

    def replace_counts(self, counts: dict[tuple[str, str], int], now_ms: int) -> None:
        self._conn.execute(sa.delete(alert_counts))
        if counts:
            self._conn.execute(
                sa.insert(alert_counts),
                [
                    {"store_code": store, "kind": kind, "active": n, "evaluated_at_ms": now_ms}
                    for (store, kind), n in sorted(counts.items())
                ],
            )

    def counts(self) -> list[tuple[str, str, int, int]]:
        """(store, kind, active, evaluated_at_ms) of the last evaluation."""
        c = alert_counts.c
        query = sa.select(c.store_code, c.kind, c.active, c.evaluated_at_ms).order_by(
            c.store_code, c.kind
        )
        return [(row[0], row[1], int(row[2]), int(row[3])) for row in self._conn.execute(query)]
