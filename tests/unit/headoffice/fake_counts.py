"""Stocktake's repository in memory (headoffice/store/counts_repo.py's SQL, as dicts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from common.domain.stocktake import Tolerance
from common.domain.stocktake_figures import selling_prefixes
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

    def state_of(self, session_id: str, lock: bool = False) -> tuple[str, str] | None:
        row = self._t.count_sessions.get(session_id)
        return None if row is None else (row.store_code, row.state)

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

    def unknown_lines(self, session_id: str) -> list[HoCountLine]:
        return [ln for ln in self.lines(session_id) if not ln.sku]

    def line_counts(self, session_id: str) -> tuple[int, int, int, int]:
        lines = self.lines(session_id)
        return (
            len(lines),
            sum(not ln.sku for ln in lines),
            sum(ln.book_mismatch for ln in lines),
            max((ln.round for ln in lines), default=0),
        )

    def sku_figures(
        self,
        session_id: str,
        store_code: str,
        selling_locations: Sequence[str],
        by_round: bool = True,
        posted: bool = True,
        variance_only: bool = False,
    ) -> list[tuple]:
        """count_figures_sql.sku_figures_query, by hand: one row a counted SKU."""
        prefixes = selling_prefixes(selling_locations)
        products, levels, results = self._t.products, self._t.levels, self._t.count_results
        by_sku: dict[str, list[HoCountLine]] = {}
        for ln in self.lines(session_id):
            if ln.sku:
                by_sku.setdefault(ln.sku, []).append(ln)
        out = []
        for sku, every in by_sku.items():
            rnd = max(ln.round for ln in every) if by_round else 0
            used = [ln for ln in every if ln.round == rnd] if by_round else every
            selling = [
                ln for ln in used if any(ln.location == p or (p and ln.location.startswith(p))
                                         for p in prefixes)
            ]  # fmt: skip
            ref = (selling or used)[-1]
            p, level, result = (
                products.get(sku),
                levels.get((store_code, sku)),
                results.get((session_id, sku)) if posted else None,
            )
            cost = (
                result.unit_cost_minor if result is not None
                else level.avg_cost_minor if level is not None
                else p.cost_minor if p is not None else 0
            )  # fmt: skip
            out.append((
                sku, rnd, len(used), sum(ln.qty_base for ln in used), used[0].seq, used[-1].seq,
                ref.book_qty_base, used[0].book_qty_base, used[-1].book_qty_base,
                min(ln.counter for ln in used), min(ln.location for ln in used), cost,
                None if p is None else p.category,
            ))  # fmt: skip
        if variance_only:  # V_SKU, V_COUNTED, V_BOOK, V_COST
            return [(r[0], r[3], r[6], r[11]) for r in out]
        return out

    def place_lines(self, session_id: str) -> list[tuple]:
        return [
            (ln.sku, ln.round, ln.counter, ln.location, ln.qty_base)
            for ln in self.lines(session_id)
            if ln.sku
        ]

    def not_counted(self, session_id: str, store_code: str) -> list[str]:
        counted = {ln.sku for ln in self.lines(session_id)}
        return sorted(
            sku
            for (code, sku), level in self._t.levels.items()
            if code == store_code and level.qty_base != 0 and sku not in counted
        )

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
        self._t.count_key_items[items.store_code] = items
