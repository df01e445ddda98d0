"""Write-off rows, their lines, the approval threshold and what each store was sent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from headoffice.domain.write_offs import Line, WriteOff
from headoffice.store.document_tables import (
    write_off_lines,
    write_off_policy,
    write_off_policy_sent,
    write_offs,
)

_COLUMNS = [c.name for c in write_offs.c]


class WriteOffsRepository:
    """Write-offs, the threshold and what each store was sent, on the unit of work's connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def insert(self, row: WriteOff) -> None:
        values = {name: getattr(row, name) for name in _COLUMNS}
        self._conn.execute(write_offs.insert().values(**values))
        self._conn.execute(
            write_off_lines.insert(),
            [
                {
                    "write_off_id": row.write_off_id,
                    "line_no": n,
                    "sku": ln.sku,
                    "qty_base": ln.qty_base,
                    "unit_cost_minor": ln.unit_cost_minor,
                }
                for n, ln in enumerate(row.lines, start=1)
            ],
        )

    def update(self, row: WriteOff) -> None:
        """Write a row's state and decision (its lines never change)."""
        self._conn.execute(
            write_offs.update()
            .where(write_offs.c.write_off_id == row.write_off_id)
            .values(
                state=row.state,
                decided_by=row.decided_by,
                decided_at_ms=row.decided_at_ms,
                decision_note=row.decision_note,
                done_seq=row.done_seq,
                done_at_ms=row.done_at_ms,
            )
        )

    def get(self, write_off_id: str, lock: bool = False) -> WriteOff | None:
        query = sa.select(write_offs).where(write_offs.c.write_off_id == write_off_id)
        if lock:
            query = query.with_for_update()
        found = self._conn.execute(query).one_or_none()
        if found is None:
            return None
        return self._rows([found])[0]

    def select(
        self, store_codes: Iterable[str] | None, state: str, limit: int = 1000
    ) -> list[WriteOff]:
        """Newest first; `store_codes` None means every store."""
        query = sa.select(write_offs)
        if store_codes is not None:
            query = query.where(write_offs.c.store_code.in_(sorted(store_codes)))
        if state:
            query = query.where(write_offs.c.state == state)
        query = query.order_by(
            write_offs.c.requested_at_ms.desc(), write_offs.c.write_off_id.desc()
        ).limit(limit)
        return self._rows(self._conn.execute(query).all())

    def _rows(self, found: Sequence[Any]) -> list[WriteOff]:
        ids = [r.write_off_id for r in found]
        lines: dict[str, list[Line]] = {i: [] for i in ids}
        if ids:
            for ln in self._conn.execute(
                sa.select(write_off_lines)
                .where(write_off_lines.c.write_off_id.in_(ids))
                .order_by(write_off_lines.c.write_off_id, write_off_lines.c.line_no)
            ):
                lines[ln.write_off_id].append(
                    Line(ln.sku, int(ln.qty_base), int(ln.unit_cost_minor))
                )
        return [
            WriteOff(
                **{name: r._mapping[name] for name in _COLUMNS},
                lines=tuple(lines[r.write_off_id]),
            )
            for r in found
        ]

    def threshold(self, lock: bool = False) -> int:
        query = sa.select(write_off_policy.c.threshold_minor).where(write_off_policy.c.id == 1)
        if lock:
            query = query.with_for_update()
        return int(self._conn.execute(query).scalar_one())

    def set_threshold(self, threshold_minor: int, now_ms: int) -> None:
        self._conn.execute(
            write_off_policy.update()
            .where(write_off_policy.c.id == 1)
            .values(threshold_minor=threshold_minor, updated_at_ms=now_ms)
        )

    def sent_threshold(self, store_code: str) -> int | None:
        value = self._conn.execute(
            sa.select(write_off_policy_sent.c.threshold_minor).where(
                write_off_policy_sent.c.store_code == store_code
            )
        ).scalar_one_or_none()
        return None if value is None else int(value)

    def set_sent_threshold(self, store_code: str, threshold_minor: int) -> None:
        done = self._conn.execute(
            write_off_policy_sent.update()
            .where(write_off_policy_sent.c.store_code == store_code)
            .values(threshold_minor=threshold_minor)
        )
        if done.rowcount == 0:
            self._conn.execute(
                write_off_policy_sent.insert().values(
                    store_code=store_code, threshold_minor=threshold_minor
                )
            )
