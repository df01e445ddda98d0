"""Replenishment's repositories in memory: the settings and runs (headoffice/store/
replenish_repo.py), and the figures (replenish_figures_repo.py's GROUP BYs, as loops)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from common.domain.transfer_states import OPEN, SHIPPED
from headoffice.domain import purchasing as po_rules
from headoffice.domain.demand import (
    HISTORY_DAYS,
    DaySales,
    DemandSums,
    OutSpan,
    censored,
    demand_from_sums,
    last_day,
    quiet_sums,
    sums_of,
)
from headoffice.domain.replenishment import MinMax, Need, Policy, Stock, need_of
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.domain.replenishment_runs import Run, RunLine
from tests.unit.headoffice.fake_tables import Tables


@dataclass
class ReplenishTables:
    min_max: dict[tuple[str, str], MinMax] = field(default_factory=dict)
    costs: dict[tuple[str, str], int] = field(default_factory=dict)
    supply: dict[str, SupplyTerms] = field(default_factory=dict)
    runs: dict[int, Run] = field(default_factory=dict)


def _tables(work: Tables) -> ReplenishTables:
    return work.replenish  # type: ignore[no-any-return]


class FakeReplenish:
    def __init__(self, work: Tables) -> None:
        self._work = work
        self._t = _tables(work)

    def set_min_max(self, rows: list[MinMax], now_ms: int, by: str) -> None:
        for row in rows:
            self._t.min_max[(row.store_code, row.sku)] = row

    def clear_min_max(self, store_code: str, sku: str) -> bool:
        return self._t.min_max.pop((store_code, sku), None) is not None

    def min_max_rows(self, store_code: str = "", sku: str = "") -> list[MinMax]:
        return [
            row
            for key, row in sorted(self._t.min_max.items())
            if (not store_code or key[0] == store_code) and (not sku or key[1] == sku)
        ]

    def set_cost(
        self, from_store: str, to_store: str, cost_minor: int, now_ms: int, by: str
    ) -> None:
        self._t.costs[(from_store, to_store)] = cost_minor

    def costs(self) -> dict[tuple[str, str], int]:
        return dict(self._t.costs)

    def set_supply(self, terms: SupplyTerms, now_ms: int, by: str) -> None:
        self._t.supply[terms.sku] = terms

    def supply_terms(self) -> dict[str, SupplyTerms]:
        return dict(self._t.supply)

    def insert_run(self, run: Run) -> int:
        run_no = self._work.next_id("replenish_runs")
        self._t.runs[run_no] = replace(run, run_no=run_no)
        return run_no

    def insert_lines(self, run_no: int, lines: Sequence[RunLine]) -> None:
        run = self._t.runs[run_no]
        self._t.runs[run_no] = replace(run, lines=(*run.lines, *lines))

    def insert_line_rows(self, run_no: int, rows: Sequence[tuple[object, ...]]) -> None:
        self.insert_lines(run_no, [RunLine(*row) for row in rows])  # type: ignore[arg-type]

    def get_run(
        self, run_no: int, lock: bool = False, after_line: int = 0, limit: int | None = None
    ) -> Run | None:
        run = self._t.runs.get(run_no)
        if run is None or (after_line == 0 and limit is None):
            return run
        lines = [ln for ln in run.lines if ln.line_no > after_line]
        return replace(run, lines=tuple(lines if limit is None else lines[:limit]))

    def run_totals(self, run_no: int) -> tuple[int, int]:
        run = self._t.runs[run_no]
        return len(run.lines), sum(ln.value_minor for ln in run.lines)

    def list_runs(self, limit: int = 50) -> list[tuple[Run, int, int]]:
        runs = sorted(self._t.runs.values(), key=lambda r: -r.run_no)[:limit]
        return [
            (replace(r, lines=()), len(r.lines), sum(ln.value_minor for ln in r.lines))
            for r in runs
        ]

    def save_approval(self, run: Run) -> None:
        self._t.runs[run.run_no] = run


class FakeReplenishFigures:
    def __init__(self, work: Tables) -> None:
        self._work = work

    def keep_demand(self, now_ms: int) -> str:
        """Nothing is kept in memory but the moment: candidates computes the sums from the
        rows, as of it."""
        self._work.replenish_demand_now_ms = now_ms
        return "current"

    def _pair_inputs(self, window: int) -> tuple[dict, dict, dict, dict]:
        """What every pair's need is computed from: kept sums, levels, open documents, min/max."""
        now = self._work.replenish_demand_now_ms
        sums = {(store, sku): found for sku, store, found in self.demand_sums(now, window)}
        levels = {key: position.qty_base for key, position in self._work.levels.items()}
        min_max = {(m.store_code, m.sku): m for m in FakeReplenish(self._work).min_max_rows()}
        return sums, levels, self.open_positions(), min_max

    def candidates(
        self, policy: Policy, spans: dict[str, int], store_code: str = "", every_donor: bool = True
    ) -> Iterator[Need]:
        """replenish_candidates_sql.py's choice by plain loops and the domain: the pairs with
        a level, an open position or a min/max, short ones (of enabled stores, the run's
        store when it has one) and, for the SKUs someone is short of, those with surplus."""
        window = policy.demand_window_days
        sums, levels, opened, min_max = self._pair_inputs(window)
        stores = self._work.stores
        chosen: dict[str, list[tuple[Need, bool]]] = defaultdict(list)
        figures: dict[tuple[str, str], int] = {}  # a short pair's suggestion, a donor's surplus
        for store, sku in sorted({*levels, *opened, *min_max}, key=lambda k: (k[1], k[0])):
            if sku not in spans or store not in stores:
                continue
            on_hand = levels.get((store, sku), 0)
            base = opened.get((store, sku), Stock())
            stock = replace(base, on_hand_qty_base=on_hand)
            pair = sums.get((store, sku)) or quiet_sums(on_hand)
            limits = min_max.get((store, sku))
            demand = demand_from_sums(store, sku, pair, window)
            lead = spans[sku] - policy.review_period_days
            need = need_of(demand, stock, lead, policy, limits)
            enabled = not stores[store].disabled
            short = need.raw_qty_base > 0 and enabled and store_code in ("", store)
            if short or (need.surplus_qty_base > 0 and enabled):
                chosen[sku].append((need, short))
                figures[(sku, store)] = need.raw_qty_base if short else need.surplus_qty_base
        for sku in sorted(chosen):
            wanted = sum(figures[(sku, c.store_code)] for c, short in chosen[sku] if short)
            given = 0
            for c, short in chosen[sku]:
                if short or (wanted > 0 and (every_donor or given < wanted)):
                    yield c
                given += 0 if short else figures[(sku, c.store_code)]

    def reorder_points(
        self, policy: Policy, spans: dict[str, int], store_code: str = "", low_only: bool = False
    ) -> Iterator[tuple[str, str, int, int, int, str]]:
        """The reorder points by plain loops and the domain's need_of, in SKU then store
        order: enabled stores (the one named), point above 0, only the low ones if asked."""
        window = policy.demand_window_days
        sums, levels, opened, min_max = self._pair_inputs(window)
        stores = self._work.stores
        for store, sku in sorted({*levels, *opened, *min_max}, key=lambda k: (k[1], k[0])):
            if sku not in spans or store not in stores or stores[store].disabled:
                continue
            if store_code and store != store_code:
                continue
            on_hand = levels.get((store, sku), 0)
            stock = replace(opened.get((store, sku), Stock()), on_hand_qty_base=on_hand)
            pair = sums.get((store, sku)) or quiet_sums(on_hand)
            demand = demand_from_sums(store, sku, pair, window)
            lead = spans[sku] - policy.review_period_days
            need = need_of(demand, stock, lead, policy, min_max.get((store, sku)))
            point = need.reorder_point_qty_base
            coming = stock.inbound_qty_base + stock.on_order_qty_base
            if point <= 0 or (low_only and not (on_hand < point and coming == 0)):
                continue
            yield store, sku, on_hand, point, coming, need.source

    def goods(self, category: str = "") -> dict[str, int]:
        return {
            p.sku: p.cost_minor
            for p in self._work.products.values()
            if p.active and p.kind == "goods" and (not category or p.category == category)
        }

    def demand_sums(
        self, now_ms: int, window_days: int, category: str = ""
    ) -> Iterator[tuple[str, str, DemandSums]]:
        """The pairs with a sale or a stock-out span in the 90 days, as sums from plain loops
        over sales_sku_daily and stockout_spans (the database computes them in SQL)."""
        skus = self.goods(category) if category else None
        offset = self._work.sku_day_offset
        last = last_day(now_ms, offset)
        days: dict[tuple[str, str], list[DaySales]] = defaultdict(list)
        for (store, day_no, sku), sums in self._work.sales_sku_daily.items():
            if last - HISTORY_DAYS < day_no <= last:
                days[(sku, store)].append(DaySales(last - day_no, sums[0]))
        spans: dict[tuple[str, str], list[OutSpan]] = defaultdict(list)
        for (store, sku, out_at), back_at in self._work.stockouts.items():
            spans[(sku, store)].append(OutSpan(out_at, back_at))
        for (sku, store), level in ((k[::-1], v) for k, v in self._work.levels.items()):
            if level.qty_base <= 0:
                spans.setdefault((sku, store), [])
        for sku, store in sorted(set(days) | set(spans)):
            if skus is not None and sku not in skus:
                continue
            found = self._work.levels.get((store, sku))
            on_hand = found.qty_base if found is not None else None
            out = censored(spans.get((sku, store), ()), on_hand, now_ms, offset)
            if (sku, store) not in days and not any(out):
                continue
            yield sku, store, sums_of(days.get((sku, store), ()), out, window_days)

    def on_hand_rows(self, category: str = "") -> Iterator[tuple[str, str, int]]:
        skus = self.goods(category) if category else None
        rows = sorted((sku, store, position.qty_base)
                      for (store, sku), position in self._work.levels.items())  # fmt: skip
        yield from (row for row in rows if skus is None or row[0] in skus)

    def open_positions(self) -> dict[tuple[str, str], Stock]:
        return {key: Stock(*values) for key, values in self._open().items()}

    def stock(self, skus: set[str] | None = None) -> dict[tuple[str, str], Stock]:
        figures = self._open()
        for key, position in self._work.levels.items():
            figures[key][0] = position.qty_base
        return {
            key: Stock(*values) for key, values in figures.items() if skus is None or key[1] in skus
        }

    def _open(self) -> dict[tuple[str, str], list[int]]:
        figures: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for t in self._work.transfers.values():
            for line in t.lines:
                if t.state == OPEN:
                    figures[(t.to_store, line.sku)][1] += line.qty_base
                    figures[(t.from_store, line.sku)][3] += line.qty_base
                elif t.state == SHIPPED:
                    figures[(t.to_store, line.sku)][1] += line.shipped_qty_base
        for order in self._work.orders.values():
            if order.state in (po_rules.DRAFT, *po_rules.OPEN_STATES):
                for ol in order.lines:
                    figures[(order.store_code, ol.sku)][2] += ol.remaining
        return figures

    def lead_time_samples(self) -> dict[str, list[int]]:
        sent: dict[str, int] = {}
        received: dict[str, int] = {}
        for record in self._work.audit:
            if record.entity != "purchase_order":
                continue
            table = {"po.send": sent, "po.receive": received}.get(record.action)
            if table is not None and record.entity_id not in table:
                table[record.entity_id] = record.occurred_at_ms
        samples: dict[str, list[int]] = defaultdict(list)
        for po_no in sorted(self._work.orders):
            key = po_rules.po_id(po_no)
            if key in sent and key in received:
                samples[self._work.orders[po_no].supplier_code].append(received[key] - sent[key])
        return dict(samples)

    def last_ordered_terms(self) -> dict[str, SupplyTerms]:
        terms: dict[str, SupplyTerms] = {}
        for po_no in sorted(self._work.orders):
            order = self._work.orders[po_no]
            for ol in order.lines:
                terms[ol.sku] = SupplyTerms(ol.sku, order.supplier_code, 1, 0, ol.unit_cost_minor)
        return terms
