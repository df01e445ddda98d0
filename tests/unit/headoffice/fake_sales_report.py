"""The reports' sales roll-ups in memory: what apply_batch added, summed as the SQL does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from headoffice.domain.report_period import Period
from headoffice.domain.sales_reports import SalesFigures
from headoffice.domain.sales_tally import HourSums, SkuSums
from headoffice.domain.stock_reports import Lot, StockRow
from headoffice.domain.supplier_reports import Receipt, SentOrder
from tests.unit.headoffice.fake_tables import Tables


class FakeSalesReport:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def add(
        self,
        store_code: str,
        by_sku: SkuSums,
        by_hour: HourSums,
        by_day: Sequence[tuple[int, Sequence[int]]] = (),
    ) -> None:
        for day, hours in by_day:
            found = self._t.sales_rollup.setdefault((store_code, day), [0] * len(hours))
            for h, value in enumerate(hours):
                found[h] += value
        for (day, sku), sums in by_sku.items():
            row = self._t.sales_sku_daily.setdefault((store_code, day, sku), [0] * len(sums))
            for i, v in enumerate(sums):
                row[i] += v
        for (hour, cashier, shift), sums in by_hour.items():
            key = (store_code, hour, cashier, shift)
            row = self._t.sales_hourly.setdefault(key, [0] * len(sums))
            for i, v in enumerate(sums):
                row[i] += v

    def sku_day_offset(self) -> int:
        return self._t.sku_day_offset

    def set_sku_day_offset(self, minutes: int) -> None:
        self._t.sku_day_offset = minutes

    def has_sku_rows(self) -> bool:
        return bool(self._t.sales_sku_daily)

    def sales_by(
        self, by: str, store_codes: Iterable[str] | None, period: Period
    ) -> list[SalesFigures]:
        codes = None if store_codes is None else set(store_codes)
        sums: dict[str, list[int]] = {}
        if by in ("sku", "category"):
            for (store, day, sku), (qty, amount, cost, lines) in self._t.sales_sku_daily.items():
                if (codes is None or store in codes) and period.first_day <= day < period.end_day:
                    key = sku if by == "sku" else self._category(sku)
                    row = sums.setdefault(key, [0, 0, 0, 0])
                    for i, v in enumerate((qty, amount, cost, lines)):
                        row[i] += v
        else:
            offset_h = period.utc_offset_minutes // 60
            for (store, hour, cashier, _shift), r in self._t.sales_hourly.items():
                local = hour + offset_h
                day = local // 24
                if (codes is None or store in codes) and period.first_day <= day < period.end_day:
                    key = {"store": store, "day": str(day), "hour": str(local % 24),
                           "cashier": f"{store}/{cashier}"}[by]  # fmt: skip
                    row = sums.setdefault(key, [0, 0, 0, 0])
                    for i, v in enumerate((r[2], r[3], r[5], r[0] - r[1])):
                        row[i] += v
        return [SalesFigures(k, *v) for k, v in sums.items()]

    def _category(self, sku: str) -> str:
        product = self._t.products.get(sku)
        return product.category if product is not None else ""

    def revenue_by_day(
        self, store_codes: Iterable[str] | None, first_day: int, end_day: int, offset_min: int
    ) -> dict[int, int]:
        rows = self.sales_by("day", store_codes, Period(first_day, end_day, offset_min))
        return {int(r.key): r.amount_minor for r in rows}

    def stock_rows(
        self, store_codes: Iterable[str] | None, first_day: int, end_day: int
    ) -> list[StockRow]:
        codes = None if store_codes is None else set(store_codes)
        out = []
        for (store, sku), level in sorted(self._t.levels.items()):
            if level.qty_base <= 0 or (codes is not None and store not in codes):
                continue
            sold, last = 0, None
            for (s, day, k), (qty, *_rest) in self._t.sales_sku_daily.items():
                if s == store and k == sku and day < end_day:
                    sold += qty if day >= first_day else 0
                    if qty > 0:
                        last = day if last is None else max(last, day)
            out.append(StockRow(store, sku, level.qty_base, level.avg_cost_minor, sold, last))
        return out

    def stock_values(self, store_codes: Iterable[str] | None) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.stock_rows(store_codes, 0, 0):
            out[row.store_code] = out.get(row.store_code, 0) + row.value_minor
        return out

    def shrink_by_store(
        self, store_codes: Iterable[str] | None, since_ms: int, until_ms: int
    ) -> dict[str, tuple[int, int, int]]:
        return {}  # the fake chain keeps no count results or write-off values

    def add_lots(self, store_code: str, seq: int, lots: list[tuple[int, str, int, int]]) -> None:
        for n, sku, qty, day in lots:
            self._t.stock_lots[(store_code, seq, n)] = (sku, qty, day)

    def lots_and_stock(
        self, store_codes: Iterable[str] | None, last_expiry_day: int
    ) -> tuple[list[Lot], dict[tuple[str, str], tuple[int, int]]]:
        codes = None if store_codes is None else set(store_codes)
        lots = [Lot(s, q, k, n, d) for (s, q, _line), (k, n, d) in self._t.stock_lots.items()
                if codes is None or s in codes]  # fmt: skip
        due = {(x.store_code, x.sku) for x in lots if x.expiry_day <= last_expiry_day}
        stock = {key: (p.qty_base, p.avg_cost_minor) for key, p in self._t.levels.items()
                 if key in due}  # fmt: skip
        return [x for x in lots if (x.store_code, x.sku) in due], stock

    def add_po_receipt(
        self, store_code: str, seq: int, po_no: int, at_ms: int,
        lines: list[tuple[int, str, int, int]],
    ) -> None:  # fmt: skip
        for _n, sku, qty, cost in lines:
            self._t.po_receipts.append(Receipt(po_no, at_ms, sku, qty, cost))

    def supplier_facts(
        self, store_codes: Iterable[str] | None, since_ms: int, until_ms: int
    ) -> tuple[list[SentOrder], list[Receipt]]:
        return [], list(self._t.po_receipts)  # the fake chain keeps no audit of sending
