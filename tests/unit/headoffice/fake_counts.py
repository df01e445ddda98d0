"""Stocktake's repository in memory (headoffice/store/counts_repo.py's SQL, as dicts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from common.domain.stocktake import Tolerance
from headoffice.domain.accuracy import CountFact
from headoffice.domain.counts import (
    ACTIVE_STATES,
    CountSession,
    HoCountLine,
    PostedResult,
    StoreKeyItems,
)
from tests.unit.headoffice.fake_tables import Tables

_SALE_REASONS = ("sale", "return")


class FakeCounts:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def insert(self, row: CountSession) -> None:
        if row.session_id in self._t.count_sessions:
            raise KeyError(f"count session {row.session_id} exists")
        self._t.count_sessions[row.session_id] = row

    def update(self, row: CountSession) -> None:
        self._t.count_sessions[row.session_id] = row

    def get(self, session_id: str, lock: bool = False) -> CountSession | None:
        return self._t.count_sessions.get(session_id)

    def select(
        self, store_codes: Iterable[str] | None, state: str, limit: int = 1000
    ) -> list[CountSession]:
        codes = None if store_codes is None else set(store_codes)
        rows = [
            r
            for r in self._t.count_sessions.values()
            if (codes is None or r.store_code in codes) and (not state or r.state == state)
        ]
        rows.sort(key=lambda r: r.session_id)
        rows.sort(key=lambda r: (r.created_at_ms, r.opened_seq), reverse=True)
        return rows[:limit]

    def active(self, store_code: str) -> list[CountSession]:
        return sorted(
            (
                r
                for r in self._t.count_sessions.values()
                if r.store_code == store_code and r.state in ACTIVE_STATES
            ),
            key=lambda r: r.session_id,
        )

    def insert_line(self, line: HoCountLine) -> None:
        key = (line.store_code, line.seq)
        if key in self._t.count_lines:
            raise KeyError(f"count line {key} exists")
        self._t.count_lines[key] = line

    def lines(self, session_id: str) -> list[HoCountLine]:
        return sorted(
            (ln for ln in self._t.count_lines.values() if ln.session_id == session_id),
            key=lambda ln: ln.seq,
        )

    def report_lines(self, session_id: str) -> list[tuple]:
        return [
            (ln.seq, ln.sku, ln.qty_base, ln.round, ln.book_qty_base, ln.counter, ln.location,
             ln.reason, ln.scanned_code, ln.line_id, ln.book_mismatch)
            for ln in self.lines(session_id)
        ]  # fmt: skip

    def unknown_lines(self, session_id: str) -> list[HoCountLine]:
        return [ln for ln in self.lines(session_id) if not ln.sku]

    def report_skus(self, session_id: str, store_code: str) -> list[tuple]:
        products, levels, results = self._t.products, self._t.levels, self._t.count_results
        out = []
        for sku in sorted({ln.sku for ln in self.lines(session_id) if ln.sku}):
            p, level, posted = (
                products.get(sku),
                levels.get((store_code, sku)),
                results.get((session_id, sku)),
            )
            out.append((
                sku,
                None if p is None else p.cost_minor,
                None if p is None else p.category,
                None if level is None else level.avg_cost_minor,
                None if posted is None else posted.unit_cost_minor,
            ))  # fmt: skip
        return out

    def book_at(self, store_code: str, sku: str, seq: int) -> int:
        level = self._t.levels.get((store_code, sku))
        later = sum(
            m.qty_base
            for m in self._t.movements
            if m.store_code == store_code and m.sku == sku and m.seq > seq
        )
        return (level.qty_base if level is not None else 0) - later

    def insert_results(self, rows: Sequence[PostedResult]) -> None:
        for r in rows:
            if (r.session_id, r.sku) in self._t.count_results:
                raise KeyError(f"count result {r.session_id} {r.sku} exists")
            self._t.count_results[(r.session_id, r.sku)] = r

    def posted_results(self, session_id: str) -> list[PostedResult]:
        return sorted(
            (r for r in self._t.count_results.values() if r.session_id == session_id),
            key=lambda r: r.sku,
        )

    def count_facts(self, store_codes: Iterable[str] | None, since_ms: int) -> list[CountFact]:
        codes = None if store_codes is None else set(store_codes)
        rows = sorted(
            (r for r in self._t.count_results.values()
             if r.posted_at_ms >= since_ms and (codes is None or r.store_code in codes)),
            key=lambda r: (r.posted_at_ms, r.session_id, r.sku),
        )  # fmt: skip
        return [
            CountFact(
                r.store_code, r.session_id, r.sku, r.category_code, r.abc_class, r.book_qty_base,
                r.counted_qty_base, r.variance_qty_base, r.value_minor, r.within_tolerance,
                r.posted_at_ms,
            )
            for r in rows
        ]  # fmt: skip

    def last_counted(self, store_code: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self._t.count_results.values():
            if r.store_code == store_code:
                out[r.sku] = max(out.get(r.sku, 0), r.posted_at_ms)
        return out

    def sales_values(self, store_code: str, since_ms: int) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self._t.movements:
            if (
                m.store_code == store_code
                and m.reason in _SALE_REASONS
                and m.occurred_at_ms >= since_ms
            ):
                out[m.sku] = out.get(m.sku, 0) - m.qty_base * m.unit_cost_minor
        return out

    def skus_in_categories(self, categories: Iterable[str]) -> list[str]:
        wanted = list(categories)
        return sorted(
            p.sku
            for p in self._t.products.values()
            if p.active and any(p.category == c or p.category.startswith(c + "/") for c in wanted)
        )

    def categories_of(self, skus: Iterable[str]) -> dict[str, str]:
        products = self._t.products
        return {sku: products[sku].category for sku in set(skus) if sku in products}

    def stocked_skus(self, store_code: str) -> list[str]:
        return sorted(sku for (code, sku) in self._t.levels if code == store_code)


class FakeCountPolicy:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def sent_tolerance(self, store_code: str, lock: bool = False) -> Tolerance | None:
        return self._t.count_tolerance_sent.get(store_code)

    def set_sent_tolerance(self, store_code: str, tolerance: Tolerance) -> None:
        self._t.count_tolerance_sent[store_code] = tolerance

    def key_items(self, store_code: str) -> StoreKeyItems:
        return self._t.count_key_items.get(store_code) or StoreKeyItems(store_code, ())

    def set_key_items(self, items: StoreKeyItems) -> None:
        kept = items if items.skus else StoreKeyItems(items.store_code, ())
        self._t.count_key_items[items.store_code] = kept
