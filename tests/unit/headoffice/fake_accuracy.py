"""The accuracy report's sums in memory (headoffice/store/accuracy_repo.py's GROUP BYs, as
loops over the rows); `sums_of_facts` is the same addition over CountFacts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from common.domain.stocktake import CLASSES
from headoffice.domain.accuracy import CountFact, Loss, check_bucket, period_of
from headoffice.domain.accuracy_sums import Sums
from headoffice.domain.accuracy_sums import cell as new_cell
from tests.unit.headoffice.fake_tables import Tables

_SALE_REASONS = ("sale", "return")


def _ranked(losses: dict[str, list[int]], top_n: int) -> tuple[Loss, ...]:
    ranked = sorted(
        (Loss(k, v[0], v[1]) for k, v in losses.items()), key=lambda x: (x.loss_minor, x.key)
    )
    return tuple(ranked[:top_n])


def sums_of_facts(
    facts: Iterable[CountFact], bucket: str, utc_offset_minutes: int = 0, top_n: int = 10
) -> Sums:
    """What the database would add up over these facts."""
    check_bucket(bucket)
    cells: dict[tuple[str, str], list[int]] = {}
    skus: dict[str, list[int]] = {}
    categories: dict[str, list[int]] = {}
    for f in facts:
        label = period_of(f.posted_at_ms, bucket, utc_offset_minutes)
        cell = cells.setdefault((f.store_code, label), [0] * (2 * len(CLASSES) + 2))
        n = CLASSES.index(f.abc_class)
        cell[2 * n] += 1
        cell[2 * n + 1] += f.within_tolerance
        if f.value_minor < 0:
            cell[-2] += f.value_minor
            for table, key in ((skus, f.sku), (categories, f.category_code)):
                entry = table.setdefault(key, [0, 0])
                entry[0] += f.value_minor
                entry[1] += 1
        else:
            cell[-1] += f.value_minor
    return Sums(
        tuple(
            new_cell(s, p, [(v[2 * n], v[2 * n + 1]) for n in range(len(CLASSES))], v[-2], v[-1])
            for (s, p), v in sorted(cells.items())
        ),
        _ranked(skus, top_n),
        _ranked(categories, top_n),
    )


class FakeSalesRollup:
    """sales_day_rollup as a dict: (store, UTC day) -> the 24 hourly sums."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def add(self, store_code: str, days: Sequence[tuple[int, Sequence[int]]]) -> None:
        for day, hours in days:
            found = self._t.sales_rollup.setdefault((store_code, day), [0] * len(hours))
            for h, value in enumerate(hours):
                found[h] += value


class FakeAccuracy:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def count_sums(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
        top_n: int = 10,
    ) -> Sums:
        codes = None if store_codes is None else set(store_codes)
        facts = [
            CountFact(
                r.store_code, r.session_id, r.sku, r.category_code, r.abc_class, r.book_qty_base,
                r.counted_qty_base, r.variance_qty_base, r.value_minor, r.within_tolerance,
                r.posted_at_ms,
            )
            for r in self._t.count_results.values()
            if r.posted_at_ms >= since_ms and (codes is None or r.store_code in codes)
        ]  # fmt: skip
        return sums_of_facts(facts, bucket, utc_offset_minutes, top_n)

    def sales_by_period(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
    ) -> dict[tuple[str, str], int]:
        codes = None if store_codes is None else set(store_codes)
        out: dict[tuple[str, str], int] = {}
        for m in self._t.movements:
            if (
                m.reason in _SALE_REASONS
                and m.occurred_at_ms >= since_ms
                and (codes is None or m.store_code in codes)
            ):
                key = (m.store_code, period_of(m.occurred_at_ms, bucket, utc_offset_minutes))
                out[key] = out.get(key, 0) - m.qty_base * m.unit_cost_minor
        return out
